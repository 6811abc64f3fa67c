// End-to-end tests: a real Herald (`npm start`: embedded Postgres, migrations, seed, SMTP catcher,
// web server and worker) in a fresh data directory, driven through a real Chromium.
import { defineConfig } from "@playwright/test";
import { chromiumForTests } from "./e2e/browser";
import { removeOldRuns } from "./scripts/support/runs";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Fixed once per run: the config is loaded again in each worker process, which inherits this variable.
process.env.E2E_RUN_ID ??= new Date().toISOString().replace(/[-:.TZ]/g, "");
const DATA_DIR = `.data/e2e-${process.env.E2E_RUN_ID}`;

// Each run gets a fresh embedded database; remove those of earlier runs (unless a server still
// runs on one).
removeOldRuns(".data", "e2e-", DATA_DIR);
const browser = await chromiumForTests();
const OPERATOR_SPECS = ["**/operator.spec.ts", "**/operators-*.spec.ts"];

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env } as Record<string, string>,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  // The specs share one server. The operator specs start with "Start fresh", which removes the demo
  // page the others read (its components, incidents, metrics), so they run last, as a second project
  // that waits for the first.
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, testIgnore: OPERATOR_SPECS },
    { name: "operator", use: { browserName: "chromium" }, testMatch: OPERATOR_SPECS, dependencies: ["chromium"] },
  ],
  webServer: {
    command: "npm start",
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    // npm start stops its children, the SMTP catcher and the embedded Postgres in order on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      PORT: String(PORT),
      HERALD_DATA_DIR: DATA_DIR,
      HERALD_ADMIN_EMAIL: "admin@e2e.test",
      HERALD_ADMIN_PASSWORD: "e2e-password-123",
      HERALD_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      HERALD_SMTP_CATCHER_PORT: "0",
      // The embedded database unless E2E_DATABASE_URL names one (an empty value counts as unset).
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      // Mail must reach the catcher, whatever the calling shell has configured.
      SMTP_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

// npm run screenshots — the README's pictures of the dashboard, taken from a real Herald.
// Starts Herald as the browser tests do (`npm start`: a fresh embedded database in a temporary data
// folder under .data with the demo page, a free port, the SMTP catcher, web and worker), logs in with the tests'
// Chromium (e2e/browser.ts), and saves 1280-pixel-wide PNGs to docs/screenshots/:
//   admin-components.png  /admin/components
//   admin-incident.png    /admin/incidents/<id>, its notification still going out (bars moving)
//   admin.png             /admin, with that fan-out in progress
// For the fan-out it imports a few thousand confirmed email subscribers with the CLI (against the
// same data folder) and posts an incident from the dashboard; the mail goes to the local catcher at
// SMTP_RATE_PER_SECOND, slow enough to catch it half-way. Everything it started is stopped at the end.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Locator, type Page } from "@playwright/test";
import { chromiumForTests } from "../e2e/browser";
import { freePort, removeOldRuns } from "./support/runs";

const OUT = path.resolve("docs/screenshots");
const EMAIL = "owner@herald.test";
const PASSWORD = "screenshots-password-1";
const SUBSCRIBERS = 3_000;
/** Mail per second to the catcher: 3,000 take half a minute. */
const SMTP_RATE = 100;
const VIEWPORT = { width: 1280, height: 900 };

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// A fresh data folder for this run, removed at the end (and those a run cut short left behind), as
// the browser tests do: under .data, which the embedded Postgres (run as "postgres" under root) can reach.
const dataDir = path.join(".data", `screenshots-${new Date().toISOString().replace(/[-:.TZ]/g, "")}`);
removeOldRuns(".data", "screenshots-", dataDir);
fs.mkdirSync(dataDir, { recursive: true });
const serverEnv = {
  ...process.env,
  PORT: String(port),
  HERALD_DATA_DIR: dataDir,
  HERALD_ADMIN_EMAIL: EMAIL,
  HERALD_ADMIN_PASSWORD: PASSWORD,
  HERALD_PUBLIC_URL: base,
  HERALD_SMTP_CATCHER_PORT: "0",
  // The embedded database and the local catcher, whatever the calling shell has configured.
  DATABASE_URL: "",
  SMTP_URL: "",
  SMTP_RATE_PER_SECOND: String(SMTP_RATE),
  NEXT_TELEMETRY_DISABLED: "1",
};

const log = (m: string) => console.log(`[screenshots] ${m}`);

// Its own process group, so that stopping it reaches npm, tsx and scripts/start.ts alike (as
// Playwright's webServer does); start.ts then stops web, worker, catcher and Postgres in order.
const server = spawn("npm", ["start"], { env: serverEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stdout!.on("data", (d: Buffer) => (serverLog += d.toString()));
server.stderr!.on("data", (d: Buffer) => (serverLog += d.toString()));
const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));

async function stopServer(): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  process.kill(-server.pid!, "SIGTERM");
  const killer = setTimeout(() => server.exitCode === null && process.kill(-server.pid!, "SIGKILL"), 30_000);
  await exited;
  clearTimeout(killer);
}

async function waitForServer(ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Herald exited (${server.exitCode}):\n${serverLog}`);
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`Herald did not answer on ${base} in ${ms / 1000} s:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The CLI against the same data folder (it finds the embedded database running there). */
function herald(...args: string[]): string {
  return execFileSync("npm", ["run", "--silent", "herald", "--", ...args], { env: serverEnv, encoding: "utf8" }).trim();
}

async function shoot(page: Page, file: string): Promise<void> {
  const target = path.join(OUT, file);
  await page.screenshot({ path: target, animations: "disabled" });
  log(`${path.relative(process.cwd(), target)} (${Math.round(fs.statSync(target).size / 1024)} KB)`);
}

type Progress = { done: number; total: number };
const count = async (cell: Locator) => Number(((await cell.textContent()) ?? "").replace(/\D/g, "") || 0);

/** Waits until a fifth or more of the fan-out is done, and not all of it: the bars half-way. */
async function midway(page: Page, progress: () => Promise<Progress>): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    const { done, total } = await progress().catch(() => ({ done: 0, total: 0 }));
    if (total > 0 && done >= total * 0.2 && done < total) return;
    if (total > 0 && done >= total) throw new Error("The fan-out finished before it could be shot: lower SMTP_RATE");
    if (Date.now() > end) throw new Error(`No fan-out half-way after a minute (${done} of ${total} done)`);
    await page.waitForTimeout(250);
  }
}

let exitCode = 0;
const csv = path.join(dataDir, "subscribers.csv");
const found = await chromiumForTests();
const browser = await chromium.launch({
  executablePath: found.executablePath,
  env: { ...process.env, ...found.env } as Record<string, string>,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  log(`starting Herald on ${base} (data in ${dataDir}) …`);
  await waitForServer(300_000);
  fs.mkdirSync(OUT, { recursive: true });

  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: "light", timezoneId: "UTC" });
  await page.goto(`${base}/admin/login`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();

  await page.goto(`${base}/admin/components`);
  await page.getByRole("heading", { level: 1, name: "Components" }).waitFor();
  await shoot(page, "admin-components.png");

  log(`importing ${SUBSCRIBERS.toLocaleString("en-US")} confirmed email subscribers …`);
  const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => `email,reader-${i + 1}@example.com,,`);
  fs.writeFileSync(csv, ["channel,address,components,secret", ...rows, ""].join("\n"));
  log(herald("subscribers", "import", csv, "--confirmed"));

  log("posting an incident …");
  await page.goto(`${base}/admin/incidents/new`);
  await page.getByLabel("Name", { exact: true }).fill("Outbound mail delayed");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Identified" });
  await page.getByLabel("Message", { exact: true }).fill("Mail to some providers is queueing for up to 15 minutes. We have found the cause and are rolling out a fix.");
  await page.getByLabel("SMTP relay", { exact: true }).selectOption({ label: "Partial outage" });
  await page.getByRole("button", { name: "Post incident" }).click();
  await page.waitForURL(/\/admin\?notice=incident-posted$/);
  const incidentHref = await page.getByRole("link", { name: "Outbound mail delayed" }).first().getAttribute("href");

  await page.goto(`${base}${incidentHref}`);
  await page.getByRole("heading", { level: 1, name: "Outbound mail delayed" }).waitFor();
  // Its columns: Total, Sent, Failed, …
  const emailRow = page.getByRole("region", { name: "Incident posted notification" }).getByRole("row", { name: /^Email/ }).getByRole("cell");
  await midway(page, async () => ({ total: await count(emailRow.nth(0)), done: await count(emailRow.nth(1)) }));
  await shoot(page, "admin-incident.png");

  await page.goto(`${base}/admin`);
  const sending = page.getByRole("region", { name: /^Sending now/ }).getByRole("row", { name: /^Email/ });
  await midway(page, async () => {
    const m = /(\d+) of (\d+) done/.exec((await sending.first().textContent({ timeout: 1_000 })) ?? "");
    return { done: Number(m?.[1] ?? 0), total: Number(m?.[2] ?? 0) };
  });
  await shoot(page, "admin.png");
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await browser.close();
  log("stopping Herald …");
  await stopServer();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

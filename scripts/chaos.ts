// npm run test:chaos — the notifier under fire. A fan-out to subscribers on all four channels at
// Herald's local fakes while workers are killed (SIGKILL, three times), stopped (SIGTERM),
// PostgreSQL is restarted, and the fakes fail on purpose; then a count at the fakes:
//   lost = 0; SMS and X duplicates = 0; email and webhook duplicates at most the messages caught
//   mid-send, each copy with the same id; every delivery sent, or failed where a failure was planned.
//   npm run test:chaos [-- --subscribers 300] [--scenario sigkill ...] [--small] [--verbose] [--keep] [--json file]
//   --sabotage checks the checker: one SMS and one X post doubled, one email removed at the fakes
//   before counting, so every scenario must FAIL, naming those three.
// Runs its own embedded PostgreSQL in .data/chaos-<time> (removed at the end unless --keep), the
// fakes in this process, and the workers as processes of their own, as in production (scripts/worker.ts, bundled).
// Exits 1 when any rule is broken. See docs/decisions/0005-chaos-test.md.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { db } from "@/lib/db/prisma";
import { migrate } from "@/lib/db/migrate";
import { startWebhookReceiver } from "@/lib/fakes/webhook-receiver";
import type { ChannelReport } from "./chaos/count";
import { fmtCounts } from "./chaos/count";
import { seed, type WorkerProcess } from "./chaos/harness";
import { startChaosPostgres, type ChaosPostgres } from "./chaos/postgres";
import { runScenario, SCENARIOS, type RunContext, type ScenarioResult } from "./chaos/scenarios";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string" },
    scenario: { type: "string", multiple: true },
    small: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    sabotage: { type: "boolean", default: false },
    json: { type: "string" },
  },
});
const small = values.small;
const n = Number(values.subscribers ?? (small ? 40 : 300));
if (!Number.isInteger(n) || n < 5) {
  console.error("--subscribers must be a whole number, at least 5");
  process.exit(2);
}
// --small (npm test) leaves out the scenarios marked small: false unless they are named.
const wanted = values.scenario?.length ? values.scenario : SCENARIOS.filter((s) => !small || s.small !== false).map((s) => s.name);
const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown scenario: ${unknown.join(", ")} (known: ${SCENARIOS.map((s) => s.name).join(", ")})`);
  process.exit(2);
}

const log = (m: string) => console.error(`[chaos] ${m}`);
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
const dataRoot = path.resolve(".data");
fs.mkdirSync(dataRoot, { recursive: true });
const dir = path.join(dataRoot, `chaos-${stamp}-${process.pid}`);
const live = new Set<WorkerProcess>();
let pg: ChaosPostgres | undefined;

let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const w of live) w.signal("SIGKILL");
    await db().$disconnect().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  })());
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

const results: ScenarioResult[] = [];
let setupError: Error | undefined;
const started = Date.now();
try {
  log(`PostgreSQL in ${path.relative(process.cwd(), dir)}`);
  pg = await startChaosPostgres(dir, log);
  process.env.DATABASE_URL = pg.url;
  await migrate(pg.url);
  // The webhook receiver's port is fixed for the whole run: it is in the subscribers' URLs.
  const probe = await startWebhookReceiver({});
  const webhookPort = probe.port;
  await probe.close();
  const seeded = await seed(n, `http://127.0.0.1:${webhookPort}/hooks`);
  log(`seeded ${n} subscribers per channel (email, SMS, webhook) + the page's X account; setup ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const ctx: RunContext = { n, small, dir, verbose: values.verbose, sabotage: values.sabotage, pg, seeded, webhookPort, live, log };

  for (const sc of SCENARIOS.filter((s) => wanted.includes(s.name))) {
    log(`scenario ${sc.name}: ${sc.title}`);
    let r: ScenarioResult;
    try {
      r = await runScenario(sc, ctx);
    } catch (e) {
      r = { name: sc.name, title: sc.title, ok: false, seconds: 0, channels: [], disruptions: [], violations: [`harness error: ${(e as Error).stack ?? String(e)}`], notes: [] };
    }
    results.push(r);
    print(r);
  }
} catch (e) {
  setupError = e as Error;
  console.error(`\nchaos: setup failed: ${setupError.stack ?? setupError.message}`);
} finally {
  await cleanup();
}

const failed = results.filter((r) => !r.ok);
console.log(
  `\nchaos: ${results.length - failed.length} of ${results.length} scenarios passed (${n} subscribers per channel, ${((Date.now() - started) / 1000).toFixed(0)} s)` +
    (failed.length ? ` — FAILED: ${failed.map((r) => r.name).join(", ")}` : ""),
);
if (values.json) {
  fs.writeFileSync(
    values.json,
    JSON.stringify({ passed: results.length - failed.length, failed: failed.length + (setupError ? 1 : 0), subscribers: n, scenarios: results }, null, 2),
  );
}
process.exit(setupError || failed.length ? 1 : 0);

function print(r: ScenarioResult): void {
  console.log(`\n== ${r.name}: ${r.ok ? "PASS" : "FAIL"} (${r.seconds.toFixed(1)} s) — ${r.title}`);
  for (const d of r.disruptions) {
    console.log(
      `   ${d.label} at ${Math.round(d.progress * 100)} % (${d.at.toFixed(1)} s): sending just before ${fmtCounts(d.before)}; caught mid-send ${fmtCounts(d.inFlight)}${d.note ? ` (${d.note})` : ""}`,
    );
  }
  const head = ["channel", "expected", "received", "lost", "copies", "dups", "allowed", "in-flight", "failed ok", "failed bad", "unfinished"];
  const rows = r.channels.map((c: ChannelReport) => [
    c.channel,
    c.expected,
    c.received,
    c.lost,
    c.copies,
    c.duplicates,
    c.allowed,
    c.inFlight,
    c.failedPlanned,
    c.failedOther,
    c.notFinal,
  ]);
  const table = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) console.log(`   ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}`);
  for (const note of r.notes) console.log(`   note: ${note}`);
  for (const v of r.violations) console.log(`   VIOLATION: ${v}`);
}

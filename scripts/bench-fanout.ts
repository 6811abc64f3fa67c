// npm run bench:fanout — how fast one incident reaches every subscriber, on this machine, next to
// a bare nodemailer pooled sender and a bare HTTP client sending as many in the same run.
//   npm run bench:fanout [-- --subscribers 100000 --webhooks 10000 --pool 5 --keep
//                           --database-url postgresql://… --timeout 1800 --explain --async-commit --no-baseline
//                           --profile <dir>]
// Starts a fresh embedded PostgreSQL in a temp folder (or a fresh database on --database-url),
// seeds active email and webhook subscribers, starts an SMTP sink (answers DATA after 5 ms) and
// a webhook receiver (200) in this process, starts one worker (scripts/worker.ts) and waits for it,
// then posts an incident as an owner and times: publish → first email / first webhook, publish →
// everything sent, deliveries/s per channel, the worker's peak RSS. Then a bare baseline sends
// the same numbers to the same sinks from a child process (node:http for the webhooks), then the
// webhooks alone from a bare undici client (the library Herald's webhooks use), and the "durable floor": the bare
// client's webhooks with one claim and one outcome row each in PostgreSQL, the least a crash-safe
// sender must add, alone and then beside the bare emails (as the bare baseline's webhooks went out),
// and a sender that does the issue's steps and nothing more, beside the same emails. All of them
// run under the same page load as Herald's publish did (10 s of it, from 1 s before they start).
// Prints figures; asserts nothing.
// Other HERALD_* settings in the environment (concurrency, rate limits) reach the worker.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import type { BaselineOptions, BaselineResult } from "./bench/baseline";
import { openBenchDatabase } from "./bench/database";
import { DbActivitySampler } from "./bench/db-activity";
import { cpuSeconds, machineBusySeconds, postgresCpuSeconds, RssSampler, statusKb } from "./bench/proc";
import { seedSubscribers } from "./bench/seed";
import { startSmtpSink, startWebhookReceiver, type Counter } from "./bench/sinks";
import { PAGE_RATE, startPageLoad, startWeb, type PageLatency } from "./bench/page";
import { startWorker, type BenchWorker } from "./bench/worker";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "100000" },
    webhooks: { type: "string" },
    pool: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
    "database-url": { type: "string" },
    "smtp-delay": { type: "string", default: "5" },
    /** Seconds to wait for Herald to send everything before reporting what it did. */
    timeout: { type: "string", default: "1800" },
    /** Print the claim query's whole plan (EXPLAIN ANALYZE, taken when the fan-out is done). */
    explain: { type: "boolean", default: false },
    "no-baseline": { type: "boolean", default: false },
    /** synchronous_commit = off for the bench database: shows how much of the time is commit flushes. */
    "async-commit": { type: "boolean", default: false },
    /** Skip measuring the public page's latency during the fan-out. */
    "no-page": { type: "boolean", default: false },
    /** Write a V8 CPU profile of the worker (node --cpu-prof) into this folder. */
    profile: { type: "string" },
  },
});
const emails = Number(values.subscribers);
const webhooks = values.webhooks !== undefined ? Number(values.webhooks) : Math.floor(emails / 10);
const poolSize = Number(values.pool);
const smtpDelay = Number(values["smtp-delay"]);
const timeoutMs = Number(values.timeout) * 1000;
for (const [name, v] of Object.entries({ subscribers: emails, webhooks, pool: poolSize, "smtp-delay": smtpDelay, timeout: timeoutMs })) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
}
// What the worker will run with (the baseline uses the same concurrency).
const workerConfig = parseConfig({ ...process.env, SMTP_POOL_CONNECTIONS: String(poolSize) });
const emailConcurrency = workerConfig.HERALD_EMAIL_CONCURRENCY || poolSize * 2;
const webhookConcurrency = workerConfig.HERALD_WEBHOOK_CONCURRENCY;

const say = (m: string) => console.error(`[bench] ${m}`);
const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the page is measured, idle and then from the publish on. */
const PAGE_SECONDS = 10;
/** When, into each page window, the page is written to. */
const PAGE_WRITE_AT_MS = 1_000;

// ---------------------------------------------------------------------------------------------
// Database: a fresh embedded server in a temp folder, or a fresh database on --database-url.
const cleanups: (() => Promise<void>)[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-fanout-"));
// As root the embedded server runs as the "postgres" user, which must reach its data folder.
fs.chmodSync(dataDir, 0o755);
cleanups.push(async () => {
  if (values.keep) say(`kept ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
});

let worker: BenchWorker | undefined;
const killWorker = () => worker?.kill();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killWorker();
    void runCleanups().finally(() => process.exit(130));
  });
}
async function runCleanups(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((e: Error) => say(`cleanup: ${e.message}`));
}

// ---------------------------------------------------------------------------------------------
type Phase = { first?: number; last?: number; count: number; rate: number; firstBytes: number };
const snapshot = (c: Counter): Phase => ({ first: c.first, last: c.last, count: c.count, rate: c.rate(), firstBytes: c.firstBytes });

try {
  const started = performance.now();
  const database = await openBenchDatabase({ server: values["database-url"], dataDir, keep: values.keep, say });
  cleanups.push(() => database.close());
  const url = database.url;
  await migrate(url, say);
  process.env.DATABASE_URL = url; // for lib/db/prisma's client (createIncident)
  if (values["async-commit"]) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END $$`).finally(() => c.end());
  }

  const smtp = await startSmtpSink({ delayMs: smtpDelay });
  const hooks = await startWebhookReceiver();
  cleanups.push(() => smtp.close(), () => hooks.close());

  let t = performance.now();
  await seedSubscribers(url, { emails, webhooks, webhookBase: `http://127.0.0.1:${hooks.port}/hook/` });
  say(`seeded ${fmt(emails)} email and ${fmt(webhooks)} webhook subscribers in ${fmt(performance.now() - t)} ms`);

  // The owner who publishes.
  const { createOperator } = await import("@/lib/operators/create");
  const { createIncident } = await import("@/lib/incidents/create");
  const { db } = await import("@/lib/db/prisma");
  const { operator } = await createOperator({
    actor: { type: "cli" },
    input: { email: "owner@bench.test", password: "bench-password-1", role: "owner", name: "Bench owner" },
  });
  cleanups.push(() => db().$disconnect());

  // The worker, warm before the publish.
  t = performance.now();
  const w = await startWorker({
    databaseUrl: url,
    smtpPort: smtp.port,
    pool: poolSize,
    logFile: path.join(dataDir, "worker.log"),
    nodeArgs: values.profile ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(values.profile)] : [],
  });
  worker = w;
  await sleep(500); // its LISTEN for new jobs is in place
  const workerPid = w.pid;
  const rss = new RssSampler(workerPid, 100);
  say(`worker ${workerPid} ready in ${fmt(performance.now() - t)} ms (RSS ${fmt((statusKb(workerPid, "VmRSS") ?? 0) / 1024)} MB)`);

  const activity = await DbActivitySampler.start(url, 200);
  cleanups.push(async () => void (await activity.stop()));
  const poller = new pg.Client({ connectionString: url });
  poller.on("error", (e) => say(`database: ${e.message}`));
  await poller.connect();
  cleanups.push(() => poller.end());

  // The public page, served by its own web process: its latency idle, then during the fan-out.
  let pageIdle: PageLatency | undefined;
  let pageBusy: Promise<PageLatency> | undefined;
  let pageUrl: string | undefined;
  let measurePage: (seconds: number) => Promise<PageLatency> = () => Promise.reject(new Error("no page"));
  if (!values["no-page"]) {
    const { seedIfEmpty } = await import("@/lib/seed/demo");
    await seedIfEmpty(parseConfig({ ...process.env, HERALD_PUBLIC_URL: "http://127.0.0.1" })); // a page with components to show
    const web = await startWeb(url, path.join(dataDir, "web.log"));
    cleanups.push(web.stop);
    pageUrl = `${web.url}/`;
    const load = startPageLoad(pageUrl);
    cleanups.push(async () => load.stop());
    measurePage = (seconds) => load.measure(seconds);
    // The sinks in this process stand in for providers that are elsewhere in production: they must
    // not take the page's CPU. The web and the load processes are started, and keep their priority.
    try {
      os.setPriority(os.getPriority() + 10);
    } catch {
      say("could not lower this process's priority: the sinks compete with the page for CPU");
    }
    await measurePage(2); // warm
    // Both windows hold one write to the page, 1 s in (a new snapshot and a new render): here an
    // incident posted without notifications, later the real publish. What differs is the fan-out.
    const idle = measurePage(PAGE_SECONDS);
    await sleep(PAGE_WRITE_AT_MS);
    await createIncident({
      actor: { type: "operator", operatorId: operator.id, role: "owner", email: operator.email },
      input: { name: "Bench: a quiet incident", message: "Posted without notifications, to compare the page's latency.", deliverNotifications: false },
    });
    pageIdle = await idle;
    say(`public page, a write without subscribers: p50 ${pageIdle.p50} ms, p99 ${pageIdle.p99} ms, ${fmt(pageIdle.rps)} req/s`);
  }

  if (pageUrl) {
    pageBusy = measurePage(PAGE_SECONDS);
    await sleep(PAGE_WRITE_AT_MS);
  }

  // Publish. t0 is when the transaction (incident + outbox row + fan-out job) has committed.
  smtp.counter.reset();
  hooks.counter.reset();
  // CPU from here on: the publish and its fan-out (the page's load runs throughout, as it does here).
  const cpuBefore = cpuSeconds(workerPid) ?? 0;
  const machineBefore = machineBusySeconds();
  const pgBefore = postgresCpuSeconds();
  const benchCpuBefore = process.cpuUsage();
  const { notificationId } = await createIncident({
    actor: { type: "operator", operatorId: operator.id, role: "owner", email: operator.email },
    input: { name: "Bench: database cluster unreachable", message: "We are investigating failed requests to the API. Next update in 30 minutes." },
  });
  const t0 = performance.now();
  const t0Wall = Date.now();
  if (!notificationId) throw new Error("the incident wrote no notification");
  say(`published (notification ${notificationId}); waiting for ${fmt(emails)} emails and ${fmt(webhooks)} webhooks (timeout ${fmt(timeoutMs / 1000)} s)`);

  // Wait: the sinks' counts say when everything has arrived; the database says when everything is
  // recorded (sent or failed). Progress every 5 s.
  let fanoutDoneAt: number | undefined;
  let claimPlans: { channel: string; plan: string[] }[] = [];
  let lastProgress = performance.now();
  let recordedAt: number | undefined;
  let timedOut = false;
  let states: Record<string, number> = {};
  const readStates = async () => {
    const { rows } = await poller.query<{ channel: string; state: string; n: string }>(
      "/* bench */ SELECT channel::text, state::text, count(*) AS n FROM delivery WHERE notification_id = $1 GROUP BY 1, 2",
      [notificationId],
    );
    states = Object.fromEntries(rows.map((r) => [`${r.channel}:${r.state}`, Number(r.n)]));
  };
  const stateSum = (pred: (k: string) => boolean) => Object.entries(states).filter(([k]) => pred(k)).reduce((s, [, n]) => s + n, 0);
  let lastDbPoll = 0;
  for (;;) {
    await sleep(20);
    const now = performance.now();
    const arrived = smtp.counter.count >= emails && hooks.counter.count >= webhooks;
    if (now - lastDbPoll > 1000 || arrived) {
      lastDbPoll = now;
      if (fanoutDoneAt === undefined) {
        const { rows } = await poller.query<{ s: string }>("/* bench */ SELECT fanout_state::text AS s FROM notification WHERE id = $1", [notificationId]);
        if (rows[0]?.s === "done") {
          fanoutDoneAt = performance.now();
          claimPlans = [
            { channel: "email", plan: await explainClaim(poller, notificationId, "email", Math.ceil(emailConcurrency / 2)) },
            { channel: "webhook", plan: await explainClaim(poller, notificationId, "webhook", Math.ceil(webhookConcurrency / 2)) },
          ];
        }
      }
      await readStates();
      const open = stateSum((k) => /:(pending|retrying|sending)$/.test(k));
      const total = stateSum(() => true);
      if (fanoutDoneAt !== undefined && total > 0 && open === 0) {
        recordedAt = performance.now();
        break;
      }
    }
    if (now - lastProgress > 5000) {
      lastProgress = now;
      say(
        `${fmt((now - t0) / 1000, 1)} s: ${fmt(smtp.counter.count)}/${fmt(emails)} emails, ${fmt(hooks.counter.count)}/${fmt(webhooks)} webhooks, ` +
          `worker RSS ${fmt((statusKb(workerPid, "VmRSS") ?? 0) / 1024)} MB, fan-out ${fanoutDoneAt ? "done" : "running"}, ` +
          `db ${JSON.stringify(states)}`,
      );
    }
    if (now - t0 > timeoutMs) {
      timedOut = true;
      say(`timed out after ${fmt(timeoutMs / 1000)} s; reporting what was done`);
      await readStates();
      break;
    }
    const exit = w.exited();
    if (exit && exit.code !== null) throw new Error(`the worker exited (code ${exit.code}):\n${w.tail()}`);
  }
  const heraldEmail = snapshot(smtp.counter);
  const heraldHook = snapshot(hooks.counter);
  const { rows: lastSent } = await poller.query<{ channel: string; last: Date | null }>(
    "/* bench */ SELECT channel::text, max(sent_at) AS last FROM delivery WHERE notification_id = $1 AND state = 'sent' GROUP BY 1",
    [notificationId],
  );
  const lastSentMs = Math.max(...lastSent.map((r) => (r.last ? r.last.getTime() : 0)));
  const activityReport = await activity.stop();
  rss.sample();
  rss.stop();
  const hwmKb = statusKb(workerPid, "VmHWM");
  const workerCpu = (cpuSeconds(workerPid) ?? 0) - cpuBefore;
  const machineCpu = machineBefore === undefined ? undefined : (machineBusySeconds() ?? 0) - machineBefore;
  const pgCpu = postgresCpuSeconds() - pgBefore;
  const benchCpuUsage = process.cpuUsage(benchCpuBefore);
  const benchCpu = (benchCpuUsage.user + benchCpuUsage.system) / 1e6;
  const heraldWallS = ((recordedAt ?? performance.now()) - t0) / 1000;

  // Stop the worker (SIGTERM: it finishes what it holds).
  t = performance.now();
  await w.stop(20_000);

  // Herald's webhooks (and its first emails) went out under the page's load, which started 1 s
  // before the publish: the baselines run under the same load, started as long before them, so the
  // ratio compares senders and not a busy machine with an idle one. (The page is not written to.)
  const busy = pageBusy ? await pageBusy : undefined;
  const runBaseline = async (options: BaselineOptions, what: string): Promise<{ result: BaselineResult; page?: PageLatency }> => {
    const load = pageUrl ? measurePage(PAGE_SECONDS) : undefined;
    if (load) await sleep(PAGE_WRITE_AT_MS);
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/baseline.ts", JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    const page = await load;
    if (code !== 0) throw new Error(`the ${what} exited with code ${code}`);
    return { result: JSON.parse(out.trim().split("\n").pop()!) as BaselineResult, page };
  };

  // The bare baseline: same numbers, same sinks, same concurrency, its own process.
  let bare: { email: Phase; webhook: Phase; result: BaselineResult; page?: PageLatency } | undefined;
  if (!values["no-baseline"]) {
    smtp.counter.reset();
    hooks.counter.reset();
    say(`baseline: ${fmt(emails)} emails (pool ${poolSize}, ${emailConcurrency} in flight) and ${fmt(webhooks)} webhooks (${webhookConcurrency} in flight) …`);
    const run = await runBaseline(
      {
        smtpPort: smtp.port,
        httpPort: hooks.port,
        emails,
        webhooks,
        pool: poolSize,
        emailConcurrency,
        webhookConcurrency,
        emailBytes: heraldEmail.firstBytes || 4000,
        webhookBytes: heraldHook.firstBytes || 2000,
      },
      "baseline",
    );
    bare = { email: snapshot(smtp.counter), webhook: snapshot(hooks.counter), ...run };
  }

  // The webhooks again from another sender (alone, or with the bare emails beside them when asked):
  // the same sinks, concurrency and body size.
  type WebhooksRun = { webhook: Phase; result: BaselineResult; page?: PageLatency };
  const webhookYardstick = async (extra: Partial<Pick<BaselineOptions, "client" | "durableUrl" | "issueSteps" | "emails" | "emailBytes">>, what: string): Promise<WebhooksRun | undefined> => {
    if (values["no-baseline"] || webhooks === 0) return undefined;
    hooks.counter.reset();
    say(`${what}: ${fmt(webhooks)} webhooks (${webhookConcurrency} in flight) …`);
    const run = await runBaseline(
      {
        smtpPort: smtp.port,
        httpPort: hooks.port,
        emails: 0,
        webhooks,
        pool: poolSize,
        emailConcurrency,
        webhookConcurrency,
        emailBytes: 0,
        webhookBytes: heraldHook.firstBytes || 2000,
        ...extra,
      },
      what,
    );
    return { webhook: snapshot(hooks.counter), ...run };
  };
  // A bare undici client (Herald's webhook channel uses undici; node:http stays the yardstick the
  // ratio is judged by, as it has been since this bench began). Webhooks only: beside the bare
  // emails its rate would be the emails' as much as the client's.
  const bareUndici = await webhookYardstick({ client: "undici" }, "bare undici client");
  // The durable floor: the bare node:http client's webhooks, each recorded in flight before its POST
  // and its outcome after, in this database — what any crash-safe sender must add, and nothing else.
  const floor = await webhookYardstick({ durableUrl: url }, "durable floor");
  // The same beside the bare emails, as the bare baseline's webhooks went out (the emails stop when
  // the webhooks are done): the floor under the load the goal's ratio is measured in.
  const besideEmails = { emails, emailBytes: heraldEmail.firstBytes || 4000 };
  const floorBeside = emails > 0 ? await webhookYardstick({ durableUrl: url, ...besideEmails }, "durable floor beside the bare emails") : undefined;
  // And the issue's steps, nothing more, beside the same emails: what any sender built to the issue
  // must do for a webhook (BaselineOptions.issueSteps lists them).
  const stepsBeside = emails > 0 ? await webhookYardstick({ durableUrl: url, issueSteps: true, ...besideEmails }, "the issue's steps beside the bare emails") : undefined;

  // ---------------------------------------------------------------------------------------------
  const since = (x: number | undefined) => (x === undefined ? undefined : x - t0);
  const span = (p: Phase) => (p.first !== undefined && p.last !== undefined ? (p.last - p.first) / 1000 : undefined);
  const ratio = (h: number, b: number | undefined) => (b ? h / b : undefined);
  const emailRatio = ratio(heraldEmail.rate, bare?.email.rate);
  const hookRatio = ratio(heraldHook.rate, bare?.webhook.rate);
  const firstDelivery = Math.min(since(heraldEmail.first) ?? Infinity, since(heraldHook.first) ?? Infinity);
  const peakRssMb = Math.max(rss.peakKb, hwmKb ?? 0) / 1024;
  const sent = (c: string) => states[`${c}:sent`] ?? 0;
  const failed = (c: string) => states[`${c}:failed`] ?? 0;

  console.log(
    `\nFan-out of one incident to ${fmt(emails)} email + ${fmt(webhooks)} webhook subscribers, SMTP pool ${poolSize}, sink answers DATA in ${smtpDelay} ms` +
      `${values["async-commit"] ? ", synchronous_commit off" : ""}, ` +
      `on ${process.platform} ${process.arch} (${os.cpus().length} CPUs), Node ${process.version}` +
      (timedOut ? `\nTIMED OUT after ${fmt(timeoutMs / 1000)} s: figures are for what was sent by then` : "") +
      "\n",
  );
  console.log("| channel | sent / expected | failed | publish → first ms | publish → last ms | first → last s | Herald msg/s | bare msg/s | bare first → last s | ratio |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, h, b, c] of [
    ["email", heraldEmail, bare?.email, "email"],
    ["webhook", heraldHook, bare?.webhook, "webhook"],
  ] as const) {
    const expected = name === "email" ? emails : webhooks;
    console.log(
      `| ${name} | ${fmt(sent(c))} / ${fmt(expected)} | ${fmt(failed(c))} | ${fmt(since(h.first))} | ${fmt(since(h.last))} | ${fmt(span(h), 1)} | ${fmt(h.rate)} | ${fmt(b?.rate)} | ${fmt(b ? span(b) : undefined, 1)} | ${fmt(ratio(h.rate, b?.rate), 2)} |`,
    );
  }
  console.log("");
  console.log(`publish → first delivery: ${fmt(firstDelivery)} ms`);
  const rowsWritten = stateSum(() => true);
  const fanoutMs = since(fanoutDoneAt);
  console.log(
    `publish → fan-out done (all delivery rows written): ${fmt(fanoutMs)} ms` +
      (fanoutMs ? ` (${fmt(rowsWritten)} rows, ${fmt(rowsWritten / (fanoutMs / 1000))} rows/s; a channel cannot be sent faster than its rows are written)` : ""),
  );
  console.log(`publish → everything recorded (no delivery pending, retrying or sending): ${recordedAt ? `${fmt(recordedAt - t0)} ms` : "not reached"}`);
  console.log(`publish → last sent_at in the database: ${lastSentMs > 0 ? `${fmt(lastSentMs - t0Wall)} ms` : "–"}`);
  console.log(`worker: peak RSS ${fmt(peakRssMb)} MB (sampled every 100 ms: ${fmt(rss.peakKb / 1024)} MB; VmHWM ${fmt((hwmKb ?? 0) / 1024)} MB), CPU ${fmt(workerCpu, 1)} s over ${fmt(heraldWallS, 1)} s (${fmt((100 * workerCpu) / heraldWallS)} % of one core)`);
  if (machineCpu !== undefined) {
    const pct = (cpu: number) => `${fmt((100 * cpu) / heraldWallS)} %`;
    console.log(
      `machine CPU while Herald sent: ${pct(machineCpu)} of ${os.cpus().length * 100} % busy — worker ${pct(workerCpu)}, PostgreSQL ${pct(pgCpu)}, ` +
        `bench process (sinks) ${pct(benchCpu)}, the rest (web process, page load, anything else on this machine) ${pct(Math.max(0, machineCpu - workerCpu - pgCpu - benchCpu))}`,
    );
  }
  if (bare) {
    const r = bare.result;
    console.log(
      `bare baseline: email ${fmt(r.email.sent)} sent, ${fmt(r.email.errors)} errors in ${fmt(r.email.ms / 1000, 1)} s; webhook ${fmt(r.webhook.sent)} sent, ${fmt(r.webhook.errors)} errors in ${fmt(r.webhook.ms / 1000, 1)} s; ` +
        `CPU ${fmt(r.cpuS, 1)} s (${fmt((1000 * r.cpuS) / Math.max(1, r.email.sent + r.webhook.sent), 2)} ms per message; Herald's worker: ${fmt((1000 * workerCpu) / Math.max(1, sent("email") + sent("webhook")), 2)} ms)` +
        (r.email.firstError || r.webhook.firstError ? ` (first error: ${r.email.firstError ?? r.webhook.firstError})` : ""),
    );
  }
  if (bareUndici) {
    console.log(
      `bare undici client (webhooks alone, no emails beside them): ${fmt(bareUndici.webhook.rate)} msg/s, CPU ${fmt(bareUndici.result.cpuS, 1)} s; ` +
        `Herald's webhooks ${fmt(ratio(heraldHook.rate, bareUndici.webhook.rate), 2)} of it (the goal's ratio is against the node:http client above)`,
    );
  }
  if (floor && bare) {
    console.log(
      `durable floor (the bare client's webhooks, each claimed in a scratch table before its POST and its outcome recorded after, in batches): ` +
        `${fmt(floor.webhook.rate)} msg/s = ${fmt(ratio(floor.webhook.rate, bare.webhook.rate), 2)} of bare, CPU ${fmt(floor.result.cpuS, 1)} s; Herald's webhooks ${fmt(ratio(heraldHook.rate, floor.webhook.rate), 2)} of the floor`,
    );
  }
  if (floorBeside && bare) {
    console.log(
      `durable floor beside the bare emails (the same, with the bare baseline's emails going out beside its webhooks until they are done): ` +
        `${fmt(floorBeside.webhook.rate)} msg/s = ${fmt(ratio(floorBeside.webhook.rate, bare.webhook.rate), 2)} of bare; Herald's webhooks ${fmt(ratio(heraldHook.rate, floorBeside.webhook.rate), 2)} of it`,
    );
  }
  if (stepsBeside && bare) {
    console.log(
      `the issue's steps beside the bare emails (the floor, plus: a delivery row per subscriber written during the run under a unique key, 2,000 at a time and at most 4,000 waiting; ` +
        `each subscriber's secret read with the claim; each POST signed as Standard Webhooks): ` +
        `${fmt(stepsBeside.webhook.rate)} msg/s = ${fmt(ratio(stepsBeside.webhook.rate, bare.webhook.rate), 2)} of bare; Herald's webhooks ${fmt(ratio(heraldHook.rate, stepsBeside.webhook.rate), 2)} of it`,
    );
  }
  for (const { channel, plan } of claimPlans) {
    const execution = plan.find((l) => l.startsWith("Execution Time"));
    const scan = plan.find((l) => /Scan/.test(l))?.trim().replace(/\s*\(cost=.*$/, "");
    console.log(`claim query for ${channel} (deliver.ts, without FOR UPDATE) when the fan-out was done: ${execution ?? "?"} (${scan ?? plan[0]?.trim()})`);
    if (values.explain) console.log(plan.map((l) => `    ${l}`).join("\n"));
  }
  if (activityReport.samples > 0) {
    console.log(`\ndatabase activity of the worker (pg_stat_activity every 200 ms, ${fmt(activityReport.samples)} samples; busy connections per sample):`);
    console.log("| statement | state | share of samples |");
    console.log("|---|---|---:|");
    for (const r of activityReport.rows.slice(0, 8)) {
      console.log(`| ${r.what.replace(/\|/g, "\\|")} | ${r.state} | ${fmt((100 * r.n) / activityReport.samples)} % |`);
    }
  }
  if (pageIdle && busy) {
    console.log(
      `public page / (${PAGE_RATE} requests/s for ${PAGE_SECONDS} s, a write to the page 1 s in): without subscribers p50 ${pageIdle.p50} ms, p99 ${pageIdle.p99} ms (${fmt(pageIdle.rps)} req/s); ` +
        `the publish and the first ${PAGE_SECONDS - PAGE_WRITE_AT_MS / 1000} s of its fan-out p50 ${busy.p50} ms, p99 ${busy.p99} ms (${fmt(busy.rps)} req/s, ${busy.errors} errors); ` +
        `p99 ×${fmt(busy.p99 / Math.max(1, pageIdle.p99), 2)}`,
    );
  }
  // The same load ran under the baselines (see runBaseline): what a sender with no database does to the page.
  for (const [what, run] of [["the bare baseline", bare], ["the bare undici client", bareUndici], ["the durable floor", floor], ["the durable floor beside the bare emails", floorBeside], ["the issue's steps beside the bare emails", stepsBeside]] as const) {
    if (run?.page) console.log(`public page under ${what} (the same load, started 1 s before it): p50 ${run.page.p50} ms, p99 ${run.page.p99} ms (${fmt(run.page.rps)} req/s, ${run.page.errors} errors)`);
  }
  const goal = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "met" : "NOT met");
  console.log(
    `\ngoals: first delivery ≤ 1 s: ${goal(Number.isFinite(firstDelivery) ? firstDelivery <= 1000 : false)}; ` +
      `email ratio ≥ 0.5: ${goal(emailRatio === undefined ? undefined : emailRatio >= 0.5)}; ` +
      `webhook ratio ≥ 0.5: ${goal(hookRatio === undefined ? undefined : hookRatio >= 0.5)}; ` +
      `worker RSS ≤ 256 MB: ${goal(peakRssMb <= 256)}; ` +
      `page p99 at most doubles: ${goal(pageIdle && busy ? busy.p99 <= 2 * Math.max(1, pageIdle.p99) : undefined)}`,
  );
  console.log(
    JSON.stringify({
      subscribers: emails,
      webhooks,
      pool: poolSize,
      emailConcurrency,
      webhookConcurrency,
      timedOut,
      firstDeliveryMs: Math.round(firstDelivery),
      firstEmailMs: since(heraldEmail.first) && Math.round(since(heraldEmail.first)!),
      firstWebhookMs: since(heraldHook.first) && Math.round(since(heraldHook.first)!),
      fanoutDoneMs: since(fanoutDoneAt) && Math.round(since(fanoutDoneAt)!),
      fanoutRowsPerSec: fanoutMs ? Math.round(rowsWritten / (fanoutMs / 1000)) : undefined,
      allRecordedMs: recordedAt && Math.round(recordedAt - t0),
      emailSent: sent("email"),
      webhookSent: sent("webhook"),
      emailPerSec: Math.round(heraldEmail.rate),
      webhookPerSec: Math.round(heraldHook.rate),
      bareEmailPerSec: bare && Math.round(bare.email.rate),
      bareWebhookPerSec: bare && Math.round(bare.webhook.rate),
      floorWebhookPerSec: floor && Math.round(floor.webhook.rate),
      bareUndiciWebhookPerSec: bareUndici && Math.round(bareUndici.webhook.rate),
      floorRatio: floor && bare ? Number(ratio(floor.webhook.rate, bare.webhook.rate)!.toFixed(3)) : undefined,
      floorBesideEmailsWebhookPerSec: floorBeside && Math.round(floorBeside.webhook.rate),
      floorBesideEmailsRatio: floorBeside && bare ? Number(ratio(floorBeside.webhook.rate, bare.webhook.rate)!.toFixed(3)) : undefined,
      issueStepsBesideEmailsWebhookPerSec: stepsBeside && Math.round(stepsBeside.webhook.rate),
      issueStepsBesideEmailsRatio: stepsBeside && bare ? Number(ratio(stepsBeside.webhook.rate, bare.webhook.rate)!.toFixed(3)) : undefined,
      emailRatio: emailRatio && Number(emailRatio.toFixed(3)),
      webhookRatio: hookRatio && Number(hookRatio.toFixed(3)),
      workerPeakRssMb: Math.round(peakRssMb),
      pageIdleP99Ms: pageIdle?.p99,
      pageBusyP99Ms: busy?.p99,
      workerCpuS: Number(workerCpu.toFixed(1)),
      bareCpuS: bare && Number(bare.result.cpuS.toFixed(1)),
      machineCpuS: machineCpu && Number(machineCpu.toFixed(1)),
      totalS: Math.round((performance.now() - started) / 1000),
    }),
  );
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  killWorker();
  await runCleanups();
}
process.exit(process.exitCode ?? 0);

/**
 * EXPLAIN ANALYZE of deliver.ts's claim for one channel (its `due` part as the per-channel engine
 * writes it, without FOR UPDATE so it locks nothing), with the engine's claim size.
 */
async function explainClaim(client: pg.Client, notificationId: string, channel: string, limit: number): Promise<string[]> {
  const { rows } = await client.query<{ "QUERY PLAN": string }>(
    `/* bench */ EXPLAIN (ANALYZE, BUFFERS)
     SELECT d.id FROM delivery d
     WHERE d.notification_id = $1 AND d.channel = $2::"Channel"
       AND d.state IN ('pending', 'retrying') AND d.next_attempt_at <= now()
     ORDER BY d.next_attempt_at, d.id
     LIMIT $3`,
    [notificationId, channel, limit],
  );
  return rows.map((r) => r["QUERY PLAN"]);
}

// npm run bench:rush — an incident at its worst moment, on this machine, in one run: a crowd on
// the status page and its live updates while an operator posts and a big fan-out goes out.
//   npm run bench:rush [-- --streams 10000 --connections 200 --seconds 60 --subscribers 100000
//                         --updates 3 --update-gap 15 --webhooks 0 --web 2 --workers 2 --per-address 40
//                         --smtp-delay 5 --database-url postgresql://… --keep --no-build]
// Starts PostgreSQL (a fresh database on --database-url, else on DATABASE_URL's server, else a fresh
// embedded server in a temp folder), seeds the demo page and active email subscribers (and webhook
// subscribers with --webhooks), an SMTP sink (answers DATA after --smtp-delay ms) and a webhook
// receiver in a niced process of their own, then --web web processes (scripts/web.ts, one at a time:
// the first may build the app; --no-build serves the build there is) and --workers workers on it,
// and logs an operator (made with `herald operator create`) in through /admin/login's form. Then:
//   - streams: --streams live-update streams (GET /events), spread evenly over the web processes,
//     held by one child process per web process, at most --per-address per loopback source address
//     (127.B.x.y), so the web processes' per-address and total caps stay at their defaults;
//   - Herald's window, --seconds: --connections connections flood / and /api/v2/summary.json (half
//     each, spread over the web processes, Accept-Encoding: gzip, deflate, br, zstd) from a load
//     process; meanwhile an operator posts --updates updates through the CLI (scripts/herald.ts as a
//     child process, what `npm run herald` runs): an `incident create` that fans out to every
//     subscriber, then `incident update … --no-notify` every --update-gap s; /admin/login and /admin
//     (logged in through the login form) are fetched every 500 ms; RSS and CPU are read from /proc;
//   - then the bare window, as long and as loaded: the same connections on a bare node:http server
//     per web process answering the bytes Herald sent at the end of its window, while the streams
//     stay open and the fan-out goes on.
// For each update: the time from its row's created_at (set in the CLI's transaction) until each
// open stream had it (its first event carrying the page's new stamp) and until summary.json showed it.
// Prints figures and, per goal, met or not; asserts nothing (exits 0 unless the bench itself broke).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { logInThroughForm, timedGet, type Timed } from "./bench/admin";
import { rawGet, startBareServer, type BareServer, type RawResponse } from "./bench/bare-server";
import { openBenchDatabase } from "./bench/database";
import { startFlood, type FloodResult, type FloodTarget } from "./bench/flood";
import { startWeb, type WebProcess } from "./bench/page";
import { cpuSeconds, machineBusySeconds, RssSampler, statusKb } from "./bench/proc";
import { seedSubscribers } from "./bench/seed";
import { startSinkProcess, type SinkCounts } from "./bench/sink-process";
import { helloOf, startStreamHolder, type OpenReport, type StreamHolder, type StreamStats } from "./bench/streams";
import { startWorker, type BenchWorker } from "./bench/worker";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "10000" },
    connections: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    subscribers: { type: "string", default: "100000" },
    webhooks: { type: "string", default: "0" },
    updates: { type: "string", default: "3" },
    /** Seconds between two posts (shortened when the window is too short for them). */
    "update-gap": { type: "string", default: "15" },
    web: { type: "string", default: "2" },
    workers: { type: "string", default: "2" },
    "per-address": { type: "string", default: "40" },
    "smtp-delay": { type: "string", default: "5" },
    "database-url": { type: "string" },
    keep: { type: "boolean", default: false },
    /** Serve the existing Next.js build even if the sources are newer (HERALD_SKIP_BUILD=1). */
    "no-build": { type: "boolean", default: false },
  },
});
const num = (name: keyof typeof values, min = 0) => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return v;
};
const streamsWanted = num("streams");
const connections = num("connections", 2);
const seconds = num("seconds", 5);
const subscribers = num("subscribers");
const webhooks = num("webhooks");
const updates = num("updates", 1);
const updateGapS = num("update-gap", 1);
const webCount = num("web", 1);
const workerCount = num("workers", 0);
const perAddress = num("per-address", 1);
const smtpDelay = num("smtp-delay");
if (streamsWanted / webCount / perAddress > 254 * 250) throw new Error("too many streams for the loopback addresses of one block per web process");

const BROWSER_ENCODING = "gzip, deflate, br, zstd";
const ENDPOINTS = [
  { name: "/", path: "/" },
  { name: "/api/v2/summary.json", path: "/api/v2/summary.json" },
] as const;
const ADMIN_EVERY_MS = 500;
const ADMIN_TIMEOUT_MS = 10_000;
/** How long after its post an update may take to reach every stream before it is counted as missing. */
const RECEIPT_GRACE_MS = 15_000;

const say = (m: string) => console.error(`[rush] ${m}`);
const fmt = (n: number | undefined | null, digits = 0) =>
  n === undefined || n === null || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Nearest-rank percentile of ascending numbers. */
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : undefined);
const mb = (kb: number | undefined) => (kb === undefined ? undefined : kb / 1024);

// ---------------------------------------------------------------------------------------------
const cleanups: (() => Promise<void> | void)[] = [];
// One run of the cleanups, whoever asks (a signal and the main flow's `finally` may both).
let cleaning: Promise<void> | undefined;
function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        say(`cleanup: ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    say(`${signal}: stopping everything`);
    void runCleanups().finally(() => process.exit(130));
  });
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-rush-"));
fs.chmodSync(dataDir, 0o755); // as root, the embedded server runs as "postgres" and must reach it
cleanups.push(() => {
  if (values.keep) say(`kept ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The admin command line, as `npm run herald -- …` runs it, on the bench's database. */
async function herald(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string; startedAt: number; endedAt: number }> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/herald.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  // A CLI that has not finished in 2 minutes is stuck: stop it (it counts as failed).
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  clearTimeout(timer);
  return { code, stdout, stderr, startedAt, endedAt: Date.now() };
}

type Post = {
  n: number;
  what: string;
  token: string;
  /** When it was meant to start, ms into the window. */
  plannedAt: number;
  cli?: { startedAt: number; endedAt: number; code: number | null; error?: string };
  id?: string;
  createdAt?: number;
  /** Per web process: when summary.json first showed it (Date.now()), and the stamp a fresh stream was then greeted with. */
  shown: (number | undefined)[];
  stamps: (string | undefined)[];
  pollErrors: number;
};

type AdminSamples = { login: Timed[]; dashboard: Timed[] };

try {
  const started = performance.now();
  // -------------------------------------------------------------------------------------------
  // The database, its schema, the page and the subscribers.
  const server = values["database-url"] ?? process.env.DATABASE_URL;
  const database = await openBenchDatabase({ server, dataDir, keep: values.keep, say });
  cleanups.push(() => database.close());
  const url = database.url;
  await migrate(url, say);
  process.env.DATABASE_URL = url; // lib/db/prisma's client (the demo seed)
  const { seedIfEmpty } = await import("@/lib/seed/demo");
  const { db } = await import("@/lib/db/prisma");
  cleanups.push(() => db().$disconnect());
  await seedIfEmpty(parseConfig({ ...process.env, HERALD_PUBLIC_URL: "http://127.0.0.1" }));
  const sinks = await startSinkProcess({ smtpDelayMs: smtpDelay });
  cleanups.push(() => sinks.stop());
  let t = performance.now();
  await seedSubscribers(url, { emails: subscribers, webhooks, webhookBase: `http://127.0.0.1:${sinks.webhookPort}/hook/` });
  say(`seeded ${fmt(subscribers)} email and ${fmt(webhooks)} webhook subscribers in ${fmt(performance.now() - t)} ms`);
  const client = new pg.Client({ connectionString: url, application_name: "herald-bench-rush" });
  client.on("error", (e) => say(`database: ${e.message}`));
  await client.connect();
  cleanups.push(() => client.end());
  const component = (await client.query<{ name: string }>("SELECT name FROM component ORDER BY position, name LIMIT 1")).rows[0]?.name;

  // The operator who watches the dashboard, created and logged in as a person would.
  const operatorEmail = "rush@bench.test";
  const created = await herald(["operator", "create", "--email", operatorEmail, "--role", "owner", "--name", "Rush operator"], url);
  const password = /^Password: (\S+)$/m.exec(created.stdout)?.[1];
  if (created.code !== 0 || !password) throw new Error(`operator create failed (${created.code}): ${created.stderr || created.stdout}`);

  // -------------------------------------------------------------------------------------------
  // Web processes (one at a time: the first may build the app) and workers.
  const webs: WebProcess[] = [];
  for (let i = 0; i < webCount; i++) {
    t = performance.now();
    const web = await startWeb(url, path.join(dataDir, `web${i + 1}.log`), { env: values["no-build"] ? { HERALD_SKIP_BUILD: "1" } : {} });
    webs.push(web);
    cleanups.push(web.stop);
    say(`web ${i + 1} (pid ${web.pid}) answers on ${web.url} after ${fmt(performance.now() - t)} ms`);
  }
  const workers: BenchWorker[] = [];
  for (let i = 0; i < workerCount; i++) {
    const w = await startWorker({ databaseUrl: url, smtpPort: sinks.smtpPort, logFile: path.join(dataDir, `worker${i + 1}.log`) });
    workers.push(w);
    cleanups.push(() => w.stop());
  }
  if (workers.length) say(`${workers.length} worker(s) started (pids ${workers.map((w) => w.pid).join(", ")})`);
  await sleep(500); // the workers' LISTEN for new jobs is in place

  const cookie = await logInThroughForm(webs[0]!.url, operatorEmail, password);
  const dashboardOk = (status: number, body: string) => status === 200 && body.includes("Dashboard");
  const check = await timedGet(`${webs[webs.length - 1]!.url}/admin`, { cookie, timeoutMs: ADMIN_TIMEOUT_MS, ok: dashboardOk });
  if (check.error) throw new Error(`the logged-in dashboard did not answer: ${check.error}`);
  say("logged in through /admin/login's form");

  // Warm each web process's public answers.
  for (const w of webs) for (const e of ENDPOINTS) await (await fetch(`${w.url}${e.path}`, { headers: { "accept-encoding": BROWSER_ENCODING }, signal: AbortSignal.timeout(30_000) })).arrayBuffer();
  // What Herald sends for each endpoint (the bare servers answer the same bytes): before the window,
  // and again after it (the page then shows the incident); null when Herald did not answer in 30 s.
  const bytesNow = async () => {
    const out: Record<string, RawResponse | null> = {};
    for (const e of ENDPOINTS) out[e.path] = await rawGet(`${webs[0]!.url}${e.path}`, { "accept-encoding": BROWSER_ENCODING }).catch(() => null);
    return out;
  };
  const bytesBefore = await bytesNow();

  // Memory of every Herald process, from before the streams open to the end of the run.
  const webRss = webs.map((w) => new RssSampler(w.pid, 200));
  const workerRss = workers.map((w) => new RssSampler(w.pid, 200));
  const webRssBefore = webs.map((w) => statusKb(w.pid, "VmRSS"));

  // -------------------------------------------------------------------------------------------
  // The streams: one holder process per web process, all opened before the window.
  const holders: StreamHolder[] = webs.map((w, i) => {
    const n = Math.floor(streamsWanted / webCount) + (i < streamsWanted % webCount ? 1 : 0);
    return startStreamHolder({ url: w.url, streams: n, perAddress, addressBlock: 10 + i });
  });
  cleanups.push(() => holders.forEach((h) => h.stop()));
  t = performance.now();
  say(`opening ${fmt(streamsWanted)} streams …`);
  const opened: OpenReport[] = await Promise.all(holders.map((h) => h.open()));
  const openMs = performance.now() - t;
  say(`streams open: ${opened.map((o) => `${fmt(o.opened)}/${fmt(o.wanted)}`).join(", ")} in ${fmt(openMs)} ms`);

  const flood = startFlood({ "accept-encoding": BROWSER_ENCODING });
  cleanups.push(() => flood.stop());
  const targetsOn = (origins: string[]): FloodTarget[] =>
    ENDPOINTS.map((e, i) => ({
      name: e.name,
      urls: origins.map((o) => `${o}${e.path}`),
      connections: Math.floor(connections / ENDPOINTS.length) + (i < connections % ENDPOINTS.length ? 1 : 0),
    }));

  // CPU of every process in the run, and what the rest of the machine used.
  const bares: BareServer[] = [];
  const sum = (pids: number[], children = false) => pids.reduce((s, pid) => s + (cpuSeconds(pid, { children }) ?? 0), 0);
  const cpuGroups: { name: string; seconds: () => number }[] = [
    ...webs.map((w, i) => ({ name: `web ${i + 1}`, seconds: () => sum([w.pid]) })),
    ...workers.map((w, i) => ({ name: `worker ${i + 1}`, seconds: () => sum([w.pid]) })),
    { name: "stream holders", seconds: () => sum(holders.map((h) => h.pid)) },
    { name: "load (autocannon)", seconds: () => sum([flood.pid]) },
    { name: "bare servers", seconds: () => sum(bares.map((b) => b.pid)) },
    { name: "sinks (niced)", seconds: () => sum([sinks.pid]) },
    { name: "bench process", seconds: () => sum([process.pid]) },
    // Its exited children (waited for): the CLI runs.
    { name: "the CLI runs", seconds: () => Math.max(0, sum([process.pid], true) - sum([process.pid])) },
  ];
  type CpuMark = { at: number; machine?: number; backends: Map<number, number>; groups: number[] };
  const cpuMark = async (): Promise<CpuMark> => {
    const { rows } = await client.query<{ pid: number }>("/* bench */ SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
    return {
      at: performance.now(),
      machine: machineBusySeconds(),
      backends: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid) ?? 0])),
      groups: cpuGroups.map((g) => g.seconds()),
    };
  };
  const cpuBetween = (a: CpuMark, b: CpuMark) => {
    const wall = (b.at - a.at) / 1000;
    const share = (s: number) => (100 * s) / wall;
    // Backends that ended within the window are not counted; ones that began in it count whole.
    let pgSeconds = 0;
    for (const [pid, s] of b.backends) pgSeconds += s - (a.backends.get(pid) ?? 0);
    const groups = cpuGroups.map((g, i) => ({ name: g.name, pct: share(Math.max(0, b.groups[i]! - a.groups[i]!)) }));
    const machine = a.machine !== undefined && b.machine !== undefined ? share(b.machine - a.machine) : undefined;
    const ours = groups.reduce((s, g) => s + g.pct, 0) + share(pgSeconds);
    return { wall, machine, pg: share(pgSeconds), groups, others: machine === undefined ? undefined : Math.max(0, machine - ours) };
  };

  // -------------------------------------------------------------------------------------------
  // Herald's window.
  const firstAtMs = Math.min(5, seconds / 6) * 1000;
  const tailMs = (seconds * 1000) / 6;
  const gapMs = updates > 1 ? Math.min(updateGapS * 1000, (seconds * 1000 - firstAtMs - tailMs) / (updates - 1)) : 0;
  const runId = Math.random().toString(36).slice(2, 8);
  const posts: Post[] = Array.from({ length: updates }, (_, i) => ({
    n: i + 1,
    what: i === 0 ? "incident create (fans out)" : "incident update --no-notify",
    token: `rush-${runId}-${i + 1}`,
    plannedAt: firstAtMs + i * gapMs,
    shown: webs.map(() => undefined),
    stamps: webs.map(() => undefined),
    pollErrors: 0,
  }));
  await sinks.reset();
  await Promise.all(holders.map((h) => h.resetLag()));
  const admin: AdminSamples = { login: [], dashboard: [] };
  const benchLag = monitorEventLoopDelay({ resolution: 10 });
  benchLag.enable();
  const cpu0 = await cpuMark();
  const windowStart = Date.now();
  say(`Herald's window: ${connections} connections for ${seconds} s; posts at ${posts.map((p) => `${fmt(p.plannedAt / 1000, 1)} s`).join(", ")}`);
  const heraldLoad = flood.run(targetsOn(webs.map((w) => w.url)), seconds);
  let floodDone = false;
  void heraldLoad.finally(() => (floodDone = true)).catch(() => undefined);

  // The dashboard, every 500 ms until the flood ends, alternately on each web process.
  let tick = 0;
  const adminInFlight = new Set<Promise<void>>();
  const adminTimer = setInterval(() => {
    if (floodDone) return;
    const w = webs[tick++ % webs.length]!;
    const p = Promise.all([
      timedGet(`${w.url}/admin/login`, { timeoutMs: ADMIN_TIMEOUT_MS }).then((r) => void admin.login.push(r)),
      timedGet(`${w.url}/admin`, { cookie, timeoutMs: ADMIN_TIMEOUT_MS, ok: dashboardOk }).then((r) => void admin.dashboard.push(r)),
    ]).then(() => undefined);
    adminInFlight.add(p);
    void p.finally(() => adminInFlight.delete(p));
  }, ADMIN_EVERY_MS);

  // The operator's posts, one after the other, each at its time (or when the one before is done).
  // Meanwhile summary.json is polled on every web process, from the CLI's start until it shows the
  // post (at most 30 s after the CLI is done; no longer if it failed), without holding up the next post.
  let incidentId: string | undefined;
  let notificationId: string | undefined;
  const pollsDone: Promise<void>[] = [];
  for (const [i, post] of posts.entries()) {
    const wait = windowStart + post.plannedAt - Date.now();
    if (wait > 0) await sleep(wait);
    const message = `Rush update ${post.n} [${post.token}]: we are working on it.`;
    const args =
      post.n === 1
        ? ["incident", "create", "--name", `Rush incident ${runId}`, "--message", message, ...(component ? ["--component", `${component}=major_outage`] : [])]
        : ["incident", "update", incidentId!, "--message", message, "--status", post.n % 2 === 0 ? "identified" : "monitoring", "--no-notify"];
    let deadline = Infinity;
    const nextToken = posts[i + 1]?.token;
    const summaryOf = async (origin: string) => {
      const res = await fetch(`${origin}/api/v2/summary.json`, { headers: { "accept-encoding": BROWSER_ENCODING }, signal: AbortSignal.timeout(10_000) });
      return { ok: res.ok, body: await res.text() };
    };
    const polls = webs.map(async (w, k) => {
      while (Date.now() < deadline) {
        try {
          const r = await summaryOf(w.url);
          if (r.ok && r.body.includes(post.token)) {
            post.shown[k] = Date.now();
            // The page's stamp with this post: what a fresh stream is greeted with now, unless the
            // next post may already be in it (then its streams' first page change after the post counts).
            if (nextToken === undefined || !r.body.includes(nextToken)) {
              const stamp = (await helloOf(w.url).catch(() => ({ stamp: undefined }))).stamp;
              const after = await summaryOf(w.url).catch(() => ({ ok: false, body: "" }));
              if (after.ok && after.body.includes(post.token) && (nextToken === undefined || !after.body.includes(nextToken))) post.stamps[k] = stamp;
            }
            return;
          }
          if (!r.ok) post.pollErrors++;
        } catch {
          post.pollErrors++;
        }
        await sleep(20);
      }
    });
    const r = await herald(args, url);
    post.cli = { startedAt: r.startedAt, endedAt: r.endedAt, code: r.code };
    const id = r.stdout.trim().split("\n").pop()?.trim();
    if (r.code !== 0 || !id) {
      post.cli.error = (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" / ");
      say(`post ${post.n} failed (${r.code}): ${post.cli.error}`);
      deadline = 0;
      await Promise.all(polls);
      if (post.n === 1) break;
      continue;
    }
    post.id = id;
    if (post.n === 1) {
      incidentId = id;
      const { rows } = await client.query<{ at: Date; notification: string | null }>(
        `/* bench */ SELECT u.created_at AS at, (SELECT n.id FROM notification n WHERE n.incident_update_id = u.id LIMIT 1) AS notification
         FROM incident_update u WHERE u.incident_id = $1 ORDER BY u.created_at LIMIT 1`,
        [id],
      );
      post.createdAt = rows[0]?.at.getTime();
      notificationId = rows[0]?.notification ?? undefined;
    } else {
      const { rows } = await client.query<{ at: Date }>("/* bench */ SELECT created_at AS at FROM incident_update WHERE id = $1", [id]);
      post.createdAt = rows[0]?.at.getTime();
    }
    deadline = Date.now() + 30_000;
    pollsDone.push(
      Promise.all(polls).then(() =>
        say(
          `post ${post.n} (${post.what}): CLI ${fmt((r.endedAt - r.startedAt) / 1000, 1)} s; summary.json showed it after ` +
            post.shown.map((s) => (s && post.createdAt ? `${fmt(s - post.createdAt)} ms` : "–")).join(" / "),
        ),
      ),
    );
  }
  await Promise.all(pollsDone);

  const heraldResults = await heraldLoad;
  clearInterval(adminTimer);
  await Promise.all(adminInFlight);
  benchLag.disable();
  const cpu1 = await cpuMark();
  const heraldCpu = cpuBetween(cpu0, cpu1);
  const webRssEnd = webs.map((w) => statusKb(w.pid, "VmRSS"));
  const workerRssEnd = workers.map((w) => statusKb(w.pid, "VmRSS"));
  const sinkHerald = await sinks.counts();
  const bytesAfter = await bytesNow();

  // Every stream's receipt of every post (waiting up to RECEIPT_GRACE_MS after the last post for stragglers).
  const queries = (k: number) => posts.map((p) => (p.stamps[k] !== undefined ? { stamp: p.stamps[k] } : { after: p.createdAt ?? Infinity }));
  const lastPosted = Math.max(...posts.map((p) => p.cli?.endedAt ?? 0));
  let receipts: (number | null)[][][] = [];
  for (;;) {
    receipts = await Promise.all(holders.map((h, k) => h.receipts(queries(k))));
    const missingLast = receipts.reduce((s, perPost) => s + (perPost[perPost.length - 1]?.filter((x) => x === null).length ?? 0), 0);
    if (missingLast === 0 || Date.now() - lastPosted > RECEIPT_GRACE_MS) break;
    await sleep(1_000);
  }
  const lagHerald = await Promise.all(holders.map((h) => h.stats()));

  // -------------------------------------------------------------------------------------------
  // The bare window: the same load on bare servers answering Herald's bytes of the end of its window.
  const bytes: Record<string, RawResponse> = {};
  const bytesFrom: Record<string, string> = {};
  for (const e of ENDPOINTS) {
    const r = bytesAfter[e.path]?.status === 200 ? bytesAfter[e.path] : bytesBefore[e.path];
    if (!r) throw new Error(`Herald never answered ${e.path}: nothing for the bare server to serve`);
    bytes[e.path] = r;
    bytesFrom[e.path] = r === bytesAfter[e.path] ? "the end of its window" : "before its window (it did not answer after)";
  }
  for (let i = 0; i < webCount; i++) bares.push(await startBareServer(bytes));
  cleanups.push(() => bares.forEach((b) => b.stop()));
  await sinks.reset();
  say(`bare window: ${webCount} bare server(s), ${connections} connections for ${seconds} s (the streams stay open, the fan-out goes on) …`);
  const cpu2 = await cpuMark();
  const bareResults = await flood.run(targetsOn(bares.map((b) => b.url)), seconds);
  const cpu3 = await cpuMark();
  const bareCpu = cpuBetween(cpu2, cpu3);
  const sinkBare = await sinks.counts();

  const streamStats: StreamStats[] = await Promise.all(holders.map((h) => h.stats()));
  for (const r of webRss) r.stop();
  for (const r of workerRss) r.stop();
  let fanout: { state: string; rows: number; sent: number } | undefined;
  if (notificationId) {
    const { rows } = await client.query<{ state: string; rows: string; sent: string }>(
      `/* bench */ SELECT n.fanout_state::text AS state, count(d.*) AS rows, count(*) FILTER (WHERE d.state = 'sent') AS sent
       FROM notification n LEFT JOIN delivery d ON d.notification_id = n.id WHERE n.id = $1 GROUP BY n.fanout_state`,
      [notificationId],
    );
    if (rows[0]) fanout = { state: rows[0].state, rows: Number(rows[0].rows), sent: Number(rows[0].sent) };
  }

  // -------------------------------------------------------------------------------------------
  // Report.
  const line = (cells: (string | number | undefined)[]) => console.log(`| ${cells.map((c) => (c === undefined ? "–" : String(c))).join(" | ")} |`);
  const dbWhere = server ? `a fresh database on ${new URL(server).host}` : "a fresh embedded PostgreSQL";
  console.log(
    `\nRush: ${webCount} web process(es) and ${workerCount} worker(s) on ${dbWhere}; ${fmt(streamsWanted)} live-update streams ` +
      `(${opened.map((o) => fmt(o.wanted)).join(" + ")}, at most ${perAddress} per loopback source address); ${connections} connections for ${seconds} s ` +
      `(${targetsOn(["x"]).map((t) => `${t.connections} on ${t.name}`).join(", ")}, spread over the web processes, Accept-Encoding: ${BROWSER_ENCODING}); ` +
      `${updates} post(s) through the CLI, the first an incident create fanning out to ${fmt(subscribers)} email${webhooks ? ` + ${fmt(webhooks)} webhook` : ""} subscribers ` +
      `(SMTP sink answering in ${smtpDelay} ms); on ${process.platform} ${process.arch} (${os.cpus().length} CPUs, ${fmt(os.totalmem() / 2 ** 30)} GB), Node ${process.version}\n`,
  );

  console.log(
    `Public reads. Herald: during its window. Bare: ${webCount} bare node:http process(es) (one per web process) answering the bytes and headers Herald sent ` +
      `at the end of its window (as a browser asks: gzip), measured right after it with the same load (${connections} connections, ${seconds} s), the streams still open and the fan-out still going.\n`,
  );
  line(["endpoint", "bytes (before → after)", "Herald req/s", "p50 ms", "p99 ms", "max ms", "errors / timeouts / non-2xx", "bare req/s", "p50 ms", "p99 ms", "ratio"]);
  line(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]);
  const byName = (rs: FloodResult[], name: string) => rs.find((r) => r.name === name)!;
  ENDPOINTS.forEach((e) => {
    const h = byName(heraldResults, e.name);
    const b = byName(bareResults, e.name);
    const enc = bytes[e.path]!.headers.find(([n]) => n.toLowerCase() === "content-encoding")?.[1];
    line([
      e.name,
      `${fmt(bytesBefore[e.path]?.body.length)} → ${fmt(bytesAfter[e.path]?.body.length)}${enc ? ` (${enc})` : ""}${bytesFrom[e.path] !== "the end of its window" ? " (bare: the bytes from before)" : ""}`,
      fmt(h.rps),
      h.p50,
      h.p99,
      h.max,
      `${h.errors} / ${h.timeouts} / ${h.non2xx}`,
      fmt(b.rps),
      b.p50,
      b.p99,
      fmt(h.rps / b.rps, 2),
    ]);
  });
  for (const h of heraldResults) {
    const odd = Object.entries(h.statusCodes).filter(([c]) => !c.startsWith("2"));
    if (odd.length) console.log(`  ${h.name} answers other than 2xx: ${odd.map(([c, n]) => `${c} ×${n}`).join(", ")}`);
  }

  console.log(`\nPosts through the CLI and when they showed, ms from the update row's created_at (set in the CLI's transaction, before its commit).\n`);
  line(["post", "what", "CLI started (s into the window)", "CLI ran s", ...webs.map((_, k) => `summary.json showed it, web ${k + 1}`), "streams that got it", "p50", "p99", "slowest", "missing"]);
  line(["---", "---", "---:", "---:", ...webs.map(() => "---:"), "---:", "---:", "---:", "---:", "---:"]);
  const perPost = posts.map((p, i) => {
    const all: (number | null)[] = receipts.flatMap((perHolder) => perHolder[i] ?? []);
    const got = all.filter((x): x is number => x !== null).map((x) => x - (p.createdAt ?? NaN)).sort((a, b) => a - b);
    const missing = all.length - got.length + opened.reduce((s, o) => s + (o.wanted - o.opened), 0);
    // Over every stream wanted, a missing one counting as never.
    const rank = Math.ceil(0.99 * (got.length + missing));
    const p99 = rank === 0 ? undefined : rank <= got.length ? got[rank - 1] : Infinity;
    return { got, missing, p50: pct(got, 50), p99, slowest: missing ? Infinity : got[got.length - 1] };
  });
  posts.forEach((p, i) => {
    const r = perPost[i]!;
    line([
      p.n,
      p.what + (p.cli?.error ? ` (FAILED: ${p.cli.error})` : ""),
      p.cli ? fmt((p.cli.startedAt - windowStart) / 1000, 1) : undefined,
      p.cli ? fmt((p.cli.endedAt - p.cli.startedAt) / 1000, 1) : undefined,
      ...p.shown.map((s) => (s !== undefined && p.createdAt !== undefined ? fmt(s - p.createdAt) : "never")),
      fmt(r.got.length),
      fmt(r.p50),
      r.p99 === Infinity ? "never" : fmt(r.p99),
      r.slowest === Infinity ? "never" : fmt(r.slowest),
      fmt(r.missing),
    ]);
  });
  const stampless = posts.some((p) => p.stamps.some((s) => s === undefined));
  if (stampless) console.log("  (a post's stamp could not be read from a fresh stream's hello: its streams' receipt is their first page change after the row's created_at)");
  const stalls = lagHerald
    .flatMap((l) => l.stalls)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([at, ms]) => `${fmt(ms)} ms ending ${fmt((at - windowStart) / 1000, 1)} s into the window`);
  console.log(
    `  the stream holders' own event-loop delay in Herald's window (part of every receipt time): p50 ${lagHerald.map((l) => fmt(l.lagP50)).join(" / ")} ms, ` +
      `p99 ${lagHerald.map((l) => fmt(l.lagP99)).join(" / ")} ms, max ${lagHerald.map((l) => fmt(l.lagMax)).join(" / ")} ms` +
      (stalls.length ? `; longest stalls: ${stalls.join(", ")} (posts committed at ${posts.map((p) => (p.createdAt ? `${fmt((p.createdAt - windowStart) / 1000, 1)} s` : "–")).join(", ")})` : ""),
  );

  console.log(`\nThe dashboard, fetched every ${ADMIN_EVERY_MS} ms through Herald's window (alternately on each web process; /admin with the session from logging in).\n`);
  line(["page", "samples", "p50 ms", "p99 ms", "max ms", "over 1 s", "errors (timeouts at 10 s)"]);
  line(["---", "---:", "---:", "---:", "---:", "---:", "---:"]);
  const adminRow = (name: string, samples: Timed[]) => {
    const ms = samples.filter((s) => !s.error).map((s) => s.ms).sort((a, b) => a - b);
    const errors = samples.filter((s) => s.error);
    line([name, samples.length, fmt(pct(ms, 50)), fmt(pct(ms, 99)), fmt(Math.max(...samples.map((s) => s.ms))), samples.filter((s) => s.ms > 1000).length, errors.length ? `${errors.length} (${[...new Set(errors.map((e) => e.error))].slice(0, 3).join("; ")})` : 0]);
    return { max: Math.max(0, ...samples.map((s) => s.ms)), errors: errors.length, over: samples.filter((s) => s.ms > 1000).length };
  };
  const loginRow = adminRow("GET /admin/login", admin.login);
  const dashRow = adminRow("GET /admin (logged in)", admin.dashboard);
  console.log(`  the bench process's own event-loop delay in Herald's window (part of each answer time): p99 ${fmt(benchLag.percentile(99) / 1e6)} ms, max ${fmt(benchLag.max / 1e6)} ms`);

  console.log(`\nProcesses: RSS (sampled every 200 ms from before the streams opened to the end of the run) and CPU (% of one core) in each window.\n`);
  line(["process", "RSS before the streams MB", "peak RSS MB", "RSS at the end of Herald's window MB", "CPU, Herald's window", "CPU, bare window"]);
  line(["---", "---:", "---:", "---:", "---:", "---:"]);
  const cpuOf = (c: ReturnType<typeof cpuBetween>, name: string) => `${fmt(c.groups.find((g) => g.name === name)?.pct)} %`;
  webs.forEach((_, i) => line([`web ${i + 1}`, fmt(mb(webRssBefore[i])), fmt(mb(webRss[i]!.peakKb)), fmt(mb(webRssEnd[i])), cpuOf(heraldCpu, `web ${i + 1}`), cpuOf(bareCpu, `web ${i + 1}`)]));
  workers.forEach((_, i) => line([`worker ${i + 1}`, "", fmt(mb(workerRss[i]!.peakKb)), fmt(mb(workerRssEnd[i])), cpuOf(heraldCpu, `worker ${i + 1}`), cpuOf(bareCpu, `worker ${i + 1}`)]));
  for (const g of cpuGroups.slice(webs.length + workers.length)) line([g.name, "", "", "", cpuOf(heraldCpu, g.name), cpuOf(bareCpu, g.name)]);
  line(["PostgreSQL (this database's backends)", "", "", "", `${fmt(heraldCpu.pg)} %`, `${fmt(bareCpu.pg)} %`]);
  line(["anything else on this machine", "", "", "", `${fmt(heraldCpu.others)} %`, `${fmt(bareCpu.others)} %`]);
  line(["machine (all processes)", "", "", "", `${fmt(heraldCpu.machine)} % of ${os.cpus().length * 100} %`, `${fmt(bareCpu.machine)} % of ${os.cpus().length * 100} %`]);

  const streamErrors = (o: OpenReport) => Object.values(o.refused).reduce((a, b) => a + b, 0) + Object.values(o.errors).reduce((a, b) => a + b, 0) + o.helloTimeouts;
  const sumRecord = (rs: Record<string, number>[]) => {
    const out: Record<string, number> = {};
    for (const r of rs) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const listRecord = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ×${fmt(v)}`).join(", ") || "none";
  const totalOpened = opened.reduce((s, o) => s + o.opened, 0);
  const dropped = streamStats.reduce((s, x) => s + x.dropped, 0);
  console.log(
    `\nstreams: ${fmt(totalOpened)} of ${fmt(streamsWanted)} opened in ${fmt(openMs / 1000, 1)} s over ${opened.map((o) => o.addresses).join(" + ")} source addresses; ` +
      `refused: ${listRecord(sumRecord(opened.map((o) => o.refused)))}; errors: ${listRecord(sumRecord(opened.map((o) => o.errors)))}; ` +
      `hello timeouts (10 s): ${fmt(opened.reduce((s, o) => s + o.helloTimeouts, 0))}; dropped later: ${fmt(dropped)} (${listRecord(sumRecord(streamStats.map((s) => s.dropErrors)))}); ` +
      `open at the end: ${fmt(streamStats.reduce((s, x) => s + x.open, 0))}; events received: ${listRecord(sumRecord(streamStats.map((s) => s.events)))}, keep-alives ×${fmt(streamStats.reduce((s, x) => s + x.keepAlives, 0))}; ` +
      `changes whose stamp the stream already had: ${listRecord(sumRecord(streamStats.map((s) => s.sameStamp)))}`,
  );
  const rateOf = (c: SinkCounts) => (c.count > 1 ? `${fmt(c.rate)}/s from the first to the last` : "–");
  console.log(
    `fan-out: ${fmt(sinkHerald.email.count)} emails arrived in Herald's window (${rateOf(sinkHerald.email)}${sinkHerald.email.firstAt && posts[0]?.createdAt ? `, the first ${fmt(sinkHerald.email.firstAt - posts[0].createdAt)} ms after the incident's row` : ""}), ` +
      `${fmt(sinkBare.email.count)} in the bare window (${rateOf(sinkBare.email)})` +
      (webhooks ? `; webhooks ${fmt(sinkHerald.webhook.count)} and ${fmt(sinkBare.webhook.count)}` : "") +
      (fanout ? `; at the end: fan-out ${fanout.state}, ${fmt(fanout.rows)} delivery rows, ${fmt(fanout.sent)} sent` : "; no fan-out (the first post failed?)"),
  );
  const loadErrors = heraldResults.reduce((s, r) => s + r.errors, 0);
  const loadTimeouts = heraldResults.reduce((s, r) => s + r.timeouts, 0);
  const loadNon2xx = heraldResults.reduce((s, r) => s + r.non2xx, 0);
  const openErrors = opened.reduce((s, o) => s + streamErrors(o), 0);
  const cliErrors = posts.filter((p) => p.cli?.error).length;
  const pollErrors = posts.reduce((s, p) => s + p.pollErrors, 0);
  const adminErrors = loginRow.errors + dashRow.errors;
  const totalErrors = loadErrors + loadTimeouts + loadNon2xx + openErrors + dropped + cliErrors + pollErrors + adminErrors;
  console.log(
    `errors in Herald's window: load ${fmt(loadErrors)} socket errors, ${fmt(loadTimeouts)} timeouts (10 s), ${fmt(loadNon2xx)} non-2xx; ` +
      `streams ${fmt(openErrors)} not opened, ${fmt(dropped)} dropped; /admin pages ${fmt(adminErrors)}; CLI ${fmt(cliErrors)} failed; summary.json polls ${fmt(pollErrors)} failed`,
  );

  const goal = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "met" : "NOT met");
  const summaryRatio = byName(heraldResults, "/api/v2/summary.json").rps / byName(bareResults, "/api/v2/summary.json").rps;
  const worstP99 = Math.max(...perPost.map((r) => r.p99 ?? Infinity));
  const anyMissing = perPost.reduce((s, r) => s + r.missing, 0);
  const peakWebMb = Math.max(...webRss.map((r) => r.peakKb / 1024));
  console.log("\ngoals:");
  console.log(`- 0 errors: ${goal(totalErrors === 0)} (${fmt(totalErrors)})`);
  console.log(`- every stream gets every update within 2 s (p99): ${goal(anyMissing === 0 && worstP99 <= 2000)} (worst p99 ${worstP99 === Infinity ? "never" : `${fmt(worstP99)} ms`}, ${fmt(anyMissing)} receipts missing)`);
  console.log(`- /admin answers within 1 s throughout: ${goal(admin.dashboard.length > 0 && dashRow.max <= 1000 && dashRow.errors === 0)} (slowest ${fmt(dashRow.max)} ms of ${admin.dashboard.length}; /admin/login slowest ${fmt(loginRow.max)} ms)`);
  console.log(`- summary.json ≥ 0.5 of the bare server: ${goal(summaryRatio >= 0.5)} (${fmt(summaryRatio, 2)})`);
  console.log(`- web RSS ≤ 300 MB per process: ${goal(peakWebMb <= 300)} (peak ${webRss.map((r) => fmt(r.peakKb / 1024)).join(" / ")} MB)`);
  console.log(
    JSON.stringify({
      streams: streamsWanted,
      streamsOpened: totalOpened,
      connections,
      seconds,
      subscribers,
      webhooks,
      web: webCount,
      workers: workerCount,
      endpoints: ENDPOINTS.map((e) => {
        const h = byName(heraldResults, e.name);
        const b = byName(bareResults, e.name);
        return { name: e.name, rps: Math.round(h.rps), p50: h.p50, p99: h.p99, bareRps: Math.round(b.rps), bareP50: b.p50, bareP99: b.p99, ratio: Number((h.rps / b.rps).toFixed(3)) };
      }),
      posts: posts.map((p, i) => ({
        what: p.what,
        cliS: p.cli && Number(((p.cli.endedAt - p.cli.startedAt) / 1000).toFixed(1)),
        jsonMs: p.shown.map((s) => (s !== undefined && p.createdAt !== undefined ? s - p.createdAt : null)),
        streamsP50: perPost[i]!.p50 ?? null,
        streamsP99: Number.isFinite(perPost[i]!.p99) ? perPost[i]!.p99 : null,
        streamsMax: Number.isFinite(perPost[i]!.slowest) ? perPost[i]!.slowest : null,
        missing: perPost[i]!.missing,
      })),
      adminMaxMs: Math.round(dashRow.max),
      adminLoginMaxMs: Math.round(loginRow.max),
      webPeakRssMb: webRss.map((r) => Math.round(r.peakKb / 1024)),
      workerPeakRssMb: workerRss.map((r) => Math.round(r.peakKb / 1024)),
      errors: totalErrors,
      totalS: Math.round((performance.now() - started) / 1000),
    }),
  );
} catch (e) {
  // Once interrupted, what fails is only the cleanups pulling things from under the run.
  if (!interrupted) console.error(e);
  process.exitCode = interrupted ? 130 : 1;
} finally {
  await runCleanups();
}
process.exit(process.exitCode ?? 0);

// npm run test:fuzz — bad input, on purpose: at least 10,000 malformed requests across every route
// of a real Herald (`npm start` with a fresh embedded PostgreSQL in .data/fuzz-<id>, on 127.0.0.1):
// wrong methods, hostile queries, paths and path segments, odd headers, huge, truncated and broken
// bodies (JSON, form, multipart, chunked, invalid UTF-8), server-action calls with real and forged
// ids, raw garbage, half-open and slow connections.
//   npm run test:fuzz [-- --requests 12000] [--seed N] [--concurrency 12] [--settle 30] [--only KIND …] [--keep] [--verbose]
//   tsx scripts/fuzz.ts --small --json FILE     (npm test: ~1,200 requests, every group sampled)
// The routes come from the app itself (scripts/fuzz/routes.ts): every page and route handler under
// app/, lib/public/routes.ts's PUBLIC_ROUTES, and the build's server actions; the cases from
// scripts/fuzz/cases.ts, which states which requests may go unanswered.
// The goal: no answer of 5xx, no crash (web and worker keep their PIDs, / answers 200 at the end),
// web and worker RSS back within 10 % of their baseline afterwards. The baseline is taken after a
// first pass of one case from every group (the first render of each page, loading its code, is
// not what the check is about; the small run sends all its cases once more before it) and a short settle; "afterwards" is the first sample within 10 %
// during a settle of up to 30 s (V8 shrinks an idle heap some seconds after the allocations stop), or the last one.
// Tests, for npm test's count: one per group (route × kind, × signed in for the dashboard), passed
// when every answer in it passed; plus the five checks above. Exits 1 when any fails.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { allCases, KINDS, randomCases, rngFrom, type Case, type Context } from "./fuzz/cases";
import { alive, findProcs, rssKb, startHerald, type Herald, type Procs } from "./fuzz/herald";
import { removeOldRuns } from "./support/runs";
import { discoverRoutes, errorPageMarkers } from "./fuzz/routes";
import { runCases, type Result } from "./fuzz/run";
import { discover } from "./fuzz/setup";

const { values } = parseArgs({
  options: {
    small: { type: "boolean", default: false },
    json: { type: "string" },
    requests: { type: "string" },
    seed: { type: "string" },
    concurrency: { type: "string" },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    settle: { type: "string" },
    only: { type: "string", multiple: true },
  },
});
const small = values.small;
const target = Number(values.requests ?? (small ? 1200 : 12_000));
const seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
const concurrency = Number(values.concurrency ?? 12);
const SETTLE_MS = Number(values.settle ?? 30) * 1000;
if (!Number.isInteger(target) || target < 100 || !Number.isInteger(seed) || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64 || !(SETTLE_MS >= 0)) {
  console.error("--requests must be a whole number ≥ 100, --seed a whole number, --concurrency 1–64, --settle seconds ≥ 0");
  process.exit(2);
}
const SLOW_CONCURRENCY = 6;
const ANSWER_TIMEOUT_MS = 30_000;
const RSS_TOLERANCE = 0.1;

const log = (m: string) => console.error(`[fuzz] ${m}`);
const started = Date.now();
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
const dataRoot = path.resolve(".data");
const dir = path.join(dataRoot, `fuzz-${stamp}-${process.pid}`);
removeOldRuns(dataRoot, "fuzz-", dir);

let herald: Herald | undefined;
let cleaning: Promise<void> | undefined;
/** Herald's log of the last run, kept after its data folder is removed. */
const lastLog = path.join(dataRoot, "fuzz-last-herald.log");
const cleanup = () =>
  (cleaning ??= (async () => {
    await herald?.stop();
    if (herald && fs.existsSync(herald.logFile)) fs.copyFileSync(herald.logFile, lastLog);
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${path.relative(process.cwd(), dir)} (Herald's log: herald.log)`);
  })());
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping Herald`);
    void cleanup().then(() => process.exit(130));
  });
}

type Check = { name: string; ok: boolean; detail: string };
type Rss = { start?: number; baseline?: number; after?: number };
const checks: Check[] = [];
let results: Result[] = [];
let setupError: Error | undefined;
const rss: Record<"web" | "worker", Rss> = { web: {}, worker: {} };
let procs: Procs = {};
const pidChanges: string[] = [];
/** RSS (kB) along the run: [requests done, web, worker], then the settle's samples. */
const timeline: [string, number | undefined, number | undefined][] = [];
let serverLog = "";

try {
  log(`seed ${seed}; starting Herald (npm start) in ${path.relative(process.cwd(), dir)}`);
  herald = await startHerald({ dir, password: `fuzz-${Math.random().toString(36).slice(2)}-pw`, log, readyTimeoutMs: 360_000 });
  log(`Herald answers at ${herald.url} (${Math.round((Date.now() - started) / 1000)} s)`);
  for (let i = 0; i < 60 && !(procs.web && procs.worker); i++) {
    procs = findProcs(herald.supervisor.pid!);
    if (!(procs.web && procs.worker)) await new Promise((r) => setTimeout(r, 500));
  }
  if (!procs.web || !procs.worker) throw new Error(`could not find the web and worker processes under npm start (found ${JSON.stringify(procs)})`);
  rss.web.start = rssKb(procs.web);
  rss.worker.start = rssKb(procs.worker);
  log(`web pid ${procs.web}, worker pid ${procs.worker}`);

  const { routes, examples, fromModule } = await discoverRoutes(process.cwd(), log);
  const markers = errorPageMarkers(path.join(process.cwd(), "app"));
  const rng = rngFrom(seed);
  const found = await discover({ base: herald.url, email: herald.email, password: herald.password, routes, examples, rng, incidents: small ? 2 : 4, log });
  for (const n of found.notes) log(n);
  log(
    `${routes.length} routes (app/${fromModule ? " + lib/public/routes.ts" : ", lib/public/routes.ts absent: fallback list"}), ${routes.reduce((n, r) => n + r.actions.length, 0)} server-action forms: ${routes
      .map((r) => `${r.pattern}${r.actions.length ? ` [${r.actions.map((a) => a.name).join(", ")}]` : ""}`)
      .join(" ")}`,
  );

  const ctx: Context = {
    host: `127.0.0.1:${herald.port}`,
    origin: herald.url,
    cookie: found.cookie,
    rng,
    actions: routes.flatMap((r) => r.actions).filter((a, i, all) => all.findIndex((x) => x.id === a.id) === i),
    fields: found.fields,
    urls: found.urls,
    sessionEnders: new Set(routes.flatMap((r) => r.actions).filter((a) => /logout|signout/i.test(a.name)).map((a) => a.id)),
  };
  const only = values.only ?? [];
  const unknownKinds = only.filter((k) => !(KINDS as readonly string[]).includes(k));
  if (unknownKinds.length) throw new Error(`unknown kind: ${unknownKinds.join(", ")} (known: ${KINDS.join(", ")})`);
  const fixed = allCases(ctx, routes, { huge: true }).filter((c) => !only.length || only.includes(c.kind));
  const cases = small ? sample(fixed, target, rng) : [...fixed, ...randomCases(ctx, routes, Math.max(0, target - fixed.length)).filter((c) => !only.length || only.includes(c.kind))];

  // Phase 1: one case of every group (no huge or slow one), so every code path has run once.
  const firstOfGroup = new Map<string, Case>();
  for (const c of cases) if (!firstOfGroup.has(c.group) && c.lane === "main" && c.bodyBytes < 1024 * 1024) firstOfGroup.set(c.group, c);
  const phase1 = [...firstOfGroup.values()];
  const phase2 = shuffle(
    cases.filter((c) => !phase1.includes(c)),
    rng,
  );
  log(`${cases.length} requests in ${new Set(cases.map((c) => c.group)).size} groups (${fixed.length} fixed${small ? ", sampled" : `, ${cases.length - fixed.length} random`}); ${concurrency} at a time, slow ones ${SLOW_CONCURRENCY} at a time beside them`);

  const watch = setInterval(() => {
    const now = findProcs(herald!.supervisor.pid!);
    for (const name of ["web", "worker"] as const) {
      if (now[name] !== procs[name] && !pidChanges.some((p) => p.startsWith(`${name} `))) {
        pidChanges.push(`${name} pid ${procs[name]} → ${now[name] ?? "none"} at ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }
  }, 1_000);
  let done = 0;
  let failing = 0;
  const progress = (r: Result) => {
    done++;
    if (r.verdict !== "ok") failing++;
    if (values.verbose && r.verdict !== "ok") log(`${r.verdict}: ${r.c.method} ${r.c.target} → ${r.a.status ?? r.a.error}`);
    if (done % 500 === 0) timeline.push([String(done), rssKb(procs.web), rssKb(procs.worker)]);
    if (done % 1000 === 0) log(`${done}/${cases.length} done, ${failing} failing`);
  };
  const phaseStarted = Date.now();
  results = await runCases(phase1, { port: herald.port, concurrency, slowConcurrency: SLOW_CONCURRENCY, answerTimeoutMs: ANSWER_TIMEOUT_MS, markers, onResult: progress });
  if (small) {
    // The small run's sample is too short for the process to reach its working size during it:
    // the second-case code paths first loaded there (modules, caches that fill up to their bound)
    // read as growth. It sends its cases once before the baseline, so that what it measures is
    // whether sending the same bad input again grows the process, which is what a leak does.
    results = results.concat(await runCases(shuffle(phase2, rng), { port: herald.port, concurrency, slowConcurrency: SLOW_CONCURRENCY, answerTimeoutMs: ANSWER_TIMEOUT_MS, markers, onResult: progress }));
  }
  await new Promise((r) => setTimeout(r, 3_000));
  rss.web.baseline = rssKb(procs.web);
  rss.worker.baseline = rssKb(procs.worker);
  log(`phase 1: ${phase1.length} requests (one per group${small ? `, then the ${phase2.length} others once` : ""}); baseline RSS web ${mb(rss.web.baseline)}, worker ${mb(rss.worker.baseline)}`);
  results = results.concat(await runCases(phase2, { port: herald.port, concurrency, slowConcurrency: SLOW_CONCURRENCY, answerTimeoutMs: ANSWER_TIMEOUT_MS, markers, onResult: progress }));
  const seconds = (Date.now() - phaseStarted) / 1000;
  log(`sent ${results.length} requests in ${seconds.toFixed(0)} s; settling`);

  // Settle: sample once a second until both are within the tolerance, or the window ends.
  const settleUntil = Date.now() + SETTLE_MS;
  for (let second = 1; ; second++) {
    await new Promise((r) => setTimeout(r, 1_000));
    rss.web.after = rssKb(procs.web);
    rss.worker.after = rssKb(procs.worker);
    timeline.push([`+${second} s`, rss.web.after, rss.worker.after]);
    if ((within(rss.web) && within(rss.worker)) || Date.now() > settleUntil) break;
  }
  clearInterval(watch);

  const end = await fetch(`${herald.url}/`, { signal: AbortSignal.timeout(30_000) }).then(
    async (r) => ({ status: r.status, body: (await r.text()).slice(0, 200) }),
    (e: Error) => ({ status: 0, body: e.message }),
  );
  const now = findProcs(herald.supervisor.pid!);
  serverLog = herald.log();
  const restarts = serverLog.split("\n").filter((l) => /\[herald\] (web|worker) exited/.test(l));
  for (const name of ["web", "worker"] as const) {
    const same = now[name] === procs[name] && alive(procs[name]);
    const relevant = [...pidChanges.filter((p) => p.startsWith(name)), ...restarts.filter((l) => l.includes(`] ${name} exited`))];
    checks.push({ name: `${name} process kept its PID`, ok: same && relevant.length === 0, detail: same && relevant.length === 0 ? `pid ${procs[name]} throughout` : `${relevant.join("; ") || `pid ${procs[name]} → ${now[name] ?? "gone"}`}` });
  }
  checks.push({ name: "/ answers 200 afterwards", ok: end.status === 200, detail: end.status === 200 ? "200" : `${end.status}: ${end.body}` });
  for (const name of ["web", "worker"] as const) {
    const r = rss[name];
    checks.push({ name: `${name} RSS back within 10 %`, ok: within(r), detail: `start ${mb(r.start)}, baseline ${mb(r.baseline)}, after ${mb(r.after)} (${pct(r)})` });
  }
  // Is the fuzz's session still alive (a forged logout would turn the signed-in groups into visitors)?
  const admin = await fetch(`${herald.url}/admin`, { headers: { Cookie: found.cookie }, redirect: "manual" }).then((r) => r.status, () => 0);
  if (admin !== 200) log(`note: the operator session no longer opens /admin (HTTP ${admin}): some signed-in requests may have run as a visitor`);
} catch (e) {
  setupError = e as Error;
  console.error(`\nfuzz: setup failed: ${setupError.stack ?? setupError.message}`);
  serverLog = herald?.log() ?? "";
} finally {
  await cleanup();
}

// ---------------------------------------------------------------------------------------------
// Summary.

const failures = failuresOf(results);
const groups = new Map<string, { n: number; failed: number }>();
for (const r of results) {
  const g = groups.get(r.c.group) ?? { n: 0, failed: 0 };
  g.n++;
  if (r.verdict !== "ok") g.failed++;
  groups.set(r.c.group, g);
}
const groupsFailed = [...groups.values()].filter((g) => g.failed > 0).length;
const checksFailed = checks.filter((c) => !c.ok).length;

if (results.length) {
  console.log(`\n== requests by kind (status classes; "none" = no status line) ==`);
  printTable(
    "kind",
    KINDS.map((k) => [k, results.filter((r) => r.c.kind === k)] as const),
  );
  console.log(`\n== requests by route ==`);
  const routeNames = [...new Set(results.map((r) => r.c.route))].sort();
  printTable(
    "route",
    routeNames.map((n) => [n, results.filter((r) => r.c.route === n)] as const),
  );
  const none = results.filter((r) => r.a.status === undefined);
  const reasons = new Map<string, number>();
  for (const r of none) {
    const k = `${r.c.expect === "any" ? "allowed" : "NOT allowed"}: ${(r.a.error ?? "?").replace(/\d+(\.\d+)? s/, "N s")}`;
    reasons.set(k, (reasons.get(k) ?? 0) + 1);
  }
  console.log(`\n== no status line (${none.length}) ==`);
  console.log(`rule: a valid HTTP request must get a status line; a reset, close or silence is allowed only for requests that are not valid HTTP or that the fuzz itself cut short (truncated bodies, half-open and dropped slow connections)`);
  for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${k}`);
}

const overload = failures.filter((r) => r.verdict === "overload");
if (overload.length) console.log(`\n== 503 with Retry-After (overload protection; counted as failures): ${overload.length} ==`);
if (failures.length) {
  console.log(`\n== failures (${failures.length}) ==`);
  const byKey = new Map<string, Result[]>();
  for (const r of failures) {
    const key = `${r.verdict} ${r.a.status ?? ""} · ${r.c.group}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  for (const [key, list] of [...byKey].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n${key}: ${list.length}`);
    for (const r of list.slice(0, values.verbose ? 20 : 4)) {
      console.log(`  ${r.c.method} ${r.c.target}  [${r.c.label}]`);
      if (r.c.headers) console.log(`    headers: ${r.c.headers.slice(0, 300)}`);
      if (r.c.bodyBytes) console.log(`    body: ${r.c.bodyBytes} bytes`);
      console.log(`    → ${r.a.status ?? "no status"}${r.a.error ? ` (${r.a.error})` : ""}${r.a.excerpt ? `: ${r.a.excerpt.replace(/\s+/g, " ").slice(0, 200)}` : ""}`);
    }
  }
}

// What the server said about its errors (stack traces for the 5xx answers above).
const errors = serverErrors(serverLog);
if (errors.length) {
  const ours = errors.filter((e) => e.herald);
  console.log(`\n== errors in Herald's log (distinct, most frequent first; whole log: ${path.relative(process.cwd(), lastLog)}) ==`);
  if (ours.length) console.log(`with a frame in Herald's own code:`);
  for (const e of ours) console.log(`  ${String(e.count).padStart(5)} × ${e.text}`);
  console.log(`${ours.length ? "others" : "all in Next.js or Node.js"}:`);
  for (const e of errors.filter((x) => !x.herald).slice(0, values.verbose ? 80 : 30)) console.log(`  ${String(e.count).padStart(5)} × ${e.text}`);
}

if (timeline.length) {
  console.log(`\n== RSS along the run (MB; by requests done, then seconds of settling) ==`);
  console.log(`  web:    ${timeline.map(([at, w]) => `${at}:${w === undefined ? "?" : Math.round(w / 1024)}`).join(" ")}`);
  console.log(`  worker: ${timeline.map(([at, , k]) => `${at}:${k === undefined ? "?" : Math.round(k / 1024)}`).join(" ")}`);
}

if (checks.length) {
  console.log(`\n== checks ==`);
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
}

const passed = [...groups.values()].length - groupsFailed + checks.length - checksFailed;
const failed = groupsFailed + checksFailed + (setupError ? 1 : 0);
const classes = classCount(results);
console.log(
  `\nfuzz: ${results.length} requests (${Object.entries(classes)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ")}); ${failures.length} failing answers; ${groups.size - groupsFailed} of ${groups.size} groups and ${checks.length - checksFailed} of ${checks.length} checks passed (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s)` +
    (setupError ? " — SETUP FAILED" : ""),
);
if (values.json) {
  fs.writeFileSync(
    values.json,
    JSON.stringify(
      {
        passed,
        failed,
        requests: results.length,
        seed,
        classes,
        checks,
        rss,
        timeline,
        failures: failures.slice(0, 2000).map((r) => ({ group: r.c.group, label: r.c.label, method: r.c.method, target: r.c.target, headers: r.c.headers, bodyBytes: r.c.bodyBytes, verdict: r.verdict, status: r.a.status, error: r.a.error, excerpt: r.a.excerpt.slice(0, 300) })),
        setupError: setupError?.message,
      },
      null,
      2,
    ),
  );
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------

function failuresOf(list: Result[]): Result[] {
  return list.filter((r) => r.verdict !== "ok");
}

function within(r: Rss): boolean {
  return r.baseline !== undefined && r.after !== undefined && r.after <= r.baseline * (1 + RSS_TOLERANCE);
}

function mb(kb: number | undefined): string {
  return kb === undefined ? "?" : `${(kb / 1024).toFixed(1)} MB`;
}

function pct(r: Rss): string {
  if (r.baseline === undefined || r.after === undefined) return "?";
  const p = ((r.after - r.baseline) / r.baseline) * 100;
  return `${p >= 0 ? "+" : ""}${p.toFixed(1)} %`;
}

function classOf(r: Result): string {
  return r.a.status === undefined ? "none" : `${Math.floor(r.a.status / 100)}xx`;
}

function classCount(list: Result[]): Record<string, number> {
  const out: Record<string, number> = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, none: 0 };
  for (const r of list) out[classOf(r)] = (out[classOf(r)] ?? 0) + 1;
  if (!out["1xx"]) delete out["1xx"];
  return out;
}

function printTable(title: string, rows: (readonly [string, Result[]])[]): void {
  const cols = ["2xx", "3xx", "4xx", "5xx", "none"];
  const width = Math.max(title.length, ...rows.map(([n]) => n.length));
  console.log(`${title.padEnd(width)}  ${"sent".padStart(6)}  ${cols.map((c) => c.padStart(6)).join("  ")}  failing`);
  for (const [name, list] of rows) {
    if (!list.length) continue;
    const c = classCount(list);
    console.log(`${name.padEnd(width)}  ${String(list.length).padStart(6)}  ${cols.map((k) => String(c[k] ?? 0).padStart(6)).join("  ")}  ${failuresOf(list).length || ""}`);
  }
}

/** Stratified sample: every group keeps its first (mildest) case; the rest drawn evenly across groups. */
function sample(list: Case[], n: number, rng: () => number): Case[] {
  const byGroup = new Map<string, Case[]>();
  for (const c of list) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  const pools = [...byGroup.values()].map(([first, ...rest]) => [first!, ...shuffle(rest, rng)]);
  const out: Case[] = [];
  for (let round = 0; out.length < n && pools.some((p) => p.length > round); round++) {
    for (const p of pools) if (p[round] && out.length < n) out.push(p[round]!);
  }
  return out;
}

function shuffle<T>(list: T[], rng: () => number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Distinct errors in the server's log: Next's "⨯" lines and other error lines, each with its
 * first stack frames; `herald` when a frame is in the app's own code.
 */
function serverErrors(text: string): { text: string; count: number; herald: boolean }[] {
  const lines = text.split("\n");
  const counts = new Map<string, { count: number; herald: boolean }>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!/^\s*⨯|uncaught|unhandled|Error:|Error \[/i.test(l) || /^\s+at /.test(l)) continue;
    // Its frames: the "at" lines that follow (after a "Read more" line or so), up to the next entry.
    const frames: string[] = [];
    for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
      const x = lines[j]!;
      if (/^\s+at /.test(x)) frames.push(x.trim());
      else if (frames.length || /^\s*⨯|Error/.test(x)) break;
    }
    // Herald's when the error was thrown in its code (Next's own errors start in ignore-listed frames).
    const herald = frames.length > 0 && /[(\s](app|lib|components|scripts)\//.test(frames[0]!);
    const shown = frames.slice(0, 3).join(" ← ");
    const key = `${l.trim().slice(0, 220)}${shown ? `  (${shown.slice(0, 300)})` : ""}`;
    const e = counts.get(key) ?? { count: 0, herald };
    e.count++;
    counts.set(key, e);
  }
  return [...counts].map(([t, e]) => ({ text: t, ...e })).sort((a, b) => b.count - a.count);
}

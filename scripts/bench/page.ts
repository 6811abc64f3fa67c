// The public page while the notifier works: a web process (scripts/web.ts) on the bench's
// database, and its latency under a steady stream of visitors, measured idle and during the
// fan-out. The issue's goal: the page's p99 at most doubles.
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import autocannon from "autocannon";
import { freePort } from "../support/runs";

/** Visitors' requests a second: a busy status page during an incident, on one small machine. */
export const PAGE_RATE = 200;

export type PageLatency = { rps: number; p50: number; p99: number; errors: number };

export type WebProcess = { url: string; stop: () => Promise<void>; /** The web process's pid (for its RSS and CPU). */ pid: number };

export async function startWeb(databaseUrl: string, logFile: string, opts: { env?: Record<string, string> } = {}): Promise<WebProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", HERALD_PUBLIC_URL: url, HERALD_SKIP_MIGRATE: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    log.end();
  };
  // The first start may build the app (a minute or two).
  const end = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web process exited (code ${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`the web process did not answer in 5 minutes; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop, pid: child.pid! };
}

/**
 * A steady stream of visitors, not a flood: `rate` requests a second over `connections`, for
 * `seconds`, gzip accepted. (A flood measures how the machine's cores are shared, not whether
 * the page stays responsive; bench:public measures the flood.) The load runs in a process of its
 * own, started once (before the bench process lowers its own priority; see bench-fanout.ts): the
 * bench process also runs the busy SMTP and webhook sinks, whose work would show up as latency.
 */
export type PageLoad = { measure(seconds: number): Promise<PageLatency>; stop(): void };

export function startPageLoad(url: string, rate = PAGE_RATE, connections = 10): PageLoad {
  const child = fork(import.meta.filename, [JSON.stringify({ url, rate, connections })], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let pending: { resolve: (r: PageLatency) => void; reject: (e: Error) => void } | undefined;
  child.on("message", (m: { result?: PageLatency; error?: string }) => {
    const p = pending;
    pending = undefined;
    if (m.result) p?.resolve(m.result);
    else p?.reject(new Error(m.error ?? "the page load failed"));
  });
  child.once("exit", (code) => pending?.reject(new Error(`the page load process exited with ${code}`)));
  return {
    measure(seconds) {
      if (pending) return Promise.reject(new Error("one page measurement at a time"));
      return new Promise<PageLatency>((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ seconds });
      });
    },
    stop() {
      child.kill();
    },
  };
}

// Run as the load process: measures on request, answers over IPC.
if (process.argv[1] === import.meta.filename && process.argv[2] && process.send) {
  const o = JSON.parse(process.argv[2]) as { url: string; rate: number; connections: number };
  process.on("message", (m: { seconds: number }) => {
    const started = Date.now();
    const slow: string[] = [];
    const instance = autocannon(
      { url: o.url, connections: o.connections, overallRate: o.rate, duration: m.seconds, headers: { "accept-encoding": "gzip, deflate, br" } },
      (err, r) => {
        if (err) return process.send!({ error: err.message });
        // Where in the window the slow answers were (BENCH_PAGE_DEBUG=1): after the write 1 s in, or later.
        if (process.env.BENCH_PAGE_DEBUG) {
          const late = slow.filter((x) => Number(x.split(":")[0]) > 2_000);
          console.error(`[page] answers over 15 ms (ms into the window:latency): ${slow.length} in all, ${late.length} after 2 s: ${slow.slice(0, 30).join(", ")}${late.length ? ` … late: ${late.slice(0, 30).join(", ")}` : ""}`);
        }
        const result: PageLatency = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
        process.send!({ result });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
      if (ms > 15) slow.push(`${Date.now() - started}:${Math.round(ms)}`);
    });
  });
}

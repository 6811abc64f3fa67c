// The public page while the notifier works: a web process (scripts/web.ts) on the bench's
// database, and its latency under a steady stream of visitors, measured idle and during the
// fan-out. The goal: the page's p99 at most doubles.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import autocannon from "autocannon";

/** Visitors' requests a second: a busy status page during an incident, on one small machine. */
export const PAGE_RATE = 200;

export type PageLatency = { rps: number; p50: number; p99: number; errors: number };

export type WebProcess = { url: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startWeb(databaseUrl: string, logFile: string): Promise<WebProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", HERALD_PUBLIC_URL: url, HERALD_SKIP_MIGRATE: "1" },
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
  return { url, stop };
}

/**
 * A steady stream of visitors, not a flood: `rate` requests a second over `connections`, for
 * `seconds`, gzip accepted. (A flood measures how the machine's cores are shared, not whether
 * the page stays responsive; bench:public measures the flood.) The load runs in a process of its
 * own: the bench process also runs the busy SMTP sink, whose work would show up as page latency.
 */
export function measurePage(url: string, seconds: number, rate = PAGE_RATE, connections = 10): Promise<PageLatency> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, JSON.stringify({ url, seconds, rate, connections })], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`the page load process exited with ${code}`));
      try {
        resolve(JSON.parse(out) as PageLatency);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

// Run as a script: the load itself, its result as JSON on stdout.
if (process.argv[1] === import.meta.filename && process.argv[2]) {
  const o = JSON.parse(process.argv[2]) as { url: string; seconds: number; rate: number; connections: number };
  autocannon(
    { url: o.url, connections: o.connections, overallRate: o.rate, duration: o.seconds, headers: { "accept-encoding": "gzip, deflate, br" } },
    (err, r) => {
      if (err) {
        console.error(err);
        process.exit(1);
      }
      const result: PageLatency = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
      process.stdout.write(JSON.stringify(result));
      process.exit(0);
    },
  );
}

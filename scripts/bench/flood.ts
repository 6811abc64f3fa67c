// A flood of visitors (autocannon, no rate limit: as many requests as the connections get answered),
// on several endpoints at once, from a process of its own (as page.ts's steady load is), so the
// bench process stays free to time other things. Each target is one autocannon instance whose
// connections are spread round-robin over its URLs (e.g. one endpoint on two web processes).
//   const flood = startFlood({ "accept-encoding": "gzip, deflate, br, zstd" });
//   const results = await flood.run([{ name: "/", urls: [a, b], connections: 100 }], 60); flood.stop();
import { fork } from "node:child_process";
import autocannon from "autocannon";

export type FloodTarget = { name: string; urls: string[]; connections: number };
export type FloodResult = {
  name: string;
  /** Requests a second (autocannon's per-second average) and latency of 2xx answers, ms. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Socket errors other than timeouts; requests with no answer in `timeoutS`; answers not 2xx. */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Bytes a second of 2xx answers (as sent: compressed when they were). */
  bytesPerSec: number;
};
export type Flood = { pid: number; run: (targets: FloodTarget[], seconds: number) => Promise<FloodResult[]>; stop: () => void };

type RunRequest = { targets: FloodTarget[]; seconds: number };
type RunReply = { results?: FloodResult[]; error?: string };

/** `timeoutS`: autocannon's per-request timeout (a request unanswered this long counts as a timeout). */
export function startFlood(headers: Record<string, string>, timeoutS = 10): Flood {
  const child = fork(import.meta.filename, [JSON.stringify({ headers, timeoutS })], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const killOnExit = () => void (child.exitCode === null && child.kill("SIGKILL"));
  process.on("exit", killOnExit);
  let pending: { resolve: (r: FloodResult[]) => void; reject: (e: Error) => void } | undefined;
  child.on("message", (m: RunReply) => {
    const p = pending;
    pending = undefined;
    if (m.results) p?.resolve(m.results);
    else p?.reject(new Error(m.error ?? "the flood failed"));
  });
  child.once("exit", (code) => pending?.reject(new Error(`the flood process exited with ${code}`)));
  return {
    pid: child.pid!,
    run(targets, seconds) {
      if (pending) return Promise.reject(new Error("one flood at a time"));
      return new Promise<FloodResult[]>((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ targets, seconds } satisfies RunRequest);
      });
    },
    stop() {
      process.off("exit", killOnExit);
      child.kill();
    },
  };
}

function one(target: FloodTarget, seconds: number, headers: Record<string, string>, timeoutS: number): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    // autocannon spreads the connections over an array of URLs (its types say one string).
    autocannon({ url: target.urls as unknown as string, connections: target.connections, duration: seconds, pipelining: 1, timeout: timeoutS, headers }, (err, r) => {
      if (err) return reject(err);
      const statusCodes: Record<string, number> = {};
      for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = (s as { count: number }).count;
      resolve({
        name: target.name,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        requests: r.requests.total,
        errors: r.errors - r.timeouts,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        statusCodes,
        bytesPerSec: r.throughput.average,
      });
    });
  });
}

// Run as the flood process.
if (process.argv[1] === import.meta.filename && process.argv[2] && process.send) {
  const o = JSON.parse(process.argv[2]) as { headers: Record<string, string>; timeoutS: number };
  process.on("message", (m: RunRequest) => {
    Promise.all(m.targets.map((t) => one(t, m.seconds, o.headers, o.timeoutS))).then(
      (results) => process.send!({ results } satisfies RunReply),
      (e: Error) => process.send!({ error: e.message } satisfies RunReply),
    );
  });
  process.on("disconnect", () => process.exit(0));
}

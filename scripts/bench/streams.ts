// Open live-update streams (GET /events, server-sent events) as browsers hold them, many at once,
// in a process of their own (a process has 20,000 file descriptors here; the bench holds none of
// them). Each stream comes from a loopback address of its own block (127.B.x.y: Linux routes all
// of 127.0.0.0/8 to lo), at most `perAddress` per address, so a server's per-address cap is not
// what is measured. The holder notes when each stream first saw each `stamp` (the fingerprint of
// what the page shows, sent in `hello` and every `change`), in Date.now() milliseconds.
//   const h = startStreamHolder({ url, streams: 5000, perAddress: 40, addressBlock: 10 });
//   await h.open(); … await h.receipts([{ stamp }]); await h.stats(); h.stop();
import { fork } from "node:child_process";
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

export type StreamHolderOptions = {
  /** The web process's origin, e.g. http://127.0.0.1:3000. */
  url: string;
  streams: number;
  /** Streams per source address (at most). */
  perAddress: number;
  /** B in 127.B.x.y: one block per holder. */
  addressBlock: number;
  /** Streams being opened at once. */
  openConcurrency?: number;
  /** A stream that has not said hello this long after it was asked for counts as a timeout. */
  helloTimeoutMs?: number;
};

export type OpenReport = {
  wanted: number;
  opened: number;
  addresses: number;
  ms: number;
  /** Answers other than 200, by status. */
  refused: Record<string, number>;
  /** Connection errors and closes before hello, by code or message. */
  errors: Record<string, number>;
  helloTimeouts: number;
  /** The stamp of the first hello (what the page showed then). */
  stamp?: string;
};

export type StreamStats = {
  opened: number;
  /** Still open now. */
  open: number;
  /** Opened, then ended or broke (by the server, or an error). */
  dropped: number;
  dropErrors: Record<string, number>;
  /** Events received, by kind (hello, page, tick, metrics, …), and keep-alive comments. */
  events: Record<string, number>;
  keepAlives: number;
  /** Changes, by kind, whose stamp was the one the stream already had (nothing it shows changed). */
  sameStamp: Record<string, number>;
  /** When this process's event loop stalled 200 ms or more since the last resetLag(): [Date.now() at the end, ms], the longest 10. */
  stalls: [number, number][];
  /** This process's event-loop delay since the last resetLag(), ms: its own share of a receipt's time. */
  lagP50: number;
  lagP99: number;
  lagMax: number;
};

/** What to look for in each stream: the first event carrying `stamp`, or else the first `page` change at or after `after`. */
export type ReceiptQuery = { stamp?: string; after?: number };

export type StreamHolder = {
  pid: number;
  open: () => Promise<OpenReport>;
  /** Per query, per opened stream: when it first got it (Date.now()), or null. */
  receipts: (queries: ReceiptQuery[]) => Promise<(number | null)[][]>;
  stats: () => Promise<StreamStats>;
  resetLag: () => Promise<void>;
  stop: () => void;
};

type Ask = { type: "open" } | { type: "receipts"; queries: ReceiptQuery[] } | { type: "stats" } | { type: "resetLag" };
type Request = { id: number } & Ask;
type Reply = { id: number; result?: unknown; error?: string };

export function startStreamHolder(opts: StreamHolderOptions): StreamHolder {
  const child = fork(import.meta.filename, [JSON.stringify(opts)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const killOnExit = () => void (child.exitCode === null && child.kill("SIGKILL"));
  process.on("exit", killOnExit);
  let next = 0;
  const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (m: Reply) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.result);
  });
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `the stream holder for ${opts.url} exited (${signal ?? `code ${code}`})`;
    for (const w of waiting.values()) w.reject(new Error(exited));
    waiting.clear();
  });
  child.on("error", (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  const ask = <T>(r: Ask): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(exited));
      const id = ++next;
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      child.send({ ...r, id } satisfies Request, (e) => {
        if (e) {
          waiting.delete(id);
          reject(e);
        }
      });
    });
  return {
    pid: child.pid!,
    open: () => ask<OpenReport>({ type: "open" }),
    receipts: (queries) => ask<(number | null)[][]>({ type: "receipts", queries }),
    stats: () => ask<StreamStats>({ type: "stats" }),
    resetLag: () => ask<void>({ type: "resetLag" }),
    stop: () => {
      process.off("exit", killOnExit);
      child.kill();
    },
  };
}

/** One stream's hello (what the page shows now, on a fresh connection): its parsed data. */
export function helloOf(url: string, timeoutMs = 10_000): Promise<{ version?: number; status?: string; stamp?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/events`, { headers: { accept: "text/event-stream" }, agent: false, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        req.destroy();
        return reject(new Error(`/events answered ${res.statusCode}`));
      }
      res.setEncoding("utf8");
      let buf = "";
      res.on("data", (chunk: string) => {
        buf += chunk;
        const m = /event: hello\ndata: (.*)\n\n/.exec(buf);
        if (m) {
          req.destroy();
          try {
            resolve(JSON.parse(m[1]!) as { version?: number; status?: string; stamp?: string });
          } catch (e) {
            reject(e as Error);
          }
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("no hello in time")));
    req.on("error", reject);
  });
}

/** The i-th address of block B: 127.B.0.1, 127.B.0.2, … 127.B.0.254, 127.B.1.1, … */
export function blockAddress(block: number, i: number): string {
  return `127.${block}.${Math.floor(i / 254)}.${(i % 254) + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Run as the holder process.

type Held = {
  req: http.ClientRequest;
  /** [Date.now(), kind, stamp] of every hello and change. */
  events: [number, string, string | undefined][];
  firstSeen: Map<string, number>;
  open: boolean;
};

async function hold(o: StreamHolderOptions): Promise<void> {
  const target = new URL(o.url);
  const concurrency = o.openConcurrency ?? 100;
  const helloTimeoutMs = o.helloTimeoutMs ?? 10_000;
  const addresses = Math.max(1, Math.ceil(o.streams / Math.max(1, o.perAddress)));
  const held: Held[] = [];
  const stats: StreamStats = { opened: 0, open: 0, dropped: 0, dropErrors: {}, events: {}, keepAlives: 0, sameStamp: {}, stalls: [], lagP50: 0, lagP99: 0, lagMax: 0 };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // Stalls, with when they ended: a tick every 50 ms that comes 200 ms or more late.
  let lastTick = Date.now();
  setInterval(() => {
    const now = Date.now();
    const late = now - lastTick - 50;
    lastTick = now;
    if (late >= 200) {
      stats.stalls.push([now, late]);
      stats.stalls.sort((a, b) => b[1] - a[1]);
      stats.stalls.length = Math.min(stats.stalls.length, 10);
    }
  }, 50);
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

  /** Resolves when the stream said hello (true) or failed (false, counted in `report`). */
  function openOne(i: number, report: OpenReport): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ok);
      };
      const h: Held = { req: undefined as unknown as http.ClientRequest, events: [], firstSeen: new Map(), open: false };
      const req = http.request({
        hostname: target.hostname,
        port: target.port,
        path: "/events",
        localAddress: blockAddress(o.addressBlock, i % addresses),
        agent: false,
        headers: {
          // What a browser's EventSource sends.
          accept: "text/event-stream",
          "cache-control": "no-cache",
          "accept-encoding": "gzip, deflate, br, zstd",
          "user-agent": "herald-bench-streams/1",
        },
      });
      h.req = req;
      const timer = setTimeout(() => {
        if (!settled) {
          report.helloTimeouts++;
          settle(false);
          req.destroy();
        }
      }, helloTimeoutMs);
      const drop = (why: string) => {
        if (!settled) {
          bump(report.errors, `${why} before hello`);
          settle(false);
        } else if (h.open) {
          h.open = false;
          stats.open--;
          stats.dropped++;
          bump(stats.dropErrors, why);
        }
      };
      req.on("error", (e: NodeJS.ErrnoException) => drop(e.code ?? e.message));
      req.on("response", (res) => {
        if (res.statusCode !== 200 || res.headers["content-encoding"]) {
          bump(report.refused, res.headers["content-encoding"] ? `200 ${res.headers["content-encoding"]}` : String(res.statusCode));
          res.resume();
          settle(false);
          req.destroy();
          return;
        }
        res.setEncoding("utf8");
        let buf = "";
        res.on("data", (chunk: string) => {
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let event = "message";
            let data = "";
            let comment = false;
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) comment = true;
              else if (line.startsWith("event:")) event = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            if (comment && !data) {
              stats.keepAlives++;
              continue;
            }
            if (event !== "hello" && event !== "change") {
              bump(stats.events, event);
              continue;
            }
            const now = Date.now();
            let parsed: { kind?: string; stamp?: string } = {};
            try {
              parsed = JSON.parse(data) as typeof parsed;
            } catch {
              bump(stats.events, `${event} (unparsable)`);
            }
            const kind = event === "hello" ? "hello" : (parsed.kind ?? "change");
            bump(stats.events, kind);
            const last = h.events[h.events.length - 1];
            if (last && parsed.stamp !== undefined && last[2] === parsed.stamp) bump(stats.sameStamp, kind);
            // Metrics changes say nothing about the page's content: only their count is kept.
            if (kind !== "metrics" && h.events.length < 1_000) h.events.push([now, kind, parsed.stamp]);
            if (parsed.stamp !== undefined && !h.firstSeen.has(parsed.stamp)) h.firstSeen.set(parsed.stamp, now);
            if (event === "hello" && !settled) {
              report.stamp ??= parsed.stamp;
              h.open = true;
              stats.open++;
              stats.opened++;
              held.push(h);
              settle(true);
            }
          }
        });
        res.on("end", () => drop("ended by the server"));
        res.on("error", (e: NodeJS.ErrnoException) => drop(e.code ?? e.message));
        res.on("close", () => drop("closed"));
      });
      req.end();
    });
  }

  async function openAll(): Promise<OpenReport> {
    const report: OpenReport = { wanted: o.streams, opened: 0, addresses, ms: 0, refused: {}, errors: {}, helloTimeouts: 0 };
    const started = performance.now();
    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, o.streams) }, async () => {
        while (nextIndex < o.streams) if (await openOne(nextIndex++, report)) report.opened++;
      }),
    );
    report.ms = performance.now() - started;
    return report;
  }

  function receipts(queries: ReceiptQuery[]): (number | null)[][] {
    return queries.map((q) =>
      held.map((h) => {
        if (q.stamp !== undefined) return h.firstSeen.get(q.stamp) ?? null;
        const e = h.events.find(([t, kind]) => kind === "page" && t >= (q.after ?? 0));
        return e ? e[0] : null;
      }),
    );
  }

  process.on("message", (m: Request) => {
    const reply = (result: unknown) => process.send!({ id: m.id, result } satisfies Reply);
    try {
      if (m.type === "open") {
        openAll().then(reply, (e: Error) => process.send!({ id: m.id, error: e.message } satisfies Reply));
      } else if (m.type === "receipts") reply(receipts(m.queries));
      else if (m.type === "stats") {
        const ms = (ns: number) => Math.round(ns / 1e5) / 10;
        reply({ ...stats, lagP50: ms(lag.percentile(50)), lagP99: ms(lag.percentile(99)), lagMax: ms(lag.max) } satisfies StreamStats);
      } else if (m.type === "resetLag") {
        lag.reset();
        stats.stalls = [];
        reply(undefined);
      }
    } catch (e) {
      process.send!({ id: m.id, error: (e as Error).message } satisfies Reply);
    }
  });
  process.on("disconnect", () => process.exit(0));
}

if (process.argv[1] === import.meta.filename && process.argv[2] && process.send) {
  void hold(JSON.parse(process.argv[2]) as StreamHolderOptions);
}

// The front: the web process's listening socket, on a thread of its own (front-thread.ts). It
// answers visitors' public GETs from the responses it keeps, and passes everything else, byte for
// byte, to the server behind it on the main thread (Next.js and lib/public/http.ts).
//
// Why a thread: the main thread re-renders the page and rebuilds the snapshot after every write,
// 50–100 ms of JavaScript at a time when a fan-out shares the cores. Every visitor's request
// queued behind that work; on its own event loop the front keeps answering from memory while the
// main thread works (bench:fanout, "page p99").
//
// What it keeps: only responses the main thread marks as reusable (KEEP_HEADER, set where
// lib/public/http.ts itself would answer the same URL from memory), per URL and encoding, tagged
// with the snapshot they were built from. When the main thread announces a newer snapshot, a kept
// response that was current less than STALE_MS ago is still served while one request fetches its
// replacement (one write often brings two snapshots in quick succession); an older one is not
// served at all (a page nobody opened for a while must not show last week's status).
import http from "node:http";
import type { Socket } from "node:net";

/** Response header the main thread sets on reusable public responses: the snapshot's version. */
export const KEEP_HEADER = "x-herald-keep";
/** How many responses the front keeps (URL × encoding); made-up URLs cannot grow it past this. */
const MAX_KEPT = 2_000;
/** How long after its snapshot was replaced a kept response may still be served (CDNs: s-maxage=5). */
export const STALE_MS = 5_000;
/** How long a refresh may take before another request may start one. */
const REFRESH_TIMEOUT_MS = 10_000;
/** Fewest milliseconds between two refreshes of one response (while the main thread renders, its
 * answer is the previous render, not marked reusable: do not ask it again for every visitor). */
const REFRESH_SPACING_MS = 50;

type Kept = { version: number; status: number; headers: [string, string][]; body: Buffer; etag: string | undefined };

export type FrontOptions = {
  /** The server behind the front (the main thread's), e.g. http://127.0.0.1:41234. */
  upstream: string;
  log: (m: string) => void;
};

export type Front = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The newest snapshot's version, announced by the main thread. */
  setVersion: (version: number) => void;
  close: () => void;
};

// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

export function createFront(opts: FrontOptions): Front {
  const target = new URL(opts.upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const kept = new Map<string, Kept>();
  // Per response key: when its refresh started, and whether it is still running.
  const refreshing = new Map<string, { at: number; running: boolean }>();
  // The newest snapshot, and when each earlier one was replaced (the last minute's).
  let version = -1;
  const replacedAt = new Map<number, number>();

  const keyOf = (req: http.IncomingMessage) => `${acceptsGzip(req) ? "gz" : "id"} ${req.url}`;

  function serveKept(req: http.IncomingMessage, res: http.ServerResponse, k: Kept): void {
    if (k.etag && req.headers["if-none-match"] === k.etag) {
      res.writeHead(304, k.headers.filter(([n]) => NOT_MODIFIED_KEEPS.has(n.toLowerCase())));
      res.end();
      return;
    }
    res.writeHead(k.status, k.headers);
    res.end(req.method === "HEAD" ? undefined : k.body);
  }

  /** Forward to the main thread; keep what it marks reusable. `res` null: a background refresh. */
  function forward(req: http.IncomingMessage, res: http.ServerResponse | null, keepAs: string | null): void {
    const headers = forwardHeaders(req);
    if (!res) {
      // A refresh asks for the full response whatever the visitor sent.
      delete headers["if-none-match"];
      delete headers["if-modified-since"];
    }
    const up = http.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (upRes) => {
        const status = upRes.statusCode ?? 502;
        const keepVersion = Number(upRes.headers[KEEP_HEADER]);
        const out = responseHeaders(upRes);
        const keep = keepAs !== null && status === 200 && Number.isInteger(keepVersion) && req.method === "GET";
        if (res) {
          res.writeHead(status, out);
          // Server-sent events and streamed renders must reach the visitor as they come.
          res.flushHeaders();
        }
        const chunks: Buffer[] = [];
        upRes.on("data", (c: Buffer) => {
          if (keep) chunks.push(c);
          res?.write(c);
        });
        upRes.on("end", () => {
          res?.end();
          if (keepAs !== null) done(keepAs);
          if (keep) remember(keepAs, { version: keepVersion, status, headers: out, body: Buffer.concat(chunks), etag: header(out, "etag") });
        });
        upRes.on("error", () => {
          if (keepAs !== null) done(keepAs);
          res?.destroy();
        });
        res?.on("close", () => {
          if (!res.writableFinished) upRes.destroy();
        });
      },
    );
    up.on("error", (e) => {
      if (keepAs !== null) done(keepAs);
      if (!res) return opts.log(`refreshing ${req.url} failed: ${e.message}`);
      if (!res.headersSent) {
        res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("The status page is restarting. Try again in a moment.\n");
      } else res.destroy();
    });
    if (res) {
      res.on("close", () => {
        if (!res.writableFinished) up.destroy();
      });
      req.pipe(up);
    } else up.end();
  }

  function remember(key: string, k: Kept): void {
    if (!kept.has(key) && kept.size >= MAX_KEPT) {
      // Drop the oldest entry (Map keeps insertion order).
      kept.delete(kept.keys().next().value!);
    }
    kept.set(key, k);
  }

  function refresh(req: http.IncomingMessage, key: string): void {
    const r = refreshing.get(key);
    const now = Date.now();
    if (r && now - r.at < (r.running ? REFRESH_TIMEOUT_MS : REFRESH_SPACING_MS)) return;
    refreshing.set(key, { at: now, running: true });
    forward(req, null, key);
  }

  function done(key: string): void {
    const r = refreshing.get(key);
    if (r) r.running = false;
    if (refreshing.size > MAX_KEPT) refreshing.clear();
  }

  /** Whether a kept response may still be served: current, or replaced less than STALE_MS ago. */
  function servable(k: Kept): "fresh" | "stale" | "no" {
    if (k.version >= version) return "fresh";
    const at = replacedAt.get(k.version);
    return at !== undefined && Date.now() - at < STALE_MS ? "stale" : "no";
  }

  return {
    handle(req, res) {
      const method = req.method;
      if ((method === "GET" || method === "HEAD") && req.url) {
        const key = keyOf(req);
        const k = kept.get(key);
        const use = k ? servable(k) : "no";
        if (use === "fresh") return serveKept(req, res, k!);
        if (use === "stale") {
          // Just replaced: serve it, and fetch its replacement once.
          refresh(req, key);
          return serveKept(req, res, k!);
        }
        return forward(req, res, key);
      }
      forward(req, res, null);
    },
    setVersion(v) {
      if (v === version) return;
      const now = Date.now();
      if (version >= 0) replacedAt.set(version, now);
      for (const [old, at] of replacedAt) if (now - at > 60_000) replacedAt.delete(old);
      version = v;
    },
    close() {
      agent.destroy();
      kept.clear();
    },
  };
}

// What a 304 repeats (RFC 9110 §15.4.5): the validators and caching headers.
const NOT_MODIFIED_KEEPS = new Set(["etag", "cache-control", "vary", "access-control-allow-origin"]);

function acceptsGzip(req: http.IncomingMessage): boolean {
  const ae = req.headers["accept-encoding"];
  return ae !== undefined && ae.includes("gzip");
}

function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function forwardHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  // The visitor's address, as a reverse proxy would pass it (app/_lib/request.ts reads it).
  const remote = (req.socket as Socket).remoteAddress;
  if (remote) {
    const prior = req.headers["x-forwarded-for"];
    out["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${remote}` : remote;
  }
  return out;
}

function responseHeaders(upRes: http.IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  const raw = upRes.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === KEEP_HEADER) continue;
    out.push([name, raw[i + 1]!]);
  }
  return out;
}

// The front: the web process's listening socket, on a thread of its own (front-thread.ts). It
// answers visitors' public GETs from the responses it keeps, holds the live-update streams itself,
// and passes everything else, byte for byte, to the server behind it on the main thread (Next.js
// and lib/public/http.ts). Decision 0007 says why it is a thread; decision 0011 why it holds
// the streams and queues what it passes on.
//
// What it keeps: only responses the main thread marks as reusable (KEEP_HEADER), per cache key
// (lib/public/routes.ts: the path, never the visitor's query string) and encoding, tagged with
// the snapshot they were built from. When the main thread announces a newer snapshot, a kept
// response that was current less than STALE_MS ago is still served while one request fetches its
// replacement (never an RSC payload: a page asks for one because it was told of a change); an
// older one is not served at all (a page nobody opened for a while must not show last week's status).
//
// What it passes on waits in one of three lanes (routes.ts laneOf): the dashboard, public reads,
// and forms and callbacks. Each lane has a cap on requests in flight, a bounded
// queue and a deadline for the answer's headers; past any of them the visitor gets 503 with
// Retry-After at once, never a hung connection, and a crowd of readers cannot fill the operator's
// lane. Request bodies are refused past the route's limit before they are read.
import http from "node:http";
import type { Socket } from "node:net";
import { CLIENT_IP_HEADER, clientIp } from "@/lib/http/client-ip";
import { bodyLimit, LANES, laneOf, PUBLIC_BODY_LIMIT, routeKey, routePath, rscKey, type Lane as LaneName } from "@/lib/public/routes";
import { bodyNeedsCheck, refuseByBody, refuseByHead, writeRefusal, type Refusal } from "@/lib/public/request-guard";
import { createStreamHub, type StreamLimits } from "@/lib/public/streams";

/** Response header the main thread sets on reusable public responses: the snapshot's version. */
export const KEEP_HEADER = "x-herald-keep";
/** Request header the front adds so the main thread can tell its requests from anyone else's. */
export const FRONT_HEADER = "x-herald-front";
/** How many responses the front keeps (key × encoding). */
const MAX_KEPT = 2_000;
/** How long after its snapshot was replaced a kept response may still be served (CDNs: s-maxage=5). */
export const STALE_MS = 5_000;
/** How long a refresh may take before another request may start one. */
const REFRESH_TIMEOUT_MS = 10_000;
/** Fewest milliseconds between two refreshes of one response (while the main thread renders, its
 * answer is the previous render, not marked reusable: do not ask it again for every visitor). */
const REFRESH_SPACING_MS = 50;

export type LaneLimits = {
  /** Requests passed on at once. */
  active: number;
  /** Requests waiting for a place; one more is refused. */
  queued: number;
  /** Longest wait for a place. */
  waitMs: number;
  /** Longest wait for the answer's headers once passed on. */
  answerMs: number;
};

/** The main thread is one event loop: more requests in flight only queue inside it. */
export const DEFAULT_LANES: Record<LaneName, LaneLimits> = {
  public: { active: 64, queued: 1_000, waitMs: 10_000, answerMs: 15_000 },
  forms: { active: 32, queued: 500, waitMs: 10_000, answerMs: 30_000 },
  // Imports and exports take longer than a page.
  operator: { active: 32, queued: 200, waitMs: 30_000, answerMs: 120_000 },
};

type Kept = { version: number; status: number; headers: [string, string][]; body: Buffer; etag: string | undefined };

export type FrontOptions = {
  /** The server behind the front (the main thread's), e.g. http://127.0.0.1:41234. */
  upstream: string;
  log: (m: string) => void;
  /** Proves to the main thread that a request came through the front (FRONT_HEADER). */
  secret?: string;
  streams?: StreamLimits;
  /** Reverse-proxy hops to trust for X-Forwarded-For (lib/http/client-ip.ts). */
  trustedHops?: number;
  lanes?: Partial<Record<LaneName, LaneLimits>>;
};

export type Front = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The newest snapshot's version and what a new live-update stream is told; `event`: a change to send to the open ones. */
  setVersion: (version: number, hello?: string, event?: string) => void;
  /** Open live-update streams. */
  streams: () => number;
  close: () => void;
};

// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);
/** Headers only the web process itself may set on what reaches the main thread. */
const OWN_HEADERS = new Set([CLIENT_IP_HEADER, FRONT_HEADER]);

type Lane = { limits: LaneLimits; active: number; queue: Set<Waiter> };
type Waiter = { start: () => void; timer: NodeJS.Timeout };

export function createFront(opts: FrontOptions): Front {
  const target = new URL(opts.upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 128 });
  const kept = new Map<string, Kept>();
  // Per response key: when its refresh started, and whether it is still running.
  const refreshing = new Map<string, { at: number; running: boolean }>();
  // The newest snapshot, and when each earlier one was replaced (the last minute's).
  let version = -1;
  const replacedAt = new Map<number, number>();
  const hub = createStreamHub(opts.streams ?? { maxStreams: 10_000, perIp: 50 });
  const lanes = Object.fromEntries(
    LANES.map((name) => [name, { limits: { ...DEFAULT_LANES[name], ...opts.lanes?.[name] }, active: 0, queue: new Set<Waiter>() } satisfies Lane]),
  ) as Record<LaneName, Lane>;

  const ipOf = (req: http.IncomingMessage) => clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], opts.trustedHops ?? 0);
  const encodingOf = (req: http.IncomingMessage) => (acceptsGzip(req) ? "gz" : "id");

  function serveKept(req: http.IncomingMessage, res: http.ServerResponse, k: Kept): void {
    if (k.etag && req.headers["if-none-match"] === k.etag) {
      res.writeHead(304, k.headers.filter(([n]) => NOT_MODIFIED_KEEPS.has(n.toLowerCase())));
      res.end();
      return;
    }
    res.writeHead(k.status, k.headers);
    res.end(req.method === "HEAD" ? undefined : k.body);
  }

  /** Take a place in the lane and run `start`, or call `refused` (full, or waited too long). */
  function enter(lane: Lane, start: () => void, refused: () => void, gone?: http.ServerResponse): void {
    if (lane.active < lane.limits.active) {
      lane.active++;
      return start();
    }
    if (lane.queue.size >= lane.limits.queued) return refused();
    const w: Waiter = {
      start,
      timer: setTimeout(() => {
        lane.queue.delete(w);
        refused();
      }, lane.limits.waitMs),
    };
    lane.queue.add(w);
    // A visitor who gives up while waiting leaves the queue.
    gone?.once("close", () => {
      if (lane.queue.delete(w)) clearTimeout(w.timer);
    });
  }

  function leave(lane: Lane): void {
    const next = lane.queue.values().next();
    if (next.done) {
      lane.active--;
      return;
    }
    lane.queue.delete(next.value);
    clearTimeout(next.value.timer);
    next.value.start();
  }

  function busy(res: http.ServerResponse, retryAfter: number): void {
    if (res.headersSent || res.destroyed) return void res.destroy();
    writeRefusal(res, { status: 503, message: "The status page is busy. Try again in a few seconds.", headers: { "Retry-After": String(retryAfter) } });
  }


  /** Forward to the main thread; keep what it marks reusable. `res` null: a background refresh. */
  function forward(req: http.IncomingMessage, res: http.ServerResponse | null, keepAs: string | null, ip: string): void {
    const path = routePath(req.url ?? "/");
    const lane = lanes[laneOf(req.method, path)];
    const limit = bodyLimit(path);
    if (res && !bodyFits(req, res, limit)) return;
    if (res && bodyNeedsCheck(req.method, path, req.headers)) {
      // Read (bounded by the limit) and checked before it takes a place in the lane.
      return void readBody(req, limit).then(
        (body) => {
          const refusal = refuseByBody(req.headers, body);
          if (refusal) return refuseWith(req, res, refusal);
          enter(lane, () => send(req, res, keepAs, ip, lane, limit, body), () => busy(res, Math.ceil(lane.limits.waitMs / 1000)), res);
        },
        () => refuseWith(req, res, { status: 413, message: `Request body too large (at most ${limit} bytes here).` }),
      );
    }
    if (!res && lane.active >= lane.limits.active) {
      // A refresh never queues: the stale copy keeps being served and the next visitor tries again.
      if (keepAs !== null) done(keepAs);
      return;
    }
    const refused = () => {
      if (keepAs !== null) done(keepAs);
      if (res) busy(res, Math.ceil(lane.limits.waitMs / 1000));
    };
    enter(lane, () => send(req, res, keepAs, ip, lane, limit), refused, res ?? undefined);
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse | null, keepAs: string | null, ip: string, lane: Lane, limit: number, body?: Buffer): void {
    let left = false;
    const release = () => {
      if (left) return;
      left = true;
      leave(lane);
    };
    // The visitor left while waiting (a request whose body was read is already ended: not a sign).
    if (res?.destroyed) return release();
    const headers = forwardHeaders(req, ip, opts.secret);
    if (!res) {
      // A refresh asks for the full response whatever the visitor sent.
      delete headers["if-none-match"];
      delete headers["if-modified-since"];
    }
    const up = http.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent });
    const deadline = setTimeout(() => {
      up.destroy(new Error(NO_ANSWER));
      release();
      if (keepAs !== null) done(keepAs);
      if (res) busy(res, 5);
    }, lane.limits.answerMs);
    up.on("response", (upRes) => {
      clearTimeout(deadline);
      const status = upRes.statusCode ?? 502;
      const keepVersion = Number(upRes.headers[KEEP_HEADER]);
      const out = responseHeaders(upRes);
      const keep = keepAs !== null && status === 200 && Number.isInteger(keepVersion) && req.method === "GET";
      if (res) {
        res.writeHead(status, out);
        // Streamed renders must reach the visitor as they come.
        res.flushHeaders();
      }
      const chunks: Buffer[] = [];
      upRes.on("data", (c: Buffer) => {
        if (keep) chunks.push(c);
        res?.write(c);
      });
      upRes.on("end", () => {
        release();
        res?.end();
        // Answered before the visitor finished sending: drop the rest, or the connection is reset.
        if (res && !req.complete) {
          req.unpipe(up);
          drain(req);
        }
        if (keepAs !== null) done(keepAs);
        if (keep) remember(keepAs, { version: keepVersion, status, headers: out, body: Buffer.concat(chunks), etag: header(out, "etag") });
      });
      upRes.on("error", () => {
        release();
        if (keepAs !== null) done(keepAs);
        res?.destroy();
      });
      upRes.on("close", release);
    });
    up.on("error", (e) => {
      clearTimeout(deadline);
      release();
      if (keepAs !== null) done(keepAs);
      if (!res) return opts.log(`refreshing ${req.url} failed: ${e.message}`);
      if (!res.headersSent) {
        // Already answered: 503 by the deadline, or 413 by the body's limit.
        if (e.message === NO_ANSWER || e.message === BODY_TOO_LARGE) return;
        writeRefusal(res, { status: 502, message: "The status page is restarting. Try again in a moment.", headers: { "Retry-After": "5" } });
      } else res.destroy();
    });
    if (res) {
      res.on("close", () => {
        if (!res.writableFinished) {
          clearTimeout(deadline);
          up.destroy();
          release();
        }
      });
      if (body) up.end(body);
      else pipeBody(req, up, limit, res);
    } else up.end();
  }

  function remember(key: string, k: Kept): void {
    // Re-inserted at the end: the oldest written entry goes first when the map is full.
    kept.delete(key);
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, k);
  }

  function refresh(req: http.IncomingMessage, key: string, ip: string): void {
    const r = refreshing.get(key);
    const now = Date.now();
    if (r && now - r.at < (r.running ? REFRESH_TIMEOUT_MS : REFRESH_SPACING_MS)) return;
    refreshing.set(key, { at: now, running: true });
    forward(req, null, key, ip);
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
      if (!admit(req, res, opts.trustedHops ?? 0)) return;
      const method = req.method;
      const url = req.url ?? "/";
      if (method === "GET" || method === "HEAD") {
        if (routePath(url) === "/events" && method === "GET") return hub.open(req, res, ipOf(req));
        const rsc = rscKey(url, req.headers);
        const cacheKey = rsc ?? (req.headers["rsc"] === undefined ? routeKey(url) : null);
        if (cacheKey !== null) {
          const key = `${encodingOf(req)} ${cacheKey}`;
          const k = kept.get(key);
          const use = k ? servable(k) : "no";
          if (use === "fresh") return serveKept(req, res, k!);
          // Never a replaced RSC payload: a page asks for one because it was told of a change.
          if (use === "stale" && rsc === null) {
            // Just replaced: serve it, and fetch its replacement once.
            refresh(req, key, ipOf(req));
            return serveKept(req, res, k!);
          }
          return forward(req, res, key, ipOf(req));
        }
      }
      forward(req, res, null, ipOf(req));
    },
    setVersion(v, hello, event) {
      if (hello !== undefined) hub.setHello(hello);
      if (event !== undefined) hub.broadcast(event);
      if (v === version) return;
      const now = Date.now();
      if (version >= 0) replacedAt.set(version, now);
      for (const [old, at] of replacedAt) if (now - at > 60_000) replacedAt.delete(old);
      version = v;
    },
    streams: () => hub.count(),
    close() {
      hub.closeAll();
      for (const lane of Object.values(lanes)) for (const w of lane.queue) clearTimeout(w.timer);
      agent.destroy();
      kept.clear();
    },
  };
}

/**
 * Whether a request may go on: its headers pass the checks (request-guard.ts), and the
 * X-Forwarded-Host/-Proto a visitor sent are dropped unless a proxy in front is trusted to set them.
 */
export function admit(req: http.IncomingMessage, res: http.ServerResponse, trustedHops: number): boolean {
  if (trustedHops === 0) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const refusal = refuseByHead(req.method, req.url, req.headers);
  if (refusal) refuseWith(req, res, refusal);
  return refusal === null;
}

/**
 * Whether the request's body may be read: refused with 413 when its declared length is over
 * `limit`, and with 411 when a route anyone may call gets a body of undeclared length.
 */
export function bodyFits(req: http.IncomingMessage, res: http.ServerResponse, limit: number): boolean {
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared !== undefined && Number(declared) > limit) {
    refuseWith(req, res, { status: 413, message: `Request body too large (at most ${limit} bytes here).` });
    return false;
  }
  if (chunked && declared === undefined && limit <= PUBLIC_BODY_LIMIT) {
    refuseWith(req, res, { status: 411, message: "A request body here needs a Content-Length." });
    return false;
  }
  return true;
}

/** What a refused request's body may still send before the connection is cut. */
const DRAIN_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Answer a refusal. A body of declared length (up to DRAIN_BYTES) is read and dropped first and
 * the answer follows it: a connection closed with unread data is reset, and a client still
 * sending would see a broken pipe instead of the answer. Any other body is answered at once and
 * drained behind the answer (up to DRAIN_BYTES and DRAIN_MS).
 */
export function refuseWith(req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal): void {
  const answer = () => writeRefusal(res, refusal);
  const declared = Number(req.headers["content-length"]);
  if (!req.complete && declared > 0 && declared <= DRAIN_BYTES) {
    req.once("end", answer);
    req.once("close", answer);
    drain(req);
    return;
  }
  answer();
  drain(req);
}

/** Read and drop what is left of a request's body (up to DRAIN_BYTES and DRAIN_MS), so its answer arrives. */
function drain(req: http.IncomingMessage): void {
  if (req.complete) return;
  let seen = 0;
  // A body still arriving after DRAIN_MS is cut off.
  const timer = setTimeout(() => req.destroy(), DRAIN_MS);
  timer.unref();
  req.on("data", (c: Buffer) => {
    seen += c.length;
    if (seen > DRAIN_BYTES) req.destroy();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/** The whole body, or a rejection once more than `limit` bytes arrive. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const onData = (c: Buffer) => {
      seen += c.length;
      if (seen > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        reject(new Error("too large"));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", reject);
  });
}

const BODY_TOO_LARGE = "body too large";
const NO_ANSWER = "no answer in time";

/** Copy the visitor's body upstream, stopping (413) if more arrives than `limit`. */
function pipeBody(req: http.IncomingMessage, up: http.ClientRequest, limit: number, res: http.ServerResponse): void {
  let seen = 0;
  let cut = false;
  req.on("data", (c: Buffer) => {
    seen += c.length;
    if (seen > limit && !cut) {
      cut = true;
      req.unpipe(up);
      up.destroy(new Error(BODY_TOO_LARGE));
      if (!res.headersSent) refuseWith(req, res, { status: 413, message: `Request body too large (at most ${limit} bytes here).` });
      else {
        res.destroy();
        req.destroy();
      }
    }
  });
  req.pipe(up);
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

function forwardHeaders(req: http.IncomingMessage, ip: string, secret: string | undefined): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || OWN_HEADERS.has(name)) continue;
    out[name] = value;
  }
  // The chain a reverse proxy would pass on; the decided client address beside it.
  const remote = (req.socket as Socket).remoteAddress;
  if (remote) {
    const prior = req.headers["x-forwarded-for"];
    out["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${remote}` : remote;
  }
  out[CLIENT_IP_HEADER] = ip;
  if (secret) out[FRONT_HEADER] = secret;
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

// The public read path, in front of Next.js. Status pages are read by crowds exactly when things
// break, so every public GET/HEAD is answered from memory: JSON, feeds and badges straight from the
// snapshot (computed once per snapshot), and the HTML pages from one render per snapshot that
// Next.js produced for an internal request. Visitors' query strings, headers and cookies never
// reach the renderer or the database. Anything else (the dashboard, forms, server actions, Next's
// own assets and RSC requests) goes to Next.js.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { contentStamp, currentPublicSnapshot, forget, getPublicSnapshot, memo, onPublicChange } from "@/lib/public/cache";
import { KEEP_HEADER } from "@/lib/public/front";
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { pageStatus } from "@/lib/public/view";

export type PublicDocument = { status: number; contentType: string; body: string };

export type PublicHttpOptions = {
  /** Next.js's request handler. */
  next: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Where this process's own server answers (for the one internal render per snapshot). */
  selfOrigin: string;
  documents: (snapshot: PublicSnapshot, pathname: string) => PublicDocument | null;
  metricsDocument?: (pathname: string) => Promise<PublicDocument | null>;
  log: (m: string) => void;
  /**
   * Mark responses a front (lib/public/front.ts) may keep and serve again until the snapshot
   * changes: the ones this handler itself answers from its fast lane.
   */
  markReusable?: boolean;
};

/** A response kept in memory: the bytes, their gzip, the validators, and ready-made headers. */
type Entry = {
  status: number;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  /** Flat [name, value, …] arrays, built once: the hot path only picks one. */
  plain: string[];
  gzipped: string[] | null;
  notModified: string[];
};

export const INTERNAL_HEADER = "x-herald-internal-render";
const HISTORY_PAGES_CACHED = 50;

// Browsers revalidate every time (a cheap 304); a CDN may keep a copy for 5 s and serve it while
// the origin is down. Status must be fresh, so nothing is cached for long.
const CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400";

function entryOf(status: number, contentType: string, body: Buffer, cors: boolean): Entry {
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const gzip = body.length > 1024 && /json|xml|html|javascript|svg|calendar|text/.test(contentType) ? gzipSync(body, { level: 9 }) : null;
  const common = ["ETag", etag, "Cache-Control", CACHE_CONTROL, "Vary", "Accept-Encoding", ...(cors ? ["Access-Control-Allow-Origin", "*"] : [])];
  return {
    status,
    body,
    gzip,
    etag,
    plain: ["Content-Type", contentType, "X-Content-Type-Options", "nosniff", ...common, "Content-Length", String(body.length)],
    gzipped: gzip
      ? ["Content-Type", contentType, "X-Content-Type-Options", "nosniff", ...common, "Content-Encoding", "gzip", "Content-Length", String(gzip.length)]
      : null,
    notModified: common,
  };
}

/** `keep`: the snapshot version to mark the response reusable with (see markReusable). */
function send(req: IncomingMessage, res: ServerResponse, e: Entry, keep?: number): void {
  if (e.status === 200 && req.headers["if-none-match"] === e.etag) {
    res.writeHead(304, e.notModified);
    res.end();
    return;
  }
  const ae = req.headers["accept-encoding"];
  const gzip = e.gzipped !== null && ae !== undefined && ae.includes("gzip");
  const headers = gzip ? e.gzipped! : e.plain;
  res.writeHead(e.status, keep === undefined ? headers : [...headers, KEEP_HEADER, String(keep)]);
  res.end(req.method === "HEAD" ? undefined : gzip ? e.gzip! : e.body);
}

/** Which cached HTML render a path maps to, or null when it is not a cached page. */
export function htmlKey(snapshot: PublicSnapshot, url: URL): string | null {
  const p = url.pathname.replace(/\/+$/, "") || "/";
  if (p === "/") return "/";
  if (p === "/history") {
    const n = Number(url.searchParams.get("page") ?? "1");
    // Only real page numbers get a render of their own; anything else is page 1.
    return Number.isInteger(n) && n > 1 && n <= HISTORY_PAGES_CACHED ? `/history?page=${n}` : "/history";
  }
  const m = /^\/incidents\/([a-z0-9]{1,40})$/.exec(p);
  if (m) return snapshot.incidents.some((i) => i.id === m[1]) ? `/incidents/${m[1]}` : "/incidents/__unknown__";
  return null;
}

export function createPublicHandler(opts: PublicHttpOptions) {
  const secret = randomBytes(18).toString("base64url");
  const streams = new Set<ServerResponse>();

  async function render(key: string): Promise<Entry> {
    const r = await fetch(`${opts.selfOrigin}${key}`, { headers: { [INTERNAL_HEADER]: secret }, redirect: "manual" });
    const body = Buffer.from(await r.arrayBuffer());
    if (r.status >= 500) throw new Error(`render answered ${r.status}`);
    return entryOf(r.status, r.headers.get("content-type") ?? "text/html; charset=utf-8", body, false);
  }

  // The newest finished render of each page, whatever its snapshot: while the render for a new
  // snapshot runs (tens of ms, longer when a fan-out is busy on the same machine), visitors get
  // this one at once instead of queueing behind the render. It is at most one change behind, and
  // the page's live updates fetch the change themselves.
  const finished = new Map<string, { version: number; entry: Entry }>();

  function htmlEntry(snapshot: PublicSnapshot, key: string): Promise<Entry> {
    // Single flight: concurrent visitors of a new snapshot share one render (keyed per handler:
    // each keeps its own finished renders).
    const p = memo(snapshot, `html:${secret}:${key}`, () =>
      render(key).then((entry) => {
        const last = finished.get(key);
        if ((!last || last.version <= snapshot.version) && (last || finished.size < 1_000)) finished.set(key, { version: snapshot.version, entry });
        return entry;
      }),
    );
    // A failed render is not kept: the next request tries again.
    p.catch(() => forget(snapshot, `html:${secret}:${key}`));
    return p;
  }

  /** The render for this snapshot if it is done, else the newest earlier one while it is made. */
  async function htmlEntryNow(snapshot: PublicSnapshot, key: string): Promise<Entry> {
    const p = htmlEntry(snapshot, key);
    const last = finished.get(key);
    if (!last || last.version === snapshot.version) return p;
    return Promise.race([p, new Promise<Entry>((resolve) => setImmediate(() => resolve(last.entry)))]);
  }

  function broadcast(snapshot: PublicSnapshot | null, kind: string): void {
    if (!snapshot) return;
    const data = JSON.stringify({ version: snapshot.version, kind, status: pageStatus(snapshot), stamp: contentStamp(snapshot) });
    for (const res of streams) res.write(`event: change\ndata: ${data}\n\n`);
  }

  onPublicChange((kind, snapshot) => {
    broadcast(snapshot, kind);
    // Render the front page for the new snapshot right away, before the crowd asks for it.
    if (kind !== "metrics" && snapshot) void htmlEntry(snapshot, "/").catch((e: Error) => opts.log(`pre-render failed: ${e.message}`));
  });
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(": keep-alive\n\n");
  }, 25_000);
  keepAlive.unref();

  function events(req: IncomingMessage, res: ServerResponse, snapshot: PublicSnapshot): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ version: snapshot.version, status: pageStatus(snapshot), stamp: contentStamp(snapshot) })}\n\n`);
    streams.add(res);
    req.on("close", () => streams.delete(res));
  }

  const errorEntries = new Map<string, Entry>();
  function errorEntry(doc: PublicDocument): Entry {
    const key = `${doc.status}\n${doc.contentType}\n${doc.body}`;
    let e = errorEntries.get(key);
    if (!e) {
      e = entryOf(doc.status, doc.contentType, Buffer.from(doc.body), true);
      if (errorEntries.size < 20) errorEntries.set(key, e);
    }
    return e;
  }

  // The metrics documents are rebuilt only when points change: hash and compress each once.
  const metricsEntries = new Map<string, { body: string; entry: Entry }>();
  function metricsEntry(path: string, doc: PublicDocument): Entry {
    const known = metricsEntries.get(path);
    if (known && known.body === doc.body) return known.entry;
    const entry = entryOf(doc.status, doc.contentType, Buffer.from(doc.body), true);
    // Only real documents are kept (the number of metrics bounds them); a 404 is not.
    if (doc.status === 200) metricsEntries.set(path, { body: doc.body, entry });
    return entry;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    if ((method !== "GET" && method !== "HEAD") || req.headers[INTERNAL_HEADER] === secret || !req.url) {
      return opts.next(req, res);
    }
    const url = new URL(req.url, "http://localhost");
    const path = url.pathname;
    // Next's assets and data requests (RSC payloads for client navigation) go to Next.
    if (path.startsWith("/_next/") || req.headers["rsc"] !== undefined) return opts.next(req, res);

    if (path.startsWith("/metrics-display/") && opts.metricsDocument) {
      const doc = await opts.metricsDocument(path);
      if (doc) return send(req, res, metricsEntry(path, doc));
    }
    const isPublicPath =
      path === "/events" || path.startsWith("/api/v2/") || /^\/(history\.(rss|atom)|maintenance\.ics|badge\.svg|widget\.js)$/.test(path) || path === "/" || path === "/history" || path.startsWith("/incidents/");
    if (!isPublicPath) return opts.next(req, res);

    const snapshot = await getPublicSnapshot();
    if (path === "/events") return events(req, res, snapshot);

    const doc = opts.documents(snapshot, path);
    if (doc) {
      // Entries are kept per snapshot for real documents only: made-up paths must not grow memory.
      const entry = doc.status === 200 ? memo(snapshot, `entry:${path}`, () => entryOf(doc.status, doc.contentType, Buffer.from(doc.body), true)) : errorEntry(doc);
      if (req.url === path) remember(snapshot, path, entry);
      return send(req, res, entry, keepVersion(snapshot, req.url === path && entry.status === 200));
    }

    const key = htmlKey(snapshot, url);
    if (!key) return opts.next(req, res);
    try {
      const entry = await htmlEntryNow(snapshot, key);
      const current = req.url === key && finished.get(key)?.entry === entry && finished.get(key)?.version === snapshot.version;
      if (current) remember(snapshot, key, entry);
      send(req, res, entry, keepVersion(snapshot, current && entry.status === 200));
    } catch (e) {
      opts.log(`render of ${key} failed: ${(e as Error).message}`);
      return opts.next(req, res);
    }
  }

  const keepVersion = (snapshot: PublicSnapshot, reusable: boolean) => (opts.markReusable && reusable ? snapshot.version : undefined);

  // The fast lane: for the current snapshot, exact URLs (no query string) already answered once map
  // straight to their entry. Bounded: only URLs that produced a real document or page get in.
  let lane: { snapshot: PublicSnapshot | null; entries: Map<string, Entry> } = { snapshot: null, entries: new Map() };

  function remember(snapshot: PublicSnapshot, url: string, entry: Entry): void {
    if (lane.snapshot !== snapshot) lane = { snapshot, entries: new Map() };
    if (entry.status === 200 && lane.entries.size < 10_000) lane.entries.set(url, entry);
  }

  async function slow(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await handle(req, res);
  }

  return {
    handle: (req: IncomingMessage, res: ServerResponse) => {
      const method = req.method;
      if ((method === "GET" || method === "HEAD") && req.url && req.headers[INTERNAL_HEADER] === undefined && req.headers["rsc"] === undefined) {
        const snapshot = currentPublicSnapshot();
        const hit = snapshot !== null && lane.snapshot === snapshot ? lane.entries.get(req.url) : undefined;
        if (hit && snapshot) return send(req, res, hit, keepVersion(snapshot, true));
      }
      slow(req, res).catch((e: Error) => {
        opts.log(`public request failed: ${e.message}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end("Internal error");
      });
    },
    closeStreams: () => {
      clearInterval(keepAlive);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

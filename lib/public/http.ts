// The public read path, in front of Next.js. Status pages are read by crowds exactly when things
// break, so every public GET/HEAD is answered from memory: JSON, feeds and badges straight from the
// snapshot (computed once per snapshot), the HTML pages from one render per snapshot that Next.js
// produced for an internal request, and their RSC payloads (a page's live refresh and link
// prefetches) from one render per snapshot and variant, a bounded number of them. What chooses an
// answer is the route table's cache key (routes.ts): visitors' query strings, cookies and other
// headers never reach the renderer or the database. Anything else (the dashboard, forms, server
// actions, Next's own assets) goes to Next.js.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { contentStamp, currentPublicSnapshot, forget, getPublicSnapshot, memo, onPublicChange, type ChangeKind } from "@/lib/public/cache";
import { KEEP_HEADER } from "@/lib/public/front";
import { documentHeaders, publicRoute, routeKey, routePath, RSC_VARY_HEADERS, rscKey, type PublicRoute } from "@/lib/public/routes";
import { writeRefusal } from "@/lib/public/request-guard";
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { createStreamHub, type StreamLimits } from "@/lib/public/streams";
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
   * changes: the ones this handler itself answers from memory for the current snapshot.
   */
  markReusable?: boolean;
  /** Caps on the live-update streams this handler holds (when no front holds them). */
  streams?: StreamLimits;
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
/** Distinct RSC payloads rendered per snapshot (each page's refresh and prefetches need a few). */
const RSC_VARIANTS_PER_SNAPSHOT = 32;
/** RSC renders running at once; more wait, and past RSC_WAITING they are refused. */
const RSC_RENDERS_AT_ONCE = 2;
const RSC_WAITING = 32;
// What a 304 repeats (RFC 9110 §15.4.5): the validators and caching headers.
const NOT_MODIFIED_KEEPS = new Set(["etag", "cache-control", "vary", "access-control-allow-origin"]);
// Headers of the renderer's answer that are not carried into a kept RSC entry.
const RENDER_DROPS = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "set-cookie", "etag", "content-type"]);

/** An answer kept in memory. `headers`: its own headers as [name, value, …] (default: the route's). */
function entryOf(status: number, contentType: string, body: Buffer, route: PublicRoute | null, headers?: string[]): Entry {
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const gzip = body.length > 1024 && /json|xml|html|javascript|svg|calendar|text|component/.test(contentType) ? gzipSync(body, { level: 9 }) : null;
  const common = ["ETag", etag, ...(headers ?? documentHeaders(route, status))];
  const notModified: string[] = [];
  for (let i = 0; i < common.length; i += 2) if (NOT_MODIFIED_KEEPS.has(common[i]!.toLowerCase())) notModified.push(common[i]!, common[i + 1]!);
  return {
    status,
    body,
    gzip,
    etag,
    plain: ["Content-Type", contentType, ...common, "Content-Length", String(body.length)],
    gzipped: gzip ? ["Content-Type", contentType, ...common, "Content-Encoding", "gzip", "Content-Length", String(gzip.length)] : null,
    notModified,
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

function refuse(res: ServerResponse, status: number, retryAfter: number, message: string): void {
  writeRefusal(res, { status, message, headers: { "Retry-After": String(retryAfter) } });
}

/** Which cached HTML render a URL maps to (routes.ts's key; unknown incidents share one), or null. */
export function htmlKey(snapshot: PublicSnapshot, url: URL): string | null {
  const key = routeKey(url.pathname + url.search);
  if (key === null || publicRoute(routePath(key))?.kind !== "page") return null;
  const m = /^\/incidents\/(.*)$/.exec(key);
  if (m) return /^[a-z0-9]{1,40}$/.test(m[1]!) && snapshot.incidents.some((i) => i.id === m[1]) ? key : "/incidents/__unknown__";
  return key;
}

/** The change event's and the hello's data for live-update streams. */
export function streamHello(snapshot: PublicSnapshot): string {
  return memo(snapshot, "stream-hello", () => JSON.stringify({ version: snapshot.version, status: pageStatus(snapshot), stamp: contentStamp(snapshot) }));
}
export function streamChange(snapshot: PublicSnapshot, kind: ChangeKind): string {
  return JSON.stringify({ version: snapshot.version, kind, status: pageStatus(snapshot), stamp: contentStamp(snapshot) });
}

export function createPublicHandler(opts: PublicHttpOptions) {
  const secret = randomBytes(18).toString("base64url");
  const hub = createStreamHub(opts.streams ?? { maxStreams: 10_000, perIp: 50 });

  async function render(key: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; body: Buffer; headers: Headers }> {
    const r = await fetch(`${opts.selfOrigin}${key}`, { headers: { ...headers, [INTERNAL_HEADER]: secret }, redirect: "manual" });
    const body = Buffer.from(await r.arrayBuffer());
    if (r.status >= 500) throw new Error(`render answered ${r.status}`);
    return { status: r.status, contentType: r.headers.get("content-type") ?? "text/html; charset=utf-8", body, headers: r.headers };
  }

  // The newest finished render of each page, whatever its snapshot: while the render for a new
  // snapshot runs (tens of ms, longer when a fan-out is busy on the same machine), visitors get
  // this one at once instead of queueing behind the render. It is at most one change behind, and
  // the page's live updates fetch the change themselves.
  const finished = new Map<string, { version: number; entry: Entry }>();
  const pageRoute = publicRoute("/");

  function htmlEntry(snapshot: PublicSnapshot, key: string): Promise<Entry> {
    // Single flight: concurrent visitors of a new snapshot share one render (keyed per handler:
    // each keeps its own finished renders).
    const p = memo(snapshot, `html:${secret}:${key}`, () =>
      render(key).then((r) => {
        const entry = entryOf(r.status, r.contentType, r.body, pageRoute);
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

  // RSC renders: a few at a time, the rest wait in a short queue or are refused.
  let rscRunning = 0;
  const rscWaiting: (() => void)[] = [];
  async function rscGate<T>(work: () => Promise<T>): Promise<T> {
    if (rscRunning >= RSC_RENDERS_AT_ONCE) await new Promise<void>((r) => rscWaiting.push(r));
    rscRunning++;
    try {
      return await work();
    } finally {
      rscRunning--;
      rscWaiting.shift()?.();
    }
  }

  /** The RSC payload of a public page for this snapshot and variant, or null when too many variants were asked for. */
  function rscEntry(snapshot: PublicSnapshot, req: IncomingMessage, page: string, variant: string): Promise<Entry> | null {
    const rendered = memo(snapshot, `rsc:${secret}`, () => new Map<string, Promise<Entry>>());
    const known = rendered.get(variant);
    if (known) return known;
    if (rendered.size >= RSC_VARIANTS_PER_SNAPSHOT || rscWaiting.length >= RSC_WAITING) return null;
    const headers: Record<string, string> = { rsc: "1" };
    for (const name of RSC_VARY_HEADERS) {
      const v = req.headers[name];
      if (typeof v === "string") headers[name] = v;
    }
    const param = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").get("_rsc");
    const url = param === null ? page : `${page}${page.includes("?") ? "&" : "?"}_rsc=${encodeURIComponent(param)}`;
    const p = rscGate(() => render(url, headers)).then((r) => {
      const own: string[] = [];
      r.headers.forEach((value, name) => {
        if (!RENDER_DROPS.has(name)) own.push(name, value);
      });
      return entryOf(r.status, r.contentType, r.body, null, own);
    });
    rendered.set(variant, p);
    // A failed render is not kept (nor counted): the next request tries again.
    p.catch(() => rendered.delete(variant));
    return p;
  }

  onPublicChange((kind, snapshot) => {
    if (!snapshot) return;
    hub.setHello(streamHello(snapshot));
    hub.broadcast(streamChange(snapshot, kind));
    // Render the front page for the new snapshot right away, before the crowd asks for it.
    if (kind !== "metrics") void htmlEntry(snapshot, "/").catch((e: Error) => opts.log(`pre-render failed: ${e.message}`));
  });

  const errorEntries = new Map<string, Entry>();
  function errorEntry(doc: PublicDocument, route: PublicRoute | null): Entry {
    const key = `${doc.status}\n${doc.contentType}\n${doc.body}`;
    let e = errorEntries.get(key);
    if (!e) {
      e = entryOf(doc.status, doc.contentType, Buffer.from(doc.body), route);
      if (errorEntries.size < 20) errorEntries.set(key, e);
    }
    return e;
  }

  // The metrics documents are rebuilt only when points change: hash and compress each once.
  const metricsEntries = new Map<string, { body: string; entry: Entry }>();
  function metricsEntry(path: string, doc: PublicDocument, route: PublicRoute): Entry {
    const known = metricsEntries.get(path);
    if (known && known.body === doc.body) return known.entry;
    const entry = entryOf(doc.status, doc.contentType, Buffer.from(doc.body), route);
    // Only real documents are kept (the number of metrics bounds them); a 404 is not.
    if (doc.status === 200) metricsEntries.set(path, { body: doc.body, entry });
    return entry;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    if ((method !== "GET" && method !== "HEAD") || req.headers[INTERNAL_HEADER] === secret || !req.url) {
      return opts.next(req, res);
    }
    const path = routePath(req.url);
    const route = publicRoute(path);
    if (!route || path.startsWith("/_next/") || route.kind === "prometheus") return opts.next(req, res);
    const rsc = req.headers["rsc"] !== undefined;

    if (route.kind === "metrics-display") {
      if (rsc || !opts.metricsDocument) return opts.next(req, res);
      const doc = await opts.metricsDocument(path);
      return send(req, res, doc ? metricsEntry(path, doc, route) : errorEntry({ status: 404, contentType: "application/json; charset=utf-8", body: '{"error":"Not found"}' }, route));
    }

    const snapshot = await getPublicSnapshot();
    if (route.kind === "events") {
      if (method === "HEAD") return refuse(res, 405, 0, "Open /events with GET.");
      hub.setHello(streamHello(snapshot));
      return hub.open(req, res, String(req.headers[CLIENT_IP_HEADER] ?? req.socket.remoteAddress ?? "unknown"));
    }

    const key = routeKey(req.url)!;
    if (route.kind === "document") {
      if (rsc) return opts.next(req, res);
      const doc = opts.documents(snapshot, path);
      if (!doc) return opts.next(req, res);
      // Entries are kept per snapshot for real documents only: made-up paths must not grow memory.
      const entry = doc.status === 200 ? memo(snapshot, `entry:${path}`, () => entryOf(doc.status, doc.contentType, Buffer.from(doc.body), route)) : errorEntry(doc, route);
      if (entry.status === 200) remember(snapshot, key, entry);
      return send(req, res, entry, keepVersion(snapshot, entry.status === 200));
    }

    // A page, or its RSC payload.
    const page = htmlKey(snapshot, new URL(req.url, "http://localhost"))!;
    try {
      if (rsc) {
        const variant = rscKey(req.url, req.headers)!;
        const p = rscEntry(snapshot, req, page, variant);
        if (!p) return refuse(res, 503, 5, "Too many distinct page requests right now. Reload the page.");
        const entry = await p;
        // Marked for the front only when it is the real page's payload (not an unknown incident's).
        return send(req, res, entry, keepVersion(snapshot, entry.status === 200 && page === key));
      }
      const entry = await htmlEntryNow(snapshot, page);
      const current = page === key && finished.get(page)?.entry === entry && finished.get(page)?.version === snapshot.version;
      if (current) remember(snapshot, key, entry);
      send(req, res, entry, keepVersion(snapshot, current && entry.status === 200));
    } catch (e) {
      opts.log(`render of ${page} failed: ${(e as Error).message}`);
      if (rsc) return refuse(res, 503, 5, "The page could not be rendered just now. Try again in a moment.");
      return opts.next(req, res);
    }
  }

  const keepVersion = (snapshot: PublicSnapshot, reusable: boolean) => (opts.markReusable && reusable ? snapshot.version : undefined);

  // The fast lane: for the current snapshot, cache keys (routes.ts) already answered once map
  // straight to their entry. Bounded: only keys that produced a real document or page get in.
  let lane: { snapshot: PublicSnapshot | null; entries: Map<string, Entry> } = { snapshot: null, entries: new Map() };

  function remember(snapshot: PublicSnapshot, key: string, entry: Entry): void {
    if (lane.snapshot !== snapshot) lane = { snapshot, entries: new Map() };
    if (entry.status === 200 && lane.entries.size < 10_000) lane.entries.set(key, entry);
  }

  return {
    handle: (req: IncomingMessage, res: ServerResponse) => {
      const method = req.method;
      if ((method === "GET" || method === "HEAD") && req.url && req.headers[INTERNAL_HEADER] === undefined && req.headers["rsc"] === undefined) {
        const snapshot = currentPublicSnapshot();
        const key = snapshot !== null && lane.snapshot === snapshot ? routeKey(req.url) : null;
        const hit = key !== null ? lane.entries.get(key) : undefined;
        if (hit && snapshot) return send(req, res, hit, keepVersion(snapshot, true));
      }
      handle(req, res).catch((e: Error) => {
        opts.log(`public request failed: ${e.message}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end("Internal error");
      });
    },
    closeStreams: () => hub.closeAll(),
  };
}

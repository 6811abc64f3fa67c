// The public routes, in one table: which paths the public read path answers, what in a URL
// chooses the answer (the cache key), the headers each kind carries, how large a request body
// each path takes, and which lane a request waits in. The front thread (front.ts), the main
// thread's handler (http.ts) and Next's route handlers (route-response.ts) all read it, so a
// route's caching and limits are decided here and nowhere else.
//
// Imports nothing but node:crypto: the front thread loads it and must stay free of the database
// and of Next.js.
import { createHash } from "node:crypto";

/** What answers a public route. */
export type PublicRouteKind =
  /** A document computed from the snapshot (Statuspage v2 JSON, feeds, calendar, badge, widget). */
  | "document"
  /** An HTML page rendered once per snapshot (and its RSC payload for client navigation). */
  | "page"
  /** The live-update stream (server-sent events), held by the front thread. */
  | "events"
  /** A public metric's graph data, rebuilt when its points change. */
  | "metrics-display"
  /** Prometheus text about the notifier. */
  | "prometheus";

export type PublicRoute = {
  kind: PublicRouteKind;
  /** A path this route answers, for documentation and the fuzz suite. */
  example: string;
  match: (path: string) => boolean;
  /** CORS `*` (read by widgets and tools on other sites). */
  cors: boolean;
};

/**
 * Cache-Control per answer. Browsers revalidate every time (a cheap 304); a CDN may keep a copy
 * for 5 s and serve it while the origin is down. Status must be fresh, so nothing is kept long.
 */
export const CACHE_CONTROL = {
  public: "public, max-age=0, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400",
  /** A 404 or other refusal: kept as briefly, never served stale for a day. */
  publicError: "public, max-age=0, s-maxage=5",
  stream: "no-cache, no-transform",
  private: "private, no-store",
} as const;

/** The Statuspage v2 prefix: every path under it answers, unknown ones with a JSON 404. */
export const API_V2_PREFIX = "/api/v2";
const FEEDS = new Set(["/history.rss", "/history.atom", "/maintenance.ics", "/badge.svg", "/widget.js"]);
/** History pages with a render of their own; any other page number is page 1. */
export const HISTORY_PAGES_CACHED = 50;

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { kind: "document", example: "/api/v2/summary.json", match: (p) => p === API_V2_PREFIX || p.startsWith(`${API_V2_PREFIX}/`), cors: true },
  { kind: "document", example: "/history.rss", match: (p) => FEEDS.has(p), cors: true },
  { kind: "page", example: "/", match: (p) => p === "/" || p === "/history" || /^\/incidents\/[^/]+$/.test(p), cors: false },
  { kind: "events", example: "/events", match: (p) => p === "/events", cors: false },
  { kind: "metrics-display", example: "/metrics-display/abc123/day.json", match: (p) => p.startsWith("/metrics-display/"), cors: true },
  { kind: "prometheus", example: "/metrics", match: (p) => p === "/metrics", cors: false },
];

/** A request path without its query string, trailing slashes folded (`/history/` is `/history`). */
export function routePath(url: string): string {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(/\/+$/, "") || "/";
}

export function publicRoute(path: string): PublicRoute | null {
  for (const r of PUBLIC_ROUTES) if (r.match(path)) return r;
  return null;
}

/**
 * What chooses the answer to a public GET: the path, and for /history its page number. Nothing
 * else of the query string counts, so `?v=<random>` gets the same cached answer as the bare URL
 * and cannot push the page's own entries out of a bounded cache. Null: not a cacheable route.
 */
export function routeKey(url: string): string | null {
  const path = routePath(url);
  const route = publicRoute(path);
  if (!route || route.kind === "events" || route.kind === "prometheus") return null;
  if (path === "/history") {
    const n = Number(new URLSearchParams(url.slice(url.indexOf("?") + 1)).get("page") ?? "1");
    return url.includes("?") && Number.isInteger(n) && n > 1 && n <= HISTORY_PAGES_CACHED ? `/history?page=${n}` : "/history";
  }
  return path;
}

/** The request headers (besides `RSC` itself) that choose a React Server Components payload. */
export const RSC_VARY_HEADERS = ["next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"] as const;

type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * The cache key of an RSC request for a public page: the page's key, the headers that choose the
 * payload and Next's `_rsc` query parameter (a hash of those headers, which Next checks). Null
 * for other requests.
 */
export function rscKey(url: string, headers: HeaderBag): string | null {
  if (headers["rsc"] === undefined) return null;
  const key = routeKey(url);
  if (key === null || publicRoute(routePath(url))?.kind !== "page") return null;
  const h = createHash("sha1");
  for (const name of RSC_VARY_HEADERS) h.update(`${String(headers[name] ?? "")}\n`);
  h.update(new URLSearchParams(url.slice(url.indexOf("?") + 1)).get("_rsc") ?? "");
  return `rsc ${key} ${h.digest("base64url")}`;
}

/** A request body's largest size on routes anyone may call. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;
/** On the dashboard (behind log-in): Next.js's own limit for a server action's body. */
export const DASHBOARD_BODY_LIMIT = 1024 * 1024;

/** Dashboard pages anyone may call (no log-in yet): they take a public body. */
const ADMIN_WITHOUT_LOGIN = ["/admin/login", "/admin/forgot-password", "/admin/reset-password/", "/admin/invitation/"];

/** The largest request body `path` takes (checked before anything reads it). */
export function bodyLimit(path: string): number {
  if (!path.startsWith("/admin/") || ADMIN_WITHOUT_LOGIN.some((p) => path.startsWith(p))) return PUBLIC_BODY_LIMIT;
  return DASHBOARD_BODY_LIMIT;
}

/**
 * The queue a request waits in on its way to the renderer: the dashboard and its log-in in one,
 * public reads in another, and everything else anyone may send (subscribing, unsubscribing,
 * provider callbacks) in a third, so that neither a crowd of readers nor a flood of forms can
 * fill the operator's way in.
 */
export type Lane = "operator" | "public" | "forms";
export const LANES: readonly Lane[] = ["operator", "public", "forms"];

export function laneOf(method: string | undefined, path: string): Lane {
  if (path === "/admin" || path.startsWith("/admin/")) return "operator";
  return method === "GET" || method === "HEAD" ? "public" : "forms";
}

/** Headers of a document or page answer (besides Content-Type, ETag and length). */
export function documentHeaders(route: PublicRoute | null, status: number): string[] {
  return [
    "X-Content-Type-Options",
    "nosniff",
    "Cache-Control",
    status === 200 ? CACHE_CONTROL.public : CACHE_CONTROL.publicError,
    "Vary",
    "Accept-Encoding",
    ...(route?.cors ? ["Access-Control-Allow-Origin", "*"] : []),
  ];
}

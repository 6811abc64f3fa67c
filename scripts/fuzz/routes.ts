// The routes to fuzz, taken from the app itself: every page.tsx and route.ts under app/ (a new
// one is fuzzed without anyone listing it), the paths the web process serves outside Next.js
// (lib/public/routes.ts's PUBLIC_ROUTES when that module exists), and the server actions of the
// build (.next/server/server-reference-manifest.json), attached to the pages whose forms use them.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type Segment = { type: "static"; value: string } | { type: "dynamic"; name: string } | { type: "catchall"; name: string; optional: boolean };

export type ServerAction = { id: string; name: string; file: string };

export type Route = {
  /** The URL pattern, Next's notation: /incidents/[id], /api/v2/[...path]. */
  pattern: string;
  /** page.tsx, route.ts, or a path the web process answers itself (outside Next). */
  source: "page" | "route" | "web";
  /** Methods it answers (route.ts: its exports; pages: GET and HEAD, and POST for their actions). */
  methods: string[];
  segments: Segment[];
  /** Server actions whose forms are on this page. */
  actions: ServerAction[];
  /** Concrete URLs for it: real ones found on the running app, else made-up plausible ones. */
  urls: string[];
};

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/** The URL segments of an app/ folder path; null for folders that make no URL of their own. */
export function urlSegments(dirs: string[]): Segment[] | null {
  const out: Segment[] = [];
  for (const d of dirs) {
    if (d.startsWith("_")) return null; // private folder
    if (/^\(\.+\)/.test(d)) return null; // intercepting route: shown in place of another URL
    if (/^\(.*\)$/.test(d) || d.startsWith("@")) continue; // route group, parallel slot
    let m: RegExpExecArray | null;
    if ((m = /^\[\[\.\.\.(.+)\]\]$/.exec(d))) out.push({ type: "catchall", name: m[1]!, optional: true });
    else if ((m = /^\[\.\.\.(.+)\]$/.exec(d))) out.push({ type: "catchall", name: m[1]!, optional: false });
    else if ((m = /^\[(.+)\]$/.exec(d))) out.push({ type: "dynamic", name: m[1]! });
    else out.push({ type: "static", value: d });
  }
  return out;
}

export function patternOf(segments: Segment[]): string {
  const parts = segments.map((s) => (s.type === "static" ? s.value : s.type === "dynamic" ? `[${s.name}]` : s.optional ? `[[...${s.name}]]` : `[...${s.name}]`));
  return `/${parts.join("/")}`;
}

export function segmentsOf(pattern: string): Segment[] {
  return urlSegments(pattern.split("/").filter(Boolean)) ?? [];
}

/** Which HTTP methods a route.ts exports. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const re = /export\s+(?:async\s+)?(?:function|const|let|var)\s+(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS)\b/g;
  for (const m of source.matchAll(re)) found.add(m[1]!);
  const re2 = /export\s*\{([^}]*)\}/g;
  for (const m of source.matchAll(re2)) for (const name of m[1]!.split(",").map((s) => s.trim().split(/\s+as\s+/).pop()!)) if (HTTP_METHODS.includes(name)) found.add(name);
  // Next answers HEAD with GET's handler when there is no HEAD export.
  if (found.has("GET")) found.add("HEAD");
  return [...found].sort();
}

/** Every page and route handler under `appDir`. */
export function discoverAppRoutes(appDir: string): Route[] {
  const routes = new Map<string, Route>();
  const walk = (dir: string, rel: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...rel, entry.name]);
      else if (ROUTE_FILE.test(entry.name)) {
        const segments = urlSegments(rel);
        if (!segments) continue;
        const pattern = patternOf(segments);
        const isPage = entry.name.startsWith("page.");
        const methods = isPage ? ["GET", "HEAD"] : exportedMethods(fs.readFileSync(path.join(dir, entry.name), "utf8"));
        routes.set(pattern, { pattern, source: isPage ? "page" : "route", methods, segments, actions: [], urls: [] });
      }
    }
  };
  walk(appDir, []);
  return [...routes.values()].sort((a, b) => a.pattern.localeCompare(b.pattern));
}

type Manifest = { node?: Record<string, { workers?: Record<string, unknown>; filename?: string; exportedName?: string }> };

/** Server actions from the build's manifest, by the page pattern they belong to. */
export function actionsByPage(manifestFile: string): Map<string, ServerAction[]> {
  const out = new Map<string, ServerAction[]>();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    return out;
  }
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    const action: ServerAction = { id, name: entry.exportedName ?? "?", file: entry.filename ?? "?" };
    for (const worker of Object.keys(entry.workers ?? {})) {
      // "app/admin/(dashboard)/incidents/[id]/page" → /admin/incidents/[id]
      const m = /^app\/(.*?)\/?(page|route)$/.exec(worker);
      if (!m) continue;
      const segments = urlSegments(m[1]!.split("/").filter(Boolean));
      if (!segments) continue;
      const pattern = patternOf(segments);
      out.set(pattern, [...(out.get(pattern) ?? []), action]);
    }
  }
  return out;
}

// Paths the web process answers outside Next.js, used only while lib/public/routes.ts does not
// exist (or does not load): the live-update stream and Prometheus's scrape. Everything else it
// answers from memory is also an app route, found in app/.
const OUTSIDE_NEXT_FALLBACK = ["/events", "/metrics"];
// Concrete URLs behind the catch-all API (README's table), always used beside the module's
// examples: no page links to them, so the crawl cannot find them.
const KNOWN_DOCUMENTS = [
  "/api/v2/summary.json",
  "/api/v2/status.json",
  "/api/v2/components.json",
  "/api/v2/incidents.json",
  "/api/v2/incidents/unresolved.json",
  "/api/v2/scheduled-maintenances.json",
  "/api/v2/scheduled-maintenances/upcoming.json",
  "/api/v2/scheduled-maintenances/active.json",
];

/** Normalises a pattern written as /x/:id, /x/<id> or /x/{id} to Next's /x/[id]. */
export function normalisePattern(p: string): string {
  const clean = p.split("?")[0]!;
  return clean
    .replace(/:([A-Za-z_]\w*)\*/g, "[...$1]")
    .replace(/:([A-Za-z_]\w*)/g, "[$1]")
    .replace(/<([A-Za-z_]\w*)>/g, "[$1]")
    .replace(/\{([A-Za-z_]\w*)\}/g, "[$1]")
    .replace(/\/\*$/, "/[...rest]");
}

/**
 * PUBLIC_ROUTES from lib/public/routes.ts, read without knowing its exact shape: from each entry,
 * string fields that look like paths (pattern, path, example, url…) and arrays of them (examples).
 * Returns the patterns and the concrete example URLs, or null when the module is absent or fails to load.
 */
export async function publicRoutesFromModule(root: string, log: (m: string) => void): Promise<{ patterns: string[]; examples: string[] } | null> {
  const file = ["ts", "mts", "js", "mjs"].map((e) => path.join(root, "lib", "public", `routes.${e}`)).find((f) => fs.existsSync(f));
  if (!file) return null;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    log(`lib/public/routes could not be loaded (${(e as Error).message.split("\n")[0]}): using the fallback list`);
    return null;
  }
  const list = mod.PUBLIC_ROUTES;
  if (!Array.isArray(list) && !(list instanceof Map) && (typeof list !== "object" || list === null)) {
    log("lib/public/routes has no PUBLIC_ROUTES: using the fallback list");
    return null;
  }
  const entries: unknown[] = Array.isArray(list) ? list : list instanceof Map ? [...list.entries()].map(([k, v]) => ({ pattern: k, ...(v as object) })) : Object.entries(list).map(([k, v]) => ({ pattern: k, ...(typeof v === "object" && v ? v : {}) }));
  const patterns = new Set<string>();
  const examples = new Set<string>();
  const take = (v: unknown) => {
    if (typeof v !== "string" || !v.startsWith("/")) return;
    if (/[[:<{*]/.test(v)) patterns.add(normalisePattern(v));
    else {
      examples.add(v);
      patterns.add(v.split("?")[0]!);
    }
  };
  for (const e of entries) {
    if (typeof e === "string") take(e);
    else if (e && typeof e === "object") {
      for (const [k, v] of Object.entries(e)) {
        if (!/pattern|path|example|url|route|prefix/i.test(k)) continue;
        if (Array.isArray(v)) v.forEach(take);
        else if (v instanceof RegExp) continue;
        else take(v);
      }
    }
  }
  if (patterns.size === 0) {
    log("lib/public/routes's PUBLIC_ROUTES gave no paths: using the fallback list");
    return null;
  }
  return { patterns: [...patterns], examples: [...examples] };
}

/** All routes: app/ plus the web process's own, with the build's server actions attached. */
export async function discoverRoutes(root: string, log: (m: string) => void): Promise<{ routes: Route[]; examples: string[]; fromModule: boolean }> {
  const routes = discoverAppRoutes(path.join(root, "app"));
  const byPattern = new Map(routes.map((r) => [r.pattern, r]));
  const mod = await publicRoutesFromModule(root, log);
  const extraPatterns = mod?.patterns ?? OUTSIDE_NEXT_FALLBACK;
  const examples = [...new Set([...(mod?.examples ?? []), ...KNOWN_DOCUMENTS])];
  for (const p of extraPatterns) {
    // A web route whose pattern an app route already covers (a catch-all included) is fuzzed as that route.
    if (byPattern.has(p) || routes.some((r) => matches(r, p) && r.segments.some((s) => s.type !== "static"))) continue;
    const r: Route = { pattern: p, source: "web", methods: ["GET", "HEAD"], segments: segmentsOf(p), actions: [], urls: [] };
    routes.push(r);
    byPattern.set(p, r);
  }
  for (const [pattern, actions] of actionsByPage(path.join(root, ".next", "server", "server-reference-manifest.json"))) {
    const r = byPattern.get(pattern);
    if (!r) continue;
    r.actions.push(...actions);
    if (!r.methods.includes("POST")) r.methods.push("POST");
  }
  return { routes, examples, fromModule: mod !== null };
}

/** The regular expression a route's concrete URLs match (path only). */
export function routeRegExp(r: Route): RegExp {
  const parts = r.segments.map((s) =>
    s.type === "static" ? `/${s.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}` : s.type === "dynamic" ? "/([^/]+)" : s.optional ? "(?:/(.+))?" : "/(.+)",
  );
  return new RegExp(`^${parts.join("") || "/"}/?$`);
}

/** Whether a concrete path (or a pattern taken literally) is one of the route's URLs. */
export function matches(r: Route, pathname: string): boolean {
  return routeRegExp(r).test(pathname);
}

/** The route a concrete path belongs to: static routes first, then the most specific dynamic one. */
export function routeFor(routes: Route[], pathname: string): Route | undefined {
  const candidates = routes.filter((r) => matches(r, pathname));
  const score = (r: Route) => r.segments.reduce((n, s) => n + (s.type === "static" ? 100 : s.type === "dynamic" ? 10 : 1), 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

/** A concrete URL for a pattern, dynamic segments taken from `fill`. */
export function fillPattern(r: Route, fill: (s: Exclude<Segment, { type: "static" }>) => string): string {
  const parts = r.segments.map((s) => (s.type === "static" ? s.value : fill(s)));
  return `/${parts.join("/")}`;
}

/**
 * The headings of the app's error pages (every error.tsx and global-error.tsx under app/): one in an answer
 * below 500 means a render failed after its status went out.
 */
export function errorPageMarkers(appDir: string): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (/^(global-)?error\.(tsx|jsx|js)$/.test(e.name)) {
        const m = /<h1\b[^>]*>\s*([^<{]+?)\s*<\/h1>/.exec(fs.readFileSync(path.join(dir, e.name), "utf8"));
        if (m) out.add(m[1]!);
      }
    }
  };
  walk(appDir);
  return [...out];
}

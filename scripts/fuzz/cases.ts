// The malformed requests. Each route gets every kind below; each case says what it sends and
// whether it is valid HTTP:
//   expect "answer": a syntactically valid HTTP/1.1 message (however absurd its method, target,
//     headers or body): the server owes it a status line; a reset or silence is a failure.
//   expect "any": not valid HTTP (broken framing, bytes not allowed in a request line or header,
//     raw garbage, CONNECT to a server that is no proxy), or cut short by the fuzz itself
//     (truncated bodies, half-open and dropped slow connections): closing without an answer is
//     fine, but an answer, if one comes, is checked like any other.
// Every answer must be below 500.
import { gzipSync } from "node:zlib";
import { fillPattern, type Route, type ServerAction } from "./routes";
import { head, type Send } from "./wire";

export type Kind = "method" | "query" | "path" | "segment" | "headers" | "body" | "truncated" | "action" | "raw" | "slow";
export const KINDS: readonly Kind[] = ["method", "query", "path", "segment", "headers", "body", "truncated", "action", "raw", "slow"];

export type Case = {
  /** The check group: route × kind (× signed in). */
  group: string;
  route: string;
  kind: Kind;
  label: string;
  method: string;
  /** The request target, printable. */
  target: string;
  /** The headers beyond the usual ones, printable and shortened. */
  headers: string;
  bodyBytes: number;
  expect: "answer" | "any";
  signedIn: boolean;
  /** "slow" cases run in a lane of their own, beside the others. */
  lane: "main" | "slow";
  send: Send;
};

export type Rng = () => number;

/** mulberry32: a small seeded generator, so a run can be repeated with --seed. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

export type Context = {
  host: string;
  origin: string;
  /** The operator's session cookie (name=value), for the signed-in groups. */
  cookie: string;
  rng: Rng;
  /** Every server action of the build (forged-id cases borrow other pages' ids). */
  actions: ServerAction[];
  /** Form fields found on each page (by route pattern): name → a valid value. */
  fields: Map<string, Record<string, string>>;
  /** Concrete plausible URLs per route pattern. */
  urls: Map<string, string[]>;
  /** Actions that end the session: never sent with the cookie. */
  sessionEnders: Set<string>;
};

type Req = {
  method: string;
  target: string | Buffer;
  headers?: [string, string][];
  body?: Buffer;
  version?: string;
  /** Leave out a default header (host, connection, user-agent, accept, cookie). */
  without?: string[];
  /** No Content-Length even with a body. */
  noLength?: boolean;
};

type Spec = { label: string; req: Req; expect?: "answer" | "any"; send?: (h: Buffer, body: Buffer) => Send; lane?: "main" | "slow" };

const b = (s: string) => Buffer.from(s, "utf8");
const latin1 = (s: string) => Buffer.from(s, "latin1");
const rep = (s: string, n: number) => s.repeat(n);

function printableTarget(t: string | Buffer): string {
  const s = typeof t === "string" ? t : t.toString("latin1");
  const esc = s.replace(/[^\x21-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return esc.length > 140 ? `${esc.slice(0, 120)}…(${s.length} chars)` : esc;
}

function summarise(headers: [string, string][]): string {
  return headers
    .map(([n, v]) => {
      const value = printableTarget(v);
      return `${printableTarget(n).slice(0, 40)}: ${value.length > 60 ? `${value.slice(0, 50)}…(${v.length})` : value}`;
    })
    .join("; ");
}

/** The request head with the usual headers (unless left out or overridden by the case's own). */
function build(ctx: Context, signedIn: boolean, r: Req): { head: Buffer; headers: string } {
  const own = r.headers ?? [];
  const has = (n: string) => own.some(([k]) => k.toLowerCase() === n);
  const without = new Set(r.without ?? []);
  const std: [string, string][] = [];
  if (!has("host") && !without.has("host")) std.push(["Host", ctx.host]);
  if (!has("user-agent") && !without.has("user-agent")) std.push(["User-Agent", "herald-fuzz"]);
  if (!has("accept") && !without.has("accept")) std.push(["Accept", "*/*"]);
  if (signedIn && !has("cookie") && !without.has("cookie")) std.push(["Cookie", ctx.cookie]);
  if (!has("connection") && !without.has("connection")) std.push(["Connection", "close"]);
  if (r.body && !r.noLength && !has("content-length") && !has("transfer-encoding")) std.push(["Content-Length", String(r.body.length)]);
  return { head: head(r.method, r.target, [...std, ...own], r.version), headers: summarise(own) };
}

/** Bytes a request-target may not hold (RFC 9112 origin-form; a fragment is never sent). */
const NOT_IN_TARGET = /[#\s"<>\\^`{|}\x00-\x1f\x7f-\xff]/;

function toCase(ctx: Context, route: string, kind: Kind, signedIn: boolean, s: Spec): Case {
  const { head: h, headers } = build(ctx, signedIn, s.req);
  const target = typeof s.req.target === "string" ? s.req.target : s.req.target.toString("latin1");
  const body = s.req.body ?? Buffer.alloc(0);
  const send: Send = s.send ? s.send(h, body) : { type: "bytes", head: h, body: body.length ? body : undefined };
  return {
    group: `${route} · ${kind}${signedIn ? " · signed in" : ""}`,
    route,
    kind,
    label: s.label,
    method: s.req.method,
    target: printableTarget(s.req.target),
    headers,
    bodyBytes: body.length,
    expect: s.expect ?? (NOT_IN_TARGET.test(target) ? "any" : "answer"),
    signedIn,
    lane: s.lane ?? (kind === "slow" ? "slow" : "main"),
    send,
  };
}

// ---------------------------------------------------------------------------------------------
// Pools of hostile values.

/** Values for a path segment, as they appear on the wire (percent-encoded where needed). */
export const SEGMENT_VALUES: readonly string[] = [
  "%00", "%ff", "%c0%af", "%e0%80%af", "%ed%a0%80", "%f4%90%80%80", "%fe%ff", "%", "%z", "%zz", "%%", "%2", "%u0041",
  "%2e%2e", "%252e%252e", "..", ".", "%2f", "a%2Fb", "%2F..%2F..%2Fetc%2Fpasswd", "..%5c..%5cwindows", "%5c",
  "%27", "%22", "%27%20OR%20%271%27%3D%271", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "$%7B7*7%7D", "%7B%7B7*7%7D%7D",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "null", "undefined", "NaN", "Infinity", "true",
  "-1", "0", "1e309", "0x10", rep("9", 400), rep("a", 4096), `${rep("x", 200)}.json`, "%F0%9F%92%A9", "%E2%80%AE",
  "%EF%BB%BF", "%E3%81%82", "CON", "nul", "%20", "+", "~", "*", "%2A", ".json", "index.json", "a;b=c", ";", ",",
  "%0d%0aSet-Cookie:%20x=1", "%0a", "%09", "%7f", "%C2%A0", "&#x41;", "%3Fq=1", "%23frag", "@", "!$&'()*+,;=",
  "_next", "_rsc", "(dashboard)", "%5Bid%5D", "%5B...path%5D", "page", "route", "layout", "default", ".well-known",
  "day.json", "week.json", "month.json", "year.json", "day", "DAY.JSON", "day.json.json", "summary.json",
];

export const QUERY_VALUES: readonly string[] = [
  "?page=-1", "?page=0", "?page=1e9", "?page=1e309", "?page=NaN", "?page=0x10", "?page=1.5", "?page=%00", "?page=",
  "?page", "?page=1&page=2", "?page[]=1", "?page[0]=1&page[1]=2", "?page[__proto__]=1", "?__proto__[x]=1",
  "?constructor[prototype][x]=1", "?page=99999999999999999999999", "?page=-0", "?page=%202", "?page=%EF%BC%92",
  "?page=2", "?page=50", "?page=51", "?%", "?%zz=1", "?a=%c0%af", "?a=%ff", "?", "??", "?&&&", "?=", "?==&=",
  `?${rep("a=1&", 3000)}`, `?a=${rep("x", 8000)}`, "?_rsc=1", "?_rsc=%00", "?__nextDataReq=1", "?__nextLocale=xx",
  "?nxtPid=1", "?nxtPid=%00", "?nxtPtoken=x", "?nxtPperiod=..%2F", "?nxtPpath=a&nxtPpath=b", "?nxtIid=1",
  "?__nextFallback=1", "?_next_intercept=1", "?notice=%3Cscript%3E", "?notice=incident-posted",
  "?notice=update-posted", `?notice=${rep("x", 3000)}`, "?callbackUrl=//evil.example", "?redirect=https://evil.example",
  "?format=json", "?callback=alert", "?q=%27%20OR%201=1--", "?page=1;DROP%20TABLE%20incident", "?utm_source=x",
  "?_=1", "?v=%F0%9F%92%A9", "?a=1#frag", "?a+b=c+d", "?a=%2B%2B", "?limit=-1", "?limit=1e9", "?offset=-1",
  "?sort=__proto__", "?token=%00", "?id=../../etc/passwd",
];

/** Methods beyond the route's own. */
const WRONG_METHODS: readonly string[] = [
  "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
  "SEARCH", "REPORT", "PURGE", "LINK", "UNLINK", "QUERY", "ACL", "BIND", "MKCALENDAR", "SOURCE", "M-SEARCH",
  "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "MERGE", "CHECKOUT", "FOO", "BREW", "POST", "HEAD", "GET",
];

/** Text for form fields and JSON strings. */
export const FIELD_VALUES: readonly string[] = [
  "", " ", "\u0000", "a\u0000b", "x@example.com\u0000", rep("x", 1000), rep("x", 25_000), "%00", "<script>alert(1)</script>",
  rep("😀", 100), "x@example.com\r\nBcc: y@example.com", "=cmd|' /C calc'!A0", "../../etc/passwd", "' OR 1=1 --",
  "null", "[object Object]", "-1", "1e309", "\u202e\u202d", "\ufeff", "fuzz@example.com", "a@b", "@", "x@[127.0.0.1]",
  `${rep("a", 65)}@example.com`, `a@${rep("b", 260)}.com`, "investigating", "resolved", "operational", "major_outage",
  "on", "off", "true", "$undefined", "$K1", "$@0", "{}", "[]",
];

/** The values a form gets in one field while the others stay valid (few: the valid ones get stored). */
export const MUTATION_VALUES: readonly string[] = [
  "", " ", "\u0000", "a\u0000b", "x@example.com\u0000", rep("x", 25_000), "\u202e\u202d", rep("😀", 100), "$undefined",
  "x@example.com\r\nBcc: y@example.com", "../../etc/passwd", "-1",
];

// ---------------------------------------------------------------------------------------------
// Generators, one per kind. Each gets one route and its plausible URLs.

type Gen = (ctx: Context, route: Route, urls: string[], signedIn: boolean) => Spec[];

const get = (target: string | Buffer, headers: [string, string][] = [], extra: Partial<Req> = {}): Req => ({ method: "GET", target, headers, ...extra });

const methodGen: Gen = (ctx, route, urls) => {
  const out: Spec[] = [];
  for (const m of WRONG_METHODS) {
    if (route.methods.includes(m) && m !== "POST") continue;
    const u = pick(ctx.rng, urls);
    out.push({ label: m, req: { method: m, target: u } });
    if (m === "PUT" || m === "PATCH" || m === "DELETE" || m === "POST") {
      out.push({ label: `${m} with a JSON body`, req: { method: m, target: u, headers: [["Content-Type", "application/json"]], body: b('{"status":"resolved"}') } });
    }
  }
  const u = pick(ctx.rng, urls);
  out.push(
    { label: "GET with a body", req: get(u, [["Content-Type", "application/json"]], { body: b('{"a":1}') }) },
    { label: "HEAD with a body", req: { method: "HEAD", target: u, headers: [["Content-Type", "text/plain"]], body: b("hello") } },
    { label: "OPTIONS with CORS preflight headers", req: { method: "OPTIONS", target: u, headers: [["Origin", "https://evil.example"], ["Access-Control-Request-Method", "DELETE"], ["Access-Control-Request-Headers", "x-evil, content-type"]] } },
    { label: "OPTIONS *", req: { method: "OPTIONS", target: "*" } },
    { label: "POST with Content-Length 0", req: { method: "POST", target: u, headers: [["Content-Length", "0"]] } },
    { label: "POST with no length at all (HTTP/1.0 style)", req: { method: "POST", target: u, version: "HTTP/1.0", without: ["connection"] } },
    { label: "method of 100 letters", req: { method: rep("X", 100), target: u } },
    { label: "lowercase get", req: { method: "get", target: u } },
    { label: "CONNECT to the route", req: { method: "CONNECT", target: u }, expect: "any" },
    { label: "CONNECT authority-form", req: { method: "CONNECT", target: "127.0.0.1:22" }, expect: "any" },
    { label: "method with a NUL", req: { method: "GE\u0000T", target: u }, expect: "any" },
  );
  return out;
};

const queryGen: Gen = (ctx, _route, urls) => QUERY_VALUES.map((q) => ({ label: q.length > 40 ? `${q.slice(0, 30)}…(${q.length})` : q, req: get(`${pick(ctx.rng, urls).split("?")[0]}${q}`) }));

const pathGen: Gen = (ctx, _route, urls) => {
  const u = pick(ctx.rng, urls).split("?")[0]!;
  const bare = u === "/" ? "" : u;
  const out: [string, string | Buffer, ("answer" | "any")?][] = [
    ["trailing slash", `${bare}/`],
    ["double trailing slash", `${bare}//`],
    ["double leading slash", `/${u}`],
    ["all slashes doubled", u.replace(/\//g, "//")],
    ["/. appended", `${bare}/.`],
    ["/.. appended", `${bare}/..`],
    ["/../.. appended", `${bare}/../..`],
    ["encoded dot-dots", `${bare}/%2e%2e/%2e%2e/etc/passwd`],
    ["double-encoded dot-dots", `${bare}/%252e%252e/%252e%252e/`],
    ["overlong dot-dots", `${bare}/%c0%ae%c0%ae/%c0%ae%c0%ae/`],
    ["encoded slash", `${bare}%2f`],
    ["encoded slash and dot-dot", `${bare}%2F..%2F..%2F`],
    ["/./ inside", `/.${u}`],
    ["encoded leading dot", `/%2e${u}`],
    ["semicolon", `${bare};`],
    ["path parameter", `${bare};jsessionid=1`],
    ["encoded NUL", `${bare}%00`],
    ["encoded NUL then .json", `${bare}%00.json`],
    [".json appended", `${bare}.json`],
    ["tilde", `${bare}~`],
    ["encoded space", `${bare}%20`],
    ["3,000-char segment", `${bare}/${rep("a", 3000)}`],
    ["2,000 segments", `/${rep("a/", 2000)}`],
    ["12 KB path", `/${rep("b", 12_000)}`],
    ["upper case", u.toUpperCase()],
    ["/index.html", `${bare}/index.html`],
    ["/page", `${bare}/page`],
    ["/route", `${bare}/route`],
    ["/layout", `${bare}/layout`],
    ["/_not-found", "/_not-found"],
    ["/_next/static/../", `/_next/static/../..${u}`],
    ["/_next/data", `/_next/data/x${bare}.json`],
    ["/_next/image of the route", `/_next/image?url=${encodeURIComponent(u)}&w=64&q=75`],
    ["/_next/image of another host", "/_next/image?url=http%3A%2F%2Fevil.example%2Fx.png&w=64&q=75"],
    ["/_next/image broken", "/_next/image?url=%00&w=-1&q=1e9"],
    ["/_next/static NUL", "/_next/static/chunks/%00.js"],
    ["/_next/static long", `/_next/static/${rep("x", 300)}`],
    ["unicode segment", `${bare}/%F0%9F%92%A9`],
    ["fragment in the request line", `${u}#frag`],
    ["absolute-form, own host", `http://${ctx.host}${u}`],
    ["absolute-form, another host", `http://evil.example${u}`],
    ["absolute-form, https", `https://${ctx.host}${u}`],
    ["scheme-relative", `//evil.example${u}`],
    ["backslashes", u.replace(/\//g, "\\"), "any"],
    ["raw UTF-8 bytes", Buffer.concat([latin1(bare), b("/é")]), "any"],
    ["raw 0xFF byte", Buffer.concat([latin1(bare), Buffer.from([0x2f, 0xff])]), "any"],
    ["raw NUL byte", Buffer.concat([latin1(bare), Buffer.from([0x2f, 0x00])]), "any"],
    ["raw tab", `${bare}/a\tb`, "any"],
    ["raw quote and brackets", `${bare}/"<>{}|^\``, "any"],
    ["no leading slash", u.slice(1) || "x", "any"],
  ];
  return out.map(([label, target, expect]) => ({ label, req: get(target), expect }));
};

/** Hostile values in the route's dynamic segments (static routes: in one more segment). */
const segmentGen: Gen = (ctx, route, _urls) => {
  const dynamic = route.segments.filter((s) => s.type !== "static");
  const methods = route.methods.filter((m) => m !== "HEAD");
  const out: Spec[] = [];
  for (const v of SEGMENT_VALUES) {
    const method = pick(ctx.rng, methods.length ? methods : ["GET"]);
    let target: string;
    if (dynamic.length === 0) target = `${route.pattern === "/" ? "" : route.pattern}/${v}`;
    else {
      // One dynamic segment gets the value; the others a plausible one.
      const hit = pick(ctx.rng, dynamic);
      const real = pick(ctx.rng, ctx.urls.get(route.pattern) ?? [route.pattern]);
      const realParts = real.split("?")[0]!.split("/").filter(Boolean);
      let i = 0;
      target = fillPattern(route, (s) => {
        const idx = route.segments.indexOf(s);
        i++;
        return s === hit ? v : (realParts[idx] ?? `x${i}`);
      });
    }
    const label = v.length > 30 ? `${v.slice(0, 20)}…(${v.length})` : v;
    out.push({ label: `${method} ${label}`, req: method === "POST" ? { method, target, headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: b("List-Unsubscribe=One-Click") } : get(target) });
  }
  // A plausible value with a hostile tail (passes length checks that a bare "%00" fails).
  if (dynamic.length) {
    for (const tail of ["%00", "%ff", "%c0%af", "%0a", "%20", "%2e%2e", "'", "%22", ".json", "%F0%9F%92%A9", "%"]) {
      const method = pick(ctx.rng, methods.length ? methods : ["GET"]);
      const real = pick(ctx.rng, ctx.urls.get(route.pattern) ?? [route.pattern]).split("?")[0]!;
      const target = `${real}${tail}`;
      out.push({ label: `${method} plausible + ${tail}`, req: method === "POST" ? { method, target, headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: b("List-Unsubscribe=One-Click") } : get(target) });
      const hit = pick(ctx.rng, dynamic);
      const realParts = real.split("/").filter(Boolean);
      const inner = fillPattern(route, (s) => {
        const v = realParts[route.segments.indexOf(s)] ?? "x";
        return s === hit ? `${v}${tail}` : v;
      });
      if (inner !== target) out.push({ label: `${method} plausible + ${tail} inside`, req: method === "POST" ? { method, target: inner, headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: b("List-Unsubscribe=One-Click") } : get(inner) });
    }
  }
  return out;
};

/** Odd headers on a GET (and a few on a POST). */
const headersGen: Gen = (ctx, _route, urls) => {
  const u = () => pick(ctx.rng, urls);
  const h = (label: string, headers: [string, string][], extra: Partial<Req> = {}, expect?: "answer" | "any"): Spec => ({ label, req: get(u(), headers, extra), expect });
  return [
    h("no Host (HTTP/1.1)", [], { without: ["host"] }),
    h("two Host headers", [["Host", ctx.host], ["Host", "evil.example"]]),
    h("Host of another site", [["Host", "evil.example"]]),
    h("Host with a bad port", [["Host", "127.0.0.1:99999"]]),
    h("empty Host", [["Host", ""]]),
    h("Host [::1 unclosed", [["Host", "[::1"]]),
    h("Host 4 KB", [["Host", rep("h", 4000)]]),
    h("Host with UTF-8", [["Host", "ex\u00e4mple.com"]]),
    h("X-Forwarded-Host of another site", [["X-Forwarded-Host", "evil.example"]]),
    h("X-Forwarded-Host list", [["X-Forwarded-Host", "a.example, b.example, , ,"]]),
    h("X-Forwarded-Proto gopher", [["X-Forwarded-Proto", "gopher"]]),
    h("X-Forwarded-Proto list", [["X-Forwarded-Proto", "https, http"]]),
    h("X-Forwarded-For garbage", [["X-Forwarded-For", "not an address, , 999.1.1.1, ::zz"]]),
    h("X-Forwarded-For 1,000 hops", [["X-Forwarded-For", Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(", ")]]),
    h("X-Real-IP garbage", [["X-Real-IP", "%00<script>"]]),
    h("Forwarded garbage", [["Forwarded", 'for="[::1";proto=ftp;host=;by=unknown']]),
    h("session cookie garbage", [["Cookie", "herald_session=%zz%00; herald_session=x"]]),
    h("session cookie 8 KB", [["Cookie", `herald_session=${rep("A", 8000)}`]]),
    h("200 cookies", [["Cookie", Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join("; ")]]),
    h("cookie without =", [["Cookie", ";;;herald_session;=;==;"]]),
    h("Accept text/x-component", [["Accept", "text/x-component"]]),
    h("Accept garbage q", [["Accept", "*/*;q=x, text/html;q=-1, application/json;;;"]]),
    h("Accept-Encoding odd", [["Accept-Encoding", "gzip;q=nan, br;q=-1, *;q=0, identity;q=0"]]),
    h("Accept-Encoding 8 KB", [["Accept-Encoding", rep("gzip, ", 1300)]]),
    h("Accept-Language garbage", [["Accept-Language", "zz-ZZZZZZZZ;q=2, *;q=x, ../.."]]),
    h("If-None-Match *", [["If-None-Match", "*"]]),
    h("If-None-Match garbage", [["If-None-Match", 'W/"x", "", ,,, "\u00ff"']]),
    h("If-Modified-Since garbage", [["If-Modified-Since", "yesterday at noon"]]),
    h("Range bytes=0-0", [["Range", "bytes=0-0"]]),
    h("Range far", [["Range", "bytes=999999999-"]]),
    h("Range garbage", [["Range", "bytes=x-y, -, 5-1"]]),
    h("RSC: 1", [["RSC", "1"]]),
    h("RSC with a broken router state", [["RSC", "1"], ["Next-Router-State-Tree", "%7B%22a%22%3A"]]),
    h("RSC with a wrong-shape router state", [["RSC", "1"], ["Next-Router-State-Tree", encodeURIComponent(JSON.stringify(["", { children: [1, 2, 3] }, null, "refetch", true]))]]),
    h("RSC with a 10 KB router state", [["RSC", "1"], ["Next-Router-State-Tree", encodeURIComponent(JSON.stringify(["", { children: [rep("a", 9000), {}] }]))]]),
    h("RSC prefetch", [["RSC", "1"], ["Next-Router-Prefetch", "1"]]),
    h("RSC segment prefetch garbage", [["RSC", "1"], ["Next-Router-Prefetch", "1"], ["Next-Router-Segment-Prefetch", "/_tree/../%00"]]),
    h("Next-Url garbage", [["RSC", "1"], ["Next-Url", "//evil.example/%00"]]),
    h("Next-Action on a GET", [["Next-Action", pick(ctx.rng, ctx.actions)?.id ?? "00"]]),
    h("x-middleware-subrequest", [["x-middleware-subrequest", "middleware:middleware:middleware:middleware:middleware"]]),
    h("x-invoke-path and query", [["x-invoke-path", "/admin"], ["x-invoke-query", "%7B%22a%22%3A1"], ["x-invoke-output", "/admin"]]),
    h("x-now-route-matches", [["x-now-route-matches", "nxtPid=%00&1=x"]]),
    h("internal render header guessed", [["x-herald-internal-render", "guess"]]),
    h("x-herald-keep sent by a client", [["x-herald-keep", "999999"]]),
    h("x-nextjs-data", [["x-nextjs-data", "1"]]),
    h("Purpose: prefetch", [["Purpose", "prefetch"], ["Sec-Purpose", "prefetch;prerender"]]),
    h("Expect: 100-continue on a GET", [["Expect", "100-continue"]]),
    h("Expect garbage", [["Expect", "the-unexpected"]]),
    h("Upgrade: websocket", [["Connection", "Upgrade"], ["Upgrade", "websocket"], ["Sec-WebSocket-Key", "x"], ["Sec-WebSocket-Version", "13"]]),
    h("Upgrade: h2c", [["Connection", "Upgrade, HTTP2-Settings"], ["Upgrade", "h2c"], ["HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"]]),
    h("Authorization garbage", [["Authorization", "Basic %%%not-base64"]]),
    h("Origin null", [["Origin", "null"]]),
    h("Origin garbage", [["Origin", "::not a url::"]]),
    h("Referer 8 KB", [["Referer", `http://evil.example/${rep("r", 8000)}`]]),
    h("no User-Agent, no Accept", [], { without: ["user-agent", "accept"] }),
    h("binary User-Agent", [["User-Agent", "\u00ff\u00fe\u0080"]]),
    h("Content-Type without a body", [["Content-Type", "multipart/form-data"]]),
    h("Content-Length 0 on a GET", [["Content-Length", "0"]]),
    h("Transfer-Encoding identity", [["Transfer-Encoding", "identity"]], {}, "any"),
    h("300 headers", Array.from({ length: 300 }, (_, i): [string, string] => [`X-Fuzz-${i}`, String(i)])),
    h("3,000 headers", Array.from({ length: 3000 }, (_, i): [string, string] => [`X-F${i}`, "1"])),
    h("20 KB header", [["X-Big", rep("a", 20_000)]]),
    h("HTTP/1.0 without Host", [], { version: "HTTP/1.0", without: ["host", "connection"] }),
    h("HTTP/1.0 keep-alive", [["Connection", "keep-alive"]], { version: "HTTP/1.0" }),
    h("HTTP/1.2", [], { version: "HTTP/1.2" }, "any"),
    h("HTTP/2.0 on a request line", [], { version: "HTTP/2.0" }, "any"),
    h("HTTP/9.9", [], { version: "HTTP/9.9" }, "any"),
    h("no version (HTTP/0.9)", [], { version: "" }, "any"),
    h("header name with a space", [["X Bad", "1"]], {}, "any"),
    h("header name with a colon inside", [["X:Bad", "1"]], {}, "any"),
    h("header without a name", [["", "value"]], {}, "any"),
    h("obs-fold continuation", [["X-Folded", "a\r\n b"]], {}, "any"),
    h("bare CR in a value", [["X-CR", "a\rb"]], {}, "any"),
    h("NUL in a value", [["X-NUL", "a\u0000b"]], {}, "any"),
    h("Content-Length not a number", [["Content-Length", "abc"]], {}, "any"),
    h("Content-Length negative", [["Content-Length", "-1"]], {}, "any"),
    h("two different Content-Lengths", [["Content-Length", "0"], ["Content-Length", "5"]], {}, "any"),
    h("Content-Length list", [["Content-Length", "0, 0"]], {}, "any"),
    h("Content-Length with Transfer-Encoding", [["Content-Length", "3"], ["Transfer-Encoding", "chunked"]], { body: b("0\r\n\r\n") }, "any"),
    h("Transfer-Encoding chunked, gzip", [["Transfer-Encoding", "chunked, gzip"]], { body: b("0\r\n\r\n") }, "any"),
    h("Transfer-Encoding xchunked", [["Transfer-Encoding", "xchunked"]], {}, "any"),
    h("Transfer-Encoding with a tab", [["Transfer-Encoding", "\tchunked"]], { body: b("0\r\n\r\n") }, "any"),
  ];
};

// Bodies: [label, content type (null: none), body, expect, more headers].
type BodySpec = [string, string | null, Buffer, ("answer" | "any")?, [string, string][]?];
const BOUNDARY = "----herald-fuzz-7MA4YWxkTrZu0gW";
const part = (name: string, value: string | Buffer, extra = "") => Buffer.concat([b(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`), Buffer.isBuffer(value) ? value : b(value), b("\r\n")]);
const multipart = (...parts: Buffer[]) => Buffer.concat([...parts, b(`--${BOUNDARY}--\r\n`)]);
const MP = `multipart/form-data; boundary=${BOUNDARY}`;

function bodies(huge: boolean): BodySpec[] {
  const out: BodySpec[] = [
    ["JSON {", "application/json", b("{")],
    ["JSON cut mid-key", "application/json", b('{"a":')],
    ["JSON nested 20,000 deep", "application/json", b(rep("[", 20_000))],
    ["JSON __proto__", "application/json", b('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')],
    ["JSON lone surrogate", "application/json", b('"\\ud800"')],
    ["JSON invalid UTF-8", "application/json", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ["JSON with BOM", "application/json", b("\ufeff{}")],
    ["JSON null", "application/json", b("null")],
    ["JSON NaN", "application/json", b("NaN")],
    ["JSON 1e99999", "application/json", b("1e99999")],
    ["JSON duplicate keys", "application/json", b('{"a":1,"a":2}')],
    ["JSON plausible", "application/json", b('{"address":"fuzz@example.com","status":"resolved"}')],
    ["JSON empty", "application/json", Buffer.alloc(0)],
    ["JSON charset=utf-7", "application/json; charset=utf-7", b('{"a":"+ADw-script+AD4-"}')],
    ["form %", "application/x-www-form-urlencoded", b("%")],
    ["form %zz", "application/x-www-form-urlencoded", b("a=%zz&b=%")],
    ["form overlong UTF-8", "application/x-www-form-urlencoded", b("address=%c0%af%e0%80%af")],
    ["form &&&==&", "application/x-www-form-urlencoded", b("&&&==&=")],
    ["form brackets", "application/x-www-form-urlencoded", b("a[]=1&a[b]=2&a[__proto__][x]=1&constructor[prototype][y]=2")],
    ["form 10,000 fields", "application/x-www-form-urlencoded", b(rep("a=1&", 10_000))],
    ["form NUL", "application/x-www-form-urlencoded", b("address=%00&token=%00&email=a%00b")],
    ["form raw invalid UTF-8", "application/x-www-form-urlencoded", Buffer.concat([b("address="), Buffer.from([0xff, 0xc0, 0xaf])])],
    ["form one-click", "application/x-www-form-urlencoded", b("List-Unsubscribe=One-Click")],
    ["form Twilio-like", "application/x-www-form-urlencoded", b("MessageSid=SM%00&MessageStatus=delivered&To=%2B1&ErrorCode=1e309")],
    ["form charset=ibm037", "application/x-www-form-urlencoded; charset=ibm037", b("a=1")],
    ["multipart without boundary", "multipart/form-data", multipart(part("a", "1"))],
    ["multipart empty boundary", "multipart/form-data; boundary=", multipart(part("a", "1"))],
    ["multipart wrong boundary", "multipart/form-data; boundary=other", multipart(part("a", "1"))],
    ["multipart unterminated", MP, Buffer.concat([part("a", "1"), b(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="b"\r\n\r\nstill going`)])],
    ["multipart without CRLFs", MP, b(`--${BOUNDARY}Content-Disposition: form-data; name="a"1--${BOUNDARY}--`)],
    ["multipart part without a name", MP, multipart(b(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n`))],
    ["multipart 2,000 parts", MP, multipart(...Array.from({ length: 2000 }, (_, i) => part(`f${i}`, "1")))],
    ["multipart file ../../etc/passwd", MP, multipart(part("file", "x", '; filename="../../etc/passwd"'))],
    ["multipart 200-char boundary", `multipart/form-data; boundary=${rep("b", 200)}`, b(`--${rep("b", 200)}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${rep("b", 200)}--\r\n`)],
    ["multipart/mixed nested", `multipart/mixed; boundary=${BOUNDARY}`, multipart(part("a", b(`--inner\r\n\r\nx\r\n--inner--`), "\r\nContent-Type: multipart/mixed; boundary=inner"))],
    ["multipart base64 garbage", MP, multipart(b(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%\r\n`))],
    ["multipart preamble only", MP, b("just a preamble, no parts")],
    ["multipart header garbage", MP, multipart(b(`--${BOUNDARY}\r\n\u0000\u00ff: :\r\n\r\nx\r\n`))],
    ["text/plain junk", "text/plain", b("hello\u0000world\u00ff")],
    ["octet-stream 32 KB", "application/octet-stream", Buffer.alloc(32 * 1024, 0xa5)],
    ["no Content-Type", null, b("a=1")],
    ["text/x-component", "text/x-component", b('0:["$@1",["x"]]')],
    ["XML with an external entity", "application/xml", b('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')],
    ["Content-Type 5,000 parameters", `text/plain${rep("; a=b", 5000)}`, b("x")],
    ["Content-Type garbage", "\u00ff/\u0000", b("x"), "any"],
    ["gzip garbage", "application/json", b("not gzip at all"), undefined, [["Content-Encoding", "gzip"]]],
    ["form 80 KB (over the public limit)", "application/x-www-form-urlencoded", b(`address=${rep("x", 80 * 1024)}`)],
  ];
  if (huge) {
    out.push(
      ["huge 3 MB form", "application/x-www-form-urlencoded", b(`address=${rep("y", 3 * 1024 * 1024)}`)],
      ["huge 6 MB JSON", "application/json", b(`{"a":"${rep("z", 6 * 1024 * 1024)}"}`)],
    );
  }
  return out;
}

const bodyGen =
  (huge: boolean): Gen =>
  (ctx, route, urls) => {
    const out: Spec[] = [];
    const methods = ["POST", "POST", "POST", "PUT", "PATCH", "DELETE"];
    for (const [label, type, body, expect, more] of bodies(huge)) {
      const headers: [string, string][] = [...(type === null ? [] : ([["Content-Type", type]] as [string, string][])), ...(more ?? [])];
      out.push({ label, req: { method: pick(ctx.rng, methods), target: pick(ctx.rng, urls), headers, body }, expect });
    }
    const u = pick(ctx.rng, urls);
    out.push(
      { label: "gzip bomb (20 MB of zeros)", req: { method: "POST", target: u, headers: [["Content-Type", "application/json"], ["Content-Encoding", "gzip"]], body: gzipSync(Buffer.alloc(20 * 1024 * 1024)) } },
      { label: "Content-Encoding br garbage", req: { method: "POST", target: u, headers: [["Content-Type", "text/plain"], ["Content-Encoding", "br, deflate, x-unknown"]], body: b("xx") } },
      { label: "valid chunked, 500 tiny chunks", req: { method: "POST", target: u, headers: [["Content-Type", "application/x-www-form-urlencoded"], ["Transfer-Encoding", "chunked"]], body: b(`${rep("1\r\na\r\n", 500)}0\r\n\r\n`) } },
      { label: "chunked with trailers", req: { method: "POST", target: u, headers: [["Content-Type", "text/plain"], ["Transfer-Encoding", "chunked"], ["Trailer", "X-T"]], body: b("3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n") } },
      { label: "Expect: 100-continue with a body", req: { method: "POST", target: u, headers: [["Content-Type", "text/plain"], ["Expect", "100-continue"]], body: b("hello") } },
    );
    if (route.methods.includes("POST") && !route.actions.length) {
      // A route handler's own POST, with its plausible body and broken ones.
      for (const body of ["", "=", "List-Unsubscribe=One-Click", "List-Unsubscribe=%zz", "MessageStatus=delivered&MessageSid=%00"]) {
        out.push({ label: `route POST ${JSON.stringify(body)}`, req: { method: "POST", target: pick(ctx.rng, urls), headers: [["Content-Type", "application/x-www-form-urlencoded"], ["X-Twilio-Signature", "AAAA%%%"]], body: b(body) } });
      }
    }
    return out;
  };

const truncatedGen: Gen = (ctx, _route, urls) => {
  const u = () => pick(ctx.rng, urls);
  const cut = (label: string, declared: number, sent: Buffer, close: "destroy" | "fin", type = "application/x-www-form-urlencoded"): Spec => ({
    label,
    req: { method: "POST", target: u(), headers: [["Content-Type", type], ["Content-Length", String(declared)]], body: sent },
    expect: "any",
    send: (h, body) => ({ type: "truncate", head: h, body, close }),
  });
  const chunked = (label: string, body: string, close: "destroy" | "fin"): Spec => ({
    label,
    req: { method: "POST", target: u(), headers: [["Content-Type", "text/plain"], ["Transfer-Encoding", "chunked"]], body: b(body) },
    expect: "any",
    send: (h, bd) => ({ type: "truncate", head: h, body: bd, close }),
  });
  return [
    cut("Content-Length 1,000, 10 sent, closed", 1000, b("address=xx"), "destroy"),
    cut("Content-Length 1,000, 10 sent, half-closed", 1000, b("address=xx"), "fin"),
    cut("Content-Length 10 MB, 1 KB sent, closed", 10 * 1024 * 1024, Buffer.alloc(1024, 0x61), "destroy"),
    cut("Content-Length 2^53, nothing sent, half-closed", 2 ** 53, Buffer.alloc(0), "fin"),
    cut("multipart cut mid-part, half-closed", 5000, b(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc`), "fin", MP),
    cut("JSON cut, half-closed", 500, b('{"address":"x'), "fin", "application/json"),
    chunked("chunked without its last chunk, half-closed", "5\r\nabcde\r\n", "fin"),
    chunked("chunked cut mid-chunk, closed", "100\r\nabc", "destroy"),
    { label: "chunked bad size", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b("zz\r\nabc\r\n0\r\n\r\n") }, expect: "any" },
    { label: "chunked size overflow", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b("ffffffffffffffffff\r\nabc\r\n0\r\n\r\n") }, expect: "any" },
    { label: "chunked data longer than its size", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b("2\r\nabcdef\r\n0\r\n\r\n") }, expect: "any" },
    { label: "chunked without CRLF after data", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b("3\r\nabc0\r\n\r\n") }, expect: "any" },
    { label: "chunk extension 10 KB", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b(`3;${rep("e", 10_000)}\r\nabc\r\n0\r\n\r\n`) }, expect: "any" },
    { label: "chunked trailer garbage", req: { method: "POST", target: u(), headers: [["Transfer-Encoding", "chunked"]], body: b("3\r\nabc\r\n0\r\n\u0000bad trailer\r\n\r\n") }, expect: "any" },
    { label: "body longer than Content-Length (smuggled request)", req: { method: "POST", target: u(), headers: [["Content-Type", "text/plain"], ["Content-Length", "3"], ["Connection", "keep-alive"]], body: b(`abcGET /admin HTTP/1.1\r\nHost: ${ctx.host}\r\nConnection: close\r\n\r\n`) }, expect: "answer" },
  ];
};

// Server-action bodies. React's reply format: multipart fields `_<n>_<name>` for FormData
// argument n, then the root "0" with the argument list (`$K<n>` points at the form).
const ACTION_TEXT_BODIES: readonly string[] = [
  "", "{", "[", "[]", "[null]", "[null,null]", '["$K1"]', '[{},"$K1"]', '"$undefined"', '["$@0"]', '["$@1"]', '["$Q1"]',
  '["$W1"]', '["$h1"]', '["$F1"]', '["$T"]', '["$D2020-13-45"]', '["$n99999999999999999999"]', '["$B1"]', '["$S"]',
  '["$i1"]', '["$R1"]', '["$r1"]', '["$1:constructor:constructor"]', '["$0:__proto__:then"]', '[{"then":"$1:__proto__:then"}]',
  `${rep("[", 5000)}${rep("]", 5000)}`, JSON.stringify([rep("x", 30_000)]), '[{"status":"idle"},{"address":"fuzz@example.com"}]',
  "[1,2,3,4,5,6,7,8,9,10]", '{"0":"$K1"}',
];

function actionForm(fields: string[], value: (field: string) => string | Buffer, root: string, rootFirst = false): Buffer {
  const parts = fields.map((f) => part(`_1_${f}`, value(f)));
  const r = part("0", root);
  return multipart(...(rootFirst ? [r, ...parts] : [...parts, r]));
}

function randomHex(rng: Rng, n: number): string {
  let s = "";
  while (s.length < n) s += Math.floor(rng() * 16).toString(16);
  return s;
}

const actionGen: Gen = (ctx, route, urls, signedIn) => {
  const out: Spec[] = [];
  const u = () => pick(ctx.rng, urls);
  const form = ctx.fields.get(route.pattern) ?? { address: "nobody@example.com", email: "nobody@example.com", password: "x", token: "x", name: "x", status: "identified", message: "x", incidentId: "x" };
  const fields = Object.keys(form);
  const sameOrigin: [string, string][] = [["Origin", ctx.origin]];
  const call = (label: string, id: string, type: string | null, body: Buffer, extra: [string, string][] = sameOrigin, expect?: "answer" | "any"): Spec => ({
    label,
    req: { method: "POST", target: u(), headers: [["Next-Action", id], ["Accept", "text/x-component"], ...(type ? ([["Content-Type", type]] as [string, string][]) : []), ...extra], body },
    expect,
  });
  // The page's own actions (never one that ends the session when signed in: it would log the fuzz out).
  for (const a of route.actions) {
    if (signedIn && ctx.sessionEnders.has(a.id)) continue;
    const name = a.name;
    for (const t of ACTION_TEXT_BODIES) out.push(call(`${name} text ${t.length > 30 ? `${t.slice(0, 24)}…(${t.length})` : t}`, a.id, "text/plain;charset=UTF-8", b(t)));
    for (const v of FIELD_VALUES) {
      const label = v.length > 24 ? `${JSON.stringify(v.slice(0, 16))}…(${v.length})` : JSON.stringify(v);
      out.push(call(`${name} form, every field ${label}`, a.id, MP, actionForm(fields, () => v, '[{},"$K1"]')));
    }
    // The page's own form, valid but for one field.
    for (const f of fields) {
      for (const v of MUTATION_VALUES) {
        const label = v.length > 24 ? `${JSON.stringify(v.slice(0, 16))}…(${v.length})` : JSON.stringify(v);
        out.push(call(`${name} form, ${f} = ${label}`, a.id, MP, actionForm(fields, (x) => (x === f ? v : form[x]!), '[{},"$K1"]')));
      }
    }
    out.push(
      call(`${name} form, a field per value`, a.id, MP, actionForm(fields, () => pick(ctx.rng, FIELD_VALUES), '[{"status":"idle"},"$K1"]')),
      call(`${name} form, fields as files`, a.id, MP, multipart(...fields.map((f) => part(`_1_${f}`, "x", '; filename="x.txt"\r\nContent-Type: application/octet-stream')), part("0", '[{},"$K1"]'))),
      call(`${name} form, raw invalid UTF-8`, a.id, MP, actionForm(fields, () => Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), '[{},"$K1"]')),
      call(`${name} form, root first`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]', true)),
      call(`${name} form, no root`, a.id, MP, multipart(...fields.map((f) => part(`_1_${f}`, "x")))),
      call(`${name} form, root not JSON`, a.id, MP, actionForm(fields, () => "x", "{{{")),
      call(`${name} form, root is the form alone`, a.id, MP, actionForm(fields, () => "x", '"$K1"')),
      call(`${name} form, two forms`, a.id, MP, actionForm(fields, () => "x", '["$K1","$K1"]')),
      call(`${name} form, form that is not there`, a.id, MP, actionForm(fields, () => "x", '[{},"$K7"]')),
      call(`${name} form, state null`, a.id, MP, actionForm(fields, () => "x", '[null,"$K1"]')),
      call(`${name} form, duplicate fields`, a.id, MP, multipart(...fields.flatMap((f) => [part(`_1_${f}`, "a"), part(`_1_${f}`, "b")]), part("0", '[{},"$K1"]'))),
      call(`${name} form, components forged`, a.id, MP, actionForm([...fields, "component:forged-id", "component:%00", "component:"], (f) => (f.startsWith("component:") ? "major_outage" : "x"), '[{},"$K1"]')),
      call(`${name} broken multipart`, a.id, MP, b(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{},"$K1"]`)),
      call(`${name} multipart without boundary`, a.id, "multipart/form-data", actionForm(fields, () => "x", '[{},"$K1"]')),
      call(`${name} urlencoded`, a.id, "application/x-www-form-urlencoded", b("0=%5B%5D&_1_address=x")),
      call(`${name} JSON`, a.id, "application/json", b("[]")),
      call(`${name} no Content-Type`, a.id, null, b("[]")),
      call(`${name} from another origin`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]'), [["Origin", "http://evil.example"]]),
      call(`${name} from Origin null`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]'), [["Origin", "null"]]),
      call(`${name} from Origin garbage`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]'), [["Origin", "::not a url::"]]),
      call(`${name} with no Origin`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]'), []),
      call(`${name} with X-Forwarded-Host elsewhere`, a.id, MP, actionForm(fields, () => "x", '[{},"$K1"]'), [...sameOrigin, ["X-Forwarded-Host", "evil.example"]]),
      call(`${name} with a router state`, a.id, "text/plain;charset=UTF-8", b("[]"), [...sameOrigin, ["Next-Router-State-Tree", "%5B%22%22%2C%7B%7D%5D"]]),
      call(`${name} id upper case`, a.id.toUpperCase(), "text/plain;charset=UTF-8", b("[]")),
      call(`${name} id with a changed last digit`, a.id.slice(0, -1) + (a.id.endsWith("0") ? "1" : "0"), "text/plain;charset=UTF-8", b("[]")),
      {
        label: `${name} as a plain form post (MPA)`,
        req: { method: "POST", target: u(), headers: [["Content-Type", MP], ...sameOrigin], body: multipart(part(`$ACTION_ID_${a.id}`, ""), ...fields.map((f) => part(f, pick(ctx.rng, FIELD_VALUES)))) },
      },
      {
        label: `${name} as a form-state post (MPA) with a broken bound list`,
        req: { method: "POST", target: u(), headers: [["Content-Type", MP], ...sameOrigin], body: multipart(part("$ACTION_REF_1", ""), part("$ACTION_1:0", JSON.stringify({ id: a.id, bound: "$@1" })), part("$ACTION_1:1", "{{"), part("$ACTION_KEY", "k0")) },
      },
    );
  }
  // Forged ids, on every page.
  const forged: [string, string][] = [
    ["42 random hex", randomHex(ctx.rng, 42)],
    ["40 random hex", randomHex(ctx.rng, 40)],
    ["7f + 40 random hex", `7f${randomHex(ctx.rng, 40)}`],
    ["empty", ""],
    ["x", "x"],
    ["5,000 chars", rep("a", 5000)],
    ["../", "../../etc/passwd"],
    ["__proto__", "__proto__"],
    ["non-hex of the right length", rep("z", 42)],
    ["UTF-8", "\u00e9\u00e9"],
  ];
  const other = ctx.actions.filter((a) => !route.actions.some((r) => r.id === a.id) && !(signedIn && ctx.sessionEnders.has(a.id)));
  if (other.length) forged.push(["another page's action", pick(ctx.rng, other).id]);
  for (const [label, id] of forged) {
    out.push(call(`forged id (${label}) text`, id, "text/plain;charset=UTF-8", b(pick(ctx.rng, ACTION_TEXT_BODIES))));
    out.push(call(`forged id (${label}) form`, id, MP, actionForm(fields, () => pick(ctx.rng, FIELD_VALUES), '[{},"$K1"]')));
  }
  out.push(
    { label: "forged id as a plain form post (MPA)", req: { method: "POST", target: u(), headers: [["Content-Type", MP], ...sameOrigin], body: multipart(part(`$ACTION_ID_${randomHex(ctx.rng, 42)}`, ""), part("address", "x")) } },
    { label: "MPA form-state post with a forged id", req: { method: "POST", target: u(), headers: [["Content-Type", MP], ...sameOrigin], body: multipart(part("$ACTION_REF_1", ""), part("$ACTION_1:0", JSON.stringify({ id: randomHex(ctx.rng, 42), bound: null })), part("$ACTION_KEY", "k0")) } },
    { label: "Next-Action with a tab", req: { method: "POST", target: u(), headers: [["Next-Action", "ab\tcd"], ["Content-Type", "text/plain"]], body: b("[]") } },
    { label: "two Next-Action headers", req: { method: "POST", target: u(), headers: [["Next-Action", randomHex(ctx.rng, 42)], ["Next-Action", route.actions[0]?.id ?? randomHex(ctx.rng, 42)], ["Content-Type", "text/plain"], ...sameOrigin], body: b("[]") } },
  );
  return out;
};

/** Not-HTTP and abused connections; grouped under one pseudo-route. */
export const RAW_ROUTE = "(connection)";

function rawSpecs(ctx: Context, urls: string[]): Spec[] {
  const u = () => pick(ctx.rng, urls);
  const raw = (label: string, bytes: Buffer, expect: "answer" | "any" = "any"): Spec => ({ label, req: { method: "-", target: label }, expect, send: () => ({ type: "bytes", head: bytes }) });
  const valid = (target: string, connection = "close") => `GET ${target} HTTP/1.1\r\nHost: ${ctx.host}\r\nConnection: ${connection}\r\n\r\n`;
  const rnd = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(ctx.rng() * 256)));
  const idle = (label: string, bytes: Buffer, holdMs: number, close: "destroy" | "fin"): Spec => ({
    label,
    req: { method: "-", target: label },
    expect: "any",
    lane: "slow",
    send: () => ({ type: "idle", bytes, holdMs, close }),
  });
  return [
    raw("random bytes 64", rnd(64)),
    raw("random bytes 4 KB", rnd(4096)),
    raw("TLS ClientHello", Buffer.from("16030100a5010000a10303" + rep("00", 32) + "000004130113020100", "hex")),
    raw("HTTP/2 preface", b("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")),
    raw("empty lines only", b("\r\n\r\n\r\n\r\n")),
    raw("spaces only", b(rep(" ", 100))),
    raw("request line without version", b("GET /\r\n\r\n")),
    raw("100 KB without a newline", b(rep("A", 100 * 1024))),
    raw("NUL bytes", Buffer.alloc(256)),
    raw("LF-only line endings", b(`GET / HTTP/1.1\nHost: ${ctx.host}\nConnection: close\n\n`), "any"),
    raw("valid request then garbage", Buffer.concat([b(valid(u(), "keep-alive")), rnd(200)]), "answer"),
    raw("two pipelined requests", b(valid(u(), "keep-alive") + valid(u())), "answer"),
    raw("pipelined request then a broken one", b(`${valid(u(), "keep-alive")}GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n`), "answer"),
    raw("CL.TE smuggling", b(`POST / HTTP/1.1\r\nHost: ${ctx.host}\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`)),
    raw("TE.CL smuggling", b(`POST / HTTP/1.1\r\nHost: ${ctx.host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n`)),
    raw("asterisk-form GET", b(`GET * HTTP/1.1\r\nHost: ${ctx.host}\r\nConnection: close\r\n\r\n`)),
    raw("SSH banner", b("SSH-2.0-OpenSSH_9.0\r\n")),
    raw("SMTP greeting", b("EHLO fuzz.example\r\n")),
    raw("PROXY protocol header", b(`PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n${valid("/")}`)),
    raw("header block of 70 KB", b(`GET / HTTP/1.1\r\nHost: ${ctx.host}\r\n${rep("X-A: b\r\n", 10_000)}\r\n`), "answer"),
    idle("connect, send nothing, hold 3 s", Buffer.alloc(0), 3000, "destroy"),
    idle("connect, send nothing, half-close at once", Buffer.alloc(0), 0, "fin"),
    idle("half a request line, hold 3 s, half-close", b("GET /hist"), 3000, "fin"),
    idle("head without its blank line, hold 3 s", b(`GET / HTTP/1.1\r\nHost: ${ctx.host}\r\n`), 3000, "destroy"),
    idle("POST head, no body, hold 3 s", b(`POST / HTTP/1.1\r\nHost: ${ctx.host}\r\nContent-Length: 100\r\n\r\n`), 3000, "destroy"),
  ];
}

/** Slow (slowloris-style) senders on one route: the head or the body dripped over ~3 s. */
const slowGen: Gen = (ctx, _route, urls) => {
  const u = () => pick(ctx.rng, urls);
  const headBytes = (target: string) => b(`GET ${target} HTTP/1.1\r\nHost: ${ctx.host}\r\nUser-Agent: herald-fuzz-slow\r\nAccept: */*\r\nX-Pad: ${rep("p", 60)}\r\nConnection: close\r\n\r\n`);
  const body = b(`address=${rep("s", 1000)}`);
  const postBytes = (target: string) => Buffer.concat([b(`POST ${target} HTTP/1.1\r\nHost: ${ctx.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);
  const slow = (label: string, bytes: Buffer, step: number, finish: boolean): Spec => ({
    label,
    req: { method: label.startsWith("POST") ? "POST" : "GET", target: label },
    expect: finish ? "answer" : "any",
    lane: "slow",
    send: () => ({ type: "slow", bytes, step, everyMs: 100, finish }),
  });
  const t1 = u();
  const t2 = u();
  return [
    slow(`GET head dripped, 8 bytes / 100 ms, ${t1}`, headBytes(t1), 8, true),
    slow(`GET head dripped then dropped, ${t2}`, headBytes(t2), 8, false),
    slow(`POST body dripped, 40 bytes / 100 ms, ${t1}`, postBytes(t1), 40, true),
    slow(`POST body dripped then dropped, ${t2}`, postBytes(t2), 40, false),
  ];
};

const GENERATORS: Record<Exclude<Kind, "raw">, (huge: boolean) => Gen> = {
  method: () => methodGen,
  query: () => queryGen,
  path: () => pathGen,
  segment: () => segmentGen,
  headers: () => headersGen,
  body: (huge) => bodyGen(huge),
  truncated: () => truncatedGen,
  action: () => actionGen,
  slow: () => slowGen,
};

/** Every case for the routes. Signed-in twins for the dashboard's routes (and its actions). */
export function allCases(ctx: Context, routes: Route[], opts: { huge: boolean }): Case[] {
  const out: Case[] = [];
  for (const route of routes) {
    const urls = ctx.urls.get(route.pattern) ?? [route.pattern];
    const admin = route.pattern === "/admin" || route.pattern.startsWith("/admin/");
    for (const signedIn of admin ? [false, true] : [false]) {
      for (const kind of Object.keys(GENERATORS) as Exclude<Kind, "raw">[]) {
        for (const spec of GENERATORS[kind](opts.huge)(ctx, route, urls, signedIn)) out.push(toCase(ctx, route.pattern, kind, signedIn, spec));
      }
    }
  }
  const anyUrls = [...ctx.urls.values()].flat();
  for (const spec of rawSpecs(ctx, anyUrls.length ? anyUrls : ["/"])) out.push(toCase(ctx, RAW_ROUTE, "raw", false, spec));
  return out;
}

/**
 * More cases drawn at random from the same pools (a random kind's generator on a random route,
 * one of its cases): the full run tops its fixed set up to the requested count with these.
 */
export function randomCases(ctx: Context, routes: Route[], n: number): Case[] {
  const out: Case[] = [];
  const kinds = (Object.keys(GENERATORS) as Exclude<Kind, "raw">[]).filter((k) => k !== "slow");
  while (out.length < n) {
    const route = pick(ctx.rng, routes);
    const urls = ctx.urls.get(route.pattern) ?? [route.pattern];
    const admin = route.pattern === "/admin" || route.pattern.startsWith("/admin/");
    const signedIn = admin && ctx.rng() < 0.5;
    const kind = pick(ctx.rng, kinds);
    const specs = GENERATORS[kind](false)(ctx, route, urls, signedIn);
    if (!specs.length) continue;
    // Mix: one spec's request with a hostile segment, query or header from the pools.
    const s = pick(ctx.rng, specs);
    const twist = ctx.rng();
    let req = s.req;
    let label = s.label;
    if (!s.send && typeof req.target === "string" && req.target.startsWith("/")) {
      if (twist < 0.3) {
        req = { ...req, target: `${req.target.split("?")[0]}${pick(ctx.rng, QUERY_VALUES)}` };
        label += " + query";
      } else if (twist < 0.5) {
        const v = pick(ctx.rng, SEGMENT_VALUES);
        req = { ...req, target: `${req.target.split("?")[0]!.replace(/\/[^/]*$/, "")}/${v}` };
        label += " + segment";
      } else if (twist < 0.7) {
        req = { ...req, headers: [...(req.headers ?? []), [pick(ctx.rng, ["X-Forwarded-For", "Cookie", "Accept", "Accept-Encoding", "If-None-Match", "Referer", "Origin", "RSC", "Next-Router-State-Tree", "Content-Type"]), pick(ctx.rng, FIELD_VALUES).replace(/[\r\n\u0000]/g, "")]] };
        label += " + header";
      }
    }
    out.push(toCase(ctx, route.pattern, kind, signedIn, { ...s, req, label: `${label} (random)` }));
  }
  return out;
}

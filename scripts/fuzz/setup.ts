// Before the fuzz: log in as the operator, post a few incidents full of hostile text (so every
// public document and page renders it), subscribe an address (its confirmation mail, caught in
// the dashboard's Captured mail, gives real subscription tokens), then crawl the running app for
// real URLs: plausible values for every route's dynamic segments, and each page's form fields.
import type { Route, ServerAction } from "./routes";
import { fillPattern, routeFor } from "./routes";
import type { Rng } from "./cases";

export type Discovered = {
  cookie: string;
  /** Plausible concrete URLs per route pattern. */
  urls: Map<string, string[]>;
  /** Form fields per page pattern: name → the value the page gives it (or a plausible one). */
  fields: Map<string, Record<string, string>>;
  notes: string[];
};

const ACTION_ROOT_FORM = '"$K1"';

/** Calls a server action the way React's client does: FormData fields `_1_<name>`, then the root "0". */
async function callAction(base: string, page: string, action: ServerAction, fields: [string, string][], cookie?: string, prev = "{}"): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of fields) form.append(`_1_${k}`, v);
  form.append("0", `[${prev},${ACTION_ROOT_FORM}]`);
  return fetch(`${base}${page}`, {
    method: "POST",
    headers: { "Next-Action": action.id, Origin: base, Accept: "text/x-component", ...(cookie ? { Cookie: cookie } : {}) },
    body: form,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
}

async function text(base: string, path: string, cookie?: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  const ct = r.headers.get("content-type") ?? "";
  // A stream (server-sent events) never ends: its head is enough.
  if (/event-stream/.test(ct)) {
    await r.body?.cancel();
    return { status: r.status, body: "" };
  }
  const body = /html|json|xml|text|javascript/.test(ct) ? await r.text() : (await r.arrayBuffer(), "");
  return { status: r.status, body };
}

const HOSTILE_NAMES = [
  "<script>alert('name')</script> & \"quotes\" ' \u202eRTL\u202c \ud83d\udca9 ]]> --> {{7*7}} ${7*7}",
  `${"Long ".repeat(38)}end`,
];
const HOSTILE_MESSAGES = [
  [
    "# Heading <img src=x onerror=alert(1)>",
    "[link](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) <a href=\"javascript:x\">raw</a>",
    "| a | b |\n|---|---|\n| <b>x</b> | `code` |",
    "> ".repeat(200) + "deep quote",
    "* ".repeat(200) + "deep list",
    "```\n</code></pre><script>alert(2)</script>\n```",
    "\u0007\u0008\u000b\u000c\u001b[31m control \u2028 \u2029 \ufeff BOM \ud800 lone",
    "]]></description><item><title>injected</title></item><description><![CDATA[",
    "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\n",
  ].join("\n\n"),
  "x".repeat(19_000),
];

export async function discover(opts: {
  base: string;
  email: string;
  password: string;
  routes: Route[];
  examples: string[];
  rng: Rng;
  incidents: number;
  log: (m: string) => void;
}): Promise<Discovered> {
  const { base, routes, log } = opts;
  const notes: string[] = [];
  const byName = (name: string) => routes.flatMap((r) => r.actions.map((a) => ({ route: r, action: a }))).find((x) => x.action.name === name);

  // Log in through the login form's action, as the browser does.
  const login = byName("loginAction");
  if (!login) throw new Error("the build has no loginAction: cannot sign in for the dashboard's groups");
  const lr = await callAction(base, "/admin/login", login.action, [["email", opts.email], ["password", opts.password]], undefined, '{"error":null,"email":""}');
  await lr.arrayBuffer();
  const session = /(herald_session=[^;]+)/.exec(lr.headers.get("set-cookie") ?? "");
  if (!session) throw new Error(`signing in failed (HTTP ${lr.status}, no session cookie)`);
  const cookie = session[1]!;

  // Components, from the new-incident form (component:<id> selects).
  const newForm = await text(base, "/admin/incidents/new", cookie);
  const componentIds = [...newForm.body.matchAll(/name="component:([^"]+)"/g)].map((m) => m[1]!);

  // Incidents with hostile text everywhere it can go (no notifications: the fuzz is about input).
  const create = byName("createIncidentAction");
  for (let i = 0; i < opts.incidents && create; i++) {
    const fields: [string, string][] = [
      ["name", HOSTILE_NAMES[i % HOSTILE_NAMES.length]!],
      ["status", ["investigating", "identified", "monitoring", "resolved"][i % 4]!],
      ["message", HOSTILE_MESSAGES[i % HOSTILE_MESSAGES.length]!],
    ];
    if (componentIds[i % Math.max(1, componentIds.length)]) fields.push([`component:${componentIds[i % componentIds.length]}`, "degraded_performance"]);
    const r = await callAction(base, "/admin/incidents/new", create.action, fields, cookie, '{"formError":null,"fieldErrors":{},"values":null}');
    const body = await r.text();
    if (!r.headers.get("x-action-redirect")) notes.push(`posting hostile incident ${i + 1} did not redirect (HTTP ${r.status}): ${body.slice(0, 200)}`);
  }

  // A subscription, for real confirm and unsubscribe tokens.
  const subscribe = byName("subscribeAction");
  if (subscribe) {
    const r = await callAction(base, subscribe.route.pattern, subscribe.action, [["address", `fuzz-${Math.floor(opts.rng() * 1e9)}@example.com`]], undefined, '{"status":"idle"}');
    await r.arrayBuffer();
  }

  // Crawl: pages as a visitor and as the operator, following same-site links.
  const found = new Set<string>(opts.examples);
  const fields = new Map<string, Record<string, string>>();
  const queue: { path: string; cookie?: string }[] = [
    { path: "/" },
    { path: "/history" },
    { path: "/admin", cookie },
    { path: "/admin/mail", cookie },
    { path: "/admin/incidents/new", cookie },
    ...opts.examples.map((path) => ({ path })),
  ];
  const seen = new Set<string>();
  let fetched = 0;
  // Captured mail shows the confirmation link once the worker has sent it: look a few times.
  let mailTries = 0;
  while (queue.length && fetched < 120) {
    const next = queue.shift()!;
    const key = `${next.cookie ? "op" : "anon"} ${next.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fetched++;
    let page: { status: number; body: string };
    try {
      page = await text(base, next.path, next.cookie);
    } catch (e) {
      notes.push(`crawl: ${next.path}: ${(e as Error).message}`);
      continue;
    }
    if (next.path === "/admin/mail" && !/subscriptions\/confirm\//.test(page.body) && mailTries++ < 15) {
      seen.delete(key);
      queue.push(next);
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    const route = routeFor(routes, next.path.split("?")[0]!);
    if (route && page.status === 200) readForm(fields, route.pattern, page.body);
    // Links in the HTML, in the RSC payload (escaped JSON: \"href\":\"/x\"), and absolute ones
    // (captured mail links to HERALD_PUBLIC_URL).
    const links = [
      ...[...page.body.matchAll(/(?:href|src|action)=["']([^"'#]+)["'#]/g)].map((m) => m[1]!.replace(/&amp;/g, "&")),
      ...[...page.body.matchAll(/\\?"(?:href|src)\\?":\\?"([^"\\#]+)/g)].map((m) => m[1]!),
      ...[...page.body.matchAll(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^"'\\\\\\s<>#]*)`, "g"))].map((m) => m[1]!),
    ];
    for (const raw of links) {
      let path: string;
      try {
        const u = new URL(raw, base);
        if (u.origin !== base) continue;
        path = u.pathname + u.search;
      } catch {
        continue;
      }
      found.add(path);
      if (!path.startsWith("/_next/") && !/\.(css|js|svg|png|ico|rss|atom|ics|json)(\?|$)/.test(path) && !path.includes("/one-click")) {
        queue.push({ path, cookie: path.startsWith("/admin") ? cookie : undefined });
      }
    }
    // Metric ids are in the page's component props (the graphs fetch /metrics-display/<id>/<period>.json).
    for (const m of page.body.matchAll(/\\?"metric\\?":\{\\?"id\\?":\\?"([A-Za-z0-9_-]+)/g)) {
      for (const p of ["day", "week", "month"]) found.add(`/metrics-display/${m[1]}/${p}.json`);
    }
  }
  if (![...found].some((p) => p.startsWith("/subscriptions/confirm/"))) notes.push("no confirmation mail showed up in Captured mail: subscription tokens are made up");

  const urls = new Map<string, string[]>();
  for (const p of found) {
    const r = routeFor(routes, p.split("?")[0]!);
    if (r) urls.set(r.pattern, [...(urls.get(r.pattern) ?? []), p]);
  }
  for (const r of routes) {
    const list = urls.get(r.pattern) ?? [];
    // Routes with no real URL get made-up plausible ones (right shape, unknown values).
    if (list.length === 0) for (let i = 0; i < 3; i++) list.push(fillPattern(r, (s) => plausible(s.name, opts.rng)));
    // At most 20 per route, the bare ones first.
    urls.set(r.pattern, [...new Set(list)].sort((a, b) => Number(a.includes("?")) - Number(b.includes("?"))).slice(0, 20));
  }
  // Pages with forms the crawl did not open (the log-in page of a signed-in crawl, pages linked
  // only from mail): open one URL of each.
  for (const r of routes) {
    if (!r.actions.length || fields.has(r.pattern)) continue;
    const u = urls.get(r.pattern)![0]!;
    const page = await text(base, u, u.startsWith("/admin/") && !u.startsWith("/admin/login") ? cookie : undefined).catch(() => undefined);
    fetched++;
    if (page?.status === 200) readForm(fields, r.pattern, page.body);
  }
  log(`crawled ${fetched} pages: ${[...urls.values()].flat().length} plausible URLs, form fields on ${fields.size} pages, ${componentIds.length} components`);
  return { cookie, urls, fields, notes };
}

/** The form fields of a page: name → the value the page gives it, or a plausible one. */
function readForm(fields: Map<string, Record<string, string>>, pattern: string, html: string): void {
  const form = fields.get(pattern) ?? {};
  for (const m of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const name = /\sname="([^"]+)"/.exec(m[2]!)?.[1];
    if (!name || name.startsWith("$ACTION") || name in form) continue;
    const value = /\svalue="([^"]*)"/.exec(m[2]!)?.[1];
    form[name] = value !== undefined && value !== "" ? value.replace(/&amp;/g, "&").replace(/&quot;/g, '"') : plausibleField(name, m[1] === "select");
  }
  if (Object.keys(form).length) fields.set(pattern, form);
}

/** A value a person could type into a field of this name (selects: a valid choice). */
function plausibleField(name: string, select: boolean): string {
  if (/^component:/.test(name)) return "operational";
  if (name === "status") return "identified";
  if (/address|email/i.test(name)) return "nobody@example.com";
  if (/password/i.test(name)) return "not-the-password";
  if (name === "notify") return "off";
  if (/message/i.test(name)) return "Fuzz update.";
  if (/name/i.test(name)) return "Fuzz incident";
  return select ? "" : "x";
}

/** A made-up value of the right shape for a dynamic segment. */
function plausible(name: string, rng: Rng): string {
  const alnum = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(rng() * 36)]).join("");
  if (/period/i.test(name)) return "day.json";
  if (/token/i.test(name)) return alnum(43);
  if (/path|rest|slug/i.test(name)) return `${alnum(6)}.json`;
  return alnum(12);
}

// The public read path: answers from memory, one render per snapshot, validators and CORS, and a
// write anywhere (NOTIFY from the database triggers) reaching every reader within a second.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { contentStamp, getPublicSnapshot, onPublicChange, refreshPublicSnapshot, startPublicCache, stopPublicCache } from "@/lib/public/cache";
import { KEEP_HEADER } from "@/lib/public/front";
import { createPublicHandler, htmlKey } from "@/lib/public/http";
import { loadPublicSnapshot, type PublicSnapshot } from "@/lib/public/snapshot";
import { pageStatus } from "@/lib/public/view";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

let server: http.Server;
let origin = "";
let closeStreams = () => {};
const calls = { next: [] as string[], renders: 0, rscRenders: 0 };
/** How long the stand-in for Next.js takes to render a page. */
let renderDelayMs = 0;

/** Stands in for Next.js: an HTML page built from the snapshot. */
async function fakeNext(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  calls.next.push(req.url ?? "");
  const snapshot = await getPublicSnapshot();
  if (req.headers["x-herald-internal-render"]) calls.renders++;
  if (renderDelayMs) await new Promise((r) => setTimeout(r, renderDelayMs));
  if (req.headers["rsc"]) {
    if (req.headers["x-herald-internal-render"]) calls.rscRenders++;
    res.writeHead(200, { "Content-Type": "text/x-component", Vary: "rsc, next-router-state-tree" });
    res.end(`0:${JSON.stringify({ url: req.url, tree: req.headers["next-router-state-tree"] ?? null, status: pageStatus(snapshot).description })}\n`);
    return;
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><title>${pageStatus(snapshot).description}</title>${"<p>padding</p>".repeat(200)}`);
}

function documents(s: PublicSnapshot, path: string) {
  if (path === "/api/v2/status.json") {
    return { status: 200, contentType: "application/json; charset=utf-8", body: JSON.stringify({ status: pageStatus(s), n: s.components.length }) };
  }
  return path.startsWith("/api/v2/") ? { status: 404, contentType: "application/json; charset=utf-8", body: '{"error":"Not found"}' } : null;
}

beforeAll(async () => {
  startPublicCache();
  let handle: http.RequestListener = (_req, res) => res.end();
  server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicHttp = createPublicHandler({ selfOrigin: origin, next: fakeNext, documents, log: () => {} });
  handle = publicHttp.handle;
  closeStreams = publicHttp.closeStreams;
});

afterAll(async () => {
  closeStreams();
  await stopPublicCache();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("the public read path", () => {
  it("serves JSON from the snapshot with CORS, an ETag, 304 on revalidation, HEAD without a body, and 404 for unknown API paths", async () => {
    await makeComponent("API");
    await refreshPublicSnapshot();
    const r = await fetch(`${origin}/api/v2/status.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("cache-control")).toContain("public");
    const etag = r.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    expect(await r.json()).toEqual({ status: { indicator: "none", description: "All Systems Operational" }, n: 1 });

    const again = await fetch(`${origin}/api/v2/status.json`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);

    const head = await fetch(`${origin}/api/v2/status.json`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(JSON.stringify({ status: pageStatus(await getPublicSnapshot()), n: 1 }))));
    expect(await head.text()).toBe("");

    const missing = await fetch(`${origin}/api/v2/nope.json`);
    expect(missing.status).toBe(404);
  });

  it("renders a page once per snapshot, whatever query strings, cookies or headers visitors add", async () => {
    await refreshPublicSnapshot();
    calls.renders = 0;
    const variants = ["/", "/?utm=x", "/?nocache=1", "/?_=123"];
    const bodies = await Promise.all(
      variants.flatMap((v) => [
        fetch(`${origin}${v}`).then((r) => r.text()),
        fetch(`${origin}${v}`, { headers: { Cookie: "session=abc", "Cache-Control": "no-cache", Pragma: "no-cache" } }).then((r) => r.text()),
      ]),
    );
    expect(new Set(bodies).size).toBe(1);
    // One render for this snapshot: none if an earlier test's request already made it.
    expect(calls.renders).toBeLessThanOrEqual(1);
    // Gzip for clients that accept it, the same bytes underneath.
    const raw = await new Promise<Buffer>((resolve) =>
      http.get(`${origin}/`, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
        expect(res.headers["content-encoding"]).toBe("gzip");
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      }),
    );
    expect(gunzipSync(raw).toString()).toBe(bodies[0]);
  });

  it("a write to the database reaches readers within a second: new JSON, a new render, and an event on /events", async () => {
    await makeComponent("Website");
    await refreshPublicSnapshot();
    expect(await (await fetch(`${origin}/`)).text()).toContain("All Systems Operational");
    const events: string[] = [];
    const ctrl = new AbortController();
    const stream = await fetch(`${origin}/events`, { signal: ctrl.signal });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body!.getReader();
    const reading = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        events.push(dec.decode(value));
      }
    })();

    const started = Date.now();
    // A write from "another process": plain SQL, no call into the cache.
    await db().$executeRaw`UPDATE component SET status = 'major_outage'`;
    let body = "";
    while (Date.now() - started < 1_000) {
      body = await (await fetch(`${origin}/api/v2/status.json`)).text();
      if (body.includes("critical")) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(JSON.parse(body).status).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await (await fetch(`${origin}/`)).text()).toContain("Major System Outage");
    await new Promise((r) => setTimeout(r, 100));
    expect(events.join("")).toMatch(/event: change\ndata: .*"indicator":"critical"/);
    ctrl.abort();
    await reading;
  });

  it("tells a page on connect what the current content is, so one served just before a change that kept the status catches up", async () => {
    await makeComponent("Website");
    const before = contentStamp(await refreshPublicSnapshot());
    // Another process reading the same data computes the same stamp (versions differ per process).
    expect(contentStamp(await loadPublicSnapshot(99))).toBe(before);

    const ctrl = new AbortController();
    const stream = await fetch(`${origin}/events`, { signal: ctrl.signal });
    const reader = stream.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    type Event = { stamp: string; status: { indicator: string } };
    /** The first event of this kind whose data passes `ok`, reading the stream until one comes. */
    const next = async (kind: string, ok: (e: Event) => boolean): Promise<Event> => {
      for (;;) {
        const found = [...text.matchAll(new RegExp(`event: ${kind}\\ndata: (.*)\\n`, "g"))].map((m) => JSON.parse(m[1]!) as Event).find(ok);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before the ${kind} event: ${text}`);
        text += dec.decode(value);
      }
    };
    const hello = await next("hello", () => true);
    expect(hello.stamp).toBe(before);

    // A change that leaves the status as it was: only the stamp tells a page it is behind. (A change
    // event for the component written above may come first, with the stamp already seen.)
    await db().$executeRaw`UPDATE component SET description = 'The marketing site'`;
    const change = await next("change", (e) => e.stamp !== before);
    expect(change.status.indicator).toBe(hello.status.indicator);
    expect(change.stamp).toBe(contentStamp(await getPublicSnapshot()));
    ctrl.abort();
  });

  it("while a new snapshot's page renders, visitors get the previous render at once", async () => {
    await makeComponent("API");
    await refreshPublicSnapshot();
    const before = await (await fetch(`${origin}/`)).text();
    expect(before).toContain("<title>All Systems Operational</title>");
    renderDelayMs = 800;
    try {
      await db().component.updateMany({ data: { status: "major_outage" } });
      await refreshPublicSnapshot();
      const started = Date.now();
      const during = await (await fetch(`${origin}/`)).text();
      expect(Date.now() - started).toBeLessThan(400);
      expect(during).toBe(before);
      // Once the render is done, the new page.
      let after = during;
      for (let i = 0; i < 40 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await (await fetch(`${origin}/`)).text();
      }
      expect(after).toContain("<title>Major System Outage</title>");
    } finally {
      renderDelayMs = 0;
    }
  });

  it("for a front, marks reusable only what it answers from memory for the current snapshot: real documents and current renders, by the route's key", async () => {
    const marking = http.createServer((req, res) => handle(req, res));
    let handle: http.RequestListener = (_req, res) => res.end();
    await new Promise<void>((r) => marking.listen(0, "127.0.0.1", r));
    const own = `http://127.0.0.1:${(marking.address() as AddressInfo).port}`;
    const markingHttp = createPublicHandler({ selfOrigin: own, next: fakeNext, documents, log: () => {}, markReusable: true });
    handle = markingHttp.handle;
    try {
      const s = await refreshPublicSnapshot();
      const keep = async (path: string) => {
        const r = await fetch(`${own}${path}`);
        await r.arrayBuffer();
        return r.headers.get(KEEP_HEADER);
      };
      expect(await keep("/api/v2/status.json")).toBe(String(s.version));
      expect(await keep("/api/v2/status.json")).toBe(String(s.version)); // the fast lane too
      // The route table's key, not the URL: a query string does not make another answer.
      expect(await keep("/api/v2/status.json?x=1")).toBe(String(s.version));
      expect(await keep("/api/v2/nope.json")).toBeNull();
      // The first answer for a page waits for its render; once done, it is marked.
      await keep("/");
      expect(await keep("/")).toBe(String(s.version));
      expect(await keep("/?utm=1")).toBe(String(s.version));
      expect(await keep("/incidents/nosuchincident")).toBeNull();
      // Without the option nothing is marked.
      expect((await fetch(`${origin}/api/v2/status.json`)).headers.get(KEEP_HEADER)).toBeNull();
    } finally {
      markingHttp.closeStreams();
      marking.closeAllConnections();
      await new Promise((r) => marking.close(r));
    }
  });

  it("answers a page's RSC requests (live refresh, prefetch) from one render per snapshot and variant, and refuses made-up variants past a bound", async () => {
    await refreshPublicSnapshot();
    calls.rscRenders = 0;
    const rsc = (tree: string, query = "_rsc=abc") => fetch(`${origin}/?${query}`, { headers: { rsc: "1", "next-router-state-tree": tree } });
    const same = await Promise.all(Array.from({ length: 30 }, () => rsc("%5B%22%22%5D")));
    expect(same.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(same[0]!.headers.get("content-type")).toBe("text/x-component");
    const payload = JSON.parse((await same[0]!.text()).slice(2)) as { url: string; tree: string };
    expect(payload).toMatchObject({ url: "/?_rsc=abc", tree: "%5B%22%22%5D" });
    expect(calls.rscRenders).toBe(1);
    // Another query string on the same page does not reach the renderer: only `_rsc` counts.
    expect((await rsc("%5B%22%22%5D", "_rsc=abc&v=1")).status).toBe(200);
    expect(calls.rscRenders).toBe(1);
    // Made-up variants: each is a render, up to a bound per snapshot; past it, 503 with Retry-After.
    // (A rebuild in between starts a new bound: then the round is tried again.)
    for (let round = 0; ; round++) {
      const before = (await getPublicSnapshot()).version;
      const rendersBefore = calls.rscRenders;
      const made = [];
      for (let i = 0; i < 40; i++) made.push(await rsc(`tree-${round}-${i}`));
      if ((await getPublicSnapshot()).version !== before && round < 3) continue;
      const refused = made.filter((r) => r.status === 503);
      // Every made-up variant was either rendered once or refused, and at least 8 were refused.
      expect(refused.length + (calls.rscRenders - rendersBefore)).toBe(40);
      expect(refused.length).toBeGreaterThanOrEqual(8);
      expect(refused[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(calls.rscRenders - rendersBefore).toBeLessThanOrEqual(32);
      break;
    }
    // The variant already rendered is still answered.
    expect((await rsc("%5B%22%22%5D")).status).toBe(200);
  });

  it("maps page URLs to a bounded set of renders", async () => {
    const s = await getPublicSnapshot();
    const key = (u: string) => htmlKey(s, new URL(u, "http://x"));
    expect(key("/")).toBe("/");
    expect(key("/?a=b")).toBe("/");
    expect(key("/history")).toBe("/history");
    expect(key("/history?page=2")).toBe("/history?page=2");
    expect(key("/history?page=1")).toBe("/history");
    expect(key("/history?page=999999")).toBe("/history");
    expect(key("/history?page=abc")).toBe("/history");
    expect(key("/incidents/doesnotexist")).toBe("/incidents/__unknown__");
    expect(key("/admin")).toBeNull();
  });
});

describe("the public snapshot", () => {
  it("a write that leaves what the public sees as it was is no change: same snapshot, no event", async () => {
    await makeComponent("Unchanging");
    const before = await refreshPublicSnapshot();
    const heard: string[] = [];
    const off = onPublicChange((kind) => heard.push(kind));
    try {
      // Rewrites a component with the values it has: the trigger fires, the content is the same.
      await db().$executeRaw`UPDATE component SET name = name`;
      const after = await refreshPublicSnapshot();
      expect(after).toBe(before);
      expect(heard.filter((k) => k !== "metrics")).toEqual([]);
      await db().component.updateMany({ data: { name: "Changed" } });
      const changed = await refreshPublicSnapshot();
      expect(changed.version).toBeGreaterThan(before.version);
      expect(heard).toContain("page");
    } finally {
      off();
    }
  });
});

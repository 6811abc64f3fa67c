// The web process's front (lib/public/front.ts): keeps what the main thread marks reusable and
// answers it from memory until the snapshot changes, then serves it for a few seconds more while
// one request fetches the new one; passes everything else through unchanged, bodies, statuses,
// streams and all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFront, KEEP_HEADER, STALE_MS, type Front } from "@/lib/public/front";

/** Stands in for the main thread: counts requests, marks /page and /api.json reusable. */
const upstream = {
  server: undefined as http.Server | undefined,
  hits: [] as { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[],
  version: 1,
  content: "v1",
  delayMs: 0,
};
let front: Front;
let frontServer: http.Server;
let origin = "";

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  upstream.server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      upstream.hits.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = () => {
        if (req.url === "/page" || req.url === "/api.json") {
          const etag = `"${upstream.content}"`;
          const gzip = req.headers["accept-encoding"]?.includes("gzip");
          const bytes = gzip ? gzipSync(`<p>${upstream.content}</p>`) : Buffer.from(`<p>${upstream.content}</p>`);
          res.writeHead(200, [
            "Content-Type", "text/html; charset=utf-8",
            "ETag", etag,
            "Cache-Control", "public, max-age=0",
            ...(gzip ? ["Content-Encoding", "gzip"] : []),
            "Content-Length", String(bytes.length),
            KEEP_HEADER, String(upstream.version),
          ]);
          res.end(req.method === "HEAD" ? undefined : bytes);
        } else if (req.url === "/events") {
          res.writeHead(200, { "Content-Type": "text/event-stream" });
          res.write("event: hello\ndata: 1\n\n");
          setTimeout(() => res.end("event: change\ndata: 2\n\n"), 300);
        } else if (req.url === "/form" && req.method === "POST") {
          res.writeHead(303, { Location: "/thanks", "Set-Cookie": "a=1" });
          res.end();
        } else {
          res.writeHead(404, { "Content-Type": "text/plain" });
          res.end(`not here: ${req.url}`);
        }
      };
      if (upstream.delayMs) setTimeout(answer, upstream.delayMs);
      else answer();
    });
  });
  const up = await listen(upstream.server);
  front = createFront({ upstream: up, log: () => {} });
  front.setVersion(1);
  frontServer = http.createServer(front.handle);
  origin = await listen(frontServer);
});

afterAll(async () => {
  front.close();
  frontServer.closeAllConnections();
  upstream.server!.closeAllConnections();
  await new Promise((r) => frontServer.close(r));
  await new Promise((r) => upstream.server!.close(r));
});

beforeEach(() => {
  upstream.hits = [];
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });
async function waitFor(path: string, body: string): Promise<void> {
  let got = "";
  for (let i = 0; i < 40 && got !== body; i++) {
    await new Promise((r) => setTimeout(r, 50));
    got = await (await get(path)).text();
  }
  expect(got).toBe(body);
}
const hitsFor = (url: string) => upstream.hits.filter((h) => h.url === url).length;

describe("the front", () => {
  it("answers a reusable response from memory until the snapshot changes, per encoding, and strips its marker", async () => {
    upstream.content = "first";
    upstream.version = 2;
    front.setVersion(2);
    const a = await get("/page");
    expect(await a.text()).toBe("<p>first</p>");
    expect(a.headers.get(KEEP_HEADER)).toBeNull();
    for (let i = 0; i < 5; i++) expect(await (await get("/page")).text()).toBe("<p>first</p>");
    expect(hitsFor("/page")).toBe(1);
    // fetch asks for gzip: the plain variant is kept apart.
    const plain = await new Promise<string>((resolve) =>
      http.get(`${origin}/page`, { headers: { "accept-encoding": "identity" } }, (res) => {
        let s = "";
        res.on("data", (c: Buffer) => (s += c.toString()));
        res.on("end", () => resolve(s));
      }),
    );
    expect(plain).toBe("<p>first</p>");
    expect(hitsFor("/page")).toBe(2);
  });

  it("gzip is kept as gzip, and a matching If-None-Match gets a 304 from memory", async () => {
    upstream.content = "zipped";
    upstream.version = 3;
    front.setVersion(3);
    const raw = await new Promise<{ body: Buffer; encoding?: string; etag?: string }>((resolve) =>
      http.get(`${origin}/api.json`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ body: Buffer.concat(chunks), encoding: res.headers["content-encoding"], etag: res.headers.etag }));
      }),
    );
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toBe("<p>zipped</p>");
    const before = hitsFor("/api.json");
    const revalidated = await get("/api.json", { "If-None-Match": raw.etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(raw.etag);
    expect(hitsFor("/api.json")).toBe(before);
  });

  it("after a new snapshot, serves the kept response at once and fetches the new one with a single request", async () => {
    upstream.content = "old";
    upstream.version = 4;
    front.setVersion(4);
    await waitFor("/page", "<p>old</p>");
    upstream.hits = [];
    upstream.content = "new";
    upstream.version = 5;
    upstream.delayMs = 300; // the main thread busy rendering
    try {
      front.setVersion(5);
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 10 }, () => get("/page").then((r) => r.text())));
      expect(Date.now() - started).toBeLessThan(250);
      expect(new Set(during)).toEqual(new Set(["<p>old</p>"]));
      await waitFor("/page", "<p>new</p>");
      expect(hitsFor("/page")).toBe(1); // one refresh for ten visitors
    } finally {
      upstream.delayMs = 0;
    }
  });

  it("a response whose snapshot was replaced more than a few seconds ago is not served: it is fetched, and the visitor waits for it", async () => {
    upstream.content = "monday";
    upstream.version = 6;
    front.setVersion(6);
    await waitFor("/page", "<p>monday</p>");
    upstream.content = "tuesday";
    upstream.version = 7;
    front.setVersion(7);
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + STALE_MS + 1_000);
    try {
      upstream.hits = [];
      expect(await (await get("/page")).text()).toBe("<p>tuesday</p>");
      expect(hitsFor("/page")).toBe(1);
    } finally {
      clock.mockRestore();
    }
  });

  it("passes through what is not marked: statuses, headers, request bodies, and the visitor's address", async () => {
    const missing = await get("/nope?x=1");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("not here: /nope?x=1");
    await get("/nope?x=1");
    expect(hitsFor("/nope?x=1")).toBe(2);

    const posted = await fetch(`${origin}/form`, { method: "POST", body: "email=a%40b.test", headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/thanks");
    expect(posted.headers.get("set-cookie")).toBe("a=1");
    const hit = upstream.hits.find((h) => h.url === "/form")!;
    expect(hit.body).toBe("email=a%40b.test");
    expect(hit.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(hit.headers.host).toBe(new URL(origin).host);
  });

  it("streams server-sent events as they come, not when the response ends", async () => {
    const started = Date.now();
    const res = await get("/events");
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("event: hello");
    expect(Date.now() - started).toBeLessThan(250);
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain("event: change");
  });

  it("answers 502 with a plain message when the main thread does not answer", async () => {
    const dead = createFront({ upstream: "http://127.0.0.1:1", log: () => {} });
    const server = http.createServer(dead.handle);
    const url = await listen(server);
    try {
      const r = await fetch(`${url}/`);
      expect(r.status).toBe(502);
      expect(await r.text()).toMatch(/restarting/);
    } finally {
      dead.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

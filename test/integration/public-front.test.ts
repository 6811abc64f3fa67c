// The web process's front (lib/public/front.ts): keeps what the main thread marks reusable and
// answers it from memory until the snapshot changes, then serves it for a few seconds more while
// one request fetches the new one; passes everything else through unchanged, bodies, statuses,
// streams and all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
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
let upstreamUrl = "";

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
        if (req.url?.split("?")[0] === "/" || req.url?.split("?")[0] === "/api/v2/status.json") {
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
  upstreamUrl = up;
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
    const a = await get("/");
    expect(await a.text()).toBe("<p>first</p>");
    expect(a.headers.get(KEEP_HEADER)).toBeNull();
    for (let i = 0; i < 5; i++) expect(await (await get("/")).text()).toBe("<p>first</p>");
    expect(hitsFor("/")).toBe(1);
    // fetch asks for gzip: the plain variant is kept apart.
    const plain = await new Promise<string>((resolve) =>
      http.get(`${origin}/`, { headers: { "accept-encoding": "identity" } }, (res) => {
        let s = "";
        res.on("data", (c: Buffer) => (s += c.toString()));
        res.on("end", () => resolve(s));
      }),
    );
    expect(plain).toBe("<p>first</p>");
    expect(hitsFor("/")).toBe(2);
  });

  it("gzip is kept as gzip, and a matching If-None-Match gets a 304 from memory", async () => {
    upstream.content = "zipped";
    upstream.version = 3;
    front.setVersion(3);
    const raw = await new Promise<{ body: Buffer; encoding?: string; etag?: string }>((resolve) =>
      http.get(`${origin}/api/v2/status.json`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ body: Buffer.concat(chunks), encoding: res.headers["content-encoding"], etag: res.headers.etag }));
      }),
    );
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toBe("<p>zipped</p>");
    const before = hitsFor("/api/v2/status.json");
    const revalidated = await get("/api/v2/status.json", { "If-None-Match": raw.etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(raw.etag);
    expect(hitsFor("/api/v2/status.json")).toBe(before);
  });

  it("after a new snapshot, serves the kept response at once and fetches the new one with a single request", async () => {
    upstream.content = "old";
    upstream.version = 4;
    front.setVersion(4);
    await waitFor("/", "<p>old</p>");
    upstream.hits = [];
    upstream.content = "new";
    upstream.version = 5;
    upstream.delayMs = 300; // the main thread busy rendering
    try {
      front.setVersion(5);
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 10 }, () => get("/").then((r) => r.text())));
      expect(Date.now() - started).toBeLessThan(250);
      expect(new Set(during)).toEqual(new Set(["<p>old</p>"]));
      await waitFor("/", "<p>new</p>");
      expect(hitsFor("/")).toBe(1); // one refresh for ten visitors
    } finally {
      upstream.delayMs = 0;
    }
  });

  it("a response whose snapshot was replaced more than a few seconds ago is not served: it is fetched, and the visitor waits for it", async () => {
    upstream.content = "monday";
    upstream.version = 6;
    front.setVersion(6);
    await waitFor("/", "<p>monday</p>");
    upstream.content = "tuesday";
    upstream.version = 7;
    front.setVersion(7);
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + STALE_MS + 1_000);
    try {
      upstream.hits = [];
      expect(await (await get("/")).text()).toBe("<p>tuesday</p>");
      expect(hitsFor("/")).toBe(1);
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

  it("holds the live-update streams itself: hello on connect, each change as it comes, nothing asked of the main thread", async () => {
    front.setVersion(20, '{"v":20}');
    const res = await get("/events");
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toContain('event: hello\ndata: {"v":20}');
    front.setVersion(21, '{"v":21}', '{"kind":"page","v":21}');
    expect(dec.decode((await reader.read()).value)).toBe('event: change\ndata: {"kind":"page","v":21}\n\n');
    await reader.cancel();
    expect(hitsFor("/events")).toBe(0);
  });

  it("a query string does not choose what is kept: /?v=<random> is answered from the kept / without asking the main thread", async () => {
    upstream.content = "kept";
    upstream.version = 30;
    front.setVersion(30);
    await waitFor("/", "<p>kept</p>");
    upstream.hits = [];
    for (let i = 0; i < 20; i++) expect(await (await get(`/?v=${Math.random()}`)).text()).toBe("<p>kept</p>");
    expect(upstream.hits.filter((h) => h.url.startsWith("/?")).length).toBe(0);
    await waitFor("/api/v2/status.json?cachebust=1", "<p>kept</p>");
    upstream.hits = [];
    for (let i = 0; i < 20; i++) expect(await (await get(`/api/v2/status.json?cachebust=${i}`)).text()).toBe("<p>kept</p>");
    expect(upstream.hits).toHaveLength(0);
  });

  it("keeps a page's RSC payload per variant, but never serves one whose snapshot was replaced: the page asked because it was told of a change", async () => {
    upstream.content = "rsc-one";
    upstream.version = 40;
    front.setVersion(40);
    const rsc = () => get("/?_rsc=x1", { rsc: "1", "next-router-state-tree": "t" }).then((r) => r.text());
    expect(await rsc()).toBe("<p>rsc-one</p>");
    upstream.hits = [];
    expect(await rsc()).toBe("<p>rsc-one</p>");
    expect(upstream.hits).toHaveLength(0);
    upstream.content = "rsc-two";
    upstream.version = 41;
    front.setVersion(41);
    expect(await rsc()).toBe("<p>rsc-two</p>");
    expect(upstream.hits).toHaveLength(1);
  });

  it("decides the client's address: the connection's own, or X-Forwarded-For counted from the right only for trusted hops", async () => {
    await fetch(`${origin}/form`, { method: "POST", body: "a=1", headers: { "x-forwarded-for": "6.6.6.6", "x-herald-client-ip": "7.7.7.7" }, redirect: "manual" });
    const hit = upstream.hits.find((h) => h.url === "/form")!;
    expect(hit.headers["x-herald-client-ip"]).toBe("127.0.0.1");
  });
});

describe("the front under a crowd", () => {
  let server: http.Server | undefined;
  let crowdFront: Front | undefined;
  afterEach(async () => {
    crowdFront?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server!.close(r));
    }
    server = undefined;
    crowdFront = undefined;
  });
  async function start(options: Partial<Parameters<typeof createFront>[0]>, upstreamOrigin = upstreamUrl): Promise<string> {
    crowdFront = createFront({ upstream: upstreamOrigin, log: () => {}, ...options });
    crowdFront.setVersion(1, '{"v":1}');
    server = http.createServer(crowdFront.handle);
    return listen(server);
  }
  /** An /events stream from a given loopback address; resolves with its status once headers arrive. */
  function stream(url: string, from: string): Promise<{ status: number; close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${url}/events`, { localAddress: from, headers: { accept: "text/event-stream" } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, close: () => req.destroy() });
      });
      req.on("error", reject);
    });
  }

  it("caps live-update streams per client address (429) and in total (503), with Retry-After; a closed stream frees its place", async () => {
    const url = await start({ streams: { maxStreams: 5, perIp: 2 } });
    const a = await Promise.all([stream(url, "127.0.0.2"), stream(url, "127.0.0.2")]);
    expect(a.map((s) => s.status)).toEqual([200, 200]);
    const third = await stream(url, "127.0.0.2");
    expect(third.status).toBe(429);
    const b = await Promise.all([stream(url, "127.0.0.3"), stream(url, "127.0.0.3"), stream(url, "127.0.0.4")]);
    expect(b.map((s) => s.status)).toEqual([200, 200, 200]);
    const over = await new Promise<http.IncomingMessage>((r) => http.get(`${url}/events`, { localAddress: "127.0.0.5" }, r));
    expect(over.statusCode).toBe(503);
    expect(over.headers["retry-after"]).toMatch(/^\d+$/);
    over.resume();
    a[0]!.close();
    for (let i = 0; i < 50 && crowdFront!.streams() > 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await stream(url, "127.0.0.5")).status).toBe(200);
    for (const s of [...a, ...b]) s.close();
  });

  it("a full public lane answers 503 with Retry-After at once, and the operator's lane still gets through", async () => {
    upstream.delayMs = 1_000;
    try {
      const url = await start({ lanes: { public: { active: 2, queued: 2, waitMs: 5_000, answerMs: 15_000 } } });
      const started = Date.now();
      const reads = Array.from({ length: 8 }, (_, i) => fetch(`${url}/incidents/nope${i}`).then((r) => r.status));
      await new Promise((r) => setTimeout(r, 100));
      const login = await fetch(`${url}/admin/login`);
      expect(login.status).toBe(404); // the stand-in's answer, not a 503: the dashboard has its own lane
      const statuses = await Promise.all(reads);
      expect(statuses.filter((s) => s === 503)).toHaveLength(4);
      expect(statuses.filter((s) => s === 404)).toHaveLength(4);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      upstream.delayMs = 0;
    }
  });

  it("a request waiting too long for a place, or for an answer, gets 503 with Retry-After instead of hanging", async () => {
    upstream.delayMs = 2_000;
    try {
      const url = await start({ lanes: { public: { active: 1, queued: 10, waitMs: 200, answerMs: 500 } } });
      const [first, second] = await Promise.all([fetch(`${url}/incidents/a`), fetch(`${url}/incidents/b`)]);
      expect(first.status).toBe(503); // no answer within 500 ms
      expect(second.status).toBe(503); // waited 200 ms for a place
      expect(first.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      upstream.delayMs = 0;
    }
  });

  it("refuses request bodies past the route's limit before reading them: 413 by Content-Length, 411 for an undeclared length, 413 mid-stream", async () => {
    const url = await start({});
    const port = new URL(url).port;
    upstream.hits = [];
    const big = await fetch(`${url}/subscribe`, { method: "POST", body: "x".repeat(64 * 1024 + 1) });
    expect(big.status).toBe(413);
    const raw = async (head: string, body: string) =>
      new Promise<string>((resolve) => {
        const sock = net.connect(Number(port), "127.0.0.1", () => sock.write(head + body));
        let got = "";
        sock.on("data", (c) => {
          got += c.toString();
          if (got.includes("\r\n\r\n")) sock.destroy(); // the answer's head is all the test reads
        });
        sock.on("close", () => resolve(got));
        sock.on("error", () => resolve(got));
        setTimeout(() => sock.destroy(), 10_000);
      });
    const chunked = await raw("POST /subscribe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "5\r\nhello\r\n");
    expect(chunked).toMatch(/^HTTP\/1\.1 411/);
    // The dashboard takes more, but not past its own limit, even when the length is not declared.
    const huge = await raw("POST /admin/subscribers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", `${(1 << 18).toString(16)}\r\n${"y".repeat(1 << 18)}\r\n`.repeat(5));
    expect(huge).toMatch(/^HTTP\/1\.1 413/);
    expect(upstream.hits.filter((h) => h.url === "/subscribe")).toHaveLength(0);
  });

  it("reads a form's multipart body, checks it, and passes it on whole; a broken one, a cross-site post or a path that is not valid percent-encoding gets a 4xx and never reaches the main thread", async () => {
    const url = await start({});
    upstream.hits = [];
    const body = '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.test\r\n--XyZ--\r\n';
    const post = (b: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/form`, { method: "POST", body: b, headers: { "content-type": "multipart/form-data; boundary=XyZ", ...headers }, redirect: "manual" });
    expect((await post(body)).status).toBe(303);
    expect(upstream.hits.find((h) => h.url === "/form")!.body).toBe(body);
    upstream.hits = [];
    expect((await post(body.slice(0, 40))).status).toBe(400);
    expect((await post(body, { origin: "https://evil.example" })).status).toBe(403);
    expect((await fetch(`${url}/incidents/%zz`)).status).toBe(400);
    const trace = await new Promise<http.IncomingMessage>((r) => http.request(`${url}/`, { method: "TRACE" }, r).end());
    trace.resume();
    expect(trace.statusCode).toBe(405);
    expect(upstream.hits).toHaveLength(0);
  });

  it("when the main thread answers before the visitor has sent the whole body, the rest is read and dropped, and the answer arrives", async () => {
    const early = http.createServer((_req, res) => res.writeHead(404, { "Content-Type": "text/plain" }).end("no such form\n"));
    const earlyUrl = await listen(early);
    try {
      const url = await start({}, earlyUrl);
      const status = await new Promise<string>((resolve) => {
        const req = http.request(`${url}/admin/anything`, { method: "POST", headers: { "content-type": "application/json", "content-length": 900 * 1024 } }, (res) => {
          res.resume();
          resolve(String(res.statusCode));
        });
        req.on("error", (e) => resolve(e.message));
        req.end(Buffer.alloc(900 * 1024, 120));
      });
      expect(status).toBe("404");
    } finally {
      early.closeAllConnections();
      await new Promise((r) => early.close(r));
    }
  });

  it("trusts X-Forwarded-For only as far as it is told to", async () => {
    const url = await start({ trustedHops: 1 });
    upstream.hits = [];
    await fetch(`${url}/form`, { method: "POST", body: "a=1", headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, redirect: "manual" });
    expect(upstream.hits.find((h) => h.url === "/form")!.headers["x-herald-client-ip"]).toBe("203.0.113.9");
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

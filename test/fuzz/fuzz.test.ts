// The fuzz suite's own parts (scripts/fuzz/): route discovery from app/, the raw HTTP client, the
// cases' promises about validity, and the verdict rules. The fuzz itself runs in `npm test`'s
// "fuzz" step against a real Herald.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allCases, rngFrom, type Case, type Context } from "@/scripts/fuzz/cases";
import { actionsByPage, discoverAppRoutes, errorPageMarkers, exportedMethods, normalisePattern, routeFor, urlSegments, type Route } from "@/scripts/fuzz/routes";
import { judge } from "@/scripts/fuzz/run";
import { chunkedComplete, exchange, head, parseHead, type Answer } from "@/scripts/fuzz/wire";

describe("route discovery", () => {
  it("turns app/ folders into URL segments", () => {
    expect(urlSegments(["admin", "(dashboard)", "incidents", "[id]"])).toEqual([
      { type: "static", value: "admin" },
      { type: "static", value: "incidents" },
      { type: "dynamic", name: "id" },
    ]);
    expect(urlSegments(["api", "v2", "[...path]"])).toEqual([{ type: "static", value: "api" }, { type: "static", value: "v2" }, { type: "catchall", name: "path", optional: false }]);
    expect(urlSegments(["docs", "[[...slug]]"])?.[1]).toEqual({ type: "catchall", name: "slug", optional: true });
    expect(urlSegments(["@modal", "x"])).toEqual([{ type: "static", value: "x" }]);
    expect(urlSegments(["_lib"])).toBeNull();
    expect(urlSegments(["(.)photo"])).toBeNull();
  });

  it("finds every page and route handler of the app", () => {
    const routes = discoverAppRoutes(path.resolve("app"));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (/^(page|route)\.tsx?$/.test(e.name) && !/\/_/.test(path.join(dir, e.name))) files.push(path.join(dir, e.name));
      }
    };
    walk(path.resolve("app"));
    expect(routes.length).toBe(files.length);
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toContain("/");
    expect(patterns).toContain("/admin/incidents/[id]");
    expect(patterns).toContain("/api/v2/[...path]");
    expect(patterns.every((p) => !p.includes("("))).toBe(true);
  });

  it("reads the error page's heading, to spot it behind a 2xx", () => {
    expect(errorPageMarkers(path.resolve("app")).length).toBeGreaterThan(0);
  });

  it("reads the methods a route handler exports", () => {
    expect(exportedMethods("export async function POST() {}\nexport const GET = h.GET;")).toEqual(["GET", "HEAD", "POST"]);
    expect(exportedMethods("const PUT = 1; export { PUT, x as DELETE };")).toEqual(["DELETE", "PUT"]);
  });

  it("attaches the build's server actions to their pages", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-")), "manifest.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        node: {
          aa11: { workers: { "app/page": {}, "app/admin/(dashboard)/incidents/[id]/page": {} }, filename: "app/_actions/x.ts", exportedName: "xAction" },
        },
      }),
    );
    const m = actionsByPage(file);
    expect(m.get("/")?.[0]).toEqual({ id: "aa11", name: "xAction", file: "app/_actions/x.ts" });
    expect(m.get("/admin/incidents/[id]")?.[0]?.id).toBe("aa11");
    expect(actionsByPage(`${file}.missing`).size).toBe(0);
  });

  it("normalises other pattern notations and matches concrete paths", () => {
    expect(normalisePattern("/metrics-display/:id/:period")).toBe("/metrics-display/[id]/[period]");
    expect(normalisePattern("/x/<token>?a=1")).toBe("/x/[token]");
    const routes = discoverAppRoutes(path.resolve("app"));
    expect(routeFor(routes, "/incidents/abc")?.pattern).toBe("/incidents/[id]");
    expect(routeFor(routes, "/admin/incidents/new")?.pattern).toBe("/admin/incidents/new");
    expect(routeFor(routes, "/api/v2/incidents/unresolved.json")?.pattern).toBe("/api/v2/[...path]");
  });
});

describe("the raw HTTP client", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/reset") return req.socket.destroy();
      if (req.url === "/continue") {
        res.writeContinue();
        return void req.resume().on("end", () => res.end("after continue"));
      }
      req.resume().on("end", () => res.writeHead(req.url === "/boom" ? 500 : 200, { "Content-Type": "text/plain" }).end(`hello ${req.method}`));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const opts = () => ({ port, answerTimeoutMs: 5_000 });
  const h = (method: string, target: string, headers: [string, string][] = []) => head(method, target, [["Host", "x"], ["Connection", "close"], ...headers]);

  it("reads a status, headers and a body excerpt", async () => {
    const a = await exchange({ type: "bytes", head: h("GET", "/") }, "GET", opts());
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("text/plain");
    expect(a.excerpt).toContain("hello GET");
  });

  it("skips interim 100 Continue answers", async () => {
    const a = await exchange({ type: "bytes", head: h("POST", "/continue", [["Expect", "100-continue"], ["Content-Length", "2"]]), body: Buffer.from("hi") }, "POST", opts());
    expect(a.status).toBe(200);
    expect(a.excerpt).toContain("after continue");
  });

  it("reports a connection closed without an answer", async () => {
    const a = await exchange({ type: "bytes", head: h("GET", "/reset") }, "GET", opts());
    expect(a.status).toBeUndefined();
    expect(a.error).toBeTruthy();
  });

  it("cuts a truncated body itself, and says so", async () => {
    const a = await exchange({ type: "truncate", head: h("POST", "/", [["Content-Length", "100"]]), body: Buffer.from("abc"), close: "destroy" }, "POST", opts());
    expect(a.cutByUs).toBe(true);
    expect(a.status).toBeUndefined();
  });

  it("parses heads and chunked framing", () => {
    const r = Buffer.from("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nX-A: 1\r\nX-A: 2\r\n\r\nbody");
    const p = parseHead(r);
    expect(p).toMatchObject({ status: 404, headers: { "x-a": "1, 2" } });
    expect(parseHead(Buffer.from("HTTP/1.1 200 OK\r\n"))).toEqual({ incomplete: true });
    expect(parseHead(Buffer.from("SSH-2.0-x\r\n\r\n"))).toHaveProperty("invalid");
    expect(chunkedComplete(Buffer.from("3\r\nabc\r\n0\r\n\r\n"), 0)).toBe(true);
    expect(chunkedComplete(Buffer.from("3\r\nabc\r\n"), 0)).toBe(false);
  });
});

describe("cases and verdicts", () => {
  const routes: Route[] = discoverAppRoutes(path.resolve("app"));
  routes.find((r) => r.pattern === "/")!.actions.push({ id: "ab".repeat(21), name: "subscribeAction", file: "app/_actions/subscribe.ts" });
  const ctx: Context = {
    host: "127.0.0.1:1",
    origin: "http://127.0.0.1:1",
    cookie: "herald_session=x",
    rng: rngFrom(1),
    actions: routes.flatMap((r) => r.actions),
    fields: new Map([["/", { address: "nobody@example.com" }]]),
    urls: new Map(routes.map((r) => [r.pattern, [r.pattern.replace(/\[\.\.\.\w+\]/g, "a.json").replace(/\[\w+\]/g, "abc123")]])),
    sessionEnders: new Set(),
  };
  const cases: Case[] = allCases(ctx, routes, { huge: false });

  it("covers every route with every kind", () => {
    for (const r of routes) {
      const kinds = new Set(cases.filter((c) => c.route === r.pattern).map((c) => c.kind));
      for (const k of ["method", "query", "path", "segment", "headers", "body", "truncated", "slow"]) expect(kinds.has(k as Case["kind"])).toBe(true);
    }
    expect(cases.some((c) => c.kind === "action" && c.label.startsWith("subscribeAction"))).toBe(true);
    expect(cases.some((c) => c.kind === "raw")).toBe(true);
  });

  it("marks as needing an answer only requests with a well-formed request line and headers", () => {
    for (const c of cases.filter((x) => x.expect === "answer" && x.send.type === "bytes" && x.kind !== "raw")) {
      const bytes = (c.send as { head: Buffer }).head;
      const end = bytes.indexOf("\r\n\r\n");
      const [line, ...headers] = bytes.subarray(0, end).toString("latin1").split("\r\n");
      expect(line, c.label).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\x21-\x7e]+ HTTP\/1\.[01]$/);
      for (const hd of headers) expect(hd, c.label).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+: [^\r\n\x00]*$/);
    }
  });

  it("judges answers", () => {
    const c = cases[0]!;
    const a = (x: Partial<Answer>): Answer => ({ headers: {}, excerpt: "", cutByUs: false, ms: 1, ...x });
    expect(judge(c, a({ status: 404 }))).toBe("ok");
    expect(judge(c, a({ status: 500 }))).toBe("5xx");
    expect(judge(c, a({ status: 503, headers: { "retry-after": "1" } }))).toBe("overload");
    expect(judge({ ...c, expect: "answer" }, a({ error: "reset" }))).toBe("no answer");
    expect(judge({ ...c, expect: "any" }, a({ error: "reset" }))).toBe("ok");
    expect(judge({ ...c, expect: "answer" }, a({ error: "not an HTTP status line: x" }))).toBe("not http");
  });
});

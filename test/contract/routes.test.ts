// The Next route handlers: thin wrappers that serve publicDocument() from the cached snapshot,
// with the content type, a JSON 404 under /api/v2, CORS on /api/v2 and an empty body for HEAD.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { refreshPublicSnapshot, stopPublicCache } from "@/lib/public/cache";
import { setupTestDatabase } from "@/test/helpers/db";
import * as apiV2 from "@/app/api/v2/[...path]/route";
import * as rss from "@/app/history.rss/route";
import * as atom from "@/app/history.atom/route";
import * as ics from "@/app/maintenance.ics/route";
import * as badge from "@/app/badge.svg/route";
import * as widget from "@/app/widget.js/route";
import { CACHE_CONTROL } from "@/lib/public/routes";

setupTestDatabase();
afterAll(() => stopPublicCache());

beforeEach(async () => {
  await db().pageSettings.create({ data: { id: 1, name: "Acme Cloud", url: "https://status.acme.example" } });
  await db().component.create({ data: { name: "API", position: 1, status: "partial_outage" } });
  // A rebuild started by the reset's NOTIFY may still be under way: wait for one that sees the seed.
  for (let n = 0; n < 20; n++) {
    const s = await refreshPublicSnapshot();
    if (s.page.name === "Acme Cloud" && s.components.length === 1) return;
  }
  throw new Error("the public snapshot never caught up with the seed");
});

const req = (path: string, method = "GET") => new Request(`http://localhost:3000${path}`, { method });

describe("app/api/v2/[...path]", () => {
  it("serves a document with its content type and CORS", async () => {
    expect(apiV2.dynamic).toBe("force-dynamic");
    const res = await apiV2.GET(req("/api/v2/status.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await res.json()).status).toEqual({ indicator: "major", description: "Partial System Outage" });
  });

  it("answers HEAD with the same status and headers and no body", async () => {
    const res = await apiV2.HEAD(req("/api/v2/summary.json", "HEAD"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.text()).toBe("");
  });

  it("answers a JSON 404 with CORS for unknown paths", async () => {
    const res = await apiV2.GET(req("/api/v2/nope.json"));
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({ error: "Not found" });
  });
});

describe("feed, calendar, badge and widget routes", () => {
  it.each([
    ["/history.rss", rss, "application/rss+xml; charset=utf-8", "<rss"],
    ["/history.atom", atom, "application/atom+xml; charset=utf-8", "<feed"],
    ["/maintenance.ics", ics, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR"],
    ["/badge.svg", badge, "image/svg+xml", "Partial System Outage"],
    ["/widget.js", widget, "text/javascript; charset=utf-8", "/api/v2/status.json"],
  ] as const)("%s", async (path, route, type, marker) => {
    expect(route.dynamic).toBe("force-dynamic");
    const res = await route.GET(req(path));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    // The same headers as the web process's own answers (lib/public/routes.ts).
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe(CACHE_CONTROL.public);
    expect(await res.text()).toContain(marker);
    const head = await route.HEAD(req(path, "HEAD"));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });
});

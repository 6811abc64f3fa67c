// Contract: Herald's public documents, built from a real database through loadPublicSnapshot,
// against Statuspage's formats (docs/formats.md; the real captures are in
// test/contract/fixtures). Every endpoint: the shapes of the real captures (same keys, in
// the same order, at every level), the vocabulary, the selections, the ordering, the caps, the
// rollup, and the 404 / null rules. The feeds, the calendar, the badge and the widget are checked
// here for well-formedness on the same data (their details are in test/unit/feeds-*.test.ts).
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { PUBLIC_DOCUMENT_PATHS, publicDocument } from "@/lib/public/documents";
import { loadPublicSnapshot, type PublicSnapshot } from "@/lib/public/snapshot";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS, MAINTENANCE_STATUSES, type ComponentStatus } from "@/lib/vocabulary";
import { setupTestDatabase } from "@/test/helpers/db";
import { shapeDiff } from "@/test/contract/helpers/shape";
import { kid, kids, parseXml } from "@/test/contract/helpers/xml";

setupTestDatabase();

const fixtures = path.join(import.meta.dirname, "fixtures");
const REAL = JSON.parse(fs.readFileSync(path.join(fixtures, "summary.real-capture.json"), "utf8"));
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(fixtures, "summary.example.json"), "utf8"));

const PAGE_URL = "https://status.acme.example";
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[a-z0-9]{12}$/;
const DESCRIPTIONS = [
  "All Systems Operational",
  "Partially Degraded Service",
  "Degraded System Service",
  "Minor Service Outage",
  "Partial System Outage",
  "Major System Outage",
  "Service Under Maintenance",
];

type Json = Record<string, unknown>;
type Row = Json & { id: string; name: string; status: string };

const min = 60_000;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * min);
const ahead = (minutes: number) => new Date(now + minutes * min);

/** The example page's situation, in the database. */
async function seed() {
  const client = db();
  await client.pageSettings.create({ data: { id: 1, name: "Acme Cloud", url: PAGE_URL, timeZone: "Etc/UTC" } });
  const api = await client.componentGroup.create({ data: { name: "API", position: 1, description: null } });
  const rest = await client.component.create({
    data: { name: "REST API", groupId: api.id, position: 1, status: "degraded_performance", description: "Public REST endpoints", startDate: new Date("2019-05-03") },
  });
  const webhooks = await client.component.create({ data: { name: "Webhooks", groupId: api.id, position: 2, description: "Outbound webhook delivery" } });
  const dashboard = await client.component.create({ data: { name: "Dashboard", position: 2, status: "under_maintenance" } });
  const legacy = await client.component.create({ data: { name: "Legacy SOAP gateway", position: 3, showcase: false, onlyShowIfDegraded: true } });

  const open = await client.incident.create({
    data: {
      name: "Elevated API latency",
      status: "identified",
      impact: "minor",
      createdAt: ago(60),
      startedAt: ago(60),
      components: { create: [{ componentId: rest.id }] },
      updates: {
        create: [
          {
            status: "investigating",
            body: "We are investigating elevated latency on the REST API.",
            createdAt: ago(60),
            displayAt: ago(60),
            affectedComponents: { create: [{ componentId: rest.id, oldStatus: "operational", newStatus: "degraded_performance" }] },
          },
          {
            status: "identified",
            body: "We have identified a saturated database replica.",
            createdAt: ago(30),
            displayAt: ago(30),
            affectedComponents: { create: [{ componentId: rest.id, oldStatus: "degraded_performance", newStatus: "degraded_performance" }] },
          },
        ],
      },
    },
  });
  const resolved = await client.incident.create({
    data: {
      name: "Webhook delays",
      status: "resolved",
      impact: "major",
      createdAt: ago(3000),
      startedAt: ago(3000),
      resolvedAt: ago(2900),
      components: { create: [{ componentId: webhooks.id }] },
      updates: {
        create: [
          { status: "investigating", body: "Webhooks are delayed.", createdAt: ago(3000), displayAt: ago(3000) },
          { status: "resolved", body: "Webhooks are delivered on time again.", createdAt: ago(2900), displayAt: ago(2900) },
        ],
      },
    },
  });
  const upcoming = await client.incident.create({
    data: {
      kind: "maintenance",
      name: "Database engine upgrade",
      status: "scheduled",
      impact: "maintenance",
      createdAt: ago(120),
      startedAt: ago(120),
      scheduledFor: ahead(2 * 24 * 60),
      scheduledUntil: ahead(2 * 24 * 60 + 120),
      components: { create: [{ componentId: webhooks.id }] },
      updates: { create: [{ status: "scheduled", body: "Webhook delivery may be delayed.", createdAt: ago(120), displayAt: ago(120) }] },
    },
  });
  const inProgress = await client.incident.create({
    data: {
      kind: "maintenance",
      name: "Dashboard migration",
      status: "in_progress",
      impact: "maintenance",
      createdAt: ago(1000),
      startedAt: ago(1000),
      scheduledFor: ago(20),
      scheduledUntil: ahead(100),
      components: { create: [{ componentId: dashboard.id }] },
      updates: {
        create: [
          { status: "scheduled", body: "The dashboard will move.", createdAt: ago(1000), displayAt: ago(1000) },
          {
            status: "in_progress",
            body: "Migration under way.",
            createdAt: ago(20),
            displayAt: ago(20),
            affectedComponents: { create: [{ componentId: dashboard.id, oldStatus: "operational", newStatus: "under_maintenance" }] },
          },
        ],
      },
    },
  });
  const completed = await client.incident.create({
    data: {
      kind: "maintenance",
      name: "Certificate rotation",
      status: "completed",
      impact: "maintenance",
      createdAt: ago(5000),
      startedAt: ago(5000),
      scheduledFor: ago(4000),
      scheduledUntil: ago(3940),
      resolvedAt: ago(3950),
      updates: {
        create: [
          { status: "scheduled", body: "Certificates will rotate.", createdAt: ago(5000), displayAt: ago(5000) },
          { status: "completed", body: "Done.", createdAt: ago(3950), displayAt: ago(3950) },
        ],
      },
    },
  });
  return { api, rest, webhooks, dashboard, legacy, open, resolved, upcoming, inProgress, completed };
}

let ids: Awaited<ReturnType<typeof seed>>;
let snap: PublicSnapshot;

function doc(pathname: string): Json {
  const d = publicDocument(snap, pathname);
  expect(d, pathname).not.toBeNull();
  expect(d!.status).toBe(200);
  expect(d!.contentType).toBe("application/json; charset=utf-8");
  return JSON.parse(d!.body) as Json;
}

const list = (d: Json, key: string) => d[key] as Row[];
const names = (rows: Row[]) => rows.map((r) => r.name);

/** Every object in a JSON value, with the key it sits under. */
function* walk(v: unknown, key = ""): Generator<[string, unknown]> {
  yield [key, v];
  if (Array.isArray(v)) for (const x of v) yield* walk(x, key);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) yield* walk(x, k);
}

function checkVocabulary(d: Json): void {
  for (const [key, v] of walk(d)) {
    if (key.endsWith("_at") || key === "scheduled_for" || key === "scheduled_until") {
      if (v !== null) expect(v, key).toMatch(ISO_MS);
    }
    if (key === "start_date" && v !== null) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (key === "id" || key === "page_id" || key === "incident_id" || key === "code") expect(v, key).toMatch(ID);
  }
  const page = d.page as Json;
  expect(page.url).toBe(PAGE_URL);
  for (const [key, v] of walk(d)) {
    if (!v || typeof v !== "object" || Array.isArray(v)) continue;
    const o = v as Json;
    if (key === "components" && "group" in o) expect(COMPONENT_STATUSES, o.name as string).toContain(o.status);
    if (key === "status" && "indicator" in o) {
      expect(INDICATORS).toContain(o.indicator);
      expect(DESCRIPTIONS).toContain(o.description);
    }
    if (key === "incidents") {
      expect(INCIDENT_STATUSES).toContain(o.status);
      expect(IMPACTS).toContain(o.impact);
      expect(o.shortlink).toBe(`${PAGE_URL}/incidents/${o.id as string}`);
    }
    if (key === "scheduled_maintenances") {
      expect(MAINTENANCE_STATUSES).toContain(o.status);
      expect(IMPACTS).toContain(o.impact);
    }
    if (key === "incident_updates") expect([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]).toContain(o.status);
    if (key === "affected_components") {
      expect(COMPONENT_STATUSES).toContain(o.old_status);
      expect(COMPONENT_STATUSES).toContain(o.new_status);
    }
  }
}

describe("the shape checker", () => {
  it("notices a missing key, a key out of order, a wrong type and a null where none is allowed", () => {
    const ref = { a: 1, b: { c: "x", description: "d" }, d: [{ e: true }] };
    expect(shapeDiff({ a: 2, b: { c: "y", description: null }, d: [] }, ref)).toEqual([]);
    expect(shapeDiff({ a: 2, b: { c: "y" }, d: [] }, ref)).toHaveLength(1);
    expect(shapeDiff({ b: { c: "y", description: "d" }, a: 2, d: [] }, ref)).toHaveLength(1);
    expect(shapeDiff({ a: "2", b: { c: "y", description: "d" }, d: [{ e: 1 }] }, ref)).toHaveLength(2);
    expect(shapeDiff({ a: 1, b: { c: null, description: "d" }, d: [] }, ref)).toHaveLength(1);
  });
});

describe("Statuspage API v2 from a real database", () => {
  beforeEach(async () => {
    ids = await seed();
    snap = await loadPublicSnapshot(1);
  });

  it("summary.json has the example's shape at every level, and the real capture's", () => {
    const summary = doc("/api/v2/summary.json");
    expect(Object.keys(summary)).toEqual(["page", "components", "incidents", "scheduled_maintenances", "status"]);
    expect(shapeDiff(summary, EXAMPLE)).toEqual([]);
    // The real capture has no groups and no maintenances: compare what it has.
    expect(shapeDiff(summary.page, REAL.page)).toEqual([]);
    expect(shapeDiff(summary.status, REAL.status)).toEqual([]);
    expect(shapeDiff(list(summary, "components").filter((c) => !c.group), REAL.components)).toEqual([]);
    expect(shapeDiff(summary.incidents, REAL.incidents)).toEqual([]);
    checkVocabulary(summary);
  });

  it("serialises group rows and plain rows with every field", () => {
    const components = list(doc("/api/v2/components.json"), "components");
    const group = components.find((c) => c.group)!;
    expect(shapeDiff(group, EXAMPLE.components[0])).toEqual([]);
    expect(group).toMatchObject({ id: ids.api.id, status: "degraded_performance", showcase: false, start_date: null, group_id: null, only_show_if_degraded: false, components: [ids.rest.id, ids.webhooks.id] });
    const exampleLegacy = EXAMPLE.components.find((c: Row) => c.only_show_if_degraded);
    const legacy = components.find((c) => c.id === ids.legacy.id)!;
    expect(shapeDiff(legacy, exampleLegacy)).toEqual([]);
    expect(legacy).toMatchObject({ only_show_if_degraded: true, showcase: false, group: false, group_id: null, description: null });
    expect(components.find((c) => c.id === ids.rest.id)).toMatchObject({ group_id: ids.api.id, start_date: "2019-05-03", page_id: snap.page.id });
  });

  it("orders components as the example does: by position, a top-level item before a child of equal position", () => {
    const expected = EXAMPLE.components.map((c: Row) => c.name);
    expect(names(list(doc("/api/v2/summary.json"), "components"))).toEqual(expected);
    expect(names(list(doc("/api/v2/components.json"), "components"))).toEqual(expected);
  });

  it("summary.json selects unresolved incidents and maintenances scheduled or in progress", () => {
    const summary = doc("/api/v2/summary.json");
    expect(names(list(summary, "incidents"))).toEqual(["Elevated API latency"]);
    expect(names(list(summary, "scheduled_maintenances"))).toEqual(["Dashboard migration", "Database engine upgrade"]);
    expect(summary.status).toEqual({ indicator: "minor", description: "Partially Degraded Service" });
  });

  it("incidents carry their updates newest first, affected components and full component objects", () => {
    const [incident] = list(doc("/api/v2/incidents/unresolved.json"), "incidents");
    const updates = incident!.incident_updates as Row[];
    expect(updates.map((u) => u.status)).toEqual(["identified", "investigating"]);
    expect(updates.every((u) => u.incident_id === ids.open.id)).toBe(true);
    expect(updates[1]!.affected_components).toEqual([{ code: ids.rest.id, name: "REST API", old_status: "operational", new_status: "degraded_performance" }]);
    expect(shapeDiff(updates[0], EXAMPLE.incidents[0].incident_updates[0])).toEqual([]);
    const components = incident!.components as Row[];
    expect(components.map((c) => c.id)).toEqual([ids.rest.id]);
    expect(shapeDiff(components[0], EXAMPLE.components[1])).toEqual([]);
    expect(incident).not.toHaveProperty("scheduled_for");
    expect(incident!.monitoring_at).toBeNull();
    expect(incident!.resolved_at).toBeNull();
  });

  it("incidents.json: incidents of any status, newest first, no maintenances; null affected_components when none", () => {
    const d = doc("/api/v2/incidents.json");
    expect(Object.keys(d)).toEqual(["page", "incidents"]);
    const incidents = list(d, "incidents");
    expect(names(incidents)).toEqual(["Elevated API latency", "Webhook delays"]);
    for (const i of incidents) expect(shapeDiff(i, EXAMPLE.incidents[0])).toEqual([]);
    const resolved = incidents[1]!;
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolved_at).toMatch(ISO_MS);
    expect((resolved.incident_updates as Row[]).map((u) => u.affected_components)).toEqual([null, null]);
    checkVocabulary(d);
  });

  it("incidents/unresolved.json: investigating, identified and monitoring only", () => {
    const d = doc("/api/v2/incidents/unresolved.json");
    expect(Object.keys(d)).toEqual(["page", "incidents"]);
    expect(names(list(d, "incidents"))).toEqual(["Elevated API latency"]);
    checkVocabulary(d);
  });

  it("scheduled-maintenances.json: every maintenance, completed included, with scheduled_for and scheduled_until", () => {
    const d = doc("/api/v2/scheduled-maintenances.json");
    expect(Object.keys(d)).toEqual(["page", "scheduled_maintenances"]);
    const m = list(d, "scheduled_maintenances");
    expect(names(m)).toEqual(["Database engine upgrade", "Dashboard migration", "Certificate rotation"]);
    for (const x of m) {
      expect(shapeDiff(x, EXAMPLE.scheduled_maintenances[0])).toEqual([]);
      expect(x.scheduled_for).toMatch(ISO_MS);
      expect(x.scheduled_until).toMatch(ISO_MS);
    }
    checkVocabulary(d);
  });

  it("scheduled-maintenances/upcoming.json: scheduled only; active.json: in progress and verifying", async () => {
    expect(names(list(doc("/api/v2/scheduled-maintenances/upcoming.json"), "scheduled_maintenances"))).toEqual(["Database engine upgrade"]);
    expect(names(list(doc("/api/v2/scheduled-maintenances/active.json"), "scheduled_maintenances"))).toEqual(["Dashboard migration"]);
    await db().incident.update({ where: { id: ids.upcoming.id }, data: { status: "verifying" } });
    snap = await loadPublicSnapshot(2);
    expect(names(list(doc("/api/v2/scheduled-maintenances/upcoming.json"), "scheduled_maintenances"))).toEqual([]);
    expect(names(list(doc("/api/v2/scheduled-maintenances/active.json"), "scheduled_maintenances"))).toEqual(["Dashboard migration", "Database engine upgrade"]);
    const active = doc("/api/v2/scheduled-maintenances/active.json");
    expect(shapeDiff(active.scheduled_maintenances, EXAMPLE.scheduled_maintenances)).toEqual([]);
    checkVocabulary(active);
  });

  it("status.json: page and status only", () => {
    const d = doc("/api/v2/status.json");
    expect(Object.keys(d)).toEqual(["page", "status"]);
    expect(shapeDiff(d, { page: EXAMPLE.page, status: EXAMPLE.status })).toEqual([]);
    expect(shapeDiff(d, { page: REAL.page, status: REAL.status })).toEqual([]);
    expect(d.page).toEqual({ id: snap.page.id, name: "Acme Cloud", url: PAGE_URL, time_zone: "Etc/UTC", updated_at: snap.page.updatedAt.toISOString() });
  });

  it("answers a JSON 404 for unknown /api/v2 paths and null for paths it does not serve", () => {
    for (const p of ["/api/v2/nope.json", "/api/v2/incidents/abc.json", "/api/v2/summary.xml"]) {
      const d = publicDocument(snap, p)!;
      expect(d.status, p).toBe(404);
      expect(d.contentType).toBe("application/json; charset=utf-8");
      expect(JSON.parse(d.body)).toHaveProperty("error");
    }
    for (const p of ["/", "/incidents/x", "/api/v1/pages.json", "/history"]) expect(publicDocument(snap, p), p).toBeNull();
  });

  it("the feeds, calendar, badge and widget are well-formed on the same data", () => {
    const body = (p: string) => publicDocument(snap, p)!.body;
    const rss = parseXml(body("/history.rss"));
    const items = kids(kid(rss, "channel"), "item");
    expect(items.map((i) => kid(i, "title").text)).toEqual(snap.incidents.map((i) => i.name));
    expect(items.map((i) => kid(i, "guid").text)).toEqual(snap.incidents.map((i) => `${PAGE_URL}/incidents/${i.id}`));
    const atom = parseXml(body("/history.atom"));
    expect(kids(atom, "entry")).toHaveLength(5);
    const ics = body("/maintenance.ics");
    expect(ics.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(2);
    expect(ics).toContain(`UID:${ids.upcoming.id}@status.acme.example\r\n`);
    expect(ics).toContain(`UID:${ids.inProgress.id}@status.acme.example\r\n`);
    const svg = parseXml(body("/badge.svg"));
    expect(svg.attrs["aria-label"]).toBe("status: Partially Degraded Service");
    expect(body("/widget.js")).toContain("/api/v2/status.json");
    for (const p of PUBLIC_DOCUMENT_PATHS) expect(publicDocument(snap, p)!.status, p).toBe(200);
  });
});

describe("caps", () => {
  it("incidents.json and scheduled-maintenances.json hold the 50 most recent", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme Cloud", url: PAGE_URL } });
    await db().incident.createMany({
      data: Array.from({ length: 55 }, (_, n) => ({ name: `incident ${n}`, status: "resolved" as const, createdAt: ago(1000 - n), resolvedAt: ago(900 - n) })),
    });
    await db().incident.createMany({
      data: Array.from({ length: 53 }, (_, n) => ({
        kind: "maintenance" as const,
        name: `maintenance ${n}`,
        status: "completed" as const,
        createdAt: ago(5000),
        scheduledFor: ago(3000 - n * 10),
        scheduledUntil: ago(2990 - n * 10),
        resolvedAt: ago(2990 - n * 10),
      })),
    });
    snap = await loadPublicSnapshot(1);
    const incidents = list(doc("/api/v2/incidents.json"), "incidents");
    expect(incidents).toHaveLength(50);
    expect(incidents[0]!.name).toBe("incident 54");
    expect(incidents[49]!.name).toBe("incident 5");
    const maintenances = list(doc("/api/v2/scheduled-maintenances.json"), "scheduled_maintenances");
    expect(maintenances).toHaveLength(50);
    expect(maintenances[0]!.name).toBe("maintenance 52");
    expect(list(doc("/api/v2/summary.json"), "incidents")).toHaveLength(0);
    expect(list(doc("/api/v2/summary.json"), "scheduled_maintenances")).toHaveLength(0);
  });
});

describe("rollup through the API", () => {
  async function statusWith(statuses: ComponentStatus[], openImpact?: "minor" | "major" | "critical") {
    await db().pageSettings.create({ data: { id: 1, name: "Acme Cloud", url: PAGE_URL } });
    for (const [n, status] of statuses.entries()) await db().component.create({ data: { name: `c${n}`, position: n, status } });
    if (openImpact) await db().incident.create({ data: { name: "Open", status: "investigating", impact: openImpact } });
    snap = await loadPublicSnapshot(1);
    const fromStatus = doc("/api/v2/status.json").status;
    expect(doc("/api/v2/summary.json").status).toEqual(fromStatus);
    return fromStatus;
  }

  it.each([
    [[], undefined, "none", "All Systems Operational"],
    [[], "major", "major", "Partial System Outage"],
    [["operational", "operational"], "critical", "none", "All Systems Operational"],
    [["major_outage"], undefined, "critical", "Major System Outage"],
    [["major_outage", "major_outage"], undefined, "critical", "Major System Outage"],
    [["major_outage", "operational"], undefined, "major", "Partial System Outage"],
    [["partial_outage", "partial_outage"], undefined, "major", "Partial System Outage"],
    [["partial_outage", "operational"], undefined, "minor", "Minor Service Outage"],
    [["degraded_performance", "degraded_performance"], undefined, "minor", "Degraded System Service"],
    [["degraded_performance", "under_maintenance"], undefined, "minor", "Partially Degraded Service"],
    [["under_maintenance", "operational"], undefined, "maintenance", "Service Under Maintenance"],
  ] as [ComponentStatus[], "major" | "critical" | undefined, string, string][])(
    "%j with open incident %s → %s / %s",
    async (statuses, impact, indicator, description) => {
      expect(await statusWith(statuses, impact)).toEqual({ indicator, description });
    },
  );
});

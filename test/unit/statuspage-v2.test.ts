// lib/statuspage/v2.ts and lib/public/documents.ts on hand-built snapshots: the example page
// reproduced byte-for-byte in shape and order, selections, ordering, caps and the 404/null rules.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_DOCUMENT_PATHS, publicDocument } from "@/lib/public/documents";
import {
  RECENT_LIMIT,
  componentsDocument,
  incidentsDocument,
  scheduledMaintenancesDocument,
  summaryDocument,
  statusDocument,
  v2Components,
  v2IncidentUpdate,
} from "@/lib/statuspage/v2";
import { shapeDiff } from "@/test/contract/helpers/shape";
import { at, component, exampleSnapshot, group, incident, snapshot, update } from "@/test/contract/helpers/snapshot";

const fixtures = path.join(import.meta.dirname, "..", "contract", "fixtures");
const example = JSON.parse(fs.readFileSync(path.join(fixtures, "summary.example.json"), "utf8"));

describe("summary.json on the example page", () => {
  const s = exampleSnapshot();
  const summary = JSON.parse(JSON.stringify(summaryDocument(s)));

  it("has the example's shape and key order at every level", () => {
    expect(shapeDiff(summary, example)).toEqual([]);
  });

  it("lists components in the example's order, a top-level item before a child of equal position", () => {
    expect(summary.components.map((c: { id: string }) => c.id)).toEqual(example.components.map((c: { id: string }) => c.id));
  });

  it("serialises the group as the example does", () => {
    const g = summary.components[0];
    const e = example.components[0];
    for (const k of ["id", "name", "status", "position", "description", "showcase", "start_date", "group_id", "group", "only_show_if_degraded", "components"]) {
      expect(g[k], k).toEqual(e[k]);
    }
  });

  it("matches the example's values where they do not depend on times", () => {
    expect(summary.status).toEqual(example.status);
    expect(summary.page.id).toBe(example.page.id);
    expect(summary.incidents[0].incident_updates.map((u: { status: string }) => u.status)).toEqual(["identified", "investigating"]);
    expect(summary.incidents[0].components.map((c: { id: string }) => c.id)).toEqual(["rhznvxg4v7yh"]);
    expect(summary.scheduled_maintenances[0].scheduled_for).toBe("2025-03-15T02:00:00.000Z");
    expect(summary.scheduled_maintenances[0].scheduled_until).toBe("2025-03-15T04:00:00.000Z");
  });

  it("uses the incident's permanent page as its shortlink", () => {
    expect(summary.incidents[0].shortlink).toBe("https://status.acme.example/incidents/cp306tmzcl0y");
  });
});

describe("components", () => {
  it("gives a group the worst status of its children and the latest of their update times", () => {
    const g = group({ name: "Core", position: 1, updatedAt: at(0) });
    const a = component({ name: "A", groupId: g.id, position: 1, status: "partial_outage", updatedAt: at(5) });
    const b = component({ name: "B", groupId: g.id, position: 2, status: "under_maintenance" });
    const [row] = v2Components(snapshot({ groups: [g], components: [a, b] }));
    expect(row).toMatchObject({ id: g.id, group: true, status: "partial_outage", components: [a.id, b.id], updated_at: at(5).toISOString() });
  });

  it("serialises an empty group as operational with no children", () => {
    const g = group({ name: "Empty", position: 1 });
    expect(v2Components(snapshot({ groups: [g] }))[0]).toMatchObject({ status: "operational", components: [] });
  });

  it("orders by position, then top level before children, then the parent's position, then name", () => {
    const g1 = group({ name: "G1", position: 1 });
    const g2 = group({ name: "G2", position: 2 });
    const rows = v2Components(
      snapshot({
        groups: [g1, g2],
        components: [
          component({ name: "g2-child-1", groupId: g2.id, position: 1 }),
          component({ name: "g1-child-1", groupId: g1.id, position: 1 }),
          component({ name: "top-3b", position: 3 }),
          component({ name: "top-3a", position: 3 }),
          component({ name: "g1-child-2", groupId: g1.id, position: 2 }),
        ],
      }),
    );
    expect(rows.map((r) => r.name)).toEqual(["G1", "g1-child-1", "g2-child-1", "G2", "g1-child-2", "top-3a", "top-3b"]);
  });

  it("has every field on every row, group rows alone having `components`", () => {
    const s = exampleSnapshot();
    const { components } = componentsDocument(s);
    for (const c of components) {
      const keys = ["id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"];
      expect(Object.keys(c)).toEqual(c.group ? [...keys, "components"] : keys);
    }
  });
});

describe("incident updates", () => {
  it("have affected_components null when none, else code/name/old/new", () => {
    const none = v2IncidentUpdate(update("i1", { status: "investigating" }));
    expect(none.affected_components).toBeNull();
    const some = v2IncidentUpdate(
      update("i1", { status: "identified", affectedComponents: [{ componentId: "c1", name: "API", oldStatus: "operational", newStatus: "major_outage" }] }),
    );
    expect(some.affected_components).toEqual([{ code: "c1", name: "API", old_status: "operational", new_status: "major_outage" }]);
    expect(Object.keys(some)).toEqual([
      "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
      "affected_components", "deliver_notifications", "custom_tweet", "tweet_id",
    ]);
  });
});

describe("selections", () => {
  const mk = (name: string, kind: "incident" | "maintenance", status: Parameters<typeof incident>[0]["status"], minutes: number) =>
    incident({
      name,
      kind,
      status,
      createdAt: at(minutes),
      resolvedAt: ["resolved", "postmortem", "completed"].includes(status) ? at(minutes + 5) : null,
      scheduledFor: kind === "maintenance" ? at(minutes + 100) : null,
      scheduledUntil: kind === "maintenance" ? at(minutes + 200) : null,
    });
  const s = snapshot({
    incidents: [
      mk("inv", "incident", "investigating", 1),
      mk("ide", "incident", "identified", 2),
      mk("mon", "incident", "monitoring", 3),
      mk("res", "incident", "resolved", 4),
      mk("pm", "incident", "postmortem", 5),
      mk("sch", "maintenance", "scheduled", 6),
      mk("inp", "maintenance", "in_progress", 7),
      mk("ver", "maintenance", "verifying", 8),
      mk("com", "maintenance", "completed", 9),
    ],
  });
  const names = (pathname: string, key: string) =>
    (JSON.parse(publicDocument(s, pathname)!.body)[key] as { name: string }[]).map((i) => i.name);

  it("summary: unresolved incidents and maintenances scheduled or under way", () => {
    expect(names("/api/v2/summary.json", "incidents")).toEqual(["mon", "ide", "inv"]);
    expect(names("/api/v2/summary.json", "scheduled_maintenances").sort()).toEqual(["inp", "sch", "ver"]);
  });
  it("incidents.json: incidents of any status, newest first, no maintenances", () => {
    expect(names("/api/v2/incidents.json", "incidents")).toEqual(["pm", "res", "mon", "ide", "inv"]);
  });
  it("incidents/unresolved.json: investigating, identified, monitoring", () => {
    expect(names("/api/v2/incidents/unresolved.json", "incidents")).toEqual(["mon", "ide", "inv"]);
  });
  it("scheduled-maintenances.json: all maintenances, completed included, latest window first", () => {
    expect(names("/api/v2/scheduled-maintenances.json", "scheduled_maintenances")).toEqual(["com", "ver", "inp", "sch"]);
  });
  it("upcoming: scheduled only; active: in progress and verifying", () => {
    expect(names("/api/v2/scheduled-maintenances/upcoming.json", "scheduled_maintenances")).toEqual(["sch"]);
    expect(names("/api/v2/scheduled-maintenances/active.json", "scheduled_maintenances")).toEqual(["inp", "ver"]);
  });
  it("incidents carry no schedule keys; maintenances end with scheduled_for, scheduled_until", () => {
    const doc = JSON.parse(publicDocument(s, "/api/v2/summary.json")!.body);
    expect(Object.keys(doc.incidents[0])).not.toContain("scheduled_for");
    expect(Object.keys(doc.scheduled_maintenances[0]).slice(-2)).toEqual(["scheduled_for", "scheduled_until"]);
  });
});

describe("the 50 cap", () => {
  it("keeps the 50 most recent incidents and maintenances", () => {
    const incidents = Array.from({ length: 60 }, (_, n) =>
      incident({ name: `i${n}`, status: "resolved", createdAt: at(n), resolvedAt: at(n + 1) }),
    );
    const maintenances = Array.from({ length: 55 }, (_, n) =>
      incident({ name: `m${n}`, kind: "maintenance", status: "completed", createdAt: at(n), resolvedAt: at(n + 1), scheduledFor: at(n * 10), scheduledUntil: at(n * 10 + 5) }),
    );
    const s = snapshot({ incidents: [...incidents, ...maintenances] });
    const inc = incidentsDocument(s).incidents;
    expect(inc).toHaveLength(RECENT_LIMIT);
    expect(inc[0]!.name).toBe("i59");
    expect(inc[49]!.name).toBe("i10");
    const mnt = scheduledMaintenancesDocument(s).scheduled_maintenances;
    expect(mnt).toHaveLength(RECENT_LIMIT);
    expect(mnt[0]!.name).toBe("m54");
  });
});

describe("status", () => {
  it("follows the components, not the incidents", () => {
    const s = snapshot({
      components: [component({ name: "A", status: "major_outage" }), component({ name: "B" })],
      incidents: [incident({ name: "x", status: "investigating", impact: "critical" })],
    });
    expect(statusDocument(s).status).toEqual({ indicator: "major", description: "Partial System Outage" });
  });
  it("without components, follows the open incidents' impact", () => {
    expect(statusDocument(snapshot()).status).toEqual({ indicator: "none", description: "All Systems Operational" });
    const s = snapshot({ incidents: [incident({ name: "x", status: "investigating", impact: "critical" })] });
    expect(statusDocument(s).status).toEqual({ indicator: "critical", description: "Major System Outage" });
  });
});

describe("publicDocument", () => {
  const s = exampleSnapshot();

  it("serves every listed path with its content type", () => {
    const types: Record<string, string> = {
      json: "application/json; charset=utf-8",
      rss: "application/rss+xml; charset=utf-8",
      atom: "application/atom+xml; charset=utf-8",
      ics: "text/calendar; charset=utf-8",
      svg: "image/svg+xml",
      js: "text/javascript; charset=utf-8",
    };
    expect(PUBLIC_DOCUMENT_PATHS).toHaveLength(13);
    for (const p of PUBLIC_DOCUMENT_PATHS) {
      const doc = publicDocument(s, p);
      expect(doc, p).not.toBeNull();
      expect(doc!.status).toBe(200);
      expect(doc!.contentType).toBe(types[p.split(".").pop()!]);
      expect(doc!.body.length).toBeGreaterThan(0);
    }
  });

  it("computes each body once per snapshot", () => {
    const first = publicDocument(s, "/api/v2/summary.json");
    expect(publicDocument(s, "/api/v2/summary.json")).toBe(first);
    expect(publicDocument(exampleSnapshot(), "/api/v2/summary.json")).not.toBe(first);
  });

  it("answers a JSON 404 for any other /api/v2 path", () => {
    for (const p of ["/api/v2", "/api/v2/", "/api/v2/nope.json", "/api/v2/summary", "/api/v2/summary.json/", "/api/v2/incidents/x.json"]) {
      const doc = publicDocument(s, p);
      expect(doc, p).toMatchObject({ status: 404, contentType: "application/json; charset=utf-8" });
      expect(JSON.parse(doc!.body)).toEqual({ error: "Not found" });
    }
  });

  it("returns null for paths it does not serve", () => {
    for (const p of ["/", "/incidents/abc", "/api/v1/components.json", "/api/v20/summary.json", "/history.xml", "/badge.png"]) {
      expect(publicDocument(s, p), p).toBeNull();
    }
  });
});

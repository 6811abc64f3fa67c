// Uptime from a real public snapshot: status history written the way Herald writes it (the
// incident use case, and history rows older than the 90-day window), read back by
// loadPublicSnapshot and computed by lib/uptime/compute.ts.
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { computeUptime, utcDay } from "@/lib/uptime/compute";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const DAY = 86_400_000;
const cli: Actor = { type: "cli" };

describe("uptime from the public snapshot", () => {
  it("carries a status set before the window into it, and ends it where the history says", async () => {
    const now = Date.now();
    const c = await db().component.create({ data: { name: "API", position: 0, startDate: new Date(now - 200 * DAY), status: "operational" } });
    // Partial outage from 120 days ago (before the window) until 10 days ago.
    await db().componentStatusChange.createMany({
      data: [
        { componentId: c.id, oldStatus: "operational", newStatus: "partial_outage", at: new Date(now - 120 * DAY) },
        { componentId: c.id, oldStatus: "partial_outage", newStatus: "operational", at: new Date(now - 10 * DAY) },
      ],
    });
    const snapshot = await loadPublicSnapshot(1);
    // The change before the window is in the snapshot (as the component's last change before it).
    expect(snapshot.statusChanges.filter((s) => s.componentId === c.id)).toHaveLength(2);

    const u = computeUptime(snapshot).components[c.id]!;
    expect(u.days).toHaveLength(90);
    expect(u.days[0]!.uptime).toBeCloseTo(70, 6); // 90 days ago: partial all day
    expect(u.days.find((d) => d.date === utcDay(now - 20 * DAY))!.uptime).toBeCloseTo(70, 6);
    expect(u.days.find((d) => d.date === utcDay(now - 5 * DAY))!.uptime).toBe(100);
    expect(u.percent!).toBeGreaterThan(70);
    expect(u.percent!).toBeLessThan(100);
  });

  it("counts an incident's major outage from the moment it was posted, and relates the incident to the day", async () => {
    const api = await makeComponent("API");
    const web = await makeComponent("Website", 1);
    await db().component.updateMany({ data: { createdAt: new Date(Date.now() - 30 * DAY) } });
    const { incident } = await createIncident({
      actor: cli,
      input: { name: "API down", status: "investigating", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }] },
    });
    // Let some time pass in the outage.
    await new Promise((r) => setTimeout(r, 1_200));
    const snapshot = await loadPublicSnapshot(2);
    const r = computeUptime(snapshot);
    const today = r.components[api.id]!.days.at(-1)!;
    expect(today.date).toBe(utcDay(snapshot.builtAt.getTime()));
    expect(today.uptime!).toBeLessThan(100);
    expect(today.incidents).toEqual([{ id: incident.id, name: "API down" }]);
    expect(r.components[api.id]!.days.at(-2)!.uptime).toBe(100);
    expect(r.components[api.id]!.days.at(-2)!.incidents).toEqual([]);
    const other = r.components[web.id]!.days.at(-1)!;
    expect(other.uptime).toBe(100);
    expect(other.incidents).toEqual([]);
  });

  it("has no data before a component's start date or creation", async () => {
    const now = Date.now();
    const started = await db().component.create({ data: { name: "New", position: 0, startDate: new Date(now - 5 * DAY) } });
    const created = await db().component.create({ data: { name: "Fresh", position: 1, createdAt: new Date(now - 3 * DAY) } });
    const r = computeUptime(await loadPublicSnapshot(3));
    expect(r.components[started.id]!.days.filter((d) => d.uptime !== null)).toHaveLength(6);
    expect(r.components[created.id]!.days.filter((d) => d.uptime !== null)).toHaveLength(4);
    expect(r.components[created.id]!.percent).toBe(100);
  });
});

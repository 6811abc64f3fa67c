// The dashboard's front page: what is happening now, read by lib/admin/dashboard.ts.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { loadDashboardSummary } from "@/lib/admin/dashboard";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();
const actor = { type: "cli" } as const;

describe("dashboard: what is happening now", () => {
  it("lists components not operational worst first, open incidents, upcoming maintenance", async () => {
    const api = await makeComponent("API", 0, "degraded_performance");
    const web = await makeComponent("Website", 1, "major_outage");
    await makeComponent("Mail", 2);
    const { incident } = await createIncident({ actor, input: { name: "Slow API", message: "Looking", components: [{ componentId: api.id, status: "degraded_performance" }] } });
    const soon = Date.now() + 3_600_000;
    const { incident: maintenance } = await scheduleMaintenance({
      actor,
      input: { name: "DB upgrade", message: "Upgrading", scheduledFor: new Date(soon), scheduledUntil: new Date(soon + 3_600_000), components: [web.id] },
    });

    const s = await loadDashboardSummary({ actor });
    expect(s.componentsNotOperational.map((c) => [c.name, c.status])).toEqual([
      ["Website", "major_outage"],
      ["API", "degraded_performance"],
    ]);
    expect(s.openIncidents.map((i) => i.id)).toEqual([incident.id]);
    expect(s.upcomingMaintenance.map((m) => m.id)).toEqual([maintenance.id]);
  });

  it("shows fan-outs still sending with their figures, the queue's depth and its most overdue message", async () => {
    const api = await makeComponent("API", 0);
    await db().subscriber.createMany({
      data: [
        { channel: "email", address: "a@example.com", state: "active", confirmedAt: new Date(), manageToken: "t1" },
        { channel: "email", address: "b@example.com", state: "active", confirmedAt: new Date(), manageToken: "t2" },
        { channel: "email", address: "c@example.com", state: "active", confirmedAt: new Date(), manageToken: "t3" },
      ],
    });
    const subs = await db().subscriber.findMany({ orderBy: { address: "asc" } });
    const { incident, notificationId } = await createIncident({ actor, input: { name: "Mail delayed", message: "Queue", components: [{ componentId: api.id, status: "partial_outage" }] } });
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await db().notification.update({ where: { id: notificationId! }, data: { fanoutState: "done" } });
    await db().delivery.createMany({
      data: [
        { notificationId: notificationId!, subscriberId: subs[0]!.id, channel: "email", state: "sent", sentAt: new Date() },
        { notificationId: notificationId!, subscriberId: subs[1]!.id, channel: "email", state: "pending", nextAttemptAt: tenMinutesAgo },
        { notificationId: notificationId!, subscriberId: subs[2]!.id, channel: "email", state: "retrying", nextAttemptAt: new Date(Date.now() + 60_000) },
      ],
    });
    await db().workerProcess.create({ data: { id: "w1", hostname: "h", pid: 1 } });
    await db().workerProcess.create({ data: { id: "w-dead", hostname: "h", pid: 2, lastSeenAt: new Date(Date.now() - 3_600_000) } });

    const s = await loadDashboardSummary({ actor });
    expect(s.fanoutsInProgress).toHaveLength(1);
    const f = s.fanoutsInProgress[0]!;
    expect(f.incident).toEqual({ id: incident.id, name: "Mail delayed", kind: "incident" });
    expect(f.expanding).toBe(false);
    expect(f.channels.email).toMatchObject({ total: 3, sent: 1, pending: 1, retrying: 1 });
    expect(s.queue.waiting).toBe(2);
    expect(s.queue.sending).toBe(0);
    expect(s.queue.oldestWaitingMs).toBeGreaterThanOrEqual(590_000);
    expect(s.queue.workersAlive).toBe(1);

    // Settled: nothing in progress, nothing waiting.
    await db().delivery.updateMany({ where: { state: { in: ["pending", "retrying"] } }, data: { state: "sent", sentAt: new Date() } });
    const after = await loadDashboardSummary({ actor });
    expect(after.fanoutsInProgress).toEqual([]);
    expect(after.queue).toMatchObject({ waiting: 0, oldestWaitingMs: 0 });
  });

  it("is for operators only", async () => {
    await expect(loadDashboardSummary({ actor: { type: "public" } })).rejects.toBeInstanceOf(PermissionError);
  });
});

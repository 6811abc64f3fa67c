// Cancelling a maintenance: it completes with a closing update saying so, its components go back
// to operational if it had started, subscribers hear of it (or not), and the audit row says what
// was cancelled. A completed one, or an actor without the permission, is refused with nothing written.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { cancelMaintenance, MAINTENANCE_CANCELLED_MESSAGE } from "@/lib/maintenance/cancel";
import { runFanout } from "@/lib/notify/fanout";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { runMaintenanceTick } from "@/lib/maintenance/tick";
import { randomToken } from "@/lib/tokens";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const MIN = 60_000;
const TABLES = ["incident", "incident_update", "notification", "audit_log", "component_status_change"];

async function schedule(startsIn: number, components: string[] = []) {
  const scheduledFor = new Date(Date.now() + startsIn);
  const { incident } = await scheduleMaintenance({
    actor: cli,
    input: { name: "Database upgrade", message: "The database moves to a new version.", scheduledFor, scheduledUntil: new Date(scheduledFor.getTime() + 60 * MIN), components },
  });
  return db().incident.findUniqueOrThrow({ where: { id: incident.id } });
}

const kinds = async (incidentId: string) => (await db().notification.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);

describe("cancelMaintenance", () => {
  it("completes a scheduled one with the closing update, notifies, and leaves its components alone", async () => {
    const a = await makeComponent("API");
    const m = await schedule(24 * 60 * MIN, [a.id]);
    const r = await cancelMaintenance({ actor: cli, input: { incidentId: m.id } });

    const after = await db().incident.findUniqueOrThrow({ where: { id: m.id } });
    expect(after.status).toBe("completed");
    expect(after.resolvedAt).toBeInstanceOf(Date);
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.update.id } })).toMatchObject({ status: "completed", body: MAINTENANCE_CANCELLED_MESSAGE, deliverNotifications: true });
    expect(await kinds(m.id)).toEqual(["maintenance_scheduled", "maintenance_completed"]);
    expect(r.restored).toEqual([]);
    expect(await db().componentStatusChange.count()).toBe(0);
    expect(await db().auditLog.findFirstOrThrow({ where: { action: "maintenance.cancel" } })).toMatchObject({
      actorType: "cli",
      targetId: m.id,
      data: {
        before: { status: "scheduled", cancelled: false, message: null, restoredComponents: null, notified: null },
        after: { status: "completed", cancelled: true, message: MAINTENANCE_CANCELLED_MESSAGE, restoredComponents: [], notified: true },
      },
    });
    // The tick has nothing left to do with it.
    expect(await runMaintenanceTick(new Date(m.scheduledUntil!.getTime() + MIN))).toEqual({ reminded: [], started: [], completed: [], failed: [] });
  });

  it("puts the components of a started one back to operational, except one set otherwise since", async () => {
    const a = await makeComponent("API", 0);
    const b = await makeComponent("Website", 1);
    const m = await schedule(10 * MIN, [a.id, b.id]);
    await runMaintenanceTick(new Date(m.scheduledFor!.getTime() + 1_000));
    await db().component.update({ where: { id: b.id }, data: { status: "major_outage" } });

    const r = await cancelMaintenance({ actor: cli, input: { incidentId: m.id, message: "Called off: the vendor postponed.", deliverNotifications: false } });
    expect(r.restored).toEqual([a.id]);
    expect((await db().component.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("operational");
    expect((await db().component.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("major_outage");
    const closing = await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.update.id }, include: { statusChanges: true } });
    expect(closing).toMatchObject({ status: "completed", body: "Called off: the vendor postponed.", deliverNotifications: false });
    expect(closing.statusChanges).toEqual([expect.objectContaining({ componentId: a.id, oldStatus: "under_maintenance", newStatus: "operational" })]);
    // Not notified: no maintenance_completed.
    expect(await kinds(m.id)).toEqual(["maintenance_scheduled", "maintenance_started"]);
  });

  it("cancels the start's SMS still queued", async () => {
    await db().subscriber.create({ data: { channel: "sms", address: "+14155550100", state: "active", confirmedAt: new Date(), manageToken: randomToken() } });
    const m = await schedule(10 * MIN);
    await runMaintenanceTick(new Date(m.scheduledFor!.getTime() + 1_000));
    const started = await db().notification.findFirstOrThrow({ where: { incidentId: m.id, kind: "maintenance_started" } });
    await runFanout({ notificationId: started.id, channelsOn: ["sms"] });
    await cancelMaintenance({ actor: cli, input: { incidentId: m.id } });
    expect(await db().delivery.findMany({ where: { notificationId: started.id } })).toEqual([expect.objectContaining({ channel: "sms", state: "cancelled" })]);
  });

  it("refuses a completed maintenance, an incident, an unknown id and an actor without the permission, writing nothing", async () => {
    const m = await schedule(24 * 60 * MIN);
    await cancelMaintenance({ actor: cli, input: { incidentId: m.id } });
    const done = await countRows(TABLES);
    const again = await cancelMaintenance({ actor: cli, input: { incidentId: m.id } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as Error).message).toBe('"Database upgrade" has already completed: there is nothing to cancel');

    const incident = await db().incident.create({ data: { name: "Outage", status: "investigating" } });
    await expect(cancelMaintenance({ actor: cli, input: { incidentId: incident.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelMaintenance({ actor: cli, input: { incidentId: "nosuchthing1" } })).rejects.toThrow("No maintenance with id nosuchthing1");

    const open = await schedule(24 * 60 * MIN);
    const before = await countRows(TABLES);
    await expect(cancelMaintenance({ actor: { type: "public" }, input: { incidentId: open.id } })).rejects.toBeInstanceOf(PermissionError);
    expect(await countRows(TABLES)).toEqual(before);
    expect((await db().incident.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("scheduled");
    expect(done.incident).toBe(1);
  });
});

// Scheduling with a reminder lead time of the maintenance's own, and the tick sending the reminder
// at that time (not an hour before), or never; refusals write nothing; the audit row has the after.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { scheduleMaintenance, type ScheduleMaintenanceInput } from "@/lib/maintenance/schedule";
import { runMaintenanceTick } from "@/lib/maintenance/tick";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const editor = { type: "operator", operatorId: "op1", role: "editor", email: "e@example.com" } as const;
const MIN = 60_000;
const TABLES = ["incident", "incident_update", "incident_component", "notification", "audit_log"];

function input(over: Partial<ScheduleMaintenanceInput> & { startsIn?: number; lasts?: number } = {}): ScheduleMaintenanceInput {
  const { startsIn = 3 * 24 * 60 * MIN, lasts = 60 * MIN, ...rest } = over;
  const scheduledFor = new Date(Date.now() + startsIn);
  return { name: "Database upgrade", message: "The database moves to a new version.", scheduledFor, scheduledUntil: new Date(scheduledFor.getTime() + lasts), ...rest };
}

const kinds = async (incidentId: string) => (await db().notification.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);

describe("scheduleMaintenance: reminder lead time", () => {
  it("stores the lead time (60 by default, null for none or remind: false) and audits the new maintenance", async () => {
    const dflt = await scheduleMaintenance({ actor: cli, input: input() });
    const day = await scheduleMaintenance({ actor: cli, input: input({ reminderMinutes: 1_440 }) });
    const none = await scheduleMaintenance({ actor: cli, input: input({ reminderMinutes: null }) });
    const old = await scheduleMaintenance({ actor: cli, input: input({ remind: false }) });
    const lead = async (id: string) => (await db().incident.findUniqueOrThrow({ where: { id } })).reminderMinutes;
    expect([await lead(dflt.incident.id), await lead(day.incident.id), await lead(none.incident.id), await lead(old.incident.id)]).toEqual([60, 1_440, null, null]);

    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: day.incident.id } });
    expect(audit).toMatchObject({ action: "maintenance.schedule", actorType: "cli", targetType: "incident" });
    expect(audit.data).toMatchObject({
      before: null,
      after: { name: "Database upgrade", status: "scheduled", reminderMinutes: 1_440, autoTransition: true, components: [], notified: true },
    });
  });

  it("reminds at the maintenance's own lead time, once", async () => {
    const { incident } = await scheduleMaintenance({ actor: cli, input: input({ reminderMinutes: 1_440 }) });
    const { scheduledFor } = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    const start = scheduledFor!.getTime();
    expect((await runMaintenanceTick(new Date(start - 1_441 * MIN))).reminded).toEqual([]);
    const at = new Date(start - 1_439 * MIN);
    expect((await runMaintenanceTick(at)).reminded).toEqual([incident.id]);
    expect((await runMaintenanceTick(new Date(start - 60 * MIN))).reminded).toEqual([]);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).reminderSentAt).toEqual(at);
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled", "maintenance_reminder"]);
  });

  it("a 15-minute lead time reminds 15 minutes before, not an hour before", async () => {
    const { incident } = await scheduleMaintenance({ actor: cli, input: input({ startsIn: 120 * MIN, reminderMinutes: 15 }) });
    const start = (await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).scheduledFor!.getTime();
    expect((await runMaintenanceTick(new Date(start - 59 * MIN))).reminded).toEqual([]);
    expect((await runMaintenanceTick(new Date(start - 16 * MIN))).reminded).toEqual([]);
    expect((await runMaintenanceTick(new Date(start - 14 * MIN))).reminded).toEqual([incident.id]);
  });

  it("sends no reminder without a lead time, nor when announced less than the lead time ahead", async () => {
    const none = await scheduleMaintenance({ actor: cli, input: input({ startsIn: 120 * MIN, reminderMinutes: null }) });
    const close = await scheduleMaintenance({ actor: cli, input: input({ startsIn: 100 * MIN, reminderMinutes: 120 }) });
    const start = Date.now() + 100 * MIN;
    for (const before of [110, 90, 30, 1]) expect((await runMaintenanceTick(new Date(start - before * MIN))).reminded).toEqual([]);
    expect(await kinds(none.incident.id)).toEqual(["maintenance_scheduled"]);
    expect(await kinds(close.incident.id)).toEqual(["maintenance_scheduled"]);
  });

  it("a two-minute-out window of two minutes starts and completes by itself with 30-second ticks", async () => {
    const dbc = await makeComponent("Database");
    const { incident } = await scheduleMaintenance({ actor: cli, input: input({ startsIn: 2 * MIN, lasts: 2 * MIN, components: [dbc.id] }) });
    // Time counted from the moment it was scheduled: the window opens at t0 + 2 min.
    const t0 = (await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).scheduledFor!.getTime() - 2 * MIN;
    const seen: string[] = [];
    // The worker ticks every 30 s (MAINTENANCE_TICK_MS), first 30 s after it starts.
    for (let t = t0 + 30_000; t <= t0 + 5 * MIN; t += 30_000) {
      const r = await runMaintenanceTick(new Date(t));
      if (r.started.length) seen.push(`started@${(t - t0) / 1000}`);
      if (r.completed.length) seen.push(`completed@${(t - t0) / 1000}`);
    }
    expect(seen).toEqual(["started@120", "completed@240"]);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("completed");
    expect((await db().component.findUniqueOrThrow({ where: { id: dbc.id } })).status).toBe("operational");
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled", "maintenance_started", "maintenance_completed"]);
  });
});

describe("scheduleMaintenance: refusals write nothing", () => {
  it("refuses a lead time out of range, an end before the start or in the past, with clear messages", async () => {
    const refusals: [Partial<ScheduleMaintenanceInput> & { startsIn?: number; lasts?: number }, string][] = [
      [{ reminderMinutes: 0 }, "A reminder goes out at least 1 minute before the start"],
      [{ reminderMinutes: 10_081 }, "A reminder goes out at most a week (10080 minutes) before the start"],
      [{ reminderMinutes: 1.5 }, "Give the reminder lead time in whole minutes"],
      [{ lasts: 0 }, "The maintenance must end after it starts"],
      [{ startsIn: -120 * MIN, lasts: 60 * MIN }, "The maintenance must end in the future"],
      [{ name: "  " }, "Give the maintenance a name"],
    ];
    for (const [over, message] of refusals) {
      const e = await scheduleMaintenance({ actor: cli, input: input(over) }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues.map((i) => i.message)).toContain(message);
    }
    await expect(scheduleMaintenance({ actor: cli, input: input({ components: ["nosuchthing1"] }) })).rejects.toBeInstanceOf(NotFoundError);
    expect(Object.values(await countRows(TABLES))).toEqual([0, 0, 0, 0, 0]);
  });

  it("refuses an actor without the permission", async () => {
    await expect(scheduleMaintenance({ actor: { type: "public" }, input: input() })).rejects.toBeInstanceOf(PermissionError);
    // An editor may schedule (incident.write).
    await expect(scheduleMaintenance({ actor: { ...editor, operatorId: (await db().operator.create({ data: { email: "e@example.com" } })).id }, input: input() })).resolves.toBeTruthy();
    expect(await db().incident.count()).toBe(1);
  });
});

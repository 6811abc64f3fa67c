// Editing a maintenance: the window, title, components, switches and lead time change with an
// audit row of before and after; a moved window resets the reminder and, with notify on, is
// announced as a "Rescheduled" update; refusals (start in the past, end ≤ start, started or
// completed) write nothing.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { runMaintenanceTick } from "@/lib/maintenance/tick";
import { updateMaintenance, type UpdateMaintenanceInput } from "@/lib/maintenance/update";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const MIN = 60_000;
const HOUR = 60 * MIN;
const TABLES = ["incident", "incident_update", "incident_component", "notification", "audit_log", "component_status_change"];

async function schedule(startsIn: number, lasts = HOUR, components: string[] = []) {
  const scheduledFor = new Date(Date.now() + startsIn);
  const { incident } = await scheduleMaintenance({
    actor: cli,
    input: { name: "Database upgrade", message: "The database moves to a new version.", scheduledFor, scheduledUntil: new Date(scheduledFor.getTime() + lasts), components },
  });
  return db().incident.findUniqueOrThrow({ where: { id: incident.id } });
}

const get = (id: string) => db().incident.findUniqueOrThrow({ where: { id }, include: { components: true } });
const kinds = async (incidentId: string) => (await db().notification.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);

async function refusal(input: UpdateMaintenanceInput): Promise<unknown> {
  return updateMaintenance({ actor: cli, input }).catch((e: unknown) => e);
}

describe("updateMaintenance", () => {
  it("moves the window, renames, swaps components and switches, and audits before and after", async () => {
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "Europe/Paris" } });
    const a = await makeComponent("API", 0);
    const b = await makeComponent("Website", 1);
    const m = await schedule(2 * 24 * HOUR, HOUR, [a.id]);
    const start = new Date(Date.UTC(2099, 11, 10, 1, 0));
    const end = new Date(Date.UTC(2099, 11, 10, 3, 0));

    const r = await updateMaintenance({
      actor: cli,
      input: { incidentId: m.id, name: "Database upgrade, take two", scheduledFor: start, scheduledUntil: end, components: [b.id], autoTransition: false, reminderMinutes: 120 },
    });
    expect(r.changed).toBe(true);
    const after = await get(m.id);
    expect(after).toMatchObject({ name: "Database upgrade, take two", scheduledFor: start, scheduledUntil: end, autoTransition: false, reminderMinutes: 120, status: "scheduled" });
    expect(after.components.map((c) => c.componentId)).toEqual([b.id]);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "maintenance.update" } });
    expect(audit).toMatchObject({ actorType: "cli", targetType: "incident", targetId: m.id });
    expect(audit.data).toEqual({
      before: { name: "Database upgrade", scheduledFor: m.scheduledFor!.toISOString(), scheduledUntil: m.scheduledUntil!.toISOString(), components: [a.id], autoTransition: true, reminderMinutes: 60 },
      after: { name: "Database upgrade, take two", scheduledFor: start.toISOString(), scheduledUntil: end.toISOString(), components: [b.id], autoTransition: false, reminderMinutes: 120 },
    });

    // Subscribers hear of the new window, in the page's time zone, as an update (status unchanged).
    const posted = await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.update!.id } });
    expect(posted).toMatchObject({ status: "scheduled", body: "Rescheduled: 10 Dec 2099, 02:00 – 04:00 Europe/Paris (UTC+01:00).", deliverNotifications: true });
    expect(await kinds(m.id)).toEqual(["maintenance_scheduled", "incident_updated"]);
    const n = await db().notification.findUniqueOrThrow({ where: { id: r.notificationId! } });
    expect(n.payload).toMatchObject({ incident: { kind: "maintenance", name: "Database upgrade, take two", scheduledFor: start.toISOString(), scheduledUntil: end.toISOString() } });
  });

  it("resets the reminder when the window moves, so it goes out for the new start", async () => {
    const m = await schedule(90 * MIN);
    // The reminder went out an hour before the old start...
    expect((await runMaintenanceTick(new Date(m.scheduledFor!.getTime() - 59 * MIN))).reminded).toEqual([m.id]);
    // ...then the maintenance moves to tomorrow, quietly.
    const start = new Date(Date.now() + 24 * HOUR);
    await updateMaintenance({ actor: cli, input: { incidentId: m.id, scheduledFor: start, scheduledUntil: new Date(start.getTime() + HOUR), deliverNotifications: false } });
    expect((await get(m.id)).reminderSentAt).toBeNull();
    expect(await db().incidentUpdate.count({ where: { incidentId: m.id } })).toBe(1); // nothing posted without notify or message
    expect((await runMaintenanceTick(new Date(start.getTime() - 61 * MIN))).reminded).toEqual([]);
    expect((await runMaintenanceTick(new Date(start.getTime() - 59 * MIN))).reminded).toEqual([m.id]);
    expect(await kinds(m.id)).toEqual(["maintenance_scheduled", "maintenance_reminder", "maintenance_reminder"]);
  });

  it("counts an announced move to inside the lead time as the reminder; a new lead time before the reminder applies", async () => {
    const m = await schedule(24 * HOUR);
    const soon = new Date(Date.now() + 30 * MIN);
    await updateMaintenance({ actor: cli, input: { incidentId: m.id, scheduledFor: soon } });
    expect((await get(m.id)).reminderSentAt).toBeInstanceOf(Date);
    expect((await runMaintenanceTick(new Date(soon.getTime() - 20 * MIN))).reminded).toEqual([]);

    const later = await schedule(24 * HOUR);
    await updateMaintenance({ actor: cli, input: { incidentId: later.id, reminderMinutes: 15 } });
    expect((await runMaintenanceTick(new Date(later.scheduledFor!.getTime() - 30 * MIN))).reminded).toEqual([]);
    expect((await runMaintenanceTick(new Date(later.scheduledFor!.getTime() - 10 * MIN))).reminded).toEqual([later.id]);
    // No reminder at all once the lead time is none.
    const quiet = await schedule(24 * HOUR);
    await updateMaintenance({ actor: cli, input: { incidentId: quiet.id, reminderMinutes: null } });
    expect((await runMaintenanceTick(new Date(quiet.scheduledFor!.getTime() - 10 * MIN))).reminded).toEqual([]);
  });

  it("posts the operator's own message instead of the default, and writes nothing when nothing changes", async () => {
    const m = await schedule(24 * HOUR);
    const same = await updateMaintenance({ actor: cli, input: { incidentId: m.id, name: "Database upgrade", scheduledFor: m.scheduledFor!, scheduledUntil: m.scheduledUntil! } });
    expect(same.changed).toBe(false);
    expect(await db().auditLog.count({ where: { action: "maintenance.update" } })).toBe(0);

    const end = new Date(m.scheduledUntil!.getTime() + HOUR);
    const r = await updateMaintenance({ actor: cli, input: { incidentId: m.id, scheduledUntil: end, message: "We need an extra hour for the backups." } });
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.update!.id } })).body).toBe("We need an extra hour for the backups.");
  });

  it("refuses a start in the past, an end not after the start, and an unknown component, writing nothing", async () => {
    const m = await schedule(24 * HOUR);
    const before = await countRows(TABLES);
    const cases: [UpdateMaintenanceInput, string, string][] = [
      [{ incidentId: m.id, scheduledFor: new Date(Date.now() - MIN) }, "scheduledFor", "The start is in the past: choose a time from now on"],
      [{ incidentId: m.id, scheduledUntil: m.scheduledFor! }, "scheduledUntil", "The maintenance must end after it starts"],
      [{ incidentId: m.id, scheduledFor: new Date(m.scheduledUntil!.getTime() + MIN) }, "scheduledUntil", "The maintenance must end after it starts"],
      [{ incidentId: m.id, name: "" }, "name", "Give the maintenance a name"],
      [{ incidentId: m.id, reminderMinutes: 0 }, "reminderMinutes", "A reminder goes out at least 1 minute before the start"],
    ];
    for (const [input, path, message] of cases) {
      const e = await refusal(input);
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues).toEqual([expect.objectContaining({ path: [path], message })]);
    }
    expect(await refusal({ incidentId: m.id, components: ["nosuchthing1"] })).toBeInstanceOf(NotFoundError);
    expect(await refusal({ incidentId: "nosuchthing1", name: "x" })).toBeInstanceOf(NotFoundError);
    expect(await countRows(TABLES)).toEqual(before);
    expect(await get(m.id)).toMatchObject({ name: "Database upgrade", scheduledFor: m.scheduledFor, scheduledUntil: m.scheduledUntil });
  });

  it("once started, only the end (in the future), the title and the switches change; completed, nothing", async () => {
    const a = await makeComponent("API");
    const m = await schedule(10 * MIN, HOUR, [a.id]);
    await runMaintenanceTick(new Date(m.scheduledFor!.getTime() + 1_000));
    // The tick ran "in the future": for the checks below, the window opened a minute ago.
    const opened = new Date(Date.now() - MIN);
    await db().incident.update({ where: { id: m.id }, data: { scheduledFor: opened } });

    expect(await refusal({ incidentId: m.id, scheduledFor: new Date(Date.now() + HOUR) })).toMatchObject({ issues: [expect.objectContaining({ message: "The maintenance has started: its start can no longer change" })] });
    expect(await refusal({ incidentId: m.id, components: [] })).toMatchObject({ issues: [expect.objectContaining({ path: ["components"] })] });
    expect(await refusal({ incidentId: m.id, scheduledUntil: new Date(Date.now() - 1_000) })).toMatchObject({
      issues: [expect.objectContaining({ message: "The end is in the past: to end it now, post a Completed update" })],
    });
    const end = new Date(Date.now() + 3 * HOUR);
    await updateMaintenance({ actor: cli, input: { incidentId: m.id, scheduledUntil: end, scheduledFor: opened } });
    expect(await get(m.id)).toMatchObject({ status: "in_progress", scheduledUntil: end });

    await runMaintenanceTick(new Date(end.getTime() + 1_000));
    const e = await refusal({ incidentId: m.id, name: "Too late" });
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as Error).message).toBe('"Database upgrade" has completed: a completed maintenance cannot be edited');
  });

  it("refuses an actor without the permission, and an incident that is no maintenance", async () => {
    const m = await schedule(24 * HOUR);
    await expect(updateMaintenance({ actor: { type: "public" }, input: { incidentId: m.id, name: "x" } })).rejects.toBeInstanceOf(PermissionError);
    const incident = await db().incident.create({ data: { name: "Outage", status: "investigating" } });
    await expect(updateMaintenance({ actor: cli, input: { incidentId: incident.id, name: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await get(m.id)).name).toBe("Database upgrade");
  });
});

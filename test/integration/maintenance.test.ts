// Scheduled maintenance: the announcement, then the tick's reminder (once), automatic start and
// completion, each notifying once even with several workers ticking at the same moment.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { compose } from "@/lib/notify/compose";
import { runFanout } from "@/lib/notify/fanout";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { MAINTENANCE_COMPLETED_MESSAGE, MAINTENANCE_STARTED_MESSAGE, runMaintenanceTick } from "@/lib/maintenance/tick";
import { randomToken } from "@/lib/tokens";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const MIN = 60_000;

async function schedule(opts: { startsIn: number; lasts?: number; components?: string[]; autoTransition?: boolean; remind?: boolean }) {
  const scheduledFor = new Date(Date.now() + opts.startsIn);
  const scheduledUntil = new Date(scheduledFor.getTime() + (opts.lasts ?? 60 * MIN));
  const r = await scheduleMaintenance({
    actor: cli,
    input: {
      name: "Database upgrade",
      message: "The database moves to a new version.",
      scheduledFor,
      scheduledUntil,
      components: opts.components ?? [],
      autoTransition: opts.autoTransition,
      remind: opts.remind,
    },
  });
  return { ...r, scheduledFor, scheduledUntil };
}

const kinds = async (incidentId: string) =>
  (await db().notification.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);

describe("scheduleMaintenance", () => {
  it("writes a scheduled maintenance, its first update naming the components, and a maintenance_scheduled notification", async () => {
    const dbc = await makeComponent("Database");
    const { incident, update, notificationId, scheduledFor, scheduledUntil } = await schedule({ startsIn: 120 * MIN, components: [dbc.id] });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      kind: "maintenance",
      status: "scheduled",
      impact: "maintenance",
      scheduledFor,
      scheduledUntil,
      autoTransition: true,
      reminderSentAt: null,
      resolvedAt: null,
    });
    const u = await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id }, include: { affectedComponents: true } });
    expect(u.affectedComponents).toEqual([expect.objectContaining({ componentId: dbc.id, oldStatus: "operational", newStatus: "operational" })]);
    // Nothing changes on the page's components before the window opens.
    expect((await db().component.findUniqueOrThrow({ where: { id: dbc.id } })).status).toBe("operational");
    expect(await db().componentStatusChange.count()).toBe(0);
    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n).toMatchObject({ kind: "maintenance_scheduled", incidentId: incident.id, incidentUpdateId: update.id });
    expect(n.payload).toMatchObject({
      incident: { kind: "maintenance", status: "scheduled", scheduledFor: scheduledFor.toISOString(), scheduledUntil: scheduledUntil.toISOString() },
      componentIds: [dbc.id],
    });
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ action: "maintenance.schedule", targetId: incident.id })]);

    const message = compose({
      delivery: { id: "d", channel: "email" },
      notification: { id: n.id, kind: "maintenance_scheduled", payload: n.payload, incidentId: incident.id },
      subscriber: { address: "a@example.com", confirmToken: null, manageToken: "m", webhookSecret: null },
      page: { name: "Acme" },
      publicUrl: "https://status.acme.test",
    });
    expect(message.subject).toBe("[Acme] Scheduled maintenance: Database upgrade");
    expect(message.text).toContain(`Scheduled: ${scheduledFor.toISOString().slice(0, 10)} ${scheduledFor.toISOString().slice(11, 16)}`);
    expect(message.text).toContain("- Database");
  });

  it("refuses a window that ends before it starts", async () => {
    const at = new Date(Date.now() + 60 * MIN);
    await expect(
      scheduleMaintenance({ actor: cli, input: { name: "Backwards", message: "x", scheduledFor: at, scheduledUntil: at } }),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await db().incident.count()).toBe(0);
  });
});

describe("runMaintenanceTick", () => {
  it("reminds once, an hour before the start, and not when asked not to", async () => {
    const { incident, scheduledFor } = await schedule({ startsIn: 120 * MIN });
    const quiet = await schedule({ startsIn: 120 * MIN, remind: false });

    expect((await runMaintenanceTick(new Date(scheduledFor.getTime() - 61 * MIN))).reminded).toEqual([]);
    const at = new Date(scheduledFor.getTime() - 59 * MIN);
    expect((await runMaintenanceTick(at)).reminded).toEqual([incident.id]);
    expect((await runMaintenanceTick(new Date(at.getTime() + 30_000))).reminded).toEqual([]);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).reminderSentAt).toEqual(at);
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled", "maintenance_reminder"]);
    expect(await kinds(quiet.incident.id)).toEqual(["maintenance_scheduled"]);

    const reminder = await db().notification.findFirstOrThrow({ where: { incidentId: incident.id, kind: "maintenance_reminder" } });
    const message = compose({
      delivery: { id: "d", channel: "email" },
      notification: { id: reminder.id, kind: "maintenance_reminder", payload: reminder.payload, incidentId: incident.id },
      subscriber: { address: "a@example.com", confirmToken: null, manageToken: "m", webhookSecret: null },
      page: { name: "Acme" },
      publicUrl: "https://status.acme.test",
    });
    expect(message.subject).toBe("[Acme] Maintenance reminder: Database upgrade");
    expect(message.text).toContain("The database moves to a new version.");
  });

  it("sends no reminder for a maintenance announced less than an hour ahead", async () => {
    const { incident, scheduledFor } = await schedule({ startsIn: 30 * MIN });
    expect((await runMaintenanceTick(new Date(scheduledFor.getTime() - 20 * MIN))).reminded).toEqual([]);
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled"]);
  });

  it("starts at scheduled_for and completes at scheduled_until, moving the components, as system updates", async () => {
    const dbc = await makeComponent("Database", 0);
    const api = await makeComponent("API", 1);
    const { incident, scheduledFor, scheduledUntil } = await schedule({ startsIn: 10 * MIN, components: [dbc.id, api.id] });

    expect(await runMaintenanceTick(new Date(scheduledFor.getTime() - 1_000))).toMatchObject({ started: [], completed: [] });
    const startAt = new Date(scheduledFor.getTime() + 1_000);
    expect(await runMaintenanceTick(startAt)).toMatchObject({ started: [incident.id], completed: [], failed: [] });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: "in_progress", impact: "maintenance", resolvedAt: null });
    expect((await db().component.findMany({ orderBy: { position: "asc" } })).map((c) => c.status)).toEqual(["under_maintenance", "under_maintenance"]);
    const started = await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: incident.id, status: "in_progress" } });
    expect(started).toMatchObject({ body: MAINTENANCE_STARTED_MESSAGE, authorId: null, displayAt: startAt });
    expect(await db().componentStatusChange.count({ where: { incidentUpdateId: started.id, newStatus: "under_maintenance" } })).toBe(2);
    expect(await db().auditLog.findMany({ where: { action: "incident.update" } })).toEqual([expect.objectContaining({ actorType: "system", targetId: incident.id })]);
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled", "maintenance_started"]);

    // Someone marks the API down meanwhile: completion leaves it so.
    await db().component.update({ where: { id: api.id }, data: { status: "major_outage" } });
    expect((await runMaintenanceTick(new Date(scheduledUntil.getTime() + 1_000))).completed).toEqual([incident.id]);
    const done = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(done).toMatchObject({ status: "completed" });
    expect(done.resolvedAt).toBeInstanceOf(Date);
    expect((await db().component.findUniqueOrThrow({ where: { id: dbc.id } })).status).toBe("operational");
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("major_outage");
    expect(await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: incident.id, status: "completed" } })).toMatchObject({ body: MAINTENANCE_COMPLETED_MESSAGE });
    expect(await kinds(incident.id)).toEqual(["maintenance_scheduled", "maintenance_started", "maintenance_completed"]);

    // Nothing more to do, however often it ticks.
    expect(await runMaintenanceTick(new Date(scheduledUntil.getTime() + 60 * MIN))).toEqual({ reminded: [], started: [], completed: [], failed: [] });
  });

  it("leaves a maintenance without auto-transition to the operator", async () => {
    const { incident, scheduledUntil } = await schedule({ startsIn: 10 * MIN, autoTransition: false });
    expect(await runMaintenanceTick(new Date(scheduledUntil.getTime() + 1_000))).toMatchObject({ started: [], completed: [] });
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("scheduled");
  });

  it("completing cancels the start's SMS still queued", async () => {
    await db().subscriber.create({ data: { channel: "sms", address: "+14155550100", state: "active", confirmedAt: new Date(), manageToken: randomToken() } });
    const { incident, scheduledFor, scheduledUntil } = await schedule({ startsIn: 10 * MIN });
    await runMaintenanceTick(new Date(scheduledFor.getTime() + 1_000));
    const start = await db().notification.findFirstOrThrow({ where: { incidentId: incident.id, kind: "maintenance_started" } });
    await runFanout({ notificationId: start.id, channelsOn: ["sms"] });
    await runMaintenanceTick(new Date(scheduledUntil.getTime() + 1_000));
    expect(await db().delivery.findMany({ where: { notificationId: start.id } })).toEqual([expect.objectContaining({ channel: "sms", state: "cancelled" })]);
  });

  it("several ticks at once remind, start and complete each maintenance once", async () => {
    const dbc = await makeComponent("Database");
    const a = await schedule({ startsIn: 120 * MIN, components: [dbc.id] });
    const b = await schedule({ startsIn: 120 * MIN });
    const ids = [a.incident.id, b.incident.id].sort();
    const all = (at: Date) => Promise.all(Array.from({ length: 4 }, () => runMaintenanceTick(at)));

    const reminders = await all(new Date(a.scheduledFor.getTime() - 30 * MIN));
    expect(reminders.flatMap((r) => r.reminded).sort()).toEqual(ids);
    const starts = await all(new Date(a.scheduledFor.getTime() + 1_000));
    expect(starts.flatMap((r) => r.started).sort()).toEqual(ids);
    const completions = await all(new Date(a.scheduledUntil.getTime() + 1_000));
    expect(completions.flatMap((r) => r.completed).sort()).toEqual(ids);
    expect([...starts, ...completions].flatMap((r) => r.failed)).toEqual([]);

    for (const id of ids) {
      expect(await kinds(id)).toEqual(["maintenance_scheduled", "maintenance_reminder", "maintenance_started", "maintenance_completed"]);
      expect((await db().incidentUpdate.findMany({ where: { incidentId: id } })).map((u) => u.status).sort()).toEqual(["completed", "in_progress", "scheduled"]);
    }
    expect((await db().componentStatusChange.findMany({ where: { componentId: dbc.id }, orderBy: { id: "asc" } })).map((h) => h.newStatus)).toEqual([
      "under_maintenance",
      "operational",
    ]);
  });
});

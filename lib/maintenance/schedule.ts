// Schedule a maintenance: the maintenance (an incident of kind maintenance, status scheduled),
// its first update naming the components it will touch, the audit row and the
// maintenance_scheduled notification, in one transaction. Components do not change yet: the
// maintenance tick (lib/maintenance/tick.ts) moves them when the window opens and closes, and
// sends the reminder reminder_minutes before it opens.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { incidentPayload, readComponentChanges, writeIncidentUpdate } from "@/lib/incidents/updates";
import { DEFAULT_REMINDER_MINUTES, ReminderMinutesSchema } from "@/lib/maintenance/reminder";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const MaintenanceComponentsSchema = z
  .array(z.string().min(1).refine((s) => !hasNul(s), "Unknown component"))
  .refine((ids) => new Set(ids).size === ids.length, "A component is listed twice");

export const ScheduleMaintenanceInput = z
  .object({
    name: z.string().trim().min(1, "Give the maintenance a name").max(200, "Keep the name under 200 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
    message: z.string().trim().min(1, "Say what will happen").max(20_000).refine((s) => !hasNul(s), NUL_MESSAGE),
    scheduledFor: z.coerce.date({ error: "Give the start as a date and time" }),
    scheduledUntil: z.coerce.date({ error: "Give the end as a date and time" }),
    /** The components the maintenance will put under maintenance. */
    components: MaintenanceComponentsSchema.default([]),
    /** Start and complete on schedule, without an operator. */
    autoTransition: z.boolean().default(true),
    /** Minutes before the start to remind subscribers; null: no reminder. */
    reminderMinutes: ReminderMinutesSchema.optional(),
    /** The older switch: false is reminderMinutes null, true the default lead time. */
    remind: z.boolean().optional(),
    deliverNotifications: z.boolean().default(true),
  })
  .refine((m) => m.scheduledUntil.getTime() > m.scheduledFor.getTime(), { message: "The maintenance must end after it starts", path: ["scheduledUntil"] })
  // A window already over would open and close at the next tick, notifying three times for nothing.
  .refine((m) => m.scheduledUntil.getTime() > Date.now(), { message: "The maintenance must end in the future", path: ["scheduledUntil"] });
export type ScheduleMaintenanceInput = z.input<typeof ScheduleMaintenanceInput>;

export async function scheduleMaintenance({ actor, input }: { actor: Actor; input: ScheduleMaintenanceInput }) {
  requirePermission(actor, "incident.write");
  const data = ScheduleMaintenanceInput.parse(input);
  const reminderMinutes = data.reminderMinutes !== undefined ? data.reminderMinutes : data.remind === false ? null : DEFAULT_REMINDER_MINUTES;

  return db().$transaction(async (tx) => {
    const ids = data.components;
    // As Statuspage lists them on the announcement: each component with its status, unchanged.
    const listed = await readComponentChanges(tx, ids.map((componentId) => ({ componentId })));
    const now = new Date();

    const incident = await tx.incident.create({
      data: {
        kind: "maintenance",
        name: data.name,
        status: "scheduled",
        impact: "maintenance",
        startedAt: now,
        scheduledFor: data.scheduledFor,
        scheduledUntil: data.scheduledUntil,
        autoTransition: data.autoTransition,
        reminderMinutes,
        createdById: operatorIdOf(actor),
        components: { create: ids.map((componentId) => ({ componentId })) },
      },
    });
    const update = await writeIncidentUpdate(tx, actor, {
      incidentId: incident.id,
      status: "scheduled",
      body: data.message,
      at: now,
      deliverNotifications: data.deliverNotifications,
      changes: listed,
    });
    await recordChange(tx, actor, "maintenance.schedule", { type: "incident", id: incident.id }, null, {
      name: data.name,
      status: "scheduled",
      scheduledFor: data.scheduledFor.toISOString(),
      scheduledUntil: data.scheduledUntil.toISOString(),
      components: ids,
      autoTransition: data.autoTransition,
      reminderMinutes,
      notified: data.deliverNotifications,
    });
    const notificationId = data.deliverNotifications
      ? await writeNotification(tx, {
          kind: "maintenance_scheduled",
          incidentId: incident.id,
          incidentUpdateId: update.id,
          payload: incidentPayload(incident, { id: update.id, status: "scheduled", body: data.message, displayAt: now }, listed, ids),
        })
      : null;
    return { incident, update, notificationId };
  });
}

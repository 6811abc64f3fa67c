// Schedule a maintenance: the maintenance (an incident of kind maintenance, status scheduled),
// its first update naming the components it will touch, the audit row and the
// maintenance_scheduled notification, in one transaction. Components do not change yet: the
// maintenance tick (lib/maintenance/tick.ts) moves them when the window opens and closes.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { incidentPayload, readComponentChanges, writeIncidentUpdate } from "@/lib/incidents/updates";

export const ScheduleMaintenanceInput = z
  .object({
    name: z.string().trim().min(1, "Give the maintenance a name").max(200),
    message: z.string().trim().min(1, "Say what will happen").max(20_000),
    scheduledFor: z.coerce.date(),
    scheduledUntil: z.coerce.date(),
    /** The components the maintenance will put under maintenance. */
    components: z
      .array(z.string().min(1))
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, "A component is listed twice"),
    /** Start and complete on schedule, without an operator. */
    autoTransition: z.boolean().default(true),
    /** Remind subscribers an hour before it starts. */
    remind: z.boolean().default(true),
    deliverNotifications: z.boolean().default(true),
  })
  .refine((m) => m.scheduledUntil.getTime() > m.scheduledFor.getTime(), { message: "The maintenance must end after it starts", path: ["scheduledUntil"] });
export type ScheduleMaintenanceInput = z.input<typeof ScheduleMaintenanceInput>;

export async function scheduleMaintenance({ actor, input }: { actor: Actor; input: ScheduleMaintenanceInput }) {
  requirePermission(actor, "incident.write");
  const data = ScheduleMaintenanceInput.parse(input);

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
        // There is no "remind" column: a maintenance that wants no reminder is marked as reminded
        // (the tick sends a reminder only while reminder_sent_at is null).
        reminderSentAt: data.remind ? null : now,
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
    await recordAudit(tx, actor, "maintenance.schedule", { type: "incident", id: incident.id }, {
      name: data.name,
      scheduledFor: data.scheduledFor.toISOString(),
      scheduledUntil: data.scheduledUntil.toISOString(),
      components: ids,
      autoTransition: data.autoTransition,
      remind: data.remind,
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

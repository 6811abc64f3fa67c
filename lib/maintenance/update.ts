// Edit a maintenance that has not completed: its title, window, components, automatic start and
// completion, and reminder lead time, with the audit row, in one transaction. Fields left out stay
// as they are. Once it has started, its start and components are history: only the end, the
// title and the switches move. A moved window resets the reminder so it goes out for the new
// start; with notify on, subscribers hear of the new window in an update on the maintenance
// ("Rescheduled: …"), which the page's timeline shows too.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { applyIncidentUpdate } from "@/lib/incidents/update";
import { MaintenanceComponentsSchema } from "@/lib/maintenance/schedule";
import { ReminderMinutesSchema } from "@/lib/maintenance/reminder";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { describeWindow } from "@/lib/maintenance/window";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const UpdateMaintenanceInput = z.object({
  incidentId: z.string().trim().min(1).refine((s) => !hasNul(s), "No such maintenance"),
  name: z.string().trim().min(1, "Give the maintenance a name").max(200, "Keep the name under 200 characters").refine((s) => !hasNul(s), NUL_MESSAGE).optional(),
  scheduledFor: z.coerce.date({ error: "Give the start as a date and time" }).optional(),
  scheduledUntil: z.coerce.date({ error: "Give the end as a date and time" }).optional(),
  /** The whole set of components it touches (replaces the current one). */
  components: MaintenanceComponentsSchema.optional(),
  autoTransition: z.boolean().optional(),
  reminderMinutes: ReminderMinutesSchema.optional(),
  /** The text of the update posted with the change; without one, a moved window is announced as "Rescheduled: …". */
  message: z
    .string()
    .trim()
    .max(20_000)
    .refine((s) => !hasNul(s), NUL_MESSAGE)
    .optional()
    .transform((s) => (s ? s : undefined)),
  deliverNotifications: z.boolean().default(true),
});
export type UpdateMaintenanceInput = z.input<typeof UpdateMaintenanceInput>;

const refuse = (path: string, message: string, input: unknown) => new z.ZodError([{ code: "custom", path: [path], message, input }]);

export async function updateMaintenance({ actor, input }: { actor: Actor; input: UpdateMaintenanceInput }) {
  requirePermission(actor, "incident.write");
  const data = UpdateMaintenanceInput.parse(input);
  const timeZone = await pageTimeZone();

  return db().$transaction(async (tx) => {
    // Edits, updates and the tick's transitions of one maintenance take turns.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} AND kind = 'maintenance' FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No maintenance with id ${data.incidentId}`);
    const m = await tx.incident.findUniqueOrThrow({ where: { id: data.incidentId }, include: { components: { select: { componentId: true } } } });
    if (m.status === "completed") throw new ConflictError(`"${m.name}" has completed: a completed maintenance cannot be edited`);
    const started = m.status !== "scheduled";
    const now = new Date();

    const before = {
      name: m.name,
      scheduledFor: m.scheduledFor?.toISOString() ?? null,
      scheduledUntil: m.scheduledUntil?.toISOString() ?? null,
      components: m.components.map((c) => c.componentId).sort(),
      autoTransition: m.autoTransition,
      reminderMinutes: m.reminderMinutes,
    };
    const start = data.scheduledFor ?? m.scheduledFor ?? now;
    const end = data.scheduledUntil ?? m.scheduledUntil ?? start;
    const after = {
      name: data.name ?? m.name,
      scheduledFor: start.toISOString(),
      scheduledUntil: end.toISOString(),
      components: (data.components ?? before.components).slice().sort(),
      autoTransition: data.autoTransition ?? m.autoTransition,
      reminderMinutes: data.reminderMinutes !== undefined ? data.reminderMinutes : m.reminderMinutes,
    };
    const startMoved = after.scheduledFor !== before.scheduledFor;
    const endMoved = after.scheduledUntil !== before.scheduledUntil;
    const componentsChanged = JSON.stringify(after.components) !== JSON.stringify(before.components);

    if (started && startMoved) throw refuse("scheduledFor", "The maintenance has started: its start can no longer change", data.scheduledFor);
    if (started && componentsChanged) {
      throw refuse("components", "The maintenance has started: post an update to change its components' statuses", data.components);
    }
    if (startMoved && start.getTime() < now.getTime()) throw refuse("scheduledFor", "The start is in the past: choose a time from now on", data.scheduledFor);
    if (end.getTime() <= start.getTime()) throw refuse("scheduledUntil", "The maintenance must end after it starts", data.scheduledUntil);
    if (endMoved && end.getTime() <= now.getTime()) {
      throw refuse("scheduledUntil", started ? "The end is in the past: to end it now, post a Completed update" : "The maintenance must end in the future", data.scheduledUntil);
    }

    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (!changed && !data.message) return { incident: m, changed: false as const, update: null, notificationId: null };

    if (componentsChanged) {
      // Unknown ids are refused before anything is written.
      const known = await tx.component.findMany({ where: { id: { in: after.components } }, select: { id: true } });
      const missing = after.components.filter((id) => !known.some((k) => k.id === id));
      if (missing.length) throw new NotFoundError(`Unknown component: ${missing.join(", ")}`);
      await tx.incidentComponent.deleteMany({ where: { incidentId: m.id, componentId: { notIn: after.components } } });
      await tx.incidentComponent.createMany({
        data: after.components.filter((id) => !before.components.includes(id)).map((componentId) => ({ incidentId: m.id, componentId })),
      });
    }

    // The reminder follows the start: a new start (or lead time) before the reminder went out sets
    // it afresh. A window moved to inside its lead time and announced needs no separate reminder.
    let reminderSentAt = m.reminderSentAt;
    if (!started && (startMoved || (after.reminderMinutes !== before.reminderMinutes && !m.reminderSentAt))) {
      const remindAt = after.reminderMinutes === null ? null : start.getTime() - after.reminderMinutes * 60_000;
      reminderSentAt = startMoved && data.deliverNotifications && remindAt !== null && remindAt <= now.getTime() ? now : null;
    }

    const incident = await tx.incident.update({
      where: { id: m.id },
      data: {
        name: after.name,
        scheduledFor: start,
        scheduledUntil: end,
        autoTransition: after.autoTransition,
        reminderMinutes: after.reminderMinutes,
        reminderSentAt,
      },
    });
    await recordChange(tx, actor, "maintenance.update", { type: "incident", id: m.id }, before, after);

    // What subscribers expect when the window moves: an update saying so, with the new window.
    const windowMoved = startMoved || endMoved;
    const message = data.message ?? (windowMoved && data.deliverNotifications ? `Rescheduled: ${describeWindow(start, end, timeZone)}.` : undefined);
    const posted = message
      ? await applyIncidentUpdate(tx, actor, { incidentId: m.id, message, components: [], deliverNotifications: data.deliverNotifications }, now)
      : null;
    return { incident, changed: true as const, update: posted?.update ?? null, notificationId: posted?.notificationId ?? null };
  });
}

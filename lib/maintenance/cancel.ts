// Cancel a scheduled or in-progress maintenance. Statuspage has no "cancelled" status: the
// maintenance completes with a closing update saying it was cancelled (the page and subscribers
// read that), its components still under maintenance go back to operational if it had started,
// and, as any closing does, the SMS and X messages of its earlier notices still queued are
// cancelled. One transaction with the audit row.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { applyIncidentUpdate } from "@/lib/incidents/update";
import { componentMovesFor } from "@/lib/maintenance/components";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import type { ComponentStatus } from "@/lib/vocabulary";

export const MAINTENANCE_CANCELLED_MESSAGE = "This maintenance has been cancelled.";

export const CancelMaintenanceInput = z.object({
  incidentId: z.string().trim().min(1).refine((s) => !hasNul(s), "No such maintenance"),
  /** The closing update's text; empty or left out: MAINTENANCE_CANCELLED_MESSAGE. */
  message: z
    .string()
    .trim()
    .max(20_000)
    .refine((s) => !hasNul(s), NUL_MESSAGE)
    .optional()
    .transform((s) => s || MAINTENANCE_CANCELLED_MESSAGE),
  deliverNotifications: z.boolean().default(true),
});
export type CancelMaintenanceInput = z.input<typeof CancelMaintenanceInput>;

export async function cancelMaintenance({ actor, input }: { actor: Actor; input: CancelMaintenanceInput }) {
  requirePermission(actor, "incident.write");
  const data = CancelMaintenanceInput.parse(input);

  return db().$transaction(async (tx) => {
    // Taken before the tick could start or complete it meanwhile.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} AND kind = 'maintenance' FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No maintenance with id ${data.incidentId}`);
    const m = await tx.incident.findUniqueOrThrow({
      where: { id: data.incidentId },
      include: { components: { include: { component: { select: { status: true } } } } },
    });
    if (m.status === "completed") throw new ConflictError(`"${m.name}" has already completed: there is nothing to cancel`);
    const started = m.status !== "scheduled";
    // As the tick's completion does: only what is still under maintenance goes back.
    const restored = started
      ? componentMovesFor("completed", m.components.map((c) => ({ componentId: c.componentId, status: c.component.status as ComponentStatus })))
      : [];
    const now = new Date();
    const result = await applyIncidentUpdate(
      tx,
      actor,
      { incidentId: m.id, status: "completed", message: data.message, components: restored, deliverNotifications: data.deliverNotifications },
      now,
    );
    await recordChange(
      tx,
      actor,
      "maintenance.cancel",
      { type: "incident", id: m.id },
      { status: m.status, cancelled: false },
      { status: "completed", cancelled: true, message: data.message, restoredComponents: restored.map((c) => c.componentId), notified: data.deliverNotifications },
    );
    return { incident: result.incident, update: result.update, notificationId: result.notificationId, restored: restored.map((c) => c.componentId) };
  });
}

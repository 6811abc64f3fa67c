// Post a new incident: the incident, its first update, the component status changes (with their
// history rows), the audit row and the notification outbox, all in one transaction.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { incidentPayload, readComponentChanges, writeIncidentUpdate } from "@/lib/incidents/updates";
import { impactFromComponents } from "@/lib/status/rollup";
import { ComponentStatusSchema, ImpactSchema, IncidentStatusSchema } from "@/lib/vocabulary";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const CreateIncidentInput = z.object({
  name: z.string().trim().min(1, "Give the incident a name").max(200).refine((s) => !hasNul(s), NUL_MESSAGE),
  status: IncidentStatusSchema.default("investigating"),
  message: z.string().trim().min(1, "Write a first update for the page").max(20_000).refine((s) => !hasNul(s), NUL_MESSAGE),
  components: z
    .array(z.object({ componentId: z.string().min(1).refine((s) => !hasNul(s), "Unknown component"), status: ComponentStatusSchema }))
    .default([])
    .refine((cs) => new Set(cs.map((c) => c.componentId)).size === cs.length, "A component is listed twice"),
  impactOverride: ImpactSchema.optional(),
  deliverNotifications: z.boolean().default(true),
});
export type CreateIncidentInput = z.input<typeof CreateIncidentInput>;

export async function createIncident({ actor, input }: { actor: Actor; input: CreateIncidentInput }) {
  requirePermission(actor, "incident.write");
  const data = CreateIncidentInput.parse(input);
  const closed = data.status === "resolved" || data.status === "postmortem";

  return db().$transaction(async (tx) => {
    const ids = data.components.map((c) => c.componentId);
    const changes = await readComponentChanges(tx, data.components);
    const now = new Date();
    const impact = data.impactOverride ?? impactFromComponents(changes.map((c) => c.newStatus));

    const incident = await tx.incident.create({
      data: {
        kind: "incident",
        name: data.name,
        status: data.status,
        impact,
        impactOverride: data.impactOverride,
        startedAt: now,
        monitoringAt: data.status === "monitoring" ? now : null,
        resolvedAt: closed ? now : null,
        createdById: operatorIdOf(actor),
        components: { create: ids.map((componentId) => ({ componentId })) },
      },
    });
    const update = await writeIncidentUpdate(tx, actor, {
      incidentId: incident.id,
      status: data.status,
      body: data.message,
      at: now,
      deliverNotifications: data.deliverNotifications,
      changes,
    });
    await recordAudit(tx, actor, "incident.create", { type: "incident", id: incident.id }, {
      name: data.name,
      status: data.status,
      components: changes.map((c) => ({ id: c.id, from: c.oldStatus, to: c.newStatus })),
    });
    const notificationId = data.deliverNotifications
      ? await writeNotification(tx, {
          kind: "incident_created",
          incidentId: incident.id,
          incidentUpdateId: update.id,
          payload: incidentPayload({ ...incident, kind: "incident", impact }, { id: update.id, status: data.status, body: data.message, displayAt: now }, changes, ids),
        })
      : null;
    return { incident, update, notificationId };
  });
}

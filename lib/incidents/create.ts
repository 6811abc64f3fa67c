// Post a new incident: the incident, its first update, the component status changes (with their
// history rows), the audit row and the notification outbox, all in one transaction.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { impactFromComponents } from "@/lib/status/rollup";
import { ComponentStatusSchema, ImpactSchema, IncidentStatusSchema, type ComponentStatus } from "@/lib/vocabulary";
import { NotFoundError } from "@/lib/errors";

export const CreateIncidentInput = z.object({
  name: z.string().trim().min(1, "Give the incident a name").max(200),
  status: IncidentStatusSchema.default("investigating"),
  message: z.string().trim().min(1, "Write a first update for the page").max(20_000),
  components: z
    .array(z.object({ componentId: z.string().min(1), status: ComponentStatusSchema }))
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
    const current = await tx.component.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, status: true } });
    const missing = ids.filter((id) => !current.some((c) => c.id === id));
    if (missing.length) throw new NotFoundError(`Unknown component: ${missing.join(", ")}`);
    const byId = new Map(current.map((c) => [c.id, c]));
    const changes = data.components.map((c) => {
      const before = byId.get(c.componentId)!;
      return { id: c.componentId, name: before.name, oldStatus: before.status as ComponentStatus, newStatus: c.status };
    });
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
    const update = await tx.incidentUpdate.create({
      data: {
        incidentId: incident.id,
        status: data.status,
        body: data.message,
        displayAt: now,
        deliverNotifications: data.deliverNotifications,
        authorId: operatorIdOf(actor),
        affectedComponents: {
          create: changes.map((c) => ({ componentId: c.id, oldStatus: c.oldStatus, newStatus: c.newStatus })),
        },
      },
    });
    for (const c of changes) {
      if (c.oldStatus === c.newStatus) continue;
      await tx.component.update({ where: { id: c.id }, data: { status: c.newStatus } });
      await tx.componentStatusChange.create({
        data: { componentId: c.id, oldStatus: c.oldStatus, newStatus: c.newStatus, at: now, incidentUpdateId: update.id },
      });
    }
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
          payload: {
            incident: { id: incident.id, name: incident.name, status: data.status, impact, kind: "incident" },
            update: { id: update.id, status: data.status, body: data.message, displayAt: now.toISOString() },
            components: changes,
            componentIds: ids,
          },
        })
      : null;
    return { incident, update, notificationId };
  });
}

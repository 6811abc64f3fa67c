// Delete an incident or maintenance for good: its updates, its notifications and their
// deliveries go with it (foreign keys cascade), so messages not yet sent never will be. The public
// page, the API and the feeds drop it on the snapshot rebuild the delete triggers. The audit row
// keeps what it was (name, kind, status, times), since nothing else will. Components keep the
// status they have now: a delete is not a resolution.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { hasNul } from "@/lib/text";

export const DeleteIncidentInput = z.object({
  incidentId: z.string().trim().min(1, "Choose an incident").refine((s) => !hasNul(s), "No such incident or maintenance"),
  /** The name as the operator typed it to confirm (the dashboard asks for it); when given, it must match. */
  confirmName: z.string().optional(),
});
export type DeleteIncidentInput = z.input<typeof DeleteIncidentInput>;

export async function deleteIncident({ actor, input }: { actor: Actor; input: DeleteIncidentInput }) {
  requirePermission(actor, "incident.delete");
  const data = DeleteIncidentInput.parse(input);
  return db().$transaction(async (tx) => {
    // An update being posted to it finishes first (or waits and then finds it gone).
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No incident or maintenance with id ${data.incidentId}`);
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: data.incidentId },
      include: { _count: { select: { updates: true } }, components: { select: { componentId: true } } },
    });
    if (data.confirmName !== undefined && data.confirmName.trim() !== incident.name.trim()) {
      throw new z.ZodError([
        { code: "custom", path: ["confirmName"], message: `Type the name exactly as it is ("${incident.name}") to delete it`, input: data.confirmName },
      ]);
    }
    const [unsent] = await tx.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM delivery d JOIN notification n ON n.id = d.notification_id
      WHERE n.incident_id = ${incident.id} AND d.state IN ('pending', 'retrying')`;
    await tx.incident.delete({ where: { id: incident.id } });
    const cancelledDeliveries = Number(unsent?.n ?? 0);
    await recordChange(
      tx,
      actor,
      incident.kind === "maintenance" ? "maintenance.delete" : "incident.delete",
      { type: "incident", id: incident.id },
      {
        name: incident.name,
        kind: incident.kind,
        status: incident.status,
        impact: incident.impact,
        startedAt: incident.startedAt.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString() ?? null,
        scheduledFor: incident.scheduledFor?.toISOString() ?? null,
        scheduledUntil: incident.scheduledUntil?.toISOString() ?? null,
        components: incident.components.map((c) => c.componentId),
        updates: incident._count.updates,
        postmortemPublished: incident.postmortemPublishedAt !== null,
        unsentDeliveries: cancelledDeliveries,
      },
      null,
    );
    return { incident: { id: incident.id, name: incident.name, kind: incident.kind }, cancelledDeliveries };
  });
}

// Post an update to a maintenance from its dashboard page: the same update as updateIncident
// writes (lib/incidents/update.ts), with its components moved to match the new status when asked
// (lib/maintenance/components.ts: under maintenance while in progress, operational when completed),
// read and written in one transaction.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { applyIncidentUpdate, UpdateIncidentInput } from "@/lib/incidents/update";
import { componentMovesFor } from "@/lib/maintenance/components";
import { hasNul } from "@/lib/text";
import { MaintenanceStatusSchema, type ComponentStatus } from "@/lib/vocabulary";

export const PostMaintenanceUpdateInput = z.object({
  incidentId: z.string().trim().min(1).refine((s) => !hasNul(s), "No such maintenance"),
  /** Omitted: the status stays as it is. */
  status: MaintenanceStatusSchema.optional(),
  message: z.string(),
  /** Move its components to match the status (default), or leave them as they are. */
  moveComponents: z.boolean().default(true),
  deliverNotifications: z.boolean().default(true),
});
export type PostMaintenanceUpdateInput = z.input<typeof PostMaintenanceUpdateInput>;

export async function postMaintenanceUpdate({ actor, input }: { actor: Actor; input: PostMaintenanceUpdateInput }) {
  requirePermission(actor, "incident.write");
  const data = PostMaintenanceUpdateInput.parse(input);
  // The message is checked as any update's is.
  const update = UpdateIncidentInput.parse({ incidentId: data.incidentId, status: data.status, message: data.message, deliverNotifications: data.deliverNotifications });

  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} AND kind = 'maintenance' FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No maintenance with id ${data.incidentId}`);
    const m = await tx.incident.findUniqueOrThrow({
      where: { id: data.incidentId },
      include: { components: { include: { component: { select: { status: true } } } } },
    });
    const status = data.status ?? (m.status as z.infer<typeof MaintenanceStatusSchema>);
    const components =
      data.moveComponents && status !== m.status
        ? componentMovesFor(status, m.components.map((c) => ({ componentId: c.componentId, status: c.component.status as ComponentStatus })))
        : [];
    return applyIncidentUpdate(tx, actor, { ...update, components });
  });
}

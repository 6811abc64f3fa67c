// Resolve an incident, or complete a maintenance: the closing update (with a default message),
// its affected components that are not operational set back to operational unless the operator
// keeps them, and the notice. The dashboard's Resolve form and `incident resolve` both come here;
// the update itself is applyIncidentUpdate's (lib/incidents/update.ts), the one code path for updates.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { applyIncidentUpdate, UpdateIncidentInput } from "@/lib/incidents/update";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import { CLOSED_STATUSES, type AnyIncidentStatus, type ComponentStatus } from "@/lib/vocabulary";

export const RESOLVED_MESSAGE = "This incident has been resolved.";
export const COMPLETED_MESSAGE = "The scheduled maintenance has been completed.";

export const ResolveIncidentInput = z.object({
  incidentId: z.string().trim().min(1, "Choose an incident").refine((s) => !hasNul(s), "No such incident or maintenance"),
  /** The closing update; empty or omitted: RESOLVED_MESSAGE (COMPLETED_MESSAGE for a maintenance). */
  message: z
    .string()
    .trim()
    .max(20_000, "Keep the closing message under 20,000 characters")
    .refine((s) => !hasNul(s), NUL_MESSAGE)
    .optional(),
  /** Set the affected components that are not operational back to operational (as Statuspage offers). */
  restoreComponents: z.boolean().default(true),
  deliverNotifications: z.boolean().default(true),
});
export type ResolveIncidentInput = z.input<typeof ResolveIncidentInput>;

export async function resolveIncident({ actor, input }: { actor: Actor; input: ResolveIncidentInput }) {
  requirePermission(actor, "incident.write");
  const data = ResolveIncidentInput.parse(input);
  return db().$transaction(async (tx) => {
    // Taken before reading the components, so the set restored is the one the closing sees.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No incident or maintenance with id ${data.incidentId}`);
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: data.incidentId },
      select: { id: true, kind: true, status: true, components: { select: { component: { select: { id: true, name: true, status: true } } } } },
    });
    const maintenance = incident.kind === "maintenance";
    // A second resolve (a double submit, two operators at once) would post a second closing update.
    if (CLOSED_STATUSES.includes(incident.status as AnyIncidentStatus)) {
      throw new ConflictError(maintenance ? "This maintenance is already completed" : "This incident is already resolved");
    }
    const components = incident.components.map((c) => c.component);
    const restored = data.restoreComponents ? components.filter((c) => c.status !== "operational") : [];
    const result = await applyIncidentUpdate(
      tx,
      actor,
      UpdateIncidentInput.parse({
        incidentId: incident.id,
        status: maintenance ? "completed" : "resolved",
        message: data.message || (maintenance ? COMPLETED_MESSAGE : RESOLVED_MESSAGE),
        components: restored.map((c) => ({ componentId: c.id, status: "operational" as ComponentStatus })),
        deliverNotifications: data.deliverNotifications,
      }),
    );
    const statuses = (restore: boolean) =>
      Object.fromEntries(components.map((c) => [c.name, restore && restored.includes(c) ? "operational" : c.status]));
    await recordChange(
      tx,
      actor,
      maintenance ? "maintenance.complete" : "incident.resolve",
      { type: "incident", id: incident.id },
      { status: incident.status, components: statuses(false) },
      { status: result.incident.status, components: statuses(true), updateId: result.update.id, notified: data.deliverNotifications },
    );
    return { ...result, restoredComponents: restored.map((c) => c.id) };
  });
}

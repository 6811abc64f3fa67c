// Read-only: one incident as the dashboard's update form needs it (status, kind, its components now).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import type { AnyIncidentStatus, ComponentStatus, IncidentKind } from "@/lib/vocabulary";

export type IncidentForUpdate = {
  id: string;
  name: string;
  kind: IncidentKind;
  status: AnyIncidentStatus;
  components: { id: string; name: string; status: ComponentStatus }[];
};

const Input = z.object({ incidentId: z.string().trim().min(1) });

export async function loadIncidentForUpdate({ actor, input }: { actor: Actor; input: z.input<typeof Input> }): Promise<IncidentForUpdate> {
  requirePermission(actor, "incident.write");
  const { incidentId } = Input.parse(input);
  const incident = await db().incident.findUnique({
    where: { id: incidentId },
    select: { id: true, name: true, kind: true, status: true, components: { select: { component: { select: { id: true, name: true, status: true, position: true } } } } },
  });
  if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
  return {
    id: incident.id,
    name: incident.name,
    kind: incident.kind,
    status: incident.status as AnyIncidentStatus,
    components: incident.components
      .map((c) => c.component)
      .sort((a, b) => a.position - b.position)
      .map(({ id, name, status }) => ({ id, name, status: status as ComponentStatus })),
  };
}

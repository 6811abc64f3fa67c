// Write an incident's postmortem: the text and when it was last changed, with the audit row. A
// draft is not public; once published (publish-postmortem.ts) a saved change shows on the page at
// once, as the text is the one the page reads. Maintenances have no postmortem.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const PostmortemIncidentId = z
  .string()
  .trim()
  .min(1, "Choose an incident")
  .refine((s) => !hasNul(s), "No such incident");

export const PostmortemBody = z
  .string()
  .trim()
  .min(1, "Write the postmortem first: it is empty")
  .max(100_000, "Keep the postmortem under 100,000 characters")
  .refine((s) => !hasNul(s), NUL_MESSAGE);

export const SavePostmortemInput = z.object({ incidentId: PostmortemIncidentId, body: PostmortemBody });
export type SavePostmortemInput = z.input<typeof SavePostmortemInput>;

/** The incident, locked for the rest of the transaction: postmortem writes of one incident take turns. */
export async function lockIncidentForPostmortem(tx: Tx, incidentId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${incidentId} FOR UPDATE`;
  if (!locked.length) throw new NotFoundError(`No incident with id ${incidentId}`);
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  if (incident.kind !== "incident") throw new ConflictError("A maintenance has no postmortem");
  return incident;
}

export async function savePostmortem({ actor, input }: { actor: Actor; input: SavePostmortemInput }) {
  requirePermission(actor, "incident.write");
  const data = SavePostmortemInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await lockIncidentForPostmortem(tx, data.incidentId);
    if (before.postmortemBody === data.body) return { incident: before, changed: false as const };
    const incident = await tx.incident.update({
      where: { id: before.id },
      data: { postmortemBody: data.body, postmortemUpdatedAt: new Date() },
    });
    await recordChange(
      tx,
      actor,
      "incident.save_postmortem",
      { type: "incident", id: incident.id },
      { postmortemBody: before.postmortemBody, published: before.postmortemPublishedAt !== null },
      { postmortemBody: incident.postmortemBody, published: incident.postmortemPublishedAt !== null },
    );
    return { incident, changed: true as const };
  });
}

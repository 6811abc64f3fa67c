// Take a published postmortem back to draft: the page, the API and webhooks stop showing it; the
// text stays, to be corrected and published again. Subscribers already told are not told again.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { lockIncidentForPostmortem, PostmortemIncidentId } from "@/lib/incidents/save-postmortem";

export const RevertPostmortemInput = z.object({ incidentId: PostmortemIncidentId });
export type RevertPostmortemInput = z.input<typeof RevertPostmortemInput>;

export async function revertPostmortem({ actor, input }: { actor: Actor; input: RevertPostmortemInput }) {
  requirePermission(actor, "incident.write");
  const data = RevertPostmortemInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await lockIncidentForPostmortem(tx, data.incidentId);
    if (!before.postmortemPublishedAt) throw new ConflictError("The postmortem is not published");
    const incident = await tx.incident.update({ where: { id: before.id }, data: { postmortemPublishedAt: null } });
    await recordChange(
      tx,
      actor,
      "incident.revert_postmortem",
      { type: "incident", id: incident.id },
      { postmortemPublishedAt: before.postmortemPublishedAt.toISOString() },
      { postmortemPublishedAt: null },
    );
    return { incident };
  });
}

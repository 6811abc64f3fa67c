// Correct the text of an update already posted (a typo, a wrong figure): the new body and its
// edited_at, with the audit row. No notification: subscribers were told once, and a correction
// is not news. The public page shows the new text (the snapshot is rebuilt on the write).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const EditUpdateInput = z.object({
  updateId: z.string().trim().min(1, "Choose an update").refine((s) => !hasNul(s), "No such update"),
  body: z
    .string()
    .trim()
    .min(1, "Write the update's text: an update cannot be empty")
    .max(20_000, "Keep the update under 20,000 characters")
    .refine((s) => !hasNul(s), NUL_MESSAGE),
});
export type EditUpdateInput = z.input<typeof EditUpdateInput>;

export async function editUpdate({ actor, input }: { actor: Actor; input: EditUpdateInput }) {
  requirePermission(actor, "incident.write");
  const data = EditUpdateInput.parse(input);
  return db().$transaction(async (tx) => {
    // Two corrections of one update take turns, so each audit row's "before" is the true one.
    const rows = await tx.$queryRaw<{ id: string; incident_id: string; body: string }[]>`
      SELECT id, incident_id, body FROM incident_update WHERE id = ${data.updateId} FOR UPDATE`;
    const before = rows[0];
    if (!before) throw new NotFoundError(`No update with id ${data.updateId}`);
    // The same text again changes nothing, and is not an edit.
    if (before.body === data.body) {
      const update = await tx.incidentUpdate.findUniqueOrThrow({ where: { id: before.id } });
      return { update, changed: false as const };
    }
    const update = await tx.incidentUpdate.update({ where: { id: before.id }, data: { body: data.body, editedAt: new Date() } });
    await recordChange(
      tx,
      actor,
      "incident_update.edit",
      { type: "incident_update", id: before.id },
      { incidentId: before.incident_id, body: before.body },
      { incidentId: before.incident_id, body: update.body, editedAt: update.editedAt!.toISOString() },
    );
    return { update, changed: true as const };
  });
}

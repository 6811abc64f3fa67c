// Delete an incident template: the row goes, the audit row keeps what it was. Incidents started
// from it are not touched (they never pointed at it).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { hasNul } from "@/lib/text";
import { templateRecord } from "@/lib/templates/schema";

export const DeleteTemplateInput = z.object({
  templateId: z.string().trim().min(1, "Choose a template").refine((s) => !hasNul(s), "No such template"),
});
export type DeleteTemplateInput = z.input<typeof DeleteTemplateInput>;

export async function deleteTemplate({ actor, input }: { actor: Actor; input: DeleteTemplateInput }) {
  requirePermission(actor, "template.write");
  const { templateId } = DeleteTemplateInput.parse(input);
  return db().$transaction(async (tx) => {
    const rows = await tx.incidentTemplate.findMany({ where: { id: templateId } });
    const before = rows[0];
    if (!before) throw new NotFoundError(`No template with id ${templateId}`);
    // Two deletes at once: the second finds nothing left to delete.
    const deleted = await tx.incidentTemplate.deleteMany({ where: { id: templateId } });
    if (!deleted.count) throw new NotFoundError(`No template with id ${templateId}`);
    await recordChange(tx, actor, "template.delete", { type: "incident_template", id: templateId }, templateRecord(before), null);
    return { id: templateId, name: before.name };
  });
}

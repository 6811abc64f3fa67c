// Edit an incident template (every field at once, as the form sends it): the row and its audit
// row with what changed, in one transaction. Incidents started from it earlier keep what they said.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { hasNul } from "@/lib/text";
import { checkTemplateComponents, isNameTaken, TemplateFields, templateRecord } from "@/lib/templates/schema";

export const UpdateTemplateInput = TemplateFields.extend({
  templateId: z.string().trim().min(1, "Choose a template").refine((s) => !hasNul(s), "No such template"),
});
export type UpdateTemplateInput = z.input<typeof UpdateTemplateInput>;

export async function updateTemplate({ actor, input }: { actor: Actor; input: UpdateTemplateInput }) {
  requirePermission(actor, "template.write");
  const { templateId, ...data } = UpdateTemplateInput.parse(input);
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident_template WHERE id = ${templateId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`No template with id ${templateId}`);
    const before = await tx.incidentTemplate.findUniqueOrThrow({ where: { id: templateId } });
    await checkTemplateComponents(tx, data.components);
    if (data.name !== before.name && (await tx.incidentTemplate.findUnique({ where: { name: data.name }, select: { id: true } }))) {
      throw new ConflictError(`A template named "${data.name}" already exists: choose another name`);
    }
    const template = await tx.incidentTemplate
      .update({
        where: { id: templateId },
        data: { name: data.name, title: data.title, body: data.body, status: data.status, components: data.components, channels: data.channels },
      })
      .catch((e: unknown) => {
        throw isNameTaken(e) ? new ConflictError(`A template named "${data.name}" already exists: choose another name`) : e;
      });
    await recordChange(tx, actor, "template.update", { type: "incident_template", id: templateId }, templateRecord(before), templateRecord(template));
    return template;
  });
}

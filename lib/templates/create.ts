// Create an incident template: the row and its audit row, in one transaction. Names are unique.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { checkTemplateComponents, isNameTaken, TemplateFields, templateRecord } from "@/lib/templates/schema";

export const CreateTemplateInput = TemplateFields;
export type CreateTemplateInput = z.input<typeof CreateTemplateInput>;

export async function createTemplate({ actor, input }: { actor: Actor; input: CreateTemplateInput }) {
  requirePermission(actor, "template.write");
  const data = CreateTemplateInput.parse(input);
  return db().$transaction(async (tx) => {
    await checkTemplateComponents(tx, data.components);
    if (await tx.incidentTemplate.findUnique({ where: { name: data.name }, select: { id: true } })) {
      throw new ConflictError(`A template named "${data.name}" already exists: choose another name`);
    }
    const template = await tx.incidentTemplate
      .create({ data: { name: data.name, title: data.title, body: data.body, status: data.status, components: data.components, channels: data.channels } })
      .catch((e: unknown) => {
        throw isNameTaken(e) ? new ConflictError(`A template named "${data.name}" already exists: choose another name`) : e;
      });
    await recordChange(tx, actor, "template.create", { type: "incident_template", id: template.id }, null, templateRecord(template));
    return template;
  });
}

// Add a component to the page, at the end of its level (a group, or the top level), with its
// audit row. It starts operational; its status is set afterwards (set-status, incidents).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { assertComponentNameFree, componentAudit, DescriptionSchema, findGroup, GroupRefSchema, nameSchema, StartDateSchema } from "@/lib/components/fields";
import { endOfLevel, lockStructure } from "@/lib/components/levels";

export const CreateComponentInput = z.object({
  name: nameSchema("component"),
  description: DescriptionSchema.optional().transform((d) => d ?? null),
  /** The group it belongs to; null or absent: the top level. */
  groupId: GroupRefSchema.optional().transform((g) => g ?? null),
  /** Show its uptime bars on the page. */
  showcase: z.boolean().default(true),
  /** Hide it from the page while it is operational. */
  onlyShowIfDegraded: z.boolean().default(false),
  /** The day its uptime history starts (YYYY-MM-DD); absent: the day it was created. */
  startDate: StartDateSchema.optional().transform((d) => d ?? null),
});
export type CreateComponentInput = z.input<typeof CreateComponentInput>;

export async function createComponent({ actor, input }: { actor: Actor; input: CreateComponentInput }) {
  requirePermission(actor, "component.manage");
  const data = CreateComponentInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    await assertComponentNameFree(tx, data.name);
    const group = await findGroup(tx, data.groupId);
    const position = await endOfLevel(tx, data.groupId);
    const component = await tx.component.create({
      data: {
        name: data.name,
        description: data.description,
        groupId: data.groupId,
        position,
        showcase: data.showcase,
        onlyShowIfDegraded: data.onlyShowIfDegraded,
        startDate: data.startDate,
      },
    });
    await recordChange(tx, actor, "component.create", { type: "component", id: component.id }, null, componentAudit(component, group));
    return { component, group };
  });
}

// Add a group to the page, at the end of the top level, with its audit row. Groups hold
// components only (one level), and start empty: components are moved in with updateComponent.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { assertGroupNameFree, DescriptionSchema, groupAudit, nameSchema } from "@/lib/components/fields";
import { endOfLevel, lockStructure } from "@/lib/components/levels";

export const CreateGroupInput = z.object({
  name: nameSchema("group"),
  description: DescriptionSchema.optional().transform((d) => d ?? null),
});
export type CreateGroupInput = z.input<typeof CreateGroupInput>;

export async function createGroup({ actor, input }: { actor: Actor; input: CreateGroupInput }) {
  requirePermission(actor, "component.manage");
  const data = CreateGroupInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    await assertGroupNameFree(tx, data.name);
    const position = await endOfLevel(tx, null);
    const group = await tx.componentGroup.create({ data: { name: data.name, description: data.description, position } });
    await recordChange(tx, actor, "group.create", { type: "component_group", id: group.id }, null, groupAudit(group));
    return { group };
  });
}

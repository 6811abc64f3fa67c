// Rename or describe a group. A field left out stays as it is; saving it unchanged writes nothing.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { assertGroupNameFree, DescriptionSchema, groupAudit, nameSchema } from "@/lib/components/fields";
import { lockStructure } from "@/lib/components/levels";
import { recordId } from "@/lib/text";

export const UpdateGroupInput = z.object({
  groupId: recordId("Unknown group", "Say which group"),
  name: nameSchema("group").optional(),
  description: DescriptionSchema.optional(),
});
export type UpdateGroupInput = z.input<typeof UpdateGroupInput>;

export async function updateGroup({ actor, input }: { actor: Actor; input: UpdateGroupInput }) {
  requirePermission(actor, "component.manage");
  const data = UpdateGroupInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    const before = await tx.componentGroup.findUnique({ where: { id: data.groupId } });
    if (!before) throw new NotFoundError(`Unknown group: ${data.groupId}`);
    if (data.name !== undefined) await assertGroupNameFree(tx, data.name, before.id);
    const was = groupAudit(before);
    const wanted = groupAudit({ ...before, name: data.name ?? before.name, description: data.description === undefined ? before.description : data.description });
    if (JSON.stringify(was) === JSON.stringify(wanted)) return { group: before, changed: false };
    const after = await tx.componentGroup.update({ where: { id: before.id }, data: { name: data.name, description: data.description } });
    await recordChange(tx, actor, "group.update", { type: "component_group", id: before.id }, was, groupAudit(after));
    return { group: after, changed: true };
  });
}

// Delete a group. Its components are not deleted with it: they move to the top level, in their
// order, where the group was, so the page loses a heading and nothing else. Deleting components
// is a separate, deliberate act (lib/components/delete.ts, with its own refusals).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { componentAudit, groupAudit } from "@/lib/components/fields";
import { lockStructure, readLevel, writeLevel, type LevelItem } from "@/lib/components/levels";
import { recordId } from "@/lib/text";

export const DeleteGroupInput = z.object({ groupId: recordId("Unknown group", "Say which group") });
export type DeleteGroupInput = z.input<typeof DeleteGroupInput>;

export type GroupDeletionImpact = { group: { id: string; name: string }; components: string[] };

export async function groupDeletionImpact(groupId: string, client: Pick<Tx, "componentGroup" | "component"> = db()): Promise<GroupDeletionImpact> {
  const group = await client.componentGroup.findUnique({ where: { id: groupId }, select: { id: true, name: true } });
  if (!group) throw new NotFoundError(`Unknown group: ${groupId}`);
  const components = await client.component.findMany({ where: { groupId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true } });
  return { group, components: components.map((c) => c.name) };
}

/** What deleting it does, in one sentence for a confirmation. */
export function describeGroupDeletion(impact: GroupDeletionImpact): string {
  const n = impact.components.length;
  if (!n) return `Deleting the group "${impact.group.name}" removes it from the page; it has no components.`;
  const names = impact.components.map((c) => `"${c}"`).join(", ");
  return `Deleting the group "${impact.group.name}" moves its ${n === 1 ? "component" : `${n} components`} (${names}) to the top level, where the group was. No component is deleted.`;
}

export async function deleteGroup({ actor, input }: { actor: Actor; input: DeleteGroupInput }) {
  requirePermission(actor, "component.manage");
  const data = DeleteGroupInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    const group = await tx.componentGroup.findUnique({ where: { id: data.groupId } });
    if (!group) throw new NotFoundError(`Unknown group: ${data.groupId}`);
    const top = await readLevel(tx, null);
    const children = await tx.component.findMany({ where: { groupId: group.id }, orderBy: [{ position: "asc" }, { name: "asc" }] });

    await tx.component.updateMany({ where: { groupId: group.id }, data: { groupId: null } });
    await tx.componentGroup.delete({ where: { id: group.id } });
    // The children take the group's place; a position of -1 makes writeLevel write each one.
    const moved: LevelItem[] = children.map((c) => ({ type: "component", id: c.id, name: c.name, position: -1 }));
    const order = top.flatMap((item) => (item.type === "group" && item.id === group.id ? moved : [item]));
    await writeLevel(tx, order);

    for (const c of children) {
      const after = await tx.component.findUniqueOrThrow({ where: { id: c.id } });
      await recordChange(tx, actor, "component.update", { type: "component", id: c.id }, componentAudit(c, group), componentAudit(after, null));
    }
    await recordChange(tx, actor, "group.delete", { type: "component_group", id: group.id }, { ...groupAudit(group), components: children.map((c) => c.name) }, null);
    return { group, movedComponents: children.map((c) => ({ id: c.id, name: c.name })) };
  });
}

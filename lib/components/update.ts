// Change a component's description of itself: rename, describe, move to another group or to the
// top level, show or hide its uptime bars, show it only while degraded, set its start date. A
// field left out stays as it is. A move puts it at the end of its new level and closes the gap it
// leaves, so both levels stay dense. Its status is not changed here (set-status, incidents).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { assertComponentNameFree, componentAudit, DescriptionSchema, findGroup, GroupRefSchema, nameSchema, StartDateSchema } from "@/lib/components/fields";
import { compactLevel, endOfLevel, lockStructure } from "@/lib/components/levels";
import { recordId } from "@/lib/text";

export const UpdateComponentInput = z.object({
  componentId: recordId("Unknown component", "Say which component"),
  name: nameSchema("component").optional(),
  description: DescriptionSchema.optional(),
  /** A group's id, or null for the top level. */
  groupId: GroupRefSchema.optional(),
  showcase: z.boolean().optional(),
  onlyShowIfDegraded: z.boolean().optional(),
  startDate: StartDateSchema.optional(),
});
export type UpdateComponentInput = z.input<typeof UpdateComponentInput>;

export async function updateComponent({ actor, input }: { actor: Actor; input: UpdateComponentInput }) {
  requirePermission(actor, "component.manage");
  const data = UpdateComponentInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    const before = await tx.component.findUnique({ where: { id: data.componentId }, include: { group: { select: { id: true, name: true } } } });
    if (!before) throw new NotFoundError(`Unknown component: ${data.componentId}`);
    if (data.name !== undefined) await assertComponentNameFree(tx, data.name, before.id);

    const moving = data.groupId !== undefined && data.groupId !== before.groupId;
    const group = moving ? await findGroup(tx, data.groupId ?? null) : before.group;
    const fields = {
      name: data.name,
      description: data.description,
      showcase: data.showcase,
      onlyShowIfDegraded: data.onlyShowIfDegraded,
      startDate: data.startDate,
    };
    // Saving a form unchanged writes nothing (and so does not make the public page rebuild).
    const was = componentAudit(before, before.group);
    const wanted = componentAudit({ ...before, ...definedOnly(fields), groupId: moving ? (data.groupId ?? null) : before.groupId }, group);
    if (!moving && JSON.stringify(was) === JSON.stringify(wanted)) {
      return { component: before, group, changed: false };
    }

    const after = await tx.component.update({
      where: { id: before.id },
      data: { ...fields, ...(moving ? { groupId: data.groupId ?? null, position: await endOfLevel(tx, data.groupId ?? null) } : {}) },
    });
    if (moving) await compactLevel(tx, before.groupId);
    await recordChange(tx, actor, "component.update", { type: "component", id: before.id }, was, componentAudit(after, group));
    return { component: after, group, changed: true };
  });
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

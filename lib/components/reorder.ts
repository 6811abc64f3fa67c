// Put one level of the page in a new order: the top level (groups and ungrouped components mixed,
// as the page shows them) or one group's components. The order must name every item of the level
// exactly once: a list made from a stale page (an item added or removed since) is refused rather
// than guessed at. Positions are written dense, 0..n-1.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { lockStructure, readLevel, writeLevel, type LevelItem } from "@/lib/components/levels";
import { hasNul, recordId } from "@/lib/text";

const ItemRef = z.object({
  type: z.enum(["group", "component"], { error: "Each item is a group or a component" }),
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((s) => !hasNul(s), "Unknown item"),
});
export type ItemRef = z.infer<typeof ItemRef>;

export const ReorderComponentsInput = z.object({
  /** The group whose components are ordered; null: the top level. */
  groupId: recordId("Unknown group").nullable(),
  order: z
    .array(ItemRef)
    .min(1, "Give the new order")
    .refine((items) => new Set(items.map((i) => `${i.type}:${i.id}`)).size === items.length, "An item is listed twice"),
});
export type ReorderComponentsInput = z.input<typeof ReorderComponentsInput>;

const key = (i: { type: string; id: string }) => `${i.type}:${i.id}`;

export async function reorderComponents({ actor, input }: { actor: Actor; input: ReorderComponentsInput }) {
  requirePermission(actor, "component.manage");
  const data = ReorderComponentsInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    const group = data.groupId === null ? null : await tx.componentGroup.findUnique({ where: { id: data.groupId }, select: { id: true, name: true } });
    if (data.groupId !== null && !group) throw new NotFoundError(`Unknown group: ${data.groupId}`);
    const level = await readLevel(tx, data.groupId);
    const byKey = new Map(level.map((i) => [key(i), i]));
    const unknown = data.order.filter((i) => !byKey.has(key(i)));
    const listed = new Set(data.order.map(key));
    const missing = level.filter((i) => !listed.has(key(i)));
    if (unknown.length || missing.length) {
      const where = group ? `group "${group.name}"` : "the top level";
      const parts = [
        missing.length ? `it leaves out ${missing.map((i) => `"${i.name}"`).join(", ")}` : "",
        unknown.length ? `${unknown.length === 1 ? "one item is" : `${unknown.length} items are`} not in ${where}` : "",
      ].filter(Boolean);
      throw new ConflictError(`The new order does not match ${where} (${parts.join("; ")}): the page changed meanwhile, reload it and try again`);
    }
    const ordered: LevelItem[] = data.order.map((i) => byKey.get(key(i))!);
    const names = (items: LevelItem[]) => items.map((i) => i.name);
    // The same order as now writes nothing (a drop back where the item was).
    const changed = ordered.some((item, position) => item.position !== position);
    if (!changed) return { changed: false, order: ordered };
    await writeLevel(tx, ordered);
    await recordChange(
      tx,
      actor,
      "component.reorder",
      // The top level is the page's own order of items.
      group ? { type: "component_group", id: group.id } : { type: "page", id: "top-level" },
      { order: names(level) },
      { order: names(ordered) },
    );
    return { changed: true, order: ordered };
  });
}

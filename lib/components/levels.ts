// The page's structure: two levels of ordered items. The top level mixes groups and ungrouped
// components; each group orders its own components. Positions within a level are dense (0..n-1)
// after every structure change, so "the end of a level" is its size and the order the dashboard
// shows is the order the public page shows (lib/public/view.ts: position, then name).
import type { Tx } from "@/lib/db/prisma";

export type LevelItem = { type: "group" | "component"; id: string; name: string; position: number };

/** Structure changes take turns: each reads a level and writes its positions back without a gap or a twin. */
export async function lockStructure(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('herald:component-structure'))`;
}

function pageOrder(a: LevelItem, b: LevelItem): number {
  return a.position - b.position || a.name.localeCompare(b.name);
}

/** The items of one level (groupId null: the top level) in page order. */
export async function readLevel(tx: Tx, groupId: string | null): Promise<LevelItem[]> {
  const [groups, components] = await Promise.all([
    groupId === null ? tx.componentGroup.findMany({ select: { id: true, name: true, position: true } }) : Promise.resolve([]),
    tx.component.findMany({ where: { groupId }, select: { id: true, name: true, position: true } }),
  ]);
  return [...groups.map((g) => ({ type: "group" as const, ...g })), ...components.map((c) => ({ type: "component" as const, ...c }))].sort(pageOrder);
}

/** Writes positions 0..n-1 in the given order, touching only the rows whose position changes. */
export async function writeLevel(tx: Tx, items: readonly LevelItem[]): Promise<void> {
  for (const [position, item] of items.entries()) {
    if (item.position === position) continue;
    if (item.type === "group") await tx.componentGroup.update({ where: { id: item.id }, data: { position } });
    else await tx.component.update({ where: { id: item.id }, data: { position } });
  }
}

/** Closes any gap in a level (after an item left it), keeping its order. */
export async function compactLevel(tx: Tx, groupId: string | null): Promise<void> {
  await writeLevel(tx, await readLevel(tx, groupId));
}

/** The position a new item takes at the end of a level: its size, once the level is dense. */
export async function endOfLevel(tx: Tx, groupId: string | null): Promise<number> {
  const items = await readLevel(tx, groupId);
  await writeLevel(tx, items);
  return items.length;
}

// A group by what people type: its id, or its name in any case (surrounding spaces ignored).
// Names are unique whatever the case for groups made here; should older ones differ only in case,
// the exact-case match wins and anything else is reported as ambiguous rather than guessed.
import { db, type Tx } from "@/lib/db/prisma";

export type GroupLookup =
  | { found: { id: string; name: string } }
  | { found: null; problem: string };

export async function findGroupByRef(ref: string, client: Pick<Tx, "componentGroup"> = db()): Promise<GroupLookup> {
  const wanted = ref.trim();
  const all = await client.componentGroup.findMany({ select: { id: true, name: true }, orderBy: [{ position: "asc" }, { name: "asc" }] });
  const byId = all.find((g) => g.id === wanted);
  if (byId) return { found: byId };
  const candidates = all.filter((g) => g.name.trim().toLowerCase() === wanted.toLowerCase());
  const exact = candidates.find((g) => g.name.trim() === wanted);
  if (exact) return { found: exact };
  if (candidates.length === 1) return { found: candidates[0]! };
  if (candidates.length > 1) return { found: null, problem: `Ambiguous group name "${wanted}" (several groups differ only in case; use the exact name or the id)` };
  const known = all.length ? `Known groups: ${all.map((g) => g.name).join(", ")}` : "There are no groups yet";
  return { found: null, problem: `Unknown group "${wanted}". ${known}.` };
}

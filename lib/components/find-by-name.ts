// Components by the names people type (the admin CLI, CSV imports): case-insensitive, exact
// otherwise (surrounding spaces ignored). Component names are unique as stored, so two names
// may differ only in case ("API" and "api"); then an exact-case match wins and anything else is
// reported as ambiguous rather than guessed.
import { db, type Tx } from "@/lib/db/prisma";
import type { ComponentStatus } from "@/lib/vocabulary";

export type NamedComponent = { id: string; name: string; status: ComponentStatus };

export type ComponentLookup = {
  /** Each name that matched, keyed by the name as given (trimmed). */
  found: Map<string, NamedComponent>;
  /** Names (as given, trimmed) that match no component. */
  unknown: string[];
  /** Names that match several components differing only in case, none exactly. */
  ambiguous: string[];
  /** Every component name, in page order, for "known names are …" messages. */
  known: string[];
};

type Reader = Pick<Tx, "component">;

export function normaliseComponentName(name: string): string {
  return name.trim().toLowerCase();
}

export async function findComponentsByName(names: readonly string[], client: Reader = db()): Promise<ComponentLookup> {
  // A page has tens of components, not thousands: read them all once and match in memory.
  const all = await client.component.findMany({
    select: { id: true, name: true, status: true },
    orderBy: [{ position: "asc" }, { name: "asc" }],
  });
  const byLower = new Map<string, NamedComponent[]>();
  for (const c of all) {
    const key = normaliseComponentName(c.name);
    byLower.set(key, [...(byLower.get(key) ?? []), c as NamedComponent]);
  }
  const found = new Map<string, NamedComponent>();
  const unknown: string[] = [];
  const ambiguous: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (found.has(name) || unknown.includes(name) || ambiguous.includes(name)) continue;
    const candidates = byLower.get(normaliseComponentName(name)) ?? [];
    const exact = candidates.find((c) => c.name.trim() === name);
    if (exact) found.set(name, exact);
    else if (candidates.length === 1) found.set(name, candidates[0]!);
    else if (candidates.length === 0) unknown.push(name);
    else ambiguous.push(name);
  }
  return { found, unknown, ambiguous, known: all.map((c) => c.name) };
}

/** "Unknown component "X". Known components: A, B" — one message for a lookup's problems. */
export function describeLookupProblems(lookup: ComponentLookup): string | undefined {
  const parts: string[] = [];
  if (lookup.unknown.length) {
    const list = lookup.unknown.map((n) => `"${n}"`).join(", ");
    parts.push(`Unknown component${lookup.unknown.length > 1 ? "s" : ""} ${list}`);
  }
  if (lookup.ambiguous.length) {
    const list = lookup.ambiguous.map((n) => `"${n}"`).join(", ");
    parts.push(`Ambiguous component name${lookup.ambiguous.length > 1 ? "s" : ""} ${list} (several components differ only in case; use the exact name)`);
  }
  if (!parts.length) return undefined;
  const known = lookup.known.length ? `Known components: ${lookup.known.join(", ")}` : "There are no components yet";
  return `${parts.join("; ")}. ${known}.`;
}

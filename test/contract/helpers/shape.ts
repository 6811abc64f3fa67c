// "Same shape" as a reference JSON value: the same keys in the same order at every level, and
// values of the same JSON type (null allowed where FORMATS.md says a field may be null). Arrays are
// checked element by element against the reference's elements (a component row against a row
// with the same `group` flag).
export type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean";

export function jsonType(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  if (t === "object" || t === "string" || t === "number" || t === "boolean") return t;
  throw new Error(`not a JSON value: ${String(v)}`);
}

/** Fields FORMATS.md allows to be null (besides maintenances' schedule on non-maintenances). */
export const NULLABLE = new Set([
  "description",
  "start_date",
  "group_id",
  "monitoring_at",
  "resolved_at",
  "affected_components",
  "custom_tweet",
  "tweet_id",
  "scheduled_for",
  "scheduled_until",
]);

type Obj = Record<string, unknown>;

function pickReference(actual: unknown, refs: unknown[]): unknown {
  if (jsonType(actual) === "object" && "group" in (actual as Obj)) {
    const same = refs.find((r) => jsonType(r) === "object" && (r as Obj).group === (actual as Obj).group);
    if (same !== undefined) return same;
  }
  return refs[0];
}

/** The differences between `actual` and `reference`'s shape ([] when they have the same shape). */
export function shapeDiff(actual: unknown, reference: unknown, path = "$", key = ""): string[] {
  const a = jsonType(actual);
  const r = jsonType(reference);
  if (a === "null" || r === "null") {
    if (a === r) return [];
    return NULLABLE.has(key) ? [] : [`${path}: ${a} where the reference has ${r}`];
  }
  if (a !== r) return [`${path}: ${a} where the reference has ${r}`];
  if (a === "array") {
    const refs = reference as unknown[];
    if (refs.length === 0) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeDiff(item, pickReference(item, refs), `${path}[${i}]`, key));
  }
  if (a === "object") {
    const ak = Object.keys(actual as Obj);
    const rk = Object.keys(reference as Obj);
    if (ak.join(",") !== rk.join(",")) return [`${path}: keys [${ak.join(", ")}] where the reference has [${rk.join(", ")}]`];
    return ak.flatMap((k) => shapeDiff((actual as Obj)[k], (reference as Obj)[k], `${path}.${k}`, k));
  }
  return [];
}

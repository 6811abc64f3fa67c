// Read the audit log, newest first, a page at a time: filtered by who (an operator, with the API
// keys credited to them; the command line; the system), by target (type, and id), and by time.
// Paging is by keyset on the row id (rows only ever get appended, so ids follow insertion order):
// `before` gives the page of older rows, `after` the page of newer ones, each in constant time
// however deep the log.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hasNul } from "@/lib/text";

export const AUDIT_ACTOR_TYPES = ["operator", "api_key", "cli", "system", "public"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

const cursor = z.string().trim().regex(/^\d{1,18}$/, "Not a position in the log").transform((s) => BigInt(s));
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasNul(s), "Remove the NUL character")
    .optional()
    .transform((s) => (s ? s : undefined));
const moment = (what: string) => z.coerce.date({ error: `Enter the ${what} as a date and time` }).optional();

export const ListAuditInput = z
  .object({
    /** Rows by this operator and by the API keys credited to them. */
    operatorId: text(40),
    actorType: z.enum(AUDIT_ACTOR_TYPES, { error: "Choose who from the list" }).optional(),
    targetType: text(100),
    targetId: text(100),
    from: moment("start"),
    to: moment("end"),
    before: cursor.optional(),
    after: cursor.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !(q.from && q.to && q.to < q.from), { message: "The end must come after the start", path: ["to"] })
  .refine((q) => !(q.before !== undefined && q.after !== undefined), { message: "Page forwards or backwards, not both", path: ["after"] });
export type ListAuditInput = z.input<typeof ListAuditInput>;

export type AuditEntry = {
  id: string;
  at: Date;
  actor: { type: AuditActorType; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  /** For a change (lib/audit/record.ts recordChange): the fields that changed, as they were and became. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Any other row's data (an event rather than a change), as written. */
  details: Record<string, unknown> | null;
};

export type AuditPage = {
  entries: AuditEntry[];
  /** Cursors for the neighbouring pages (null at either end). */
  newer: string | null;
  older: string | null;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function splitData(data: unknown): Pick<AuditEntry, "before" | "after" | "details"> {
  if (isRecord(data) && "before" in data && "after" in data && Object.keys(data).length === 2) {
    return { before: isRecord(data.before) ? data.before : null, after: isRecord(data.after) ? data.after : null, details: null };
  }
  if (data === null || data === undefined) return { before: null, after: null, details: null };
  return { before: null, after: null, details: isRecord(data) ? data : { value: data } };
}

export const ACTOR_LABELS: Record<Exclude<AuditActorType, "operator" | "api_key">, string> = {
  cli: "Command line",
  system: "System",
  public: "Visitor",
};

export async function listAuditLog({ actor, input }: { actor: Actor; input: ListAuditInput }): Promise<AuditPage> {
  requirePermission(actor, "audit.read");
  const q = ListAuditInput.parse(input);
  const client = db();

  const filters: Prisma.AuditLogWhereInput[] = [];
  if (q.operatorId) {
    const keys = await client.apiKey.findMany({ where: { operatorId: q.operatorId }, select: { id: true } });
    filters.push({
      OR: [{ actorType: "operator", actorId: q.operatorId }, ...(keys.length ? [{ actorType: "api_key" as const, actorId: { in: keys.map((k) => k.id) } }] : [])],
    });
  }
  if (q.actorType) filters.push({ actorType: q.actorType });
  if (q.targetType) filters.push({ targetType: q.targetType });
  if (q.targetId) filters.push({ targetId: q.targetId });
  if (q.from) filters.push({ at: { gte: q.from } });
  if (q.to) filters.push({ at: { lte: q.to } });
  const where = (extra?: Prisma.AuditLogWhereInput): Prisma.AuditLogWhereInput => ({ AND: extra ? [...filters, extra] : filters });

  let rows;
  let newer = false;
  let older = false;
  if (q.after !== undefined) {
    // The page just newer than `after`: read upwards, then show it newest first like every page.
    const up = await client.auditLog.findMany({ where: where({ id: { gt: q.after } }), orderBy: { id: "asc" }, take: q.limit + 1 });
    newer = up.length > q.limit;
    rows = up.slice(0, q.limit).reverse();
    older = (await client.auditLog.findFirst({ where: where({ id: { lte: q.after } }), select: { id: true } })) !== null;
  } else {
    const down = await client.auditLog.findMany({
      where: where(q.before !== undefined ? { id: { lt: q.before } } : undefined),
      orderBy: { id: "desc" },
      take: q.limit + 1,
    });
    older = down.length > q.limit;
    rows = down.slice(0, q.limit);
    newer = q.before !== undefined && (await client.auditLog.findFirst({ where: where({ id: { gte: q.before } }), select: { id: true } })) !== null;
  }

  // Who, in words: operators by email, keys by name (and whose they are).
  const operatorIds = new Set<string>();
  const keyIds = new Set<string>();
  for (const r of rows) {
    if (r.actorType === "operator" && r.actorId) operatorIds.add(r.actorId);
    if (r.actorType === "api_key" && r.actorId) keyIds.add(r.actorId);
  }
  const [operators, keys] = await Promise.all([
    operatorIds.size ? client.operator.findMany({ where: { id: { in: [...operatorIds] } }, select: { id: true, email: true } }) : [],
    keyIds.size ? client.apiKey.findMany({ where: { id: { in: [...keyIds] } }, select: { id: true, name: true, operator: { select: { email: true } } } }) : [],
  ]);
  const emails = new Map(operators.map((o) => [o.id, o.email]));
  const keyNames = new Map(keys.map((k) => [k.id, `API key "${k.name}" (${k.operator.email})`]));
  const label = (type: AuditActorType, id: string | null): string => {
    if (type === "operator") return (id && emails.get(id)) ?? `Operator ${id ?? "(unknown)"}`;
    if (type === "api_key") return (id && keyNames.get(id)) ?? `API key ${id ?? "(unknown)"}`;
    return ACTOR_LABELS[type];
  };

  const entries: AuditEntry[] = rows.map((r) => ({
    id: r.id.toString(),
    at: r.at,
    actor: { type: r.actorType, id: r.actorId, label: label(r.actorType, r.actorId) },
    action: r.action,
    target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
    ip: r.ip,
    ...splitData(r.data),
  }));
  return {
    entries,
    newer: newer && entries.length ? entries[0]!.id : null,
    older: older && entries.length ? entries[entries.length - 1]!.id : null,
  };
}

/** The target types the log holds, for a filter's choices (a loose index scan: fast on a long log). */
export async function auditTargetTypes({ actor }: { actor: Actor }): Promise<string[]> {
  requirePermission(actor, "audit.read");
  const rows = await db().$queryRaw<{ t: string }[]>`
    WITH RECURSIVE types AS (
      (SELECT target_type AS t FROM audit_log WHERE target_type IS NOT NULL ORDER BY target_type LIMIT 1)
      UNION ALL
      SELECT (SELECT target_type FROM audit_log WHERE target_type > types.t ORDER BY target_type LIMIT 1) FROM types WHERE types.t IS NOT NULL
    )
    SELECT t FROM types WHERE t IS NOT NULL`;
  return rows.map((r) => r.t);
}

// The audit trail: one row per write, in the same transaction as the write itself.
import type { Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case "operator":
      return actor.operatorId;
    case "api_key":
      return actor.apiKeyId;
    default:
      return null;
  }
}

export async function recordAudit(
  tx: Tx,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  data?: Prisma.InputJsonValue,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actorId(actor),
      action,
      targetType: target.type,
      targetId: target.id,
      data,
      ip: actor.type === "operator" || actor.type === "api_key" || actor.type === "public" ? (actor.ip ?? null) : null,
    },
  });
}

/**
 * An audit row for a change: what the target was before and is after (null for a creation or a
 * deletion). Only the fields that differ are kept, so the log reads as what changed.
 */
export async function recordChange(
  tx: Tx,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const was = before?.[key];
    const now = after?.[key];
    if (before && after && JSON.stringify(was) === JSON.stringify(now)) continue;
    if (before) b[key] = was ?? null;
    if (after) a[key] = now ?? null;
  }
  const data = JSON.parse(JSON.stringify({ before: before ? b : null, after: after ? a : null })) as Prisma.InputJsonValue;
  await recordAudit(tx, actor, action, target, data);
}

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
      ip: actor.type === "operator" || actor.type === "public" ? (actor.ip ?? null) : null,
    },
  });
}

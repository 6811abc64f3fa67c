// "Log out everywhere": every session of the operator ends, this browser's included.
import type { Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { endSessions } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";

export async function logoutEverywhere({ actor }: { actor: Extract<Actor, { type: "operator" }> }) {
  return db().$transaction(async (tx) => {
    const before = await tx.session.count({ where: { operatorId: actor.operatorId } });
    const sessionsEnded = await endSessions(tx, actor.operatorId);
    await recordChange(tx, actor, "operator.logout_everywhere", { type: "operator", id: actor.operatorId }, { sessions: before }, { sessions: 0 });
    return { sessionsEnded };
  });
}

// Disable an operator: they cannot log in, their sessions end (each browser is logged out at its
// next request) and their open links die. Nobody disables themself, and the last owner stays.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { endSessions } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { killTokens, lockOperator, OperatorRef, operatorState } from "@/lib/operators/rules";

export const DisableOperatorInput = OperatorRef;
export type DisableOperatorInput = z.input<typeof DisableOperatorInput>;

export async function disableOperator({ actor, input }: { actor: Actor; input: DisableOperatorInput }) {
  requirePermission(actor, "operator.write");
  const ref = DisableOperatorInput.parse(input);
  return db().$transaction(async (tx) => {
    // Owners first, all of them, in one order: two owners disabling each other take turns, and
    // the second sees the first's change (one of them stays).
    const owners = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM operator WHERE role = 'owner' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
    const operator = await lockOperator(tx, ref);
    if (operatorIdOf(actor) === operator.id) throw new ConflictError("You cannot disable your own account");
    if (operator.disabledAt) return { operator, changed: false as const, sessionsEnded: 0 };
    if (operator.role === "owner" && owners.every((o) => o.id === operator.id)) {
      throw new ConflictError(`${operator.email} is the last owner: Herald needs one owner to manage operators`);
    }
    const now = new Date();
    const updated = await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: now } });
    const sessionsEnded = await endSessions(tx, operator.id);
    await killTokens(tx, operator.id);
    await recordChange(
      tx,
      actor,
      "operator.disable",
      { type: "operator", id: operator.id },
      { state: operatorState(operator), disabledAt: null },
      { state: "disabled", disabledAt: now.toISOString(), sessionsEnded },
    );
    return { operator: updated, changed: true as const, sessionsEnded };
  });
}

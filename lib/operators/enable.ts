// Enable a disabled operator again. They log in with the password they had; one who never
// accepted their invitation needs a new one (the old link died when they were disabled).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { lockOperator, OperatorRef, operatorState } from "@/lib/operators/rules";

export const EnableOperatorInput = OperatorRef;
export type EnableOperatorInput = z.input<typeof EnableOperatorInput>;

export async function enableOperator({ actor, input }: { actor: Actor; input: EnableOperatorInput }) {
  requirePermission(actor, "operator.write");
  const ref = EnableOperatorInput.parse(input);
  return db().$transaction(async (tx) => {
    const operator = await lockOperator(tx, ref);
    if (!operator.disabledAt) return { operator, changed: false as const };
    const updated = await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: null } });
    await recordChange(
      tx,
      actor,
      "operator.enable",
      { type: "operator", id: operator.id },
      { state: "disabled", disabledAt: operator.disabledAt.toISOString() },
      { state: operatorState(updated), disabledAt: null },
    );
    return { operator: updated, changed: true as const };
  });
}

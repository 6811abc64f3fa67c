// Two ways to a new password without knowing the old one; both end every session of the operator.
// - resetPassword: the operator follows the one-time link "Forgot password" mailed them.
// - resetOperatorPassword: whoever manages operators (the owner, the command line) gets a
//   generated one-time password to hand over, shown once.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { killTokens, LinkToken, lockOperator, NewPassword, OperatorRef, operatorState, takeToken } from "@/lib/operators/rules";

export const ResetPasswordInput = z.object({ token: LinkToken, password: NewPassword });
export type ResetPasswordInput = z.input<typeof ResetPasswordInput>;

export async function resetPassword({ actor, input }: { actor: Extract<Actor, { type: "public" }>; input: ResetPasswordInput }) {
  const data = ResetPasswordInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    const link = await takeToken(tx, data.token, "password_reset");
    const now = new Date();
    await tx.operatorToken.update({ where: { id: link.id }, data: { usedAt: now } });
    await tx.operator.update({ where: { id: link.operatorId }, data: { passwordHash, passwordChangedAt: now } });
    const sessionsEnded = await endSessions(tx, link.operatorId);
    await recordChange(
      tx,
      actor,
      "operator.reset_password",
      { type: "operator", id: link.operatorId },
      { passwordChangedAt: link.operator.passwordChangedAt?.toISOString() ?? null },
      { passwordChangedAt: now.toISOString(), sessionsEnded, by: "emailed link" },
    );
    return { email: link.operator.email, sessionsEnded };
  });
}

export const ResetOperatorPasswordInput = OperatorRef;
export type ResetOperatorPasswordInput = z.input<typeof ResetOperatorPasswordInput>;

export async function resetOperatorPassword({ actor, input }: { actor: Actor; input: ResetOperatorPasswordInput }) {
  requirePermission(actor, "operator.write");
  const ref = ResetOperatorPasswordInput.parse(input);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const operator = await lockOperator(tx, ref);
    const now = new Date();
    const updated = await tx.operator.update({ where: { id: operator.id }, data: { passwordHash, passwordChangedAt: now } });
    const sessionsEnded = await endSessions(tx, operator.id);
    // A password set here replaces any link still out (an invitation, a reset).
    await killTokens(tx, operator.id);
    await recordChange(
      tx,
      actor,
      "operator.reset_password",
      { type: "operator", id: operator.id },
      { state: operatorState(operator), passwordChangedAt: operator.passwordChangedAt?.toISOString() ?? null },
      { state: operatorState(updated), passwordChangedAt: now.toISOString(), sessionsEnded, by: "generated one-time password" },
    );
    return { operator: updated, password, sessionsEnded };
  });
}

// Send an invited operator a new invitation link: the old link dies in the same transaction.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { inviterName } from "@/lib/operators/invite";
import { enqueueOperatorMail } from "@/lib/operators/mail";
import { INVITATION_DAYS, issueToken, lockOperator, OperatorRef, operatorState } from "@/lib/operators/rules";

export const ResendInvitationInput = OperatorRef;
export type ResendInvitationInput = z.input<typeof ResendInvitationInput>;

export async function resendInvitation({ actor, input }: { actor: Actor; input: ResendInvitationInput }) {
  requirePermission(actor, "operator.write");
  const ref = ResendInvitationInput.parse(input);
  const invitedBy = await inviterName(actor);
  return db().$transaction(async (tx) => {
    const operator = await lockOperator(tx, ref);
    const state = operatorState(operator);
    if (state === "active") throw new ConflictError(`${operator.email} has already accepted their invitation`);
    if (state === "disabled") throw new ConflictError(`${operator.email} is disabled: enable the account first`);
    const before = await tx.operatorToken.findFirst({ where: { operatorId: operator.id, kind: "invitation", usedAt: null }, select: { expiresAt: true } });
    const link = await issueToken(tx, operator.id, "invitation", INVITATION_DAYS * 86_400_000);
    await enqueueOperatorMail(tx, { kind: "invitation", token: link.token, invitedBy });
    await recordChange(
      tx,
      actor,
      "operator.resend_invitation",
      { type: "operator", id: operator.id },
      { invitationExpiresAt: before?.expiresAt.toISOString() ?? null },
      { invitationExpiresAt: link.expiresAt.toISOString() },
    );
    return { operator, expiresAt: link.expiresAt };
  });
}

// "Forgot password": mails a one-time reset link to an operator's address. The answer is the same
// whether or not the address is an operator's (nothing to learn by asking), and one address gets
// at most one link per RESET_REQUEST_EVERY_MINUTES (asking again in the meantime does nothing).
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { enqueueOperatorMail } from "@/lib/operators/mail";
import { issueToken, OperatorEmail, RESET_LINK_MINUTES, RESET_REQUEST_EVERY_MINUTES } from "@/lib/operators/rules";
import { hasNul } from "@/lib/text";

export const RequestResetInput = z.object({ email: OperatorEmail.refine((e) => !hasNul(e), "Enter a valid email address") });
export type RequestResetInput = z.input<typeof RequestResetInput>;

/** What the person is told, every time. */
export const RESET_REQUESTED = "If an operator has this address, a link is on its way. It works once, for an hour.";

export async function requestPasswordReset({ actor, input }: { actor: Extract<Actor, { type: "public" }>; input: RequestResetInput }) {
  const data = RequestResetInput.parse(input);
  await db().$transaction(async (tx) => {
    // Locked: two requests at once for one address take turns, and the second sees the first's link.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM operator WHERE email = ${data.email} AND disabled_at IS NULL AND password_hash IS NOT NULL FOR UPDATE`;
    const operatorId = rows[0]?.id;
    // Unknown, disabled, or still invited (their invitation is the way in): nothing to send.
    if (!operatorId) return;
    const recent = await tx.operatorToken.count({
      where: { operatorId, kind: "password_reset", createdAt: { gt: new Date(Date.now() - RESET_REQUEST_EVERY_MINUTES * 60_000) } },
    });
    if (recent > 0) return;
    const link = await issueToken(tx, operatorId, "password_reset", RESET_LINK_MINUTES * 60_000);
    await enqueueOperatorMail(tx, { kind: "password_reset", token: link.token });
    await recordChange(tx, actor, "operator.request_password_reset", { type: "operator", id: operatorId }, null, {
      resetLinkExpiresAt: link.expiresAt.toISOString(),
    });
  });
  return { message: RESET_REQUESTED };
}

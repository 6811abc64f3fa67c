// An invited operator follows their link, chooses a name and a password, and is logged in. The
// link is the only credential here: it works once, before it expires, for an account not disabled.
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { LinkToken, NewPassword, takeToken } from "@/lib/operators/rules";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import type { OperatorRole } from "@/lib/vocabulary";

export const AcceptInvitationInput = z.object({
  token: LinkToken,
  name: z.string().trim().min(1, "Enter your name").max(100, "A name can have at most 100 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
  password: NewPassword,
});
export type AcceptInvitationInput = z.input<typeof AcceptInvitationInput>;

/** `actor` is whoever holds the link (public, with the address it came from). */
export async function acceptInvitation({ actor, input }: { actor: Extract<Actor, { type: "public" }>; input: AcceptInvitationInput & { userAgent?: string } }) {
  const data = AcceptInvitationInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    const link = await takeToken(tx, data.token, "invitation");
    const before = link.operator;
    const now = new Date();
    await tx.operatorToken.update({ where: { id: link.id }, data: { usedAt: now } });
    const operator = await tx.operator.update({ where: { id: before.id }, data: { name: data.name, passwordHash, passwordChangedAt: now } });
    const session = await createSession(tx, operator.id, { ip: actor.ip, userAgent: input.userAgent });
    // From here on the new operator acts as themself: the audit row says so.
    const self: Actor = { type: "operator", operatorId: operator.id, role: operator.role as OperatorRole, email: operator.email, ip: actor.ip };
    await recordChange(
      tx,
      self,
      "operator.accept_invitation",
      { type: "operator", id: operator.id },
      { name: before.name, state: "invited" },
      { name: operator.name, state: "active", passwordChangedAt: now.toISOString() },
    );
    return { operator, session };
  });
}

// Invite an operator by email: the account (no password yet), a one-time invitation link valid
// INVITATION_DAYS, and the job that mails it, in one transaction. There is one owner: invitations
// are for admins and editors.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { enqueueOperatorMail } from "@/lib/operators/mail";
import { INVITATION_DAYS, issueToken, OperatorEmail } from "@/lib/operators/rules";

export const INVITABLE_ROLES = ["admin", "editor"] as const;

export const InviteOperatorInput = z.object({
  email: OperatorEmail,
  role: z.enum(INVITABLE_ROLES, "Choose admin or editor (there is one owner)"),
});
export type InviteOperatorInput = z.input<typeof InviteOperatorInput>;

/** Who the invitation says it is from: the inviting operator's name and address, or the page's administrator. */
export async function inviterName(actor: Actor): Promise<string> {
  if (actor.type !== "operator" && actor.type !== "api_key") return "The administrator";
  const o = await db().operator.findUnique({ where: { id: actor.operatorId }, select: { name: true, email: true } });
  if (!o) return "The administrator";
  return o.name ? `${o.name} (${o.email})` : o.email;
}

export async function inviteOperator({ actor, input }: { actor: Actor; input: InviteOperatorInput }) {
  requirePermission(actor, "operator.write");
  const data = InviteOperatorInput.parse(input);
  const invitedBy = await inviterName(actor);
  const invited = db().$transaction(async (tx) => {
    const existing = await tx.operator.findUnique({ where: { email: data.email } });
    if (existing) {
      throw new ConflictError(
        existing.passwordHash === null && !existing.disabledAt
          ? `${data.email} is already invited: resend the invitation from the list instead`
          : `An operator with the email ${data.email} already exists`,
      );
    }
    const operator = await tx.operator.create({ data: { email: data.email, role: data.role, passwordHash: null } });
    const link = await issueToken(tx, operator.id, "invitation", INVITATION_DAYS * 86_400_000);
    await enqueueOperatorMail(tx, { kind: "invitation", token: link.token, invitedBy });
    await recordChange(tx, actor, "operator.invite", { type: "operator", id: operator.id }, null, {
      email: data.email,
      role: data.role,
      state: "invited",
      invitationExpiresAt: link.expiresAt.toISOString(),
    });
    return { operator, expiresAt: link.expiresAt };
  });
  // Two invitations of one address at once: the second meets the unique email.
  return invited.catch((e: unknown) => {
    if ((e as { code?: string }).code === "P2002") throw new ConflictError(`An operator with the email ${data.email} already exists`);
    throw e;
  });
}

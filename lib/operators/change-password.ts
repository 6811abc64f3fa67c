// An operator changes their own password: the current one is required (a browser left open is
// not enough), and every other session ends while this one stays.
import { z, ZodError } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { NewPassword } from "@/lib/operators/rules";

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1000),
    newPassword: NewPassword,
    /** The cookie token of the session making the change: it stays logged in. */
    keepSession: z.string().max(200).optional(),
  })
  .refine((d) => d.currentPassword !== d.newPassword, { path: ["newPassword"], message: "Choose a password different from your current one" });
export type ChangePasswordInput = z.input<typeof ChangePasswordInput>;

function refusal(path: string, message: string): ZodError {
  return new ZodError([{ code: "custom", path: [path], message, input: undefined }]);
}

export async function changePassword({ actor, input }: { actor: Extract<Actor, { type: "operator" }>; input: ChangePasswordInput }) {
  const data = ChangePasswordInput.parse(input);
  const current = await db().operator.findUnique({ where: { id: actor.operatorId }, select: { passwordHash: true } });
  if (!current) throw new NotFoundError("Your account no longer exists");
  if (!current.passwordHash || !(await verifyPassword(current.passwordHash, data.currentPassword))) {
    throw refusal("currentPassword", "That is not your current password");
  }
  const passwordHash = await hashPassword(data.newPassword);
  return db().$transaction(async (tx) => {
    const before = await tx.operator.findUniqueOrThrow({ where: { id: actor.operatorId }, select: { passwordChangedAt: true } });
    const now = new Date();
    await tx.operator.update({ where: { id: actor.operatorId }, data: { passwordHash, passwordChangedAt: now } });
    const sessionsEnded = await endSessions(tx, actor.operatorId, data.keepSession);
    await recordChange(
      tx,
      actor,
      "operator.change_password",
      { type: "operator", id: actor.operatorId },
      { passwordChangedAt: before.passwordChangedAt?.toISOString() ?? null },
      { passwordChangedAt: now.toISOString(), sessionsEnded },
    );
    return { sessionsEnded };
  });
}

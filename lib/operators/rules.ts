// What the operator use cases share: the password rule, the one-time links (invitation, reset)
// and how an operator is found and described.
import { z } from "zod";
import type { Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { randomToken, sha256 } from "@/lib/tokens";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const PASSWORD_MIN = 12;
export const INVITATION_DAYS = 7;
export const RESET_LINK_MINUTES = 60;
/** One reset link per address per this many minutes: a flood of requests mails an operator once. */
export const RESET_REQUEST_EVERY_MINUTES = 5;

export type OperatorTokenKind = "invitation" | "password_reset";

/** A password an operator chooses. The upper bound keeps argon2's input reasonable. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN, `A password needs at least ${PASSWORD_MIN} characters`)
  .max(200, "A password can have at most 200 characters")
  .refine((s) => !hasNul(s), NUL_MESSAGE);

export const OperatorEmail = z
  .string()
  .trim()
  .max(320, "Enter a valid email address")
  .pipe(z.email("Enter a valid email address"))
  .transform((e) => e.toLowerCase());

/** Which operator a command means: by id (the dashboard) or by email (the command line). */
export const OperatorRef = z
  .object({
    operatorId: z.string().trim().min(1).max(100).refine((s) => !hasNul(s), "Unknown operator").optional(),
    email: OperatorEmail.optional(),
  })
  .refine((r) => (r.operatorId === undefined) !== (r.email === undefined), "Name the operator by id or by email");

export type OperatorState = "invited" | "active" | "disabled";

export function operatorState(o: { passwordHash: string | null; disabledAt: Date | null }): OperatorState {
  if (o.disabledAt) return "disabled";
  return o.passwordHash === null ? "invited" : "active";
}

/** The operator, locked for the rest of the transaction (two changes of one operator take turns). */
export async function lockOperator(tx: Tx, ref: { operatorId?: string; email?: string }) {
  const rows = ref.operatorId
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM operator WHERE id = ${ref.operatorId} FOR UPDATE`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM operator WHERE email = ${ref.email ?? ""} FOR UPDATE`;
  const id = rows[0]?.id;
  const operator = id ? await tx.operator.findUnique({ where: { id } }) : null;
  if (!operator) throw new NotFoundError(ref.email ? `No operator has the email ${ref.email}` : "No such operator");
  return operator;
}

/**
 * A new one-time link of `kind` for an operator, valid for `ttlMs`. Any earlier unused link of
 * that kind dies first (the database allows one open link per operator and kind). Call it with
 * the operator locked (lockOperator). The token is returned once: only its SHA-256 is stored.
 */
export async function issueToken(tx: Tx, operatorId: string, kind: OperatorTokenKind, ttlMs: number) {
  const now = new Date();
  await tx.operatorToken.updateMany({ where: { operatorId, kind, usedAt: null }, data: { usedAt: now } });
  const token = randomToken(32);
  const row = await tx.operatorToken.create({
    data: { operatorId, kind, tokenHash: sha256(token), createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) },
  });
  return { token, id: row.id, expiresAt: row.expiresAt };
}

/** Ends every open link of an operator (disabled, or a password set some other way). */
export async function killTokens(tx: Tx, operatorId: string, kind?: OperatorTokenKind): Promise<void> {
  await tx.operatorToken.updateMany({ where: { operatorId, usedAt: null, ...(kind ? { kind } : {}) }, data: { usedAt: new Date() } });
}

/** What a person sees when a link is unknown, used, expired, or its operator disabled. */
export const DEAD_LINK: Record<OperatorTokenKind, string> = {
  invitation: "This invitation link is no longer valid: it was used, replaced by a newer one, or it expired. Ask the owner to send a new one",
  password_reset: "This password reset link is no longer valid: it was used, replaced by a newer one, or it expired. Ask for a new one",
};

/**
 * The open link a token names, locked for the rest of the transaction, with its operator; a
 * NotFoundError saying the link is dead otherwise. A used token stays dead even if retried at once.
 */
export async function takeToken(tx: Tx, token: string, kind: OperatorTokenKind) {
  const hash = sha256(token);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM operator_token WHERE token_hash = ${hash} AND kind = ${kind}::"OperatorTokenKind" FOR UPDATE`;
  const row = rows[0] ? await tx.operatorToken.findUnique({ where: { id: rows[0].id }, include: { operator: true } }) : null;
  if (!row || row.usedAt || row.expiresAt <= new Date() || row.operator.disabledAt) throw new NotFoundError(DEAD_LINK[kind]);
  return row;
}

/** A token as it arrives in a link: anything else is not one of ours (and never reaches a query). */
export const LinkToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, "This link is incomplete: open it again from the mail, or copy the whole address");

// Operator sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
import { type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { verifyPassword } from "@/lib/auth/password";
import { db, type Tx } from "@/lib/db/prisma";
import { randomToken, sha256 } from "@/lib/tokens";
import { hasNul } from "@/lib/text";
import type { OperatorRole } from "@/lib/vocabulary";

export const SESSION_COOKIE = "herald_session";
export const SESSION_DAYS = 14;

// A hash to compare against when the email is unknown, so a wrong email takes as long as a wrong password.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$H802ZnZrjYe9qkX4jQfBWTQtJnmj6Noz+sJrSQ8gzOM";

/** A new session for an operator (log in, accepting an invitation): the cookie's token, returned once. */
export async function createSession(
  tx: Tx,
  operatorId: string,
  client: { ip?: string; userAgent?: string } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await tx.session.create({
    data: { id: sha256(token), operatorId, expiresAt, ip: client.ip, userAgent: client.userAgent?.slice(0, 300) },
  });
  await tx.operator.update({ where: { id: operatorId }, data: { lastLoginAt: new Date() } });
  return { token, expiresAt };
}

/**
 * Ends an operator's sessions (all, or all but the one whose cookie token is `except`): each
 * browser is logged out at its next request. Returns how many were ended.
 */
export async function endSessions(tx: Tx, operatorId: string, except?: string): Promise<number> {
  const r = await tx.session.deleteMany({ where: { operatorId, ...(except ? { id: { not: sha256(except) } } : {}) } });
  return r.count;
}

export async function login(input: { email: string; password: string; ip?: string; userAgent?: string }) {
  const email = input.email.trim().toLowerCase();
  // An address with a NUL is nobody's (and PostgreSQL refuses it in a query): the password check still runs.
  const operator = hasNul(email) ? null : await db().operator.findUnique({ where: { email } });
  const ok = await verifyPassword(operator?.passwordHash ?? DUMMY_HASH, input.password);
  if (!operator || !ok || operator.disabledAt) return { ok: false as const };
  const session = await db().$transaction(async (tx) => {
    const s = await createSession(tx, operator.id, input);
    const actor: Actor = { type: "operator", operatorId: operator.id, role: operator.role as OperatorRole, email, ip: input.ip };
    await recordAudit(tx, actor, "operator.login", { type: "operator", id: operator.id });
    return s;
  });
  return { ok: true as const, ...session };
}

export async function actorFromSession(token: string | undefined, ip?: string): Promise<Extract<Actor, { type: "operator" }> | null> {
  if (!token) return null;
  const session = await db().session.findUnique({ where: { id: sha256(token) }, include: { operator: true } });
  if (!session || session.expiresAt < new Date() || session.operator.disabledAt) return null;
  return { type: "operator", operatorId: session.operatorId, role: session.operator.role as OperatorRole, email: session.operator.email, ip };
}

export async function logout(token: string | undefined): Promise<void> {
  if (token) await db().session.deleteMany({ where: { id: sha256(token) } });
}

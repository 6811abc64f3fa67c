// Operator sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
import { type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/prisma";
import { randomToken, sha256 } from "@/lib/tokens";
import { hasNul } from "@/lib/text";
import type { OperatorRole } from "@/lib/vocabulary";

export const SESSION_COOKIE = "herald_session";
export const SESSION_DAYS = 14;

// A hash to compare against when the email is unknown, so a wrong email takes as long as a wrong password.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$H802ZnZrjYe9qkX4jQfBWTQtJnmj6Noz+sJrSQ8gzOM";

export async function login(input: { email: string; password: string; ip?: string; userAgent?: string }) {
  const email = input.email.trim().toLowerCase();
  // An address with a NUL is nobody's (and PostgreSQL refuses it in a query): the password check still runs.
  const operator = hasNul(email) ? null : await db().operator.findUnique({ where: { email } });
  const ok = await verifyPassword(operator?.passwordHash ?? DUMMY_HASH, input.password);
  if (!operator || !ok || operator.disabledAt) return { ok: false as const };
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db().$transaction(async (tx) => {
    await tx.session.create({
      data: { id: sha256(token), operatorId: operator.id, expiresAt, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) },
    });
    await tx.operator.update({ where: { id: operator.id }, data: { lastLoginAt: new Date() } });
    const actor: Actor = { type: "operator", operatorId: operator.id, role: operator.role as OperatorRole, email, ip: input.ip };
    await recordAudit(tx, actor, "operator.login", { type: "operator", id: operator.id });
  });
  return { ok: true as const, token, expiresAt };
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

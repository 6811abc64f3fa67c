// Read-only queries for the operators and account pages, and the pages a link opens.
import { type Actor, PERMISSIONS, type Permission, requirePermission, ROLE_PERMISSIONS } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { operatorState, type OperatorState, type OperatorTokenKind } from "@/lib/operators/rules";
import { sha256 } from "@/lib/tokens";
import { OPERATOR_ROLES, type OperatorRole } from "@/lib/vocabulary";

export type OperatorRow = {
  id: string;
  email: string;
  name: string | null;
  role: OperatorRole;
  state: OperatorState;
  lastLoginAt: Date | null;
  /** For an invited operator: when their current link stops working (null: none is open). */
  invitationExpiresAt: Date | null;
  isYou: boolean;
};

const ROLE_ORDER: Record<OperatorRole, number> = { owner: 0, admin: 1, editor: 2 };

export async function listOperators({ actor }: { actor: Actor }): Promise<OperatorRow[]> {
  requirePermission(actor, "operator.write");
  const now = new Date();
  const rows = await db().operator.findMany({
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      disabledAt: true,
      lastLoginAt: true,
      tokens: { where: { kind: "invitation", usedAt: null, expiresAt: { gt: now } }, select: { expiresAt: true } },
    },
  });
  const me = actor.type === "operator" ? actor.operatorId : null;
  return rows
    .map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role as OperatorRole,
      state: operatorState(r),
      lastLoginAt: r.lastLoginAt,
      invitationExpiresAt: r.tokens[0]?.expiresAt ?? null,
      isYou: r.id === me,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email));
}

/** What each role may do, for people: one row per permission, a column per role. */
export function roleTable(): { permission: Permission; label: string; roles: Record<OperatorRole, boolean> }[] {
  return (Object.keys(PERMISSIONS) as Permission[]).map((permission) => ({
    permission,
    label: PERMISSIONS[permission],
    roles: Object.fromEntries(OPERATOR_ROLES.map((r) => [r, ROLE_PERMISSIONS[r].includes(permission)])) as Record<OperatorRole, boolean>,
  }));
}

/** The signed-in operator's own account, for /admin/account. */
export async function loadAccount({ actor }: { actor: Extract<Actor, { type: "operator" }> }) {
  const o = await db().operator.findUniqueOrThrow({
    where: { id: actor.operatorId },
    select: { email: true, name: true, role: true, passwordChangedAt: true, lastLoginAt: true, _count: { select: { sessions: true } } },
  });
  return { email: o.email, name: o.name, role: o.role as OperatorRole, passwordChangedAt: o.passwordChangedAt, lastLoginAt: o.lastLoginAt, sessions: o._count.sessions };
}

/**
 * What a link's page shows before the form: whose link it is and until when, or null when the
 * link is dead (unknown, used, replaced, expired, operator disabled). The use case checks again.
 */
export async function openLink(token: string, kind: OperatorTokenKind): Promise<{ email: string; expiresAt: Date } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db().operatorToken.findUnique({ where: { tokenHash: sha256(token) }, include: { operator: { select: { email: true, disabledAt: true } } } });
  if (!row || row.kind !== kind || row.usedAt || row.expiresAt <= new Date() || row.operator.disabledAt) return null;
  return { email: row.operator.email, expiresAt: row.expiresAt };
}

/** The page's name, for the pages outside the dashboard (an invitation says what it is for). */
export async function pageName(): Promise<string> {
  const s = await db().pageSettings.findUnique({ where: { id: 1 }, select: { name: true } });
  return s?.name ?? "Herald";
}

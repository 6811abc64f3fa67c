// Who a presented API key is: an api_key actor, or null for anything that is not a working key
// (malformed, unknown, revoked, or credited to a disabled operator). The Manage API sends the key
// as Statuspage's clients do, `Authorization: OAuth <key>`, or as `Bearer <key>`.
//
// The key acts with the lower of its own role and its operator's current one: a key never does
// more than the person it is credited to may do today.
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { API_KEY_PATTERN } from "@/lib/api-keys/create";
import { sha256 } from "@/lib/tokens";
import { OPERATOR_ROLES, type OperatorRole } from "@/lib/vocabulary";

export type ApiKeyActor = Extract<Actor, { type: "api_key" }>;

/** last_used_at is written at most this often per key: a busy client does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** The key in an Authorization header ("OAuth <key>" or "Bearer <key>", any case), else null. */
export function keyFromAuthorization(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^\s*(OAuth|Bearer)\s+(\S+)\s*$/i.exec(header);
  return m ? m[2]! : null;
}

// OPERATOR_ROLES runs from most to least: owner, admin, editor.
function lowerRole(a: OperatorRole, b: OperatorRole): OperatorRole {
  return OPERATOR_ROLES.indexOf(a) >= OPERATOR_ROLES.indexOf(b) ? a : b;
}

export async function authenticateApiKey(key: string | null | undefined, opts: { now?: Date } = {}): Promise<ApiKeyActor | null> {
  if (!key || !API_KEY_PATTERN.test(key)) return null;
  const row = await db().apiKey.findUnique({
    where: { keyHash: sha256(key) },
    select: { id: true, role: true, operatorId: true, revokedAt: true, lastUsedAt: true, operator: { select: { role: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt || row.operator.disabledAt) return null;
  const now = opts.now ?? new Date();
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < stale) {
    // Conditional: of many requests at once, one writes.
    await db().apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  return { type: "api_key", apiKeyId: row.id, operatorId: row.operatorId, role: lowerRole(row.role, row.operator.role) };
}

/** The actor of a request's Authorization header (null: answer 401). */
export function authenticateAuthorization(header: string | null | undefined, opts: { now?: Date } = {}): Promise<ApiKeyActor | null> {
  return authenticateApiKey(keyFromAuthorization(header), opts);
}

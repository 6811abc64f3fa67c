// Read-only: the API keys as the dashboard lists them — by prefix (the key itself is never kept),
// with role, whose they are, when created and last used; working keys first, then revoked ones.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import type { OperatorRole } from "@/lib/vocabulary";

export type ApiKeyListing = {
  id: string;
  name: string;
  prefix: string;
  role: OperatorRole;
  operator: { id: string; email: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function listApiKeys({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<ApiKeyListing[]> {
  requirePermission(actor, "apikey.write");
  const keys = await db().apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true, operator: { select: { id: true, email: true } } },
  });
  return keys;
}

// Revoke an API key: it stops working at once (lib/api-keys/authenticate.ts refuses it) and stays
// listed, with when it was revoked. The key is named by its id, its prefix as listed, or the whole
// key. Revoking a revoked key is refused, so a script learns it named the wrong one.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { API_KEY_PREFIX_LENGTH, API_KEY_SCHEME } from "@/lib/api-keys/create";
import { hasNul } from "@/lib/text";
import { sha256 } from "@/lib/tokens";

export const RevokeApiKeyInput = z.object({
  /** The key's id, its prefix (hrld_…, as the list shows it) or the whole key. */
  apiKey: z
    .string()
    .trim()
    .min(1, "Say which key: its id or its prefix")
    .max(200)
    .refine((s) => !hasNul(s), "Unknown API key"),
});
export type RevokeApiKeyInput = z.input<typeof RevokeApiKeyInput>;

type Found = { id: string; name: string; prefix: string; revokedAt: Date | null };
const FIELDS = { id: true, name: true, prefix: true, revokedAt: true } as const;

async function findKey(tx: Tx, ref: string): Promise<Found> {
  if (!ref.startsWith(API_KEY_SCHEME)) {
    const byId = await tx.apiKey.findUnique({ where: { id: ref }, select: FIELDS });
    if (byId) return byId;
    throw new NotFoundError(`Unknown API key: ${ref}`);
  }
  if (ref.length > API_KEY_PREFIX_LENGTH) {
    const whole = await tx.apiKey.findUnique({ where: { keyHash: sha256(ref) }, select: FIELDS });
    if (whole) return whole;
    throw new NotFoundError(`Unknown API key: ${ref.slice(0, API_KEY_PREFIX_LENGTH)}…`);
  }
  // A prefix (or its beginning): the keys still working first, since those are the ones to revoke.
  const matches = await tx.apiKey.findMany({ where: { prefix: { startsWith: ref } }, select: FIELDS, orderBy: { createdAt: "asc" } });
  const live = matches.filter((k) => !k.revokedAt);
  const candidates = live.length ? live : matches;
  if (candidates.length === 1) return candidates[0]!;
  if (!candidates.length) throw new NotFoundError(`Unknown API key: ${ref}`);
  throw new ConflictError(`${candidates.length} keys start with ${ref} (${candidates.map((k) => `${k.prefix} "${k.name}"`).join(", ")}): give the key's id instead`);
}

export async function revokeApiKey({ actor, input }: { actor: Actor; input: RevokeApiKeyInput }) {
  requirePermission(actor, "apikey.write");
  const data = RevokeApiKeyInput.parse(input);
  return db().$transaction(async (tx) => {
    const key = await findKey(tx, data.apiKey);
    const now = new Date();
    // Conditional, so two revocations at once write one revocation and one refusal.
    const { count } = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const revokedAt = key.revokedAt ?? (await tx.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { revokedAt: true } })).revokedAt;
      throw new ConflictError(`The API key ${key.prefix} "${key.name}" was already revoked${revokedAt ? ` on ${revokedAt.toISOString()}` : ""}`);
    }
    await recordChange(tx, actor, "api_key.revoke", { type: "api_key", id: key.id }, { revokedAt: null }, { revokedAt: now.toISOString() });
    return { apiKey: { ...key, revokedAt: now } };
  });
}

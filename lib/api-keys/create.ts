// Create an API key for the Manage API: "hrld_" + 32 random bytes (base64url), shown once and
// stored only as its SHA-256 with its first characters (to tell keys apart in lists). A key acts
// with its role (admin or editor, never owner: the database refuses it too) for the operator it is
// credited to: the one who created it, or, from the command line, the oldest owner.
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import { randomToken, sha256 } from "@/lib/tokens";

export const API_KEY_ROLES = ["admin", "editor"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const API_KEY_SCHEME = "hrld_";
/** Random bytes in a key: 256 bits, out of reach of guessing. */
const KEY_BYTES = 32;
/** Characters kept in clear: the scheme and 7 of the random part, enough to tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 12;
/** What a key looks like: anything else is refused before the database is asked. */
export const API_KEY_PATTERN = /^hrld_[A-Za-z0-9_-]{43}$/;

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it").max(100, "Keep the name to 100 characters").refine((s) => !hasNul(s), NUL_MESSAGE),
  role: z.enum(API_KEY_ROLES, { error: "Choose admin or editor (a key cannot act as an owner)" }),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export function newApiKey(): string {
  return `${API_KEY_SCHEME}${randomToken(KEY_BYTES)}`;
}

/** The operator a key is credited to: the actor's own, else (CLI, system) the oldest active owner. */
async function creditedOperator(tx: Tx, actor: Actor): Promise<{ id: string; email: string; viaOwner: boolean }> {
  const own = operatorIdOf(actor);
  if (own) {
    const operator = await tx.operator.findUnique({ where: { id: own }, select: { id: true, email: true } });
    if (!operator) throw new NotFoundError(`Unknown operator: ${own}`);
    return { ...operator, viaOwner: false };
  }
  const owner = await tx.operator.findFirst({
    where: { role: "owner", disabledAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, email: true },
  });
  if (!owner) {
    throw new ConflictError(
      "An API key belongs to an operator and there is no owner yet: create one first with `npm run herald -- operator create --email ADDRESS --role owner`",
    );
  }
  return { ...owner, viaOwner: true };
}

export async function createApiKey({ actor, input }: { actor: Actor; input: CreateApiKeyInput }) {
  requirePermission(actor, "apikey.write");
  const data = CreateApiKeyInput.parse(input);
  const key = newApiKey();
  return db().$transaction(async (tx) => {
    const operator = await creditedOperator(tx, actor);
    const apiKey = await tx.apiKey.create({
      data: { name: data.name, role: data.role, prefix: key.slice(0, API_KEY_PREFIX_LENGTH), keyHash: sha256(key), operatorId: operator.id },
      select: { id: true, name: true, prefix: true, role: true, operatorId: true, createdAt: true },
    });
    await recordChange(tx, actor, "api_key.create", { type: "api_key", id: apiKey.id }, null, {
      name: apiKey.name,
      role: apiKey.role,
      prefix: apiKey.prefix,
      operatorId: apiKey.operatorId,
    });
    return { apiKey, key, operator };
  });
}

// The first owner account, made by whichever process finds no operator at start-up (npm start, or
// a web process started alone): from HERALD_ADMIN_EMAIL / HERALD_ADMIN_PASSWORD. Two processes
// starting at once make one owner: the check and the insert hold one advisory lock.
import type { Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import type { Config } from "@/lib/config";
import { db } from "@/lib/db/prisma";

/** The owner's email when only HERALD_ADMIN_PASSWORD is set (or npm start generates one). */
export const DEFAULT_OWNER_EMAIL = "admin@herald.localhost";

/** What to do when no operator exists. */
export const CREATE_OWNER_HINT =
  "no operator yet and neither HERALD_ADMIN_EMAIL nor HERALD_ADMIN_PASSWORD is set: create the owner with `npm run herald -- operator create --email you@example.com --role owner`";

export type EnsureOwnerResult =
  | { created: true; email: string; /** Set when it was generated here: shown once. */ password: string | null }
  | { created: false; reason: "exists" | "no-credentials" };

// Any fixed 64-bit number, the same in every process: the lock taken to create the first owner.
const OWNER_LOCK = 0x48524c44_0001n;

export async function ensureOwner(opts: {
  config: Pick<Config, "HERALD_ADMIN_EMAIL" | "HERALD_ADMIN_PASSWORD">;
  /** With neither variable set, make admin@herald.localhost with a generated password (npm start, which shows it once). */
  generateWhenUnset?: boolean;
  log?: (m: string) => void;
}): Promise<EnsureOwnerResult> {
  const { HERALD_ADMIN_EMAIL: envEmail, HERALD_ADMIN_PASSWORD: envPassword } = opts.config;
  const client = db();
  // The usual case, every start after the first: one cheap look, no lock, no hashing.
  if ((await client.operator.count()) > 0) return { created: false, reason: "exists" };
  if (!envEmail && !envPassword && !opts.generateWhenUnset) {
    opts.log?.(CREATE_OWNER_HINT);
    return { created: false, reason: "no-credentials" };
  }
  const email = (envEmail ?? DEFAULT_OWNER_EMAIL).toLowerCase();
  const password = envPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const system: Actor = { type: "system" };

  const made = await client.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OWNER_LOCK})`;
    if ((await tx.operator.count()) > 0) return null;
    const now = new Date();
    const operator = await tx.operator.create({
      data: { email, passwordHash, passwordChangedAt: now, role: "owner", name: "Owner" },
      select: { id: true },
    });
    await recordChange(tx, system, "operator.create", { type: "operator", id: operator.id }, null, { email, role: "owner", source: "first start" });
    return operator;
  });
  if (!made) return { created: false, reason: "exists" };
  const generated = envPassword === undefined;
  opts.log?.(`created the owner account ${email}${generated ? "" : " (password: HERALD_ADMIN_PASSWORD)"}`);
  return { created: true, email, password: generated ? password : null };
}

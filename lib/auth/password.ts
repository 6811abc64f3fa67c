// Operator passwords: argon2id via @node-rs/argon2 (prebuilt binaries in the npm package, no
// build step), with OWASP's recommended parameters (19 MiB, 2 iterations, 1 lane).
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolatedModules cannot import)

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A one-time password that is easy to type: 4 groups of 5 lowercase letters and digits. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  let out = "";
  for (let i = 0; i < 20; i++) {
    if (i > 0 && i % 5 === 0) out += "-";
    out += alphabet[bytes[i]! % alphabet.length];
  }
  return out;
}

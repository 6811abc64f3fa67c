// Text from outside (forms, links, the API), checked before it reaches PostgreSQL: a text column
// cannot hold the NUL character, and a query with one in a parameter fails.
import { z } from "zod";

export function hasNul(s: string): boolean {
  return s.includes("\u0000");
}

/** What a person is told about a NUL in a text they sent. */
export const NUL_MESSAGE = "Remove the invisible NUL character (\\0) from this text";

/**
 * An id (or a name standing for one) sent from outside: trimmed, not empty, and never with a NUL,
 * which PostgreSQL refuses in a query (a 500 instead of "not found"). `unknown` is what the person
 * is told when it cannot be one.
 */
export function recordId(unknown: string, empty: string = unknown) {
  return z.string().trim().min(1, empty).max(100, unknown).refine((s) => !hasNul(s), unknown);
}

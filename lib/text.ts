// Text from outside (forms, links, the API), checked before it reaches PostgreSQL: a text column
// cannot hold the NUL character, and a query with one in a parameter fails.

export function hasNul(s: string): boolean {
  return s.includes("\u0000");
}

/** What a person is told about a NUL in a text they sent. */
export const NUL_MESSAGE = "Remove the invisible NUL character (\\0) from this text";

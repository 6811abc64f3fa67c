// Errors a person can act on. Routes turn them into clear messages; anything else is a bug.
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A zod error as one readable line per problem. */
export function describeZodError(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/** A page's id from its URL: one that cannot be an id (too long, a NUL…) is simply not found, a 404, not a 500. */
export function parseOrNotFound<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false } }, input: unknown, message: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new NotFoundError(message);
  return r.data;
}

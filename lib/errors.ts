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

// The operator and account forms' refusals: a use case's error in the form's words. Server-only
// helpers for app/_actions/operators.ts and app/_actions/auth.ts.
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";

export type FormProblem<F extends string> = { formError: string | null; fieldErrors: Partial<Record<F, string>> };

/** The refusal as field and form errors, or null when it is not one a person can act on (a bug: rethrow). */
export function formProblem<F extends string>(e: unknown, fields: readonly F[], notAllowed: string): FormProblem<F> | null {
  if (e instanceof ZodError) {
    const fieldErrors: Partial<Record<F, string>> = {};
    const rest: typeof e.issues = [];
    for (const issue of e.issues) {
      const field = issue.path[0] as F;
      if (fields.includes(field)) fieldErrors[field] ??= `${issue.message}.`;
      else rest.push(issue);
    }
    return { formError: rest.length ? `${describeZodError({ issues: rest })}.` : null, fieldErrors };
  }
  if (e instanceof NotFoundError || e instanceof ConflictError) return { formError: `${e.message}.`, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: notAllowed, fieldErrors: {} };
  return null;
}

/** Two password fields that must match: the second's error, or null. */
export function confirmProblem(password: string, confirm: string): string | null {
  return password === confirm ? null : "The two passwords are not the same.";
}

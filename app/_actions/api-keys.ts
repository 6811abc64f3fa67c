"use server";
// The dashboard's API key forms → createApiKey, revokeApiKey. A new key comes back in the form's
// state (never in a URL, a cookie or a log) so the page can show it this once.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { createApiKey, type CreateApiKeyInput } from "@/lib/api-keys/create";
import { revokeApiKey } from "@/lib/api-keys/revoke";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

const PAGE = "/admin/api-keys";

export type ApiKeyFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"name" | "role", string>>;
  values: { name: string; role: string } | null;
  /** The key just created: shown once, then gone. */
  created: { id: string; name: string; role: string; prefix: string; key: string } | null;
};

export type ApiKeyRevokeState = { error: string | null };

export async function createApiKeyAction(_prev: ApiKeyFormState, form: FormData): Promise<ApiKeyFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null, created: null };
  const values = { name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") };
  try {
    // The role is checked by the use case's schema.
    const { apiKey, key } = await createApiKey({ actor, input: { name: values.name, role: values.role as CreateApiKeyInput["role"] } });
    revalidatePath(PAGE);
    return { formError: null, fieldErrors: {}, values: null, created: { id: apiKey.id, name: apiKey.name, role: apiKey.role, prefix: apiKey.prefix, key } };
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: ApiKeyFormState["fieldErrors"] = {};
      const rest: typeof e.issues = [];
      for (const issue of e.issues) {
        const field = issue.path[0];
        if (field === "name" || field === "role") fieldErrors[field] ??= issue.message;
        else rest.push(issue);
      }
      return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors, values, created: null };
    }
    if (e instanceof PermissionError) return { formError: "Your account is not allowed to create API keys.", fieldErrors: {}, values, created: null };
    if (e instanceof NotFoundError || e instanceof ConflictError) return { formError: e.message, fieldErrors: {}, values, created: null };
    throw e;
  }
}

export async function revokeApiKeyAction(_prev: ApiKeyRevokeState, form: FormData): Promise<ApiKeyRevokeState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM };
  try {
    await revokeApiKey({ actor, input: { apiKey: String(form.get("apiKeyId") ?? "") } });
  } catch (e) {
    if (e instanceof NotFoundError) return { error: `${e.message}. Reload the page and try again.` };
    if (e instanceof ConflictError) return { error: e.message };
    if (e instanceof PermissionError) return { error: "Your account is not allowed to revoke API keys." };
    if (e instanceof ZodError) return { error: describeZodError(e) };
    throw e;
  }
  redirect(`${PAGE}?notice=key-revoked`);
}

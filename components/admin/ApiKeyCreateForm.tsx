"use client";
// Create an API key: name and role. The new key is shown here once, with a copy button: Herald
// keeps only its hash, so leaving the page loses it for good.
import { useActionState, useState } from "react";
import { createApiKeyAction, type ApiKeyFormState } from "@/app/_actions/api-keys";
import { API_KEY_ROLE_LABELS } from "@/components/admin/ApiKeyRoles";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initial: ApiKeyFormState = { formError: null, fieldErrors: {}, values: null, created: null };
const FIELD_ANCHORS = { name: "#api-key-name", role: "#api-key-role" } as const;

function NewKey({ created }: { created: NonNullable<ApiKeyFormState["created"]> }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-green-950 dark:border-green-800 dark:bg-green-950 dark:text-green-100">
      <p className="font-medium">
        API key “{created.name}” created ({created.role}). Copy it now: it will not be shown again.
      </p>
      <label htmlFor="api-key-new" className={LABEL}>
        Your new API key
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="api-key-new"
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
          className={`${INPUT} min-w-0 flex-1 font-mono text-sm`}
          spellCheck={false}
          autoComplete="off"
        />
        <button
          type="button"
          onClick={() => void copy()}
          className="rounded-md border border-green-400 bg-white px-3 py-2 text-sm font-medium text-green-950 hover:bg-green-100 dark:border-green-700 dark:bg-green-900 dark:text-green-50 dark:hover:bg-green-800"
        >
          Copy
        </button>
      </div>
      <p aria-live="polite" className="text-sm">
        {copied === true ? "Copied to the clipboard." : copied === false ? "Could not copy: select the key and copy it yourself." : ""}
      </p>
      <p className="text-sm">
        Send it as <code className="font-mono">Authorization: OAuth {created.prefix}…</code> (or <code className="font-mono">Bearer</code>).
      </p>
    </div>
  );
}

export function ApiKeyCreateForm() {
  const [state, action] = useActionState(createApiKeyAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = Object.entries(errors) as [keyof typeof FIELD_ANCHORS, string][];
  // A fresh key per answer: refused values come back as defaults; after a creation the fields are empty.
  const key = state.created ? `created-${state.created.id}` : v ? JSON.stringify(v) : "empty";
  return (
    <div className="space-y-4">
      {state.created ? <NewKey created={state.created} /> : null}
      <form key={key} action={action} className="space-y-4" noValidate>
        <ErrorSummary title="The key was not created:" formError={state.formError} problems={problems.map(([field, message]) => ({ href: FIELD_ANCHORS[field], message }))} />
        <div className="grid gap-4 sm:grid-cols-[1fr_14rem]">
          <div>
            <label htmlFor="api-key-name" className={LABEL}>
              Key name
            </label>
            <input
              id="api-key-name"
              name="name"
              type="text"
              required
              maxLength={100}
              defaultValue={v?.name ?? ""}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? "api-key-name-error api-key-name-help" : "api-key-name-help"}
              className={`mt-1 ${INPUT}`}
            />
            <p id="api-key-name-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              What will use it, e.g. “Deploy pipeline”.
            </p>
            {errors.name ? (
              <p id="api-key-name-error" className={FIELD_ERROR}>
                {errors.name}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="api-key-role" className={LABEL}>
              Role
            </label>
            <select
              id="api-key-role"
              name="role"
              defaultValue={v?.role ?? "editor"}
              aria-invalid={errors.role ? true : undefined}
              aria-describedby={errors.role ? "api-key-role-error" : undefined}
              className={`mt-1 ${INPUT}`}
            >
              {Object.entries(API_KEY_ROLE_LABELS).map(([role, label]) => (
                <option key={role} value={role}>
                  {label}
                </option>
              ))}
            </select>
            {errors.role ? (
              <p id="api-key-role-error" className={FIELD_ERROR}>
                {errors.role}
              </p>
            ) : null}
          </div>
        </div>
        <SubmitButton pendingText="Creating…">Create API key</SubmitButton>
      </form>
    </div>
  );
}

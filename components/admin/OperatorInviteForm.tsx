"use client";
import { useActionState } from "react";
import { inviteOperatorAction, type InviteFormState } from "@/app/_actions/operators";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary, Field } from "@/components/admin/OperatorFormParts";

const initial: InviteFormState = { formError: null, fieldErrors: {}, values: null };

const ROLE_CHOICES = [
  { value: "editor", label: "Editor" },
  { value: "admin", label: "Admin" },
] as const;

export function OperatorInviteForm() {
  const [state, action] = useActionState(inviteOperatorAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  // A fresh key per refused submit makes React re-apply the returned values as defaults.
  const key = v ? JSON.stringify(v) : "empty";
  return (
    <form key={key} action={action} className="space-y-4" noValidate>
      <ErrorSummary title="The invitation was not sent:" formError={state.formError} fieldErrors={errors} anchors={{ email: "invite-email", role: "invite-role" }} />
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field
          id="invite-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={320}
          defaultValue={v?.email ?? ""}
          error={errors.email}
        />
        <div>
          <label htmlFor="invite-role" className={LABEL}>
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            defaultValue={v?.role ?? "editor"}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? "invite-role-error" : undefined}
            className={`mt-1 ${INPUT}`}
          >
            {ROLE_CHOICES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          {errors.role ? (
            <p id="invite-role-error" className={FIELD_ERROR}>
              {errors.role}
            </p>
          ) : null}
        </div>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        They get a mail with a link, valid 7 days, where they choose their name and password.
      </p>
      <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

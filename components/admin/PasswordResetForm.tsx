"use client";
import { useActionState } from "react";
import { resetPasswordAction, type ResetPasswordState } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/SubmitButton";
import { ErrorSummary, Field } from "@/components/admin/OperatorFormParts";

const initial: ResetPasswordState = { formError: null, fieldErrors: {} };
const ANCHORS = { password: "reset-password", confirm: "reset-confirm" };

/** The form a reset link opens: a new password, twice. */
export function PasswordResetForm({ token, email, minLength }: { token: string; email: string; minLength: number }) {
  const [state, action] = useActionState(resetPasswordAction, initial);
  const errors = state.fieldErrors;
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <ErrorSummary title="Your password was not changed:" formError={state.formError} fieldErrors={errors} anchors={ANCHORS} />
      <input type="hidden" name="token" value={token} />
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        id="reset-password"
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        help={`At least ${minLength} characters.`}
        error={errors.password}
      />
      <Field id="reset-confirm" label="Type it again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <SubmitButton pendingText="Saving…" className="w-full">
        Set new password
      </SubmitButton>
    </form>
  );
}

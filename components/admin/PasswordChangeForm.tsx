"use client";
import { useActionState } from "react";
import { changePasswordAction, type PasswordFormState } from "@/app/_actions/operators";
import { SubmitButton } from "@/components/SubmitButton";
import { ErrorSummary, Field } from "@/components/admin/OperatorFormParts";

const initial: PasswordFormState = { formError: null, fieldErrors: {} };
const ANCHORS = { currentPassword: "current-password", newPassword: "new-password", confirm: "confirm-password" };

export function PasswordChangeForm({ minLength }: { minLength: number }) {
  const [state, action] = useActionState(changePasswordAction, initial);
  const errors = state.fieldErrors;
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <ErrorSummary title="Your password was not changed:" formError={state.formError} fieldErrors={errors} anchors={ANCHORS} />
      <Field id="current-password" label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
      <Field
        id="new-password"
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        help={`At least ${minLength} characters. A few unrelated words make a good one.`}
        error={errors.newPassword}
      />
      <Field id="confirm-password" label="Type it again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your other sessions (other browsers, other devices) are logged out; this one stays.</p>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}

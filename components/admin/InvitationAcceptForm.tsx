"use client";
import { useActionState } from "react";
import { acceptInvitationAction, type AcceptInvitationState } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/SubmitButton";
import { ErrorSummary, Field } from "@/components/admin/OperatorFormParts";

const initial: AcceptInvitationState = { formError: null, fieldErrors: {}, values: null };
const ANCHORS = { name: "invitation-name", password: "invitation-password", confirm: "invitation-confirm" };

/** What an invited operator fills in: their name and a password; then they are logged in. */
export function InvitationAcceptForm({ token, email, minLength }: { token: string; email: string; minLength: number }) {
  const [state, action] = useActionState(acceptInvitationAction, initial);
  const errors = state.fieldErrors;
  const key = state.values ? JSON.stringify(state.values) : "empty";
  return (
    <form key={key} action={action} className="mt-6 space-y-4" noValidate>
      <ErrorSummary title="Your account was not set up:" formError={state.formError} fieldErrors={errors} anchors={ANCHORS} />
      <input type="hidden" name="token" value={token} />
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="invitation-name" label="Your name" name="name" type="text" autoComplete="name" required maxLength={100} defaultValue={state.values?.name ?? ""} error={errors.name} />
      <Field
        id="invitation-password"
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        help={`At least ${minLength} characters.`}
        error={errors.password}
      />
      <Field id="invitation-confirm" label="Type it again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <SubmitButton pendingText="Setting up…" className="w-full">
        Join and log in
      </SubmitButton>
    </form>
  );
}

"use client";
import { useActionState } from "react";
import { forgotPasswordAction, type ForgotPasswordState } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/SubmitButton";
import { Field } from "@/components/admin/OperatorFormParts";

const initial: ForgotPasswordState = { done: null, error: null, email: "" };

export function PasswordForgotForm() {
  const [state, action] = useActionState(forgotPasswordAction, initial);
  if (state.done) {
    return (
      <p role="status" className="mt-6 rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
        {state.done}
      </p>
    );
  }
  return (
    <form key={state.email} action={action} className="mt-6 space-y-4" noValidate>
      <Field id="forgot-email" label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.email} error={state.error ?? undefined} />
      <SubmitButton pendingText="Sending…" className="w-full">
        Mail me a link
      </SubmitButton>
    </form>
  );
}

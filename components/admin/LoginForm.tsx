"use client";
import { useActionState } from "react";
import { loginAction, type LoginState } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";

const initial: LoginState = { error: null, email: "" };

export function LoginForm() {
  const [state, action] = useActionState(loginAction, initial);
  return (
    <form action={action} className="mt-6 space-y-4">
      {state.error ? (
        <p id="login-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
          {state.error}
        </p>
      ) : null}
      <div>
        <label htmlFor="login-email" className={LABEL}>
          Email
        </label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-describedby={state.error ? "login-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
      </div>
      <div>
        <label htmlFor="login-password" className={LABEL}>
          Password
        </label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={state.error ? "login-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
      </div>
      <SubmitButton pendingText="Logging in…" className="w-full">
        Log in
      </SubmitButton>
    </form>
  );
}

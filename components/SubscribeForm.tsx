"use client";
import { useActionState } from "react";
import { subscribeAction, type SubscribeState } from "@/app/_actions/subscribe";
import { SubmitButton } from "@/components/SubmitButton";

const initial: SubscribeState = { status: "idle" };

export function SubscribeForm() {
  const [state, action] = useActionState(subscribeAction, initial);
  const error = state.status === "error" ? state.message : null;
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="flex flex-col gap-1.5">
        <label htmlFor="subscribe-address" className="text-sm font-medium">
          Email address
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="subscribe-address"
            name="address"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={320}
            defaultValue={state.status === "error" ? state.address : ""}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "subscribe-error" : "subscribe-help"}
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
            placeholder="you@example.com"
          />
          <SubmitButton pendingText="Subscribing…">Subscribe</SubmitButton>
        </div>
      </div>
      <p id="subscribe-help" className="text-sm text-zinc-600 dark:text-zinc-400">
        Get an email when an incident is posted, updated or resolved. Unsubscribe at any time.
      </p>
      <div aria-live="polite">
        {state.status === "ok" ? (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm font-medium text-green-800 dark:bg-green-950 dark:text-green-300">
            Check your inbox to confirm your subscription.
          </p>
        ) : null}
      </div>
      {error ? (
        <p id="subscribe-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}

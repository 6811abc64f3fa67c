"use client";
import { useActionState } from "react";
import { unsubscribeAction, type UnsubscribeState } from "@/app/_actions/unsubscribe";
import { SubmitButton } from "@/components/SubmitButton";

const initial: UnsubscribeState = { status: "idle" };

export function UnsubscribeForm({ token }: { token: string }) {
  const [state, action] = useActionState(unsubscribeAction, initial);
  if (state.status === "done") {
    return (
      <p role="status" className="rounded-md bg-green-50 px-3 py-2 font-medium text-green-800 dark:bg-green-950 dark:text-green-300">
        You have been unsubscribed. {state.address} will get no more status emails.
      </p>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <p>You will stop getting emails about incidents and maintenance.</p>
      {state.status === "invalid" ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
          This unsubscribe link is not valid. It may be mistyped.
        </p>
      ) : null}
      <SubmitButton pendingText="Unsubscribing…">Unsubscribe</SubmitButton>
    </form>
  );
}

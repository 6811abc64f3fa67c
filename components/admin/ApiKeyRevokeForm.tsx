"use client";
// Revoking a key takes two steps: "Revoke…" reveals the confirmation, which names the key; only
// its own button revokes. Whatever uses the key stops working at once.
import { useActionState, useState } from "react";
import { revokeApiKeyAction, type ApiKeyRevokeState } from "@/app/_actions/api-keys";
import { SubmitButton } from "@/components/SubmitButton";

const initial: ApiKeyRevokeState = { error: null };
const BUTTON = "inline-flex items-center justify-center rounded-md px-3 py-1.5 text-sm font-medium";

export function ApiKeyRevokeForm({ apiKey }: { apiKey: { id: string; name: string; prefix: string } }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(revokeApiKeyAction, initial);
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className={`${BUTTON} border border-red-300 text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950`}
      >
        Revoke…<span className="sr-only"> {apiKey.name}</span>
      </button>
    );
  }
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="apiKeyId" value={apiKey.id} />
      <p className="text-sm">
        Revoke <strong>{apiKey.name}</strong> (<code className="font-mono">{apiKey.prefix}…</code>)? Whatever uses it stops working at once.
      </p>
      {state.error ? (
        <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
          {state.error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Revoking…" className="bg-red-700! px-3! py-1.5! text-sm hover:bg-red-800! dark:bg-red-600! dark:hover:bg-red-500!">
          Revoke {apiKey.name}
        </SubmitButton>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className={`${BUTTON} border border-zinc-300 text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800`}
        >
          Keep it
        </button>
      </div>
    </form>
  );
}

"use client";
import { useActionState, useState } from "react";
import { operatorRowAction, type OperatorRowState } from "@/app/_actions/operators";
import { SubmitButton } from "@/components/SubmitButton";
import type { OperatorState } from "@/lib/operators/rules";

const initial: OperatorRowState = { error: null };

const SECONDARY =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
const DANGER = "bg-red-700! hover:bg-red-800! dark:bg-red-600! dark:hover:bg-red-500! px-3! py-1.5! text-sm";

/** One operator's buttons: resend an invitation, enable, or disable (which asks again first). */
export function OperatorRowActions({ operatorId, email, state, isYou }: { operatorId: string; email: string; state: OperatorState; isYou: boolean }) {
  const [result, action] = useActionState(operatorRowAction, initial);
  const [confirming, setConfirming] = useState(false);
  if (isYou) return <span className="text-sm text-zinc-600 dark:text-zinc-400">This is you</span>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {state === "invited" ? (
          <form action={action}>
            <input type="hidden" name="operatorId" value={operatorId} />
            <input type="hidden" name="do" value="resend" />
            <SubmitButton pendingText="Sending…" className="px-3! py-1.5! text-sm">
              <span>
                Resend invitation<span className="sr-only"> to {email}</span>
              </span>
            </SubmitButton>
          </form>
        ) : null}
        {state === "disabled" ? (
          <form action={action}>
            <input type="hidden" name="operatorId" value={operatorId} />
            <input type="hidden" name="do" value="enable" />
            <SubmitButton pendingText="Enabling…" className="px-3! py-1.5! text-sm">
              <span>
                Enable<span className="sr-only"> {email}</span>
              </span>
            </SubmitButton>
          </form>
        ) : confirming ? (
          <form action={action} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="operatorId" value={operatorId} />
            <input type="hidden" name="do" value="disable" />
            <SubmitButton pendingText="Disabling…" className={DANGER}>
              Yes, disable {email}
            </SubmitButton>
            <button type="button" onClick={() => setConfirming(false)} className={SECONDARY}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} className={SECONDARY}>
            Disable…<span className="sr-only"> {email}</span>
          </button>
        )}
      </div>
      {confirming && state !== "disabled" ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">They are logged out at once and cannot log in until enabled again.</p>
      ) : null}
      {result.error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {result.error}
        </p>
      ) : null}
    </div>
  );
}

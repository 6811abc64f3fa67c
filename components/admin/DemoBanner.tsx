"use client";
// Shown on every dashboard page while the first-run demo content is on the page. "Start fresh"
// removes it, in two steps: the first button only reveals the second (no window.confirm).
import { useActionState, useEffect, useRef, useState } from "react";
import { removeDemoAction, type DemoRemoveState } from "@/app/_actions/demo";
import { SubmitButton } from "@/components/SubmitButton";

const initial: DemoRemoveState = { formError: null };

const BUTTON = "inline-flex items-center justify-center rounded-md px-4 py-2 font-medium";

export function DemoBanner({ canRemove }: { canRemove: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(removeDemoAction, initial);
  // The button pressed disappears: focus goes to the safe choice of the next step, and back.
  const start = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (asked) (confirming ? keep : start).current?.focus();
  }, [asked, confirming]);
  const choose = (next: boolean) => {
    setAsked(true);
    setConfirming(next);
  };
  return (
    <section
      aria-labelledby="demo-banner-heading"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto flex max-w-5xl flex-col gap-3 px-4 py-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <p id="demo-banner-heading" className="font-semibold">
              This is demo content
            </p>
            <p className="text-sm">The components, incidents, metrics and subscribers here were made up to show how Herald looks.</p>
          </div>
          {canRemove && !confirming ? (
            <button
              ref={start}
              type="button"
              onClick={() => choose(true)}
              className={`${BUTTON} border border-amber-400 bg-white text-amber-950 hover:bg-amber-100 dark:border-amber-700 dark:bg-amber-900 dark:text-amber-50 dark:hover:bg-amber-800`}
            >
              Start fresh
            </button>
          ) : null}
          {!canRemove ? <p className="text-sm">An owner or admin can remove it.</p> : null}
        </div>
        {canRemove && confirming ? (
          <form id="demo-remove-confirm" action={action} className="space-y-3 rounded-md border border-amber-300 bg-white p-4 dark:border-amber-800 dark:bg-zinc-900">
            <p className="text-sm text-zinc-800 dark:text-zinc-200">
              This removes every component and group, incident and maintenance, metric, subscriber, notification, captured message and incident template.
              Operators, API keys and the audit log stay. It cannot be undone.
            </p>
            {state.formError ? (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
                {state.formError}
              </p>
            ) : null}
            <input type="hidden" name="confirm" value="remove-demo" />
            <div className="flex flex-wrap gap-3">
              <SubmitButton pendingText="Removing…" className="bg-red-700! hover:bg-red-800! dark:bg-red-600! dark:hover:bg-red-500!">
                Remove the demo content
              </SubmitButton>
              <button
                ref={keep}
                type="button"
                onClick={() => choose(false)}
                className={`${BUTTON} border border-zinc-300 text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800`}
              >
                Keep it
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </section>
  );
}

"use client";
// "Preview" beside a posting form's submit button: it sends the form to a preview action (which
// posts nothing) without submitting it, so what was typed stays as it is, and keeps the answer
// until the next preview. An edit after it marks the preview stale.
import { useState, useTransition, type RefObject } from "react";
import type { PreviewState } from "@/app/_actions/incidents";

/** `panelRef`: where the answer shows; it gets the focus (and the view) when a preview arrives. */
export function usePostingPreview(
  action: (form: FormData) => Promise<PreviewState>,
  formRef: RefObject<HTMLFormElement | null>,
  panelRef: RefObject<HTMLElement | null>,
) {
  const [state, setState] = useState<PreviewState | null>(null);
  const [stale, setStale] = useState(false);
  const [pending, startTransition] = useTransition();
  return {
    state,
    stale,
    pending,
    run() {
      const form = formRef.current;
      if (!form) return;
      const data = new FormData(form);
      startTransition(async () => {
        const answer = await action(data);
        setState(answer);
        setStale(false);
        // A refusal shows in the form's summary, at its top; a preview below the form.
        requestAnimationFrame(() => {
          const target = answer.preview ? panelRef.current : form.querySelector<HTMLElement>('[role="alert"]');
          target?.focus();
          target?.scrollIntoView({ block: "start" });
        });
      });
    },
    /** The form changed: what the preview shows may no longer be what will be sent. */
    changed() {
      if (state?.preview) setStale(true);
    },
    /** A post was submitted: its own answer replaces the preview's refusals. */
    clear() {
      setState(null);
      setStale(false);
    },
  };
}

export function PreviewButton({ pending, onPreview }: { pending: boolean; onPreview: () => void }) {
  return (
    <button
      type="button"
      onClick={onPreview}
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex items-center justify-center rounded-md border border-zinc-300 bg-white px-4 py-2 font-medium text-zinc-900 shadow-sm hover:bg-zinc-50 disabled:cursor-wait disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
    >
      {pending ? "Preparing preview…" : "Preview"}
    </button>
  );
}

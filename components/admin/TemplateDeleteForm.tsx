"use client";
// Deleting a template takes two clicks: "Delete" reveals the confirmation naming the template,
// which alone submits (the first click cannot delete anything). Incidents started from it stay.
import { useActionState, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { deleteTemplateAction, type DeleteTemplateState } from "@/app/_actions/templates";

const initial: DeleteTemplateState = { formError: null };

function ConfirmButton({ name }: { name: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:cursor-wait disabled:opacity-60 dark:bg-red-700 dark:hover:bg-red-600"
    >
      {pending ? "Deleting…" : `Yes, delete “${name}”`}
    </button>
  );
}

export function TemplateDeleteForm({ template }: { template: { id: string; name: string } }) {
  const [state, action] = useActionState(deleteTemplateAction, initial);
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="templateId" value={template.id} />
      {confirming ? (
        <>
          <ConfirmButton name={template.name} />
          <button
            ref={cancelRef}
            type="button"
            onClick={() => setConfirming(false)}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() => {
            setConfirming(true);
            // The confirmation appears where the focus was: move it to the safe choice.
            requestAnimationFrame(() => cancelRef.current?.focus());
          }}
          aria-label={`Delete template ${template.name}`}
          className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
        >
          Delete
        </button>
      )}
      {state.formError ? (
        <p role="alert" className="w-full text-sm font-medium text-red-700 dark:text-red-400">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}

"use client";
// "Edit text" on one update of the timeline: the text, corrected in place. Subscribers are not
// notified again; the page shows the new text. The page keys this by the update's text, so a saved
// edit comes back closed.
import { useActionState, useState } from "react";
import { editUpdateAction, type EditUpdateFormState } from "@/app/_actions/incident-manage";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initial: EditUpdateFormState = { formError: null, fieldErrors: {}, values: null };

const SECONDARY =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";

export function EditUpdateForm({ update }: { update: { id: string; body: string } }) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(editUpdateAction, initial);
  const [seen, setSeen] = useState(state);
  // A refused edit opens (stays open) with what was typed.
  if (state !== seen) {
    setSeen(state);
    if (state.values) setOpen(true);
  }
  const v = state.values;
  const error = state.fieldErrors.body;
  const id = `edit-${update.id}`;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-expanded={false} aria-controls={id} className={`mt-2 ${SECONDARY}`}>
        Edit text
      </button>
    );
  }
  return (
    <form id={id} key={v ? JSON.stringify(v) : "empty"} action={action} className="mt-2 space-y-2" noValidate>
      <input type="hidden" name="updateId" value={update.id} />
      <ErrorSummary title="The text was not saved:" formError={state.formError} problems={error ? [{ href: `#${id}-body`, message: error }] : []} />
      <div>
        <label htmlFor={`${id}-body`} className={LABEL}>
          Update text
        </label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={4}
          required
          maxLength={20_000}
          defaultValue={v?.body ?? update.body}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error ${id}-help` : `${id}-help`}
          className={`mt-1 ${INPUT}`}
        />
        <p id={`${id}-help`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Corrects the text on the page. Subscribers are not notified again.
        </p>
        {error ? (
          <p id={`${id}-error`} className={FIELD_ERROR}>
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <SubmitButton pendingText="Saving…">Save text</SubmitButton>
        <button type="button" onClick={() => setOpen(false)} className={SECONDARY}>
          Cancel
        </button>
      </div>
    </form>
  );
}

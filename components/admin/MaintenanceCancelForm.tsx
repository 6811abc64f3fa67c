"use client";
import { useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import { cancelMaintenanceAction, type MaintenanceCancelFormState } from "@/app/_actions/maintenance";
import { INPUT, LABEL } from "@/components/admin/fields";
import { Checkbox, ErrorSummary, FieldError } from "@/components/admin/MaintenanceFields";

const initial: MaintenanceCancelFormState = { formError: null, fieldErrors: {}, values: null };

const DANGER =
  "inline-flex items-center justify-center rounded-md border border-red-700 px-4 py-2 font-medium text-red-800 hover:bg-red-50 dark:border-red-500 dark:text-red-300 dark:hover:bg-red-950";

/** The confirming button: disabled while the cancellation runs (no double post). */
function ConfirmButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-wait disabled:opacity-70 dark:bg-red-600 dark:hover:bg-red-500"
    >
      {pending ? "Cancelling…" : "Yes, cancel this maintenance"}
    </button>
  );
}

/**
 * Cancelling takes two steps: "Cancel maintenance…" reveals what will happen, the closing message
 * and the button that does it; "Keep it" goes back.
 */
export function MaintenanceCancelForm({ incidentId, name, started, defaultMessage }: { incidentId: string; name: string; started: boolean; defaultMessage: string }) {
  const [state, action] = useActionState(cancelMaintenanceAction, initial);
  const [confirming, setConfirming] = useState(false);
  // A refusal keeps the step open, until "Keep it" closes it.
  const [dismissed, setDismissed] = useState<MaintenanceCancelFormState | null>(null);
  const v = state.values;
  const open = confirming || (v !== null && dismissed !== state);
  if (!open) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={DANGER}>
        Cancel maintenance…
      </button>
    );
  }
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-5 rounded-lg border border-red-300 p-4 dark:border-red-800" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <ErrorSummary
        title="The maintenance was not cancelled:"
        formError={state.formError}
        problems={state.fieldErrors.message ? [{ href: "#cancel-message", message: state.fieldErrors.message }] : []}
      />
      <p className="text-sm">
        &ldquo;{name}&rdquo; will be marked <strong>completed</strong> with the closing message below
        {started ? ", and its components still under maintenance go back to operational" : ""}. This cannot be undone.
      </p>
      <div>
        <label htmlFor="cancel-message" className={LABEL}>
          Closing message
        </label>
        <textarea
          id="cancel-message"
          name="message"
          rows={3}
          maxLength={20_000}
          defaultValue={v?.message ?? defaultMessage}
          aria-invalid={state.fieldErrors.message ? true : undefined}
          aria-describedby={state.fieldErrors.message ? "cancel-message-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="cancel-message-error" message={state.fieldErrors.message} />
      </div>
      <Checkbox id="cancel-notify" name="notify" label="Announce the cancellation to subscribers" defaultChecked={v ? v.notify : true} />
      <div className="flex flex-wrap gap-3">
        <ConfirmButton />
        <button
          type="button"
          onClick={() => {
            setConfirming(false);
            setDismissed(state);
          }} className="rounded-md px-4 py-2 font-medium text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800">
          Keep it
        </button>
      </div>
    </form>
  );
}

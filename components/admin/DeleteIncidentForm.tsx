"use client";
// The incident page's Delete section. Deleting cannot be undone, so the operator types the name
// first (the button stays disabled until it matches; the server checks it again).
import { useActionState, useState } from "react";
import { deleteIncidentAction, type DeleteFormState } from "@/app/_actions/incident-manage";
import type { IncidentKind } from "@/lib/vocabulary";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { useFormStatus } from "react-dom";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initial: DeleteFormState = { formError: null, fieldErrors: {}, values: null };

function DeleteButton({ ready, label }: { ready: boolean; label: string }) {
  const { pending } = useFormStatus();
  const disabled = pending || !ready;
  return (
    <button
      type="submit"
      disabled={disabled}
      aria-disabled={disabled}
      className="inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-red-700 dark:hover:bg-red-600"
    >
      {pending ? "Deleting…" : label}
    </button>
  );
}

export function DeleteIncidentForm({ incident }: { incident: { id: string; name: string; kind: IncidentKind } }) {
  const [state, action] = useActionState(deleteIncidentAction, initial);
  const [typed, setTyped] = useState("");
  const [seen, setSeen] = useState(state);
  // A refused delete shows again what was typed.
  if (state !== seen) {
    setSeen(state);
    setTyped(state.values?.confirmName ?? "");
  }
  const error = state.fieldErrors.confirmName;
  const what = incident.kind === "maintenance" ? "maintenance" : "incident";
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="incidentId" value={incident.id} />
      <ErrorSummary title={`The ${what} was not deleted:`} formError={state.formError} problems={error ? [{ href: "#delete-confirm", message: error }] : []} />
      <div>
        <label htmlFor="delete-confirm" className={LABEL}>
          Type the {what}’s name to confirm
        </label>
        <input
          id="delete-confirm"
          name="confirmName"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "delete-confirm-error delete-confirm-help" : "delete-confirm-help"}
          className={`mt-1 ${INPUT}`}
        />
        <p id="delete-confirm-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          The name is <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{incident.name}</strong>
        </p>
        {error ? (
          <p id="delete-confirm-error" className={FIELD_ERROR}>
            {error}
          </p>
        ) : null}
      </div>
      <DeleteButton ready={typed.trim() === incident.name.trim()} label={`Delete ${what}`} />
    </form>
  );
}

"use client";
// The incident page's Resolve section: a closing message (a default one when left empty), the
// components set back to operational (on by default, as the CLI does) and whether to notify.
import { useActionState } from "react";
import { resolveIncidentAction, type ResolveFormState } from "@/app/_actions/incident-manage";
import { COMPONENT_STATUS_LABELS, type ComponentStatus, type IncidentKind } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

const initial: ResolveFormState = { formError: null, fieldErrors: {}, values: null };

export function ResolveIncidentForm({
  incident,
  defaultMessage,
}: {
  incident: { id: string; kind: IncidentKind; components: { id: string; name: string; status: ComponentStatus }[] };
  defaultMessage: string;
}) {
  const [state, action] = useActionState(resolveIncidentAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const maintenance = incident.kind === "maintenance";
  const notOperational = incident.components.filter((c) => c.status !== "operational");
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="incidentId" value={incident.id} />
      <ErrorSummary title={maintenance ? "The maintenance was not completed:" : "The incident was not resolved:"} formError={state.formError} problems={errors.message ? [{ href: "#resolve-message", message: errors.message }] : []} />
      <div>
        <label htmlFor="resolve-message" className={LABEL}>
          Closing message
        </label>
        <textarea
          id="resolve-message"
          name="message"
          rows={3}
          maxLength={20_000}
          placeholder={defaultMessage}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "resolve-message-error resolve-message-help" : "resolve-message-help"}
          className={`mt-1 ${INPUT}`}
        />
        <p id="resolve-message-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Left empty, the page says “{defaultMessage}”
        </p>
        {errors.message ? (
          <p id="resolve-message-error" className={FIELD_ERROR}>
            {errors.message}
          </p>
        ) : null}
      </div>
      <div className="flex items-start gap-2">
        <input id="resolve-restore" name="restore" type="checkbox" defaultChecked={v ? v.restore : true} aria-describedby="resolve-restore-help" className="mt-1 size-4" />
        <div>
          <label htmlFor="resolve-restore" className="text-sm font-medium">
            Set the affected components back to operational
          </label>
          <p id="resolve-restore-help" className="text-sm text-zinc-600 dark:text-zinc-400">
            {notOperational.length
              ? `Now: ${notOperational.map((c) => `${c.name} (${COMPONENT_STATUS_LABELS[c.status].toLowerCase()})`).join(", ")}.`
              : "Its components are all operational already."}
          </p>
        </div>
      </div>
      <div className="flex items-center gap-2">
        <input id="resolve-notify" name="notify" type="checkbox" defaultChecked={v ? v.notify : true} className="size-4" />
        <label htmlFor="resolve-notify" className="text-sm font-medium">
          Notify subscribers
        </label>
      </div>
      <SubmitButton pendingText={maintenance ? "Completing…" : "Resolving…"}>{maintenance ? "Complete maintenance" : "Resolve incident"}</SubmitButton>
    </form>
  );
}

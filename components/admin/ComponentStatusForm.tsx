"use client";
// Set a component's status directly, outside any incident (lib/components/set-status.ts).
import { useActionState } from "react";
import { setComponentStatusAction, type StatusFormState } from "@/app/_actions/components";
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, type ComponentStatus } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { ErrorSummary } from "@/components/admin/ComponentFormParts";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

const initial: StatusFormState = { formError: null, fieldErrors: {}, values: null };

export function ComponentStatusForm({ component }: { component: { id: string; name: string; status: ComponentStatus } }) {
  const [state, action] = useActionState(setComponentStatusAction, initial);
  const id = `component-${component.id}-status`;
  const error = state.fieldErrors.status;
  return (
    <form key={state.values ? JSON.stringify(state.values) : component.status} action={action} className="space-y-2" noValidate>
      <input type="hidden" name="componentId" value={component.id} />
      <ErrorSummary title="The status was not set:" formError={state.formError} fieldErrors={state.fieldErrors} anchors={{ status: id }} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor={id} className={LABEL}>
            Status
          </label>
          <select
            id={id}
            name="status"
            defaultValue={state.values?.status ?? component.status}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? `${id}-error` : null, `${id}-help`].filter(Boolean).join(" ")}
            className={`mt-1 ${INPUT}`}
          >
            {COMPONENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {COMPONENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2 pb-2">
          <input id={`${id}-notify`} name="notify" type="checkbox" defaultChecked={state.values ? state.values.notify : true} className="size-4" />
          <label htmlFor={`${id}-notify`} className="text-sm font-medium">
            Notify webhook subscribers
          </label>
        </div>
        <SubmitButton pendingText="Setting…">Set status</SubmitButton>
      </div>
      {error ? (
        <p id={`${id}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      ) : null}
      <p id={`${id}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
        Sets it now, outside any incident: the change is recorded in its history (its uptime bars) and webhook subscribers are notified.
      </p>
    </form>
  );
}

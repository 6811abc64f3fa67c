"use client";
import { useActionState } from "react";
import { updateIncidentAction, type UpdateFormState } from "@/app/_actions/incidents";
import type { IncidentForUpdate } from "@/lib/admin/incident";
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, MAINTENANCE_STATUSES } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

const initial: UpdateFormState = { formError: null, fieldErrors: {}, values: null };

export function UpdateIncidentForm({ incident }: { incident: IncidentForUpdate }) {
  const [state, action] = useActionState(updateIncidentAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const statuses = incident.kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const problems = Object.values(errors);
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-5" noValidate>
      <input type="hidden" name="incidentId" value={incident.id} />
      {state.formError || problems.length ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
          <p className="font-medium">{state.formError ?? "The update was not posted:"}</p>
          {problems.length ? (
            <ul className="mt-1 list-disc pl-5">
              {problems.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="update-status" className={LABEL}>
          Status
        </label>
        <select id="update-status" name="status" defaultValue={v?.status ?? incident.status} aria-invalid={errors.status ? true : undefined} className={`mt-1 ${INPUT}`}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {errors.status ? <p className={FIELD_ERROR}>{errors.status}</p> : null}
      </div>
      <div>
        <label htmlFor="update-message" className={LABEL}>
          Message
        </label>
        <textarea
          id="update-message"
          name="message"
          rows={4}
          required
          maxLength={20_000}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          className={`mt-1 ${INPUT}`}
        />
        {errors.message ? <p className={FIELD_ERROR}>{errors.message}</p> : null}
      </div>
      {incident.components.length ? (
        <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <legend className="px-1 text-sm font-semibold">Components</legend>
          {incident.components.map((c) => (
            <div key={c.id} className="grid grid-cols-1 items-center gap-1 sm:grid-cols-[1fr_14rem] sm:gap-4">
              <label htmlFor={`update-component-${c.id}`} className="text-sm font-medium">
                {c.name} <span className="font-normal text-zinc-600 dark:text-zinc-400">(now {COMPONENT_STATUS_LABELS[c.status].toLowerCase()})</span>
              </label>
              <select id={`update-component-${c.id}`} name={`component:${c.id}`} defaultValue={v?.components[c.id] ?? ""} className={INPUT}>
                <option value="">No change</option>
                {COMPONENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {COMPONENT_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {errors.components ? <p className={FIELD_ERROR}>{errors.components}</p> : null}
        </fieldset>
      ) : null}
      <div className="flex items-center gap-2">
        <input id="update-notify" name="notify" type="checkbox" defaultChecked={v ? v.notify : true} className="size-4" />
        <label htmlFor="update-notify" className="text-sm font-medium">
          Notify subscribers
        </label>
      </div>
      <SubmitButton pendingText="Posting…">Post update</SubmitButton>
    </form>
  );
}

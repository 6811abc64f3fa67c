"use client";
import { useActionState } from "react";
import { createIncidentAction, type IncidentFormState } from "@/app/_actions/incidents";
import type { FormComponent, FormComponentSection } from "@/lib/admin/components";
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, INCIDENT_STATUSES, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

const FIELD_ANCHORS = { name: "#incident-name", status: "#incident-status", message: "#incident-message", components: "#incident-components" } as const;

const initial: IncidentFormState = { formError: null, fieldErrors: {}, values: null };

function ComponentSelect({ component, value }: { component: FormComponent; value: string }) {
  const id = `component-${component.id}`;
  return (
    <div className="grid grid-cols-1 items-center gap-1 sm:grid-cols-[1fr_14rem] sm:gap-4">
      <label htmlFor={id} className="text-sm font-medium">
        {component.name}
      </label>
      <div>
        <select id={id} name={`component:${component.id}`} defaultValue={value} aria-describedby={`${id}-current`} className={INPUT}>
          <option value="">No change</option>
          {COMPONENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {COMPONENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <p id={`${id}-current`} className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Now: {COMPONENT_STATUS_LABELS[component.status]}
        </p>
      </div>
    </div>
  );
}

export function NewIncidentForm({ sections }: { sections: FormComponentSection[] }) {
  const [state, action] = useActionState(createIncidentAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = Object.entries(errors) as [keyof typeof FIELD_ANCHORS, string][];
  // A fresh key per failed submit makes React re-apply the returned values as defaults.
  const key = v ? JSON.stringify(v) : "empty";
  return (
    <form key={key} action={action} className="space-y-6" noValidate>
      {state.formError || problems.length ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
          <p className="font-medium">{state.formError ?? "The incident was not posted:"}</p>
          {problems.length ? (
            <ul className="mt-1 list-disc pl-5">
              {problems.map(([field, message]) => (
                <li key={field}>
                  <a href={FIELD_ANCHORS[field]} className="underline">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div>
        <label htmlFor="incident-name" className={LABEL}>
          Name
        </label>
        <input
          id="incident-name"
          name="name"
          type="text"
          required
          maxLength={200}
          defaultValue={v?.name ?? ""}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "incident-name-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
        {errors.name ? (
          <p id="incident-name-error" className={FIELD_ERROR}>
            {errors.name}
          </p>
        ) : null}
      </div>

      <div>
        <label htmlFor="incident-status" className={LABEL}>
          Status
        </label>
        <select
          id="incident-status"
          name="status"
          defaultValue={v?.status ?? "investigating"}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={errors.status ? "incident-status-error" : undefined}
          className={`mt-1 ${INPUT}`}
        >
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {errors.status ? (
          <p id="incident-status-error" className={FIELD_ERROR}>
            {errors.status}
          </p>
        ) : null}
      </div>

      <div>
        <label htmlFor="incident-message" className={LABEL}>
          Message
        </label>
        <textarea
          id="incident-message"
          name="message"
          rows={6}
          required
          maxLength={20_000}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "incident-message-error incident-message-help" : "incident-message-help"}
          className={`mt-1 ${INPUT}`}
        />
        <p id="incident-message-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Shown on the status page and sent to subscribers as plain text.
        </p>
        {errors.message ? (
          <p id="incident-message-error" className={FIELD_ERROR}>
            {errors.message}
          </p>
        ) : null}
      </div>

      <fieldset id="incident-components" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-describedby={errors.components ? "incident-components-error" : undefined}>
        <legend className="px-1 text-sm font-semibold">Affected components</legend>
        {sections.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">There are no components yet.</p> : null}
        {sections.map((section) =>
          section.group ? (
            <fieldset key={section.group.id} className="space-y-3">
              <legend className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{section.group.name}</legend>
              <div className="space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
                {section.components.map((c) => (
                  <ComponentSelect key={c.id} component={c} value={v?.components[c.id] ?? ""} />
                ))}
              </div>
            </fieldset>
          ) : (
            section.components.map((c) => <ComponentSelect key={c.id} component={c} value={v?.components[c.id] ?? ""} />)
          ),
        )}
        {errors.components ? (
          <p id="incident-components-error" className={FIELD_ERROR}>
            {errors.components}
          </p>
        ) : null}
      </fieldset>

      <div className="flex items-start gap-2">
        <input id="incident-notify" name="notify" type="checkbox" defaultChecked={v ? v.notify : true} className="mt-1 size-4" />
        <div>
          <label htmlFor="incident-notify" className="text-sm font-medium">
            Notify subscribers
          </label>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Send this update to everyone subscribed to the affected components.</p>
        </div>
      </div>

      <SubmitButton pendingText="Posting…">Post incident</SubmitButton>
    </form>
  );
}

"use client";
// The new incident form: name, status, first message, components, the impact (computed live from
// the components, or chosen), a back-dated start, an X post of one's own, the channels to notify;
// "Preview" shows what posting would send and to how many, then "Post incident" posts it.
import { useActionState, useRef, useState } from "react";
import { createIncidentAction, previewNewIncidentAction, type IncidentField, type IncidentFormState, type IncidentFormValues } from "@/app/_actions/incidents";
import type { FormComponentSection } from "@/lib/admin/components";
import { impactFromComponents } from "@/lib/status/rollup";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { ComponentStatusSelect, ErrorSummary, FieldError, ImpactField, NotifyFields, StartedAtField, statusesOf } from "@/components/admin/PostingFields";
import { PreviewButton, usePostingPreview } from "@/components/admin/PreviewButton";
import { PreviewPanel } from "@/components/admin/PreviewPanel";
import { XCounter } from "@/components/admin/XCounter";

const FIELD_ANCHORS: Record<IncidentField, string> = {
  name: "#incident-name",
  status: "#incident-status",
  message: "#incident-message",
  components: "#incident-components",
  impact: "#incident-impact",
  startedAt: "#incident-started-at",
  customTweet: "#incident-x-post",
  channels: "#incident-channels",
};

const initial: IncidentFormState = { formError: null, fieldErrors: {}, values: null };

export function NewIncidentForm({
  sections,
  defaults,
  timeZone,
  nowLocal,
}: {
  sections: FormComponentSection[];
  /** What the form starts with: blank, or a template's. */
  defaults: IncidentFormValues;
  timeZone: string;
  /** Now in the page's time zone (datetime-local): the latest "Started at" allowed. */
  nowLocal: string;
}) {
  const [state, action] = useActionState(createIncidentAction, initial);
  // A fresh key per refused submit makes React re-apply the returned values as defaults.
  return <Fields key={state.values ? JSON.stringify(state.values) : "initial"} state={state} action={action} values={state.values ?? defaults} sections={sections} timeZone={timeZone} nowLocal={nowLocal} />;
}

function Fields({
  state,
  action,
  values: v,
  sections,
  timeZone,
  nowLocal,
}: {
  state: IncidentFormState;
  action: (form: FormData) => void;
  values: IncidentFormValues;
  sections: FormComponentSection[];
  timeZone: string;
  nowLocal: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<Record<string, string>>(v.components);
  const preview = usePostingPreview(previewNewIncidentAction, formRef, panelRef);
  const previewErrors = preview.state && !preview.state.preview ? preview.state : null;
  const formError = previewErrors ? previewErrors.formError : state.formError;
  const errors = previewErrors ? previewErrors.fieldErrors : state.fieldErrors;
  const problems = (Object.entries(errors) as [IncidentField, string][]).map(([field, message]) => ({ href: FIELD_ANCHORS[field], message }));
  const computed = impactFromComponents(statusesOf(chosen));

  return (
    <div className="space-y-8">
      <form
        ref={formRef}
        action={action}
        onSubmit={preview.clear}
        onChange={(e) => {
          const t: EventTarget = e.target;
          if (t instanceof HTMLSelectElement && t.name.startsWith("component:")) setChosen((c) => ({ ...c, [t.name.slice("component:".length)]: t.value }));
          preview.changed();
        }}
        className="space-y-6"
        noValidate
      >
        <ErrorSummary title={previewErrors ? "There is nothing to preview yet:" : "The incident was not posted:"} formError={formError} problems={problems} />

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
            defaultValue={v.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "incident-name-error" : undefined}
            className={`mt-1 ${INPUT}`}
          />
          <FieldError id="incident-name-error" message={errors.name} />
        </div>

        <div>
          <label htmlFor="incident-status" className={LABEL}>
            Status
          </label>
          <select
            id="incident-status"
            name="status"
            defaultValue={v.status || "investigating"}
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
          <FieldError id="incident-status-error" message={errors.status} />
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
            defaultValue={v.message}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? "incident-message-error incident-message-help" : "incident-message-help"}
            className={`mt-1 ${INPUT}`}
          />
          <p id="incident-message-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Shown on the status page and sent to subscribers as plain text.
          </p>
          <FieldError id="incident-message-error" message={errors.message} />
        </div>

        <fieldset
          id="incident-components"
          className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          aria-describedby={errors.components ? "incident-components-error" : undefined}
        >
          <legend className="px-1 text-sm font-semibold">Affected components</legend>
          {sections.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">There are no components yet.</p> : null}
          {sections.map((section) =>
            section.group ? (
              <fieldset key={section.group.id} className="space-y-3">
                <legend className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{section.group.name}</legend>
                <div className="space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
                  {section.components.map((c) => (
                    <ComponentStatusSelect key={c.id} idPrefix="component" component={c} value={v.components[c.id] ?? ""} />
                  ))}
                </div>
              </fieldset>
            ) : (
              section.components.map((c) => <ComponentStatusSelect key={c.id} idPrefix="component" component={c} value={v.components[c.id] ?? ""} />)
            ),
          )}
          <FieldError id="incident-components-error" message={errors.components} />
        </fieldset>

        <ImpactField id="incident-impact" computed={computed} value={v.impact} error={errors.impact} />

        <StartedAtField
          id="incident-started-at"
          value={v.startedAt}
          max={nowLocal}
          timeZone={timeZone}
          help="Left as it is, the incident starts when you post it. Set an earlier time if it began before you noticed."
          error={errors.startedAt}
        />
        <input type="hidden" name="startedAtShown" value={v.startedAtShown} />

        <XCounter id="incident-x-post" defaultValue={v.customTweet} error={errors.customTweet} />

        <NotifyFields idPrefix="incident" notify={v.notify} channels={v.channels} error={errors.channels} />

        <div className="flex flex-wrap gap-3">
          <PreviewButton pending={preview.pending} onPreview={preview.run} />
          <SubmitButton pendingText="Posting…">Post incident</SubmitButton>
        </div>
      </form>

      <div ref={panelRef} tabIndex={-1} className="outline-none">
        {preview.state?.preview ? <PreviewPanel preview={preview.state.preview} stale={preview.stale} idPrefix="incident-preview" /> : null}
      </div>
    </div>
  );
}

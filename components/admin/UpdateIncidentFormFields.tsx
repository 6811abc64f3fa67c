"use client";
// The update form itself (UpdateIncidentForm loads what it needs): status, message, components,
// and for an incident the impact (computed live, or chosen) and a corrected start; an X post of
// one's own, the channels to notify, "Preview", then "Post update".
import { useActionState, useRef, useState } from "react";
import { previewIncidentUpdateAction, updateIncidentAction, type PostingField, type UpdateFormState, type UpdateFormValues } from "@/app/_actions/incidents";
import type { IncidentForUpdate } from "@/lib/admin/incident";
import type { UpdatePosting } from "@/lib/admin/posting";
import { impactFromComponents } from "@/lib/status/rollup";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, MAINTENANCE_STATUSES, type Impact } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { ComponentStatusSelect, ErrorSummary, FieldError, ImpactField, NotifyFields, StartedAtField, statusesOf } from "@/components/admin/PostingFields";
import { PreviewButton, usePostingPreview } from "@/components/admin/PreviewButton";
import { PreviewPanel } from "@/components/admin/PreviewPanel";
import { XCounter } from "@/components/admin/XCounter";

const FIELD_ANCHORS: Record<PostingField, string> = {
  status: "#update-status",
  message: "#update-message",
  components: "#update-components",
  impact: "#update-impact",
  startedAt: "#update-started-at",
  customTweet: "#update-x-post",
  channels: "#update-channels",
};

const IMPACT_ORDER: readonly Impact[] = ["none", "minor", "major", "critical"];
const worse = (a: Impact, b: Impact) => (IMPACT_ORDER.indexOf(b) > IMPACT_ORDER.indexOf(a) ? b : a);

const initial: UpdateFormState = { formError: null, fieldErrors: {}, values: null };

export function UpdateIncidentFormFields({ incident, posting }: { incident: IncidentForUpdate; posting: UpdatePosting }) {
  const [state, action] = useActionState(updateIncidentAction, initial);
  const defaults: UpdateFormValues = {
    status: incident.status,
    message: "",
    notify: true,
    components: {},
    impact: posting.impactOverride ?? "computed",
    startedAt: posting.startedAtLocal,
    startedAtShown: posting.startedAtLocal,
    customTweet: "",
    channels: posting.channels,
  };
  // A fresh key per refused submit makes React re-apply the returned values as defaults.
  return <Fields key={state.values ? JSON.stringify(state.values) : "initial"} state={state} action={action} values={state.values ?? defaults} incident={incident} posting={posting} />;
}

function Fields({
  state,
  action,
  values: v,
  incident,
  posting,
}: {
  state: UpdateFormState;
  action: (form: FormData) => void;
  values: UpdateFormValues;
  incident: IncidentForUpdate;
  posting: UpdatePosting;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<Record<string, string>>(v.components);
  const preview = usePostingPreview(previewIncidentUpdateAction, formRef, panelRef);
  const previewErrors = preview.state && !preview.state.preview ? preview.state : null;
  const formError = previewErrors ? previewErrors.formError : state.formError;
  const errors: Partial<Record<PostingField, string>> = previewErrors ? previewErrors.fieldErrors : state.fieldErrors;
  const problems = (Object.entries(errors) as [PostingField, string][]).map(([field, message]) => ({ href: FIELD_ANCHORS[field], message }));
  const maintenance = incident.kind === "maintenance";
  const statuses = maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  // As updateIncident computes it: the worst of what the incident's updates set on components so far and now.
  const computed = worse(posting.computedImpact, impactFromComponents(statusesOf(chosen)));

  return (
    <div className="space-y-6">
      <form
        ref={formRef}
        action={action}
        onSubmit={preview.clear}
        onChange={(e) => {
          const t: EventTarget = e.target;
          if (t instanceof HTMLSelectElement && t.name.startsWith("component:")) setChosen((c) => ({ ...c, [t.name.slice("component:".length)]: t.value }));
          preview.changed();
        }}
        className="space-y-5"
        noValidate
      >
        <input type="hidden" name="incidentId" value={incident.id} />
        <ErrorSummary title={previewErrors ? "There is nothing to preview yet:" : "The update was not posted:"} formError={formError} problems={problems} />
        <div>
          <label htmlFor="update-status" className={LABEL}>
            Status
          </label>
          <select
            id="update-status"
            name="status"
            defaultValue={v.status || incident.status}
            aria-invalid={errors.status ? true : undefined}
            aria-describedby={errors.status ? "update-status-error" : undefined}
            className={`mt-1 ${INPUT}`}
          >
            {statuses.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <FieldError id="update-status-error" message={errors.status} />
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
            defaultValue={v.message}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? "update-message-error" : undefined}
            className={`mt-1 ${INPUT}`}
          />
          <FieldError id="update-message-error" message={errors.message} />
        </div>
        {incident.components.length ? (
          <fieldset
            id="update-components"
            className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
            aria-describedby={errors.components ? "update-components-error" : undefined}
          >
            <legend className="px-1 text-sm font-semibold">Components</legend>
            {incident.components.map((c) => (
              <ComponentStatusSelect key={c.id} idPrefix="update-component" component={c} value={v.components[c.id] ?? ""} />
            ))}
            <FieldError id="update-components-error" message={errors.components} />
          </fieldset>
        ) : null}
        {maintenance ? null : (
          <>
            <ImpactField id="update-impact" computed={computed} value={v.impact} error={errors.impact} />
            <StartedAtField
              id="update-started-at"
              value={v.startedAt}
              max={posting.nowLocal}
              timeZone={posting.timeZone}
              help="When the incident began. Moving it moves the first update with it."
              error={errors.startedAt}
            />
            <input type="hidden" name="startedAtShown" value={v.startedAtShown} />
          </>
        )}
        <XCounter id="update-x-post" defaultValue={v.customTweet} error={errors.customTweet} />
        <NotifyFields idPrefix="update" notify={v.notify} channels={v.channels} error={errors.channels} />
        <div className="flex flex-wrap gap-3">
          <PreviewButton pending={preview.pending} onPreview={preview.run} />
          <SubmitButton pendingText="Posting…">Post update</SubmitButton>
        </div>
      </form>
      <div ref={panelRef} tabIndex={-1} className="outline-none">
        {preview.state?.preview ? <PreviewPanel preview={preview.state.preview} stale={preview.stale} idPrefix="update-preview" level={3} /> : null}
      </div>
    </div>
  );
}

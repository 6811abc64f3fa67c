"use client";
// An incident template's form, to create or edit one: its name, the incident it starts (title,
// first message, status), the components it affects with their statuses, the channels it notifies.
import { useActionState } from "react";
import { createTemplateAction, updateTemplateAction, type TemplateField, type TemplateFormState, type TemplateFormValues } from "@/app/_actions/templates";
import type { FormComponentSection } from "@/lib/admin/components";
import { CHANNELS, CHANNEL_LABELS, COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, INCIDENT_STATUSES, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary, FieldError } from "@/components/admin/PostingFields";

const FIELD_ANCHORS: Record<TemplateField, string> = {
  name: "#template-name",
  title: "#template-title",
  body: "#template-body",
  status: "#template-status",
  components: "#template-components",
  channels: "#template-channels",
};

const initial: TemplateFormState = { formError: null, fieldErrors: {}, values: null };

function ComponentChoice({ component, value }: { component: { id: string; name: string }; value: string }) {
  const id = `template-component-${component.id}`;
  return (
    <div className="grid grid-cols-1 items-center gap-1 sm:grid-cols-[1fr_14rem] sm:gap-4">
      <label htmlFor={id} className="text-sm font-medium">
        {component.name}
      </label>
      <select id={id} name={`component:${component.id}`} defaultValue={value} className={INPUT}>
        <option value="">Not affected</option>
        {COMPONENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {COMPONENT_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TemplateForm({ template, sections }: { template: ({ id: string } & TemplateFormValues) | null; sections: FormComponentSection[] }) {
  const [state, action] = useActionState(template ? updateTemplateAction : createTemplateAction, initial);
  const v: TemplateFormValues = state.values ?? template ?? { name: "", title: "", body: "", status: "investigating", components: {}, channels: [...CHANNELS] };
  const errors = state.fieldErrors;
  const problems = (Object.entries(errors) as [TemplateField, string][]).map(([field, message]) => ({ href: FIELD_ANCHORS[field], message }));
  const described = (field: TemplateField, help?: string) => [help, errors[field] ? `template-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form key={state.values ? JSON.stringify(state.values) : "initial"} action={action} className="space-y-6" noValidate>
      {template ? <input type="hidden" name="templateId" value={template.id} /> : null}
      <ErrorSummary title="The template was not saved:" formError={state.formError} problems={problems} />

      <div>
        <label htmlFor="template-name" className={LABEL}>
          Template name
        </label>
        <input
          id="template-name"
          name="name"
          type="text"
          maxLength={100}
          defaultValue={v.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described("name", "template-name-help")}
          className={`mt-1 ${INPUT}`}
        />
        <p id="template-name-help" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          What operators pick in “Start from a template”. Not shown on the page.
        </p>
        <FieldError id="template-name-error" message={errors.name} />
      </div>

      <div>
        <label htmlFor="template-title" className={LABEL}>
          Incident title
        </label>
        <input
          id="template-title"
          name="title"
          type="text"
          maxLength={200}
          defaultValue={v.title}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={described("title")}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="template-title-error" message={errors.title} />
      </div>

      <div>
        <label htmlFor="template-body" className={LABEL}>
          First message
        </label>
        <textarea
          id="template-body"
          name="body"
          rows={5}
          maxLength={20_000}
          defaultValue={v.body}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={described("body")}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="template-body-error" message={errors.body} />
      </div>

      <div>
        <label htmlFor="template-status" className={LABEL}>
          Status
        </label>
        <select
          id="template-status"
          name="status"
          defaultValue={v.status || "investigating"}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={described("status")}
          className={`mt-1 ${INPUT}`}
        >
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <FieldError id="template-status-error" message={errors.status} />
      </div>

      <fieldset id="template-components" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-describedby={described("components")}>
        <legend className="px-1 text-sm font-semibold">Affected components</legend>
        {sections.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">There are no components yet.</p> : null}
        {sections.map((section) =>
          section.group ? (
            <fieldset key={section.group.id} className="space-y-3">
              <legend className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{section.group.name}</legend>
              <div className="space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
                {section.components.map((c) => (
                  <ComponentChoice key={c.id} component={c} value={v.components[c.id] ?? ""} />
                ))}
              </div>
            </fieldset>
          ) : (
            section.components.map((c) => <ComponentChoice key={c.id} component={c} value={v.components[c.id] ?? ""} />)
          ),
        )}
        <FieldError id="template-components-error" message={errors.components} />
      </fieldset>

      <fieldset id="template-channels" className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-describedby={described("channels")}>
        <legend className="px-1 text-sm font-semibold">Channels to notify</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {CHANNELS.map((c) => (
            <div key={c} className="flex items-center gap-2">
              <input id={`template-channel-${c}`} name="channels" type="checkbox" value={c} defaultChecked={v.channels.includes(c)} className="size-4" />
              <label htmlFor={`template-channel-${c}`} className="text-sm">
                {CHANNEL_LABELS[c]}
              </label>
            </div>
          ))}
        </div>
        <FieldError id="template-channels-error" message={errors.channels} />
      </fieldset>

      <SubmitButton pendingText="Saving…">{template ? "Save template" : "Create template"}</SubmitButton>
    </form>
  );
}

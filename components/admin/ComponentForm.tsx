"use client";
// A component's fields, to create one ("New component") or edit one (its "Edit" panel). A refused
// form comes back with what was typed and each problem next to its field.
import { useActionState } from "react";
import { createComponentAction, updateComponentAction, type ComponentFormState, type ComponentValues } from "@/app/_actions/components";
import { DESCRIPTION_MAX, NAME_MAX } from "@/lib/components/limits";
import { SubmitButton } from "@/components/SubmitButton";
import { Checkbox, ErrorSummary, TextArea, TextField } from "@/components/admin/ComponentFormParts";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";

export type ComponentFormGroup = { id: string; name: string };
export type EditableComponent = ComponentValues & { id: string };

const initial: ComponentFormState = { formError: null, fieldErrors: {}, values: null };

const BLANK: ComponentValues = { name: "", description: "", groupId: "", showcase: true, onlyShowIfDegraded: false, startDate: "" };

function Fields({ prefix, values, state, groups }: { prefix: string; values: ComponentValues; state: ComponentFormState; groups: ComponentFormGroup[] }) {
  const errors = state.fieldErrors;
  const groupError = errors.groupId;
  return (
    <>
      <ErrorSummary
        title="The component was not saved:"
        formError={state.formError}
        fieldErrors={errors}
        anchors={{ name: `${prefix}-name`, description: `${prefix}-description`, groupId: `${prefix}-group`, startDate: `${prefix}-start-date` }}
      />
      <TextField id={`${prefix}-name`} name="name" label="Name" defaultValue={values.name} error={errors.name} maxLength={NAME_MAX} required />
      <TextArea
        id={`${prefix}-description`}
        name="description"
        label="Description"
        defaultValue={values.description}
        error={errors.description}
        maxLength={DESCRIPTION_MAX}
        help="Optional. Shown on the status page next to its name."
      />
      <div>
        <label htmlFor={`${prefix}-group`} className={LABEL}>
          Group
        </label>
        <select
          id={`${prefix}-group`}
          name="groupId"
          defaultValue={values.groupId}
          aria-invalid={groupError ? true : undefined}
          aria-describedby={groupError ? `${prefix}-group-error` : undefined}
          className={`mt-1 ${INPUT}`}
        >
          <option value="">No group (top level)</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        {groupError ? (
          <p id={`${prefix}-group-error`} className={FIELD_ERROR}>
            {groupError}
          </p>
        ) : null}
      </div>
      <Checkbox id={`${prefix}-showcase`} name="showcase" label="Show uptime bars" defaultChecked={values.showcase} help="The last 90 days, under its name on the status page." />
      <Checkbox
        id={`${prefix}-only-degraded`}
        name="onlyShowIfDegraded"
        label="Only show if degraded"
        defaultChecked={values.onlyShowIfDegraded}
        help="Hidden from the status page while it is operational."
      />
      <TextField
        id={`${prefix}-start-date`}
        name="startDate"
        type="date"
        label="Start date"
        defaultValue={values.startDate}
        error={errors.startDate}
        help="The day its uptime history starts. Leave empty to count from the day it was created."
      />
    </>
  );
}

export function ComponentCreateForm({ groups }: { groups: ComponentFormGroup[] }) {
  const [state, action] = useActionState(createComponentAction, initial);
  const values = state.values ?? BLANK;
  // A fresh key per refused submit makes React re-apply the returned values as defaults.
  return (
    <form key={state.values ? JSON.stringify(state.values) : "empty"} action={action} className="space-y-4" noValidate>
      <Fields prefix="new-component" values={values} state={state} groups={groups} />
      <SubmitButton pendingText="Adding…">Add component</SubmitButton>
    </form>
  );
}

export function ComponentEditForm({ component, groups }: { component: EditableComponent; groups: ComponentFormGroup[] }) {
  const [state, action] = useActionState(updateComponentAction, initial);
  const values = state.values ?? component;
  return (
    <form key={state.values ? JSON.stringify(state.values) : "saved"} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="componentId" value={component.id} />
      <Fields prefix={`component-${component.id}`} values={values} state={state} groups={groups} />
      <SubmitButton pendingText="Saving…">Save {component.name}</SubmitButton>
    </form>
  );
}

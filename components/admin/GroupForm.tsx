"use client";
// A group's name and description, to create one ("New group") or edit one (its "Edit" panel).
import { useActionState } from "react";
import { createGroupAction, updateGroupAction, type GroupFormState, type GroupValues } from "@/app/_actions/components";
import { DESCRIPTION_MAX, NAME_MAX } from "@/lib/components/limits";
import { SubmitButton } from "@/components/SubmitButton";
import { ErrorSummary, TextArea, TextField } from "@/components/admin/ComponentFormParts";

const initial: GroupFormState = { formError: null, fieldErrors: {}, values: null };

function Fields({ prefix, values, state }: { prefix: string; values: GroupValues; state: GroupFormState }) {
  return (
    <>
      <ErrorSummary
        title="The group was not saved:"
        formError={state.formError}
        fieldErrors={state.fieldErrors}
        anchors={{ name: `${prefix}-name`, description: `${prefix}-description` }}
      />
      <TextField id={`${prefix}-name`} name="name" label="Name" defaultValue={values.name} error={state.fieldErrors.name} maxLength={NAME_MAX} required />
      <TextArea
        id={`${prefix}-description`}
        name="description"
        label="Description"
        defaultValue={values.description}
        error={state.fieldErrors.description}
        maxLength={DESCRIPTION_MAX}
        help="Optional. Shown on the status page with the group."
      />
    </>
  );
}

export function GroupCreateForm() {
  const [state, action] = useActionState(createGroupAction, initial);
  return (
    <form key={state.values ? JSON.stringify(state.values) : "empty"} action={action} className="space-y-4" noValidate>
      <Fields prefix="new-group" values={state.values ?? { name: "", description: "" }} state={state} />
      <p className={"text-sm text-zinc-600 dark:text-zinc-400"}>A new group is empty: move components into it with their Group field.</p>
      <SubmitButton pendingText="Adding…">Add group</SubmitButton>
    </form>
  );
}

export function GroupEditForm({ group }: { group: { id: string; name: string; description: string | null } }) {
  const [state, action] = useActionState(updateGroupAction, initial);
  const values = state.values ?? { name: group.name, description: group.description ?? "" };
  return (
    <form key={state.values ? JSON.stringify(state.values) : "saved"} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="groupId" value={group.id} />
      <Fields prefix={`group-${group.id}`} values={values} state={state} />
      <SubmitButton pendingText="Saving…">Save {group.name}</SubmitButton>
    </form>
  );
}

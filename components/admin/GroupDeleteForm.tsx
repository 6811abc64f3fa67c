"use client";
// Deleting a group takes two steps: "Delete group …" opens a panel saying that its components move
// to the top level (none is deleted), and only its own button deletes.
import { useActionState } from "react";
import { deleteGroupAction, type DeleteFormState } from "@/app/_actions/components";
import { DangerSubmit, SUMMARY_BUTTON } from "@/components/admin/ComponentFormParts";

const initial: DeleteFormState = { formError: null };

export function GroupDeleteForm({ group, consequences }: { group: { id: string; name: string }; consequences: string }) {
  const [state, action] = useActionState(deleteGroupAction, initial);
  return (
    <details>
      <summary className={SUMMARY_BUTTON}>Delete group {group.name}…</summary>
      <form action={action} className="mt-3 space-y-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        <input type="hidden" name="groupId" value={group.id} />
        <p>{consequences}</p>
        {state.formError ? (
          <p role="alert" className="font-medium">
            {state.formError}
          </p>
        ) : null}
        <DangerSubmit pendingText="Deleting…">Yes, delete group {group.name}</DangerSubmit>
      </form>
    </details>
  );
}

"use client";
// Deleting a component takes two steps: "Delete …" opens a panel that says what goes with it, and
// only its own button deletes. While an open incident names the component, the panel says which
// one instead (the use case refuses it too).
import Link from "next/link";
import { useActionState } from "react";
import { deleteComponentAction, type DeleteFormState } from "@/app/_actions/components";
import type { IncidentKind } from "@/lib/vocabulary";
import { DangerSubmit, SUMMARY_BUTTON } from "@/components/admin/ComponentFormParts";

const initial: DeleteFormState = { formError: null };

export function ComponentDeleteForm({ component, deletion }: {
  component: { id: string; name: string };
  deletion: { blocker: string | null; consequences: string; openIncidents: { id: string; name: string; kind: IncidentKind }[] };
}) {
  const [state, action] = useActionState(deleteComponentAction, initial);
  return (
    <details>
      <summary className={SUMMARY_BUTTON}>Delete {component.name}…</summary>
      <div className="mt-3 space-y-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        {deletion.blocker ? (
          <>
            <p>{deletion.blocker}.</p>
            <ul className="list-disc pl-5">
              {deletion.openIncidents.map((i) => (
                <li key={i.id}>
                  <Link href={i.kind === "maintenance" ? `/admin/maintenance/${i.id}` : `/admin/incidents/${i.id}`} className="underline">
                    {i.name}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <form action={action} className="space-y-3">
            <input type="hidden" name="componentId" value={component.id} />
            <p>{deletion.consequences} This cannot be undone.</p>
            {state.formError ? (
              <p role="alert" className="font-medium">
                {state.formError}
              </p>
            ) : null}
            <DangerSubmit pendingText="Deleting…">Yes, delete {component.name}</DangerSubmit>
          </form>
        )}
      </div>
    </details>
  );
}

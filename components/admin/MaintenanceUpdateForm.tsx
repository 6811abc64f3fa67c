"use client";
import { useActionState } from "react";
import { postMaintenanceUpdateAction, type MaintenanceUpdateFormState } from "@/app/_actions/maintenance";
import { INCIDENT_STATUS_LABELS, MAINTENANCE_STATUSES, type MaintenanceStatus } from "@/lib/vocabulary";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { Checkbox, ErrorSummary, FieldError } from "@/components/admin/MaintenanceFields";

const initial: MaintenanceUpdateFormState = { formError: null, fieldErrors: {}, values: null };
const ANCHORS = { status: "#mupdate-status", message: "#mupdate-message" } as const;

/** "Post an update" on a maintenance: a status, a message, whether to notify. */
export function MaintenanceUpdateForm({ incidentId, status, hasComponents }: { incidentId: string; status: MaintenanceStatus; hasComponents: boolean }) {
  const [state, action] = useActionState(postMaintenanceUpdateAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = (Object.entries(errors) as [keyof typeof ANCHORS, string][]).map(([field, message]) => ({ href: ANCHORS[field], message }));
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-5" noValidate>
      <input type="hidden" name="incidentId" value={incidentId} />
      <ErrorSummary title="The update was not posted:" formError={state.formError} problems={problems} />
      <div>
        <label htmlFor="mupdate-status" className={LABEL}>
          Status
        </label>
        <select
          id="mupdate-status"
          name="status"
          defaultValue={v?.status ?? status}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={errors.status ? "mupdate-status-error" : undefined}
          className={`mt-1 ${INPUT}`}
        >
          {MAINTENANCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <FieldError id="mupdate-status-error" message={errors.status} />
      </div>
      <div>
        <label htmlFor="mupdate-message" className={LABEL}>
          Message
        </label>
        <textarea
          id="mupdate-message"
          name="message"
          rows={4}
          required
          maxLength={20_000}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "mupdate-message-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="mupdate-message-error" message={errors.message} />
      </div>
      {hasComponents ? (
        <Checkbox
          id="mupdate-move"
          name="moveComponents"
          label="Set its components to match the status"
          help="Under maintenance while in progress or verifying; back to operational when completed."
          defaultChecked={v ? v.moveComponents : true}
        />
      ) : null}
      <Checkbox id="mupdate-notify" name="notify" label="Notify subscribers" defaultChecked={v ? v.notify : true} />
      <SubmitButton pendingText="Posting…">Post update</SubmitButton>
    </form>
  );
}

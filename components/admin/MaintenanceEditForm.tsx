"use client";
import { useActionState } from "react";
import { editMaintenanceAction, type MaintenanceField, type MaintenanceFormState } from "@/app/_actions/maintenance";
import type { FormComponentSection } from "@/lib/admin/components";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { Checkbox, ComponentChecklist, ErrorSummary, FieldError, HELP, ReminderField, reminderValues, TimeField } from "@/components/admin/MaintenanceFields";

const ANCHORS: Record<MaintenanceField, string> = {
  name: "#edit-name",
  start: "#edit-start",
  end: "#edit-end",
  components: "#edit-components",
  message: "#edit-message",
  reminder: "#edit-reminder",
};

const initial: MaintenanceFormState = { formError: null, fieldErrors: {}, values: null };

export type EditableMaintenance = {
  id: string;
  name: string;
  /** Scheduled: everything can change; started: the start and components are history. */
  started: boolean;
  /** datetime-local values in the page's time zone. */
  start: string;
  end: string;
  startText: string;
  components: string[];
  autoTransition: boolean;
  reminderMinutes: number | null;
};

export function MaintenanceEditForm({ maintenance: m, sections, zone }: { maintenance: EditableMaintenance; sections: FormComponentSection[]; zone: string }) {
  const [state, action] = useActionState(editMaintenanceAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = (Object.entries(errors) as [MaintenanceField, string][]).map(([field, message]) => ({ href: ANCHORS[field], message }));
  const reminder = v ? { reminder: v.reminder, reminderCustom: v.reminderCustom } : reminderValues(m.reminderMinutes);
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-6" noValidate>
      <input type="hidden" name="incidentId" value={m.id} />
      <input type="hidden" name="startWas" value={m.start} />
      <input type="hidden" name="endWas" value={m.end} />
      {m.started ? null : <input type="hidden" name="componentsShown" value="1" />}
      <ErrorSummary title="The changes were not saved:" formError={state.formError} problems={problems} />

      <div>
        <label htmlFor="edit-name" className={LABEL}>
          Title
        </label>
        <input
          id="edit-name"
          name="name"
          type="text"
          required
          maxLength={200}
          defaultValue={v?.name ?? m.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "edit-name-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="edit-name-error" message={errors.name} />
      </div>

      <fieldset className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">Window</legend>
        <p id="edit-zone" className="text-sm text-zinc-600 dark:text-zinc-400">
          Times are in <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{zone}</strong>, the page&apos;s time zone.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {m.started ? (
            <div>
              <p className={LABEL}>Started at</p>
              <p className="mt-1 py-2 text-sm">{m.startText}</p>
            </div>
          ) : (
            <TimeField id="edit-start" name="start" label="Starts at" value={v?.start ?? m.start} error={errors.start} zoneId="edit-zone" />
          )}
          <TimeField id="edit-end" name="end" label="Ends at" value={v?.end ?? m.end} error={errors.end} zoneId="edit-zone" />
        </div>
      </fieldset>

      {m.started ? null : (
        <ComponentChecklist
          idPrefix="edit"
          sections={sections}
          chosen={v?.components ?? m.components}
          error={errors.components}
          help="They show as under maintenance while it is in progress."
        />
      )}

      <Checkbox id="edit-auto" name="auto" label="Start and complete automatically" defaultChecked={v ? v.auto : m.autoTransition} />

      {m.started ? null : <ReminderField idPrefix="edit" reminder={reminder.reminder} reminderCustom={reminder.reminderCustom} error={errors.reminder} />}

      <div>
        <label htmlFor="edit-message" className={LABEL}>
          Note to subscribers (optional)
        </label>
        <textarea
          id="edit-message"
          name="message"
          rows={3}
          maxLength={20_000}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "edit-message-error edit-message-help" : "edit-message-help"}
          className={`mt-1 ${INPUT}`}
        />
        <p id="edit-message-help" className={HELP}>
          Posted as an update with the change. Left empty, a moved window is announced as &ldquo;Rescheduled:&rdquo; with the new times.
        </p>
        <FieldError id="edit-message-error" message={errors.message} />
      </div>

      <Checkbox id="edit-notify" name="notify" label="Announce the change to subscribers" defaultChecked={v ? v.notify : true} />

      <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
    </form>
  );
}

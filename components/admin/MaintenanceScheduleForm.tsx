"use client";
import Link from "next/link";
import { useActionState } from "react";
import { scheduleMaintenanceAction, type MaintenanceField, type MaintenanceFormState } from "@/app/_actions/maintenance";
import type { FormComponentSection } from "@/lib/admin/components";
import { DEFAULT_REMINDER_MINUTES } from "@/lib/maintenance/reminder";
import { SubmitButton } from "@/components/SubmitButton";
import { INPUT, LABEL } from "@/components/admin/fields";
import { Checkbox, ComponentChecklist, ErrorSummary, FieldError, HELP, ReminderField, reminderValues, TimeField } from "@/components/admin/MaintenanceFields";

const ANCHORS: Record<MaintenanceField, string> = {
  name: "#maintenance-name",
  start: "#maintenance-start",
  end: "#maintenance-end",
  components: "#maintenance-components",
  message: "#maintenance-message",
  reminder: "#maintenance-reminder",
};

const initial: MaintenanceFormState = { formError: null, fieldErrors: {}, values: null };

/** The schedule form. `zone` names the page's time zone the window is typed in. */
export function MaintenanceScheduleForm({ sections, zone, start, end }: { sections: FormComponentSection[]; zone: string; start: string; end: string }) {
  const [state, action] = useActionState(scheduleMaintenanceAction, initial);
  const v = state.values;
  const errors = state.fieldErrors;
  const problems = (Object.entries(errors) as [MaintenanceField, string][]).map(([field, message]) => ({ href: ANCHORS[field], message }));
  const reminder = v ? { reminder: v.reminder, reminderCustom: v.reminderCustom } : reminderValues(DEFAULT_REMINDER_MINUTES);
  // A fresh key per failed submit makes React re-apply the returned values as defaults.
  return (
    <form key={v ? JSON.stringify(v) : "empty"} action={action} className="space-y-6" noValidate>
      <ErrorSummary title="The maintenance was not scheduled:" formError={state.formError} problems={problems} />

      <div>
        <label htmlFor="maintenance-name" className={LABEL}>
          Title
        </label>
        <input
          id="maintenance-name"
          name="name"
          type="text"
          required
          maxLength={200}
          defaultValue={v?.name ?? ""}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "maintenance-name-error" : undefined}
          className={`mt-1 ${INPUT}`}
        />
        <FieldError id="maintenance-name-error" message={errors.name} />
      </div>

      <fieldset className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">Window</legend>
        <p id="maintenance-zone" className="text-sm text-zinc-600 dark:text-zinc-400">
          Times are in <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{zone}</strong>, the page&apos;s time zone (
          <Link href="/admin/settings">change it in Settings</Link>).
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TimeField id="maintenance-start" name="start" label="Starts at" value={v?.start ?? start} error={errors.start} zoneId="maintenance-zone" />
          <TimeField id="maintenance-end" name="end" label="Ends at" value={v?.end ?? end} error={errors.end} zoneId="maintenance-zone" />
        </div>
      </fieldset>

      <ComponentChecklist
        idPrefix="maintenance"
        sections={sections}
        chosen={v?.components ?? []}
        error={errors.components}
        help="They show as under maintenance while it is in progress."
      />

      <div>
        <label htmlFor="maintenance-message" className={LABEL}>
          Message
        </label>
        <textarea
          id="maintenance-message"
          name="message"
          rows={5}
          required
          maxLength={20_000}
          defaultValue={v?.message ?? ""}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? "maintenance-message-error maintenance-message-help" : "maintenance-message-help"}
          className={`mt-1 ${INPUT}`}
        />
        <p id="maintenance-message-help" className={HELP}>
          What will happen and what people will notice. Shown on the status page and sent to subscribers.
        </p>
        <FieldError id="maintenance-message-error" message={errors.message} />
      </div>

      <Checkbox
        id="maintenance-auto"
        name="auto"
        label="Start and complete automatically"
        help="At the start its components go under maintenance and subscribers are told; at the end they go back to operational."
        defaultChecked={v ? v.auto : true}
      />

      <ReminderField idPrefix="maintenance" reminder={reminder.reminder} reminderCustom={reminder.reminderCustom} error={errors.reminder} />

      <Checkbox
        id="maintenance-notify"
        name="notify"
        label="Notify subscribers"
        help="Announce it now to everyone subscribed to its components. The reminder and the start and end notices follow the settings above."
        defaultChecked={v ? v.notify : true}
      />

      <SubmitButton pendingText="Scheduling…">Schedule maintenance</SubmitButton>
    </form>
  );
}

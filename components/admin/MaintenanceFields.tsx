"use client";
// The fields the maintenance forms share (schedule, edit): the error summary, the window in the
// page's time zone, the components, the reminder lead time, and a checkbox with its help.
import { useState, type ReactNode } from "react";
import type { FormComponentSection } from "@/lib/admin/components";
import { MAX_REMINDER_MINUTES, REMINDER_CHOICES } from "@/lib/maintenance/reminder";
import { INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary, FieldError } from "@/components/admin/ErrorSummary";

export { ErrorSummary, FieldError };

export const HELP = "mt-1 text-sm text-zinc-600 dark:text-zinc-400";

/** The reminder select's value for a lead time: a listed one, "none", or "custom". */
export function reminderValues(minutes: number | null): { reminder: string; reminderCustom: string } {
  if (minutes === null) return { reminder: "none", reminderCustom: "" };
  const listed = REMINDER_CHOICES.some((c) => c.minutes === minutes);
  return listed ? { reminder: String(minutes), reminderCustom: "" } : { reminder: "custom", reminderCustom: String(minutes) };
}



const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

/** A datetime-local field read in the page's time zone (named in `zoneId`'s text). */
export function TimeField({ id, name, label, value, error, zoneId }: { id: string; name: string; label: string; value: string; error?: string; zoneId: string }) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="datetime-local"
        step={60}
        required
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, zoneId)}
        className={`mt-1 ${INPUT}`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Checkboxes for the components, grouped as on the page. */
export function ComponentChecklist({ idPrefix, sections, chosen, error, help }: { idPrefix: string; sections: FormComponentSection[]; chosen: readonly string[]; error?: string; help: string }) {
  const box = (c: { id: string; name: string }) => (
    <div key={c.id} className="flex items-center gap-2">
      <input id={`${idPrefix}-component-${c.id}`} name="components" type="checkbox" value={c.id} defaultChecked={chosen.includes(c.id)} className="size-4" />
      <label htmlFor={`${idPrefix}-component-${c.id}`} className="text-sm">
        {c.name}
      </label>
    </div>
  );
  return (
    <fieldset id={`${idPrefix}-components`} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-describedby={describedBy(`${idPrefix}-components-help`, error && `${idPrefix}-components-error`)}>
      <legend className="px-1 text-sm font-semibold">Components</legend>
      <p id={`${idPrefix}-components-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
        {help}
      </p>
      {sections.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">There are no components yet.</p> : null}
      {sections.map((section) =>
        section.group ? (
          <fieldset key={section.group.id} className="space-y-2">
            <legend className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">{section.group.name}</legend>
            <div className="space-y-2 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">{section.components.map(box)}</div>
          </fieldset>
        ) : (
          section.components.map(box)
        ),
      )}
      <FieldError id={`${idPrefix}-components-error`} message={error} />
    </fieldset>
  );
}

/** The reminder lead time: a list of usual ones, or a custom number of minutes. */
export function ReminderField({ idPrefix, reminder, reminderCustom, error }: { idPrefix: string; reminder: string; reminderCustom: string; error?: string }) {
  const [choice, setChoice] = useState(reminder);
  const id = `${idPrefix}-reminder`;
  const errorId = `${id}-error`;
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={id} className={LABEL}>
          Reminder
        </label>
        <select
          id={id}
          name="reminder"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          aria-invalid={error && choice !== "custom" ? true : undefined}
          aria-describedby={describedBy(`${id}-help`, error && errorId)}
          className={`mt-1 ${INPUT}`}
        >
          {REMINDER_CHOICES.map((c) => (
            <option key={c.label} value={c.minutes === null ? "none" : String(c.minutes)}>
              {c.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
        <p id={`${id}-help`} className={HELP}>
          Subscribers are reminded this long before it starts (not when it is announced later than that).
        </p>
      </div>
      {choice === "custom" ? (
        <div>
          <label htmlFor={`${id}-custom`} className={LABEL}>
            Minutes before the start
          </label>
          <input
            id={`${id}-custom`}
            name="reminderCustom"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_REMINDER_MINUTES}
            step={1}
            defaultValue={reminderCustom}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className={`mt-1 max-w-40 ${INPUT}`}
          />
        </div>
      ) : null}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export function Checkbox({ id, name, label, help, defaultChecked }: { id: string; name: string; label: string; help?: ReactNode; defaultChecked: boolean }) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={help ? `${id}-help` : undefined} className="mt-1 size-4" />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {help ? (
          <p id={`${id}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
            {help}
          </p>
        ) : null}
      </div>
    </div>
  );
}

// A maintenance's reminder lead time: how long before the window opens subscribers are reminded
// (incident.reminder_minutes; null = no reminder). Pure: the dashboard's forms use it too.
import { z } from "zod";

export const DEFAULT_REMINDER_MINUTES = 60;
/** One week: the database's CHECK (incident_reminder_minutes_range) holds the same bounds. */
export const MAX_REMINDER_MINUTES = 10_080;

export const ReminderMinutesSchema = z
  .number({ error: "Give the reminder lead time in whole minutes" })
  .int("Give the reminder lead time in whole minutes")
  .min(1, "A reminder goes out at least 1 minute before the start")
  .max(MAX_REMINDER_MINUTES, "A reminder goes out at most a week (10080 minutes) before the start")
  .nullable();

/** The lead times the forms offer; any other number of minutes is "custom". */
export const REMINDER_CHOICES: readonly { minutes: number | null; label: string }[] = [
  { minutes: null, label: "No reminder" },
  { minutes: 15, label: "15 minutes before" },
  { minutes: 60, label: "1 hour before" },
  { minutes: 120, label: "2 hours before" },
  { minutes: 1_440, label: "1 day before" },
];

/** "15 minutes", "1 hour", "2 hours 30 minutes", "1 day". */
export function describeLeadTime(minutes: number): string {
  const d = Math.floor(minutes / 1_440);
  const h = Math.floor((minutes % 1_440) / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => (n ? `${n} ${unit}${n > 1 ? "s" : ""}` : "");
  return [part(d, "day"), part(h, "hour"), part(m, "minute")].filter(Boolean).join(" ");
}

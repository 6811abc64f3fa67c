"use server";
// The dashboard's maintenance forms → scheduleMaintenance, updateMaintenance, postMaintenanceUpdate,
// cancelMaintenance. Start and end arrive as datetime-local values, read in the page's time zone.
// Field problems come back to the form with what was typed.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { cancelMaintenance } from "@/lib/maintenance/cancel";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { postMaintenanceUpdate } from "@/lib/maintenance/post-update";
import { MAX_REMINDER_MINUTES } from "@/lib/maintenance/reminder";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { updateMaintenance } from "@/lib/maintenance/update";
import { WallClockError, wallClockToInstant } from "@/lib/maintenance/wall-clock";
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type MaintenanceField = "name" | "message" | "start" | "end" | "components" | "reminder";

export type MaintenanceFormValues = {
  name: string;
  message: string;
  /** datetime-local values, in the page's time zone. */
  start: string;
  end: string;
  components: string[];
  auto: boolean;
  /** "none", a number of minutes from the list, or "custom" (then reminderCustom). */
  reminder: string;
  reminderCustom: string;
  notify: boolean;
};

export type MaintenanceFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<MaintenanceField, string>>;
  values: MaintenanceFormValues | null;
};

export type MaintenanceUpdateFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"status" | "message", string>>;
  values: { status: string; message: string; notify: boolean; moveComponents: boolean } | null;
};

export type MaintenanceCancelFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"message", string>>;
  values: { message: string; notify: boolean } | null;
};

/** The use cases' field names → the form's. */
const FIELD_OF: Record<string, MaintenanceField> = {
  name: "name",
  message: "message",
  scheduledFor: "start",
  scheduledUntil: "end",
  components: "components",
  reminderMinutes: "reminder",
};

function readValues(form: FormData): MaintenanceFormValues {
  return {
    name: String(form.get("name") ?? ""),
    message: String(form.get("message") ?? ""),
    start: String(form.get("start") ?? ""),
    end: String(form.get("end") ?? ""),
    components: form.getAll("components").filter((v): v is string => typeof v === "string" && v !== ""),
    auto: form.get("auto") === "on",
    reminder: String(form.get("reminder") ?? ""),
    reminderCustom: String(form.get("reminderCustom") ?? ""),
    notify: form.get("notify") === "on",
  };
}

/** The reminder select (and its custom minutes) as the use case takes it, or the field's problem. */
function readReminder(v: MaintenanceFormValues): { minutes: number | null } | { error: string } {
  if (v.reminder === "none") return { minutes: null };
  const raw = v.reminder === "custom" ? v.reminderCustom.trim() : v.reminder;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_REMINDER_MINUTES) {
    return { error: `Give the reminder lead time in whole minutes, from 1 to ${MAX_REMINDER_MINUTES} (a week)` };
  }
  return { minutes: Number(raw) };
}

/** A datetime-local value in the zone, or the field's problem. */
function readTime(value: string, what: "start" | "end", timeZone: string): { at: Date } | { error: string } {
  if (!value.trim()) return { error: `Give the ${what} date and time` };
  try {
    return { at: wallClockToInstant(value, timeZone) };
  } catch (e) {
    if (e instanceof WallClockError) return { error: e.message };
    throw e;
  }
}

/** A use case's refusal in the form's words, or null when it is not one the form can show. */
function formProblem<F extends string>(
  e: unknown,
  fieldOf: Record<string, F>,
  notAllowed: string,
): { formError: string | null; fieldErrors: Partial<Record<F, string>> } | null {
  if (e instanceof ZodError) {
    const fieldErrors: Partial<Record<F, string>> = {};
    const rest: typeof e.issues = [];
    for (const issue of e.issues) {
      const field = fieldOf[String(issue.path[0])];
      if (field) fieldErrors[field] ??= issue.message;
      else rest.push(issue);
    }
    return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors };
  }
  if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  if (e instanceof ConflictError) return { formError: e.message, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: notAllowed, fieldErrors: {} };
  return null;
}

export async function scheduleMaintenanceAction(_prev: MaintenanceFormState, form: FormData): Promise<MaintenanceFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = readValues(form);
  const timeZone = await pageTimeZone();
  const start = readTime(values.start, "start", timeZone);
  const end = readTime(values.end, "end", timeZone);
  const reminder = readReminder(values);
  const fieldErrors: MaintenanceFormState["fieldErrors"] = {};
  if ("error" in start) fieldErrors.start = start.error;
  if ("error" in end) fieldErrors.end = end.error;
  if ("error" in reminder) fieldErrors.reminder = reminder.error;
  if ("error" in start || "error" in end || "error" in reminder) return { formError: null, fieldErrors, values };

  let id: string;
  try {
    const { incident } = await scheduleMaintenance({
      actor,
      input: {
        name: values.name,
        message: values.message,
        scheduledFor: start.at,
        scheduledUntil: end.at,
        components: values.components,
        autoTransition: values.auto,
        reminderMinutes: reminder.minutes,
        deliverNotifications: values.notify,
      },
    });
    id = incident.id;
  } catch (e) {
    const problem = formProblem(e, FIELD_OF, "Your account is not allowed to schedule maintenance.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/maintenance/${encodeURIComponent(id)}?notice=scheduled`);
}

/**
 * The maintenance page's "Edit" form → updateMaintenance. A start or end left as the form showed
 * it (`startWas`, `endWas`) is not sent: the form shows minutes, and the stored time may hold seconds.
 */
export async function editMaintenanceAction(_prev: MaintenanceFormState, form: FormData): Promise<MaintenanceFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const incidentId = String(form.get("incidentId") ?? "");
  const values = readValues(form);
  const timeZone = await pageTimeZone();
  // A started maintenance's form has no start field and no components: they stay as they are.
  const startShown = form.has("start");
  const componentsShown = form.get("componentsShown") === "1";
  const startChanged = startShown && values.start !== String(form.get("startWas") ?? "");
  const endChanged = values.end !== String(form.get("endWas") ?? "");
  const start = startChanged ? readTime(values.start, "start", timeZone) : null;
  const end = endChanged ? readTime(values.end, "end", timeZone) : null;
  // A started maintenance's form has no reminder either: it has no use any more.
  const reminder = form.has("reminder") ? readReminder(values) : { minutes: undefined };
  const fieldErrors: MaintenanceFormState["fieldErrors"] = {};
  if (start && "error" in start) fieldErrors.start = start.error;
  if (end && "error" in end) fieldErrors.end = end.error;
  if ("error" in reminder) fieldErrors.reminder = reminder.error;
  if (Object.keys(fieldErrors).length || "error" in reminder) return { formError: null, fieldErrors, values };

  let changed: boolean;
  try {
    const r = await updateMaintenance({
      actor,
      input: {
        incidentId,
        name: values.name,
        scheduledFor: start && "at" in start ? start.at : undefined,
        scheduledUntil: end && "at" in end ? end.at : undefined,
        components: componentsShown ? values.components : undefined,
        autoTransition: values.auto,
        reminderMinutes: reminder.minutes,
        message: values.message,
        deliverNotifications: values.notify,
      },
    });
    changed = r.changed || r.update !== null;
  } catch (e) {
    const problem = formProblem(e, FIELD_OF, "Your account is not allowed to edit maintenance.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/maintenance/${encodeURIComponent(incidentId)}?notice=${changed ? "saved" : "unchanged"}`);
}

/** The maintenance page's "Post an update" form → postMaintenanceUpdate. */
export async function postMaintenanceUpdateAction(_prev: MaintenanceUpdateFormState, form: FormData): Promise<MaintenanceUpdateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const incidentId = String(form.get("incidentId") ?? "");
  const values: NonNullable<MaintenanceUpdateFormState["values"]> = {
    status: String(form.get("status") ?? ""),
    message: String(form.get("message") ?? ""),
    notify: form.get("notify") === "on",
    moveComponents: form.get("moveComponents") === "on",
  };
  if (!(MAINTENANCE_STATUSES as readonly string[]).includes(values.status)) {
    return { formError: null, fieldErrors: { status: "Choose a status from the list." }, values };
  }
  try {
    await postMaintenanceUpdate({
      actor,
      input: {
        incidentId,
        status: values.status as MaintenanceStatus,
        message: values.message,
        moveComponents: values.moveComponents,
        deliverNotifications: values.notify,
      },
    });
  } catch (e) {
    const problem = formProblem(e, { status: "status", message: "message" } as const, "Your account is not allowed to post updates.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/maintenance/${encodeURIComponent(incidentId)}?notice=update-posted`);
}

/** The maintenance page's "Cancel maintenance" form (after its confirmation step) → cancelMaintenance. */
export async function cancelMaintenanceAction(_prev: MaintenanceCancelFormState, form: FormData): Promise<MaintenanceCancelFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const incidentId = String(form.get("incidentId") ?? "");
  const values = { message: String(form.get("message") ?? ""), notify: form.get("notify") === "on" };
  try {
    await cancelMaintenance({ actor, input: { incidentId, message: values.message, deliverNotifications: values.notify } });
  } catch (e) {
    const problem = formProblem(e, { message: "message" } as const, "Your account is not allowed to cancel maintenance.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/maintenance/${encodeURIComponent(incidentId)}?notice=cancelled`);
}

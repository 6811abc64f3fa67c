"use server";
// The dashboard's incident forms → createIncident, updateIncident. Field problems come back to the form.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { createIncident, type CreateIncidentInput } from "@/lib/incidents/create";
import { updateIncident, type UpdateIncidentInput } from "@/lib/incidents/update";
import { PermissionError } from "@/lib/auth/actor";
import { NotFoundError, describeZodError } from "@/lib/errors";
import { COMPONENT_STATUSES, type ComponentStatus } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type IncidentFormValues = {
  name: string;
  status: string;
  message: string;
  notify: boolean;
  components: Record<string, string>;
};

export type IncidentFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"name" | "status" | "message" | "components", string>>;
  values: IncidentFormValues | null;
};

export type UpdateFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"status" | "message" | "components", string>>;
  values: { status: string; message: string; notify: boolean; components: Record<string, string> } | null;
};

const COMPONENT_FIELD = "component:";

function isComponentStatus(v: string): v is ComponentStatus {
  return (COMPONENT_STATUSES as readonly string[]).includes(v);
}

/** The form's `component:<id>` selects: what was chosen (to show again) and, when all are valid, the changes. */
function readComponents(form: FormData): { chosen: Record<string, string>; changes: { componentId: string; status: ComponentStatus }[] | null } {
  const chosen: Record<string, string> = {};
  const changes: { componentId: string; status: ComponentStatus }[] = [];
  let valid = true;
  for (const [key, raw] of form.entries()) {
    if (!key.startsWith(COMPONENT_FIELD) || typeof raw !== "string" || raw === "") continue;
    const componentId = key.slice(COMPONENT_FIELD.length);
    chosen[componentId] = raw;
    if (isComponentStatus(raw)) changes.push({ componentId, status: raw });
    else valid = false;
  }
  return { chosen, changes: valid ? changes : null };
}

/** A use case's refusal in the form's words, or null when it is not one the form can show. */
function formProblem<F extends string>(
  e: unknown,
  fields: readonly F[],
  notAllowed: string,
): { formError: string | null; fieldErrors: Partial<Record<F, string>> } | null {
  if (e instanceof ZodError) {
    const fieldErrors: Partial<Record<F, string>> = {};
    const rest: typeof e.issues = [];
    for (const issue of e.issues) {
      const field = issue.path[0] as F;
      if (fields.includes(field)) fieldErrors[field] ??= issue.message;
      else rest.push(issue);
    }
    return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors };
  }
  if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: notAllowed, fieldErrors: {} };
  return null;
}

const CHOOSE_A_STATUS = "Choose a status from the list.";

export async function createIncidentAction(_prev: IncidentFormState, form: FormData): Promise<IncidentFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const { chosen, changes } = readComponents(form);
  const values: IncidentFormValues = {
    name: String(form.get("name") ?? ""),
    status: String(form.get("status") ?? ""),
    message: String(form.get("message") ?? ""),
    notify: form.get("notify") === "on",
    components: chosen,
  };
  if (!changes) return { formError: null, fieldErrors: { components: CHOOSE_A_STATUS }, values };
  try {
    await createIncident({
      actor,
      input: {
        name: values.name,
        status: values.status as CreateIncidentInput["status"], // checked by the use case's schema
        message: values.message,
        components: changes,
        deliverNotifications: values.notify,
      },
    });
  } catch (e) {
    const problem = formProblem(e, ["name", "status", "message", "components"], "Your account is not allowed to post incidents.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect("/admin?notice=incident-posted");
}

/** The incident page's "Post an update" form → updateIncident. */
export async function updateIncidentAction(_prev: UpdateFormState, form: FormData): Promise<UpdateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const incidentId = String(form.get("incidentId") ?? "");
  const { chosen, changes } = readComponents(form);
  const values: NonNullable<UpdateFormState["values"]> = {
    status: String(form.get("status") ?? ""),
    message: String(form.get("message") ?? ""),
    notify: form.get("notify") === "on",
    components: chosen,
  };
  if (!changes) return { formError: null, fieldErrors: { components: CHOOSE_A_STATUS }, values };
  try {
    await updateIncident({
      actor,
      input: {
        incidentId,
        status: values.status as UpdateIncidentInput["status"], // checked by the use case
        message: values.message,
        components: changes,
        deliverNotifications: values.notify,
      },
    });
  } catch (e) {
    const problem = formProblem(e, ["status", "message", "components"], "Your account is not allowed to post updates.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/incidents/${encodeURIComponent(incidentId)}?notice=update-posted`);
}

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

const COMPONENT_FIELD = "component:";

function isComponentStatus(v: string): v is ComponentStatus {
  return (COMPONENT_STATUSES as readonly string[]).includes(v);
}

export async function createIncidentAction(_prev: IncidentFormState, form: FormData): Promise<IncidentFormState> {
  const actor = await requireOperator();
  const values: IncidentFormValues = {
    name: String(form.get("name") ?? ""),
    status: String(form.get("status") ?? ""),
    message: String(form.get("message") ?? ""),
    notify: form.get("notify") === "on",
    components: {},
  };
  const components: { componentId: string; status: ComponentStatus }[] = [];
  for (const [key, raw] of form.entries()) {
    if (!key.startsWith(COMPONENT_FIELD) || typeof raw !== "string" || raw === "") continue;
    const componentId = key.slice(COMPONENT_FIELD.length);
    values.components[componentId] = raw;
    if (!isComponentStatus(raw)) return { formError: null, fieldErrors: { components: "Choose a status from the list." }, values };
    components.push({ componentId, status: raw });
  }

  try {
    await createIncident({
      actor,
      input: {
        name: values.name,
        status: values.status as CreateIncidentInput["status"], // checked by the use case's schema
        message: values.message,
        components,
        deliverNotifications: values.notify,
      },
    });
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: IncidentFormState["fieldErrors"] = {};
      const rest: typeof e.issues = [];
      for (const issue of e.issues) {
        const field = issue.path[0];
        if (field === "name" || field === "status" || field === "message" || field === "components") fieldErrors[field] ??= issue.message;
        else rest.push(issue);
      }
      return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors, values };
    }
    if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {}, values };
    if (e instanceof PermissionError) return { formError: "Your account is not allowed to post incidents.", fieldErrors: {}, values };
    throw e;
  }
  redirect("/admin?notice=incident-posted");
}

export type UpdateFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"status" | "message" | "components", string>>;
  values: { status: string; message: string; notify: boolean; components: Record<string, string> } | null;
};

/** The incident page's "Post an update" form → updateIncident. */
export async function updateIncidentAction(_prev: UpdateFormState, form: FormData): Promise<UpdateFormState> {
  const actor = await requireOperator();
  const incidentId = String(form.get("incidentId") ?? "");
  const values: NonNullable<UpdateFormState["values"]> = {
    status: String(form.get("status") ?? ""),
    message: String(form.get("message") ?? ""),
    notify: form.get("notify") === "on",
    components: {},
  };
  const components: { componentId: string; status: ComponentStatus }[] = [];
  for (const [key, raw] of form.entries()) {
    if (!key.startsWith(COMPONENT_FIELD) || typeof raw !== "string" || raw === "") continue;
    const componentId = key.slice(COMPONENT_FIELD.length);
    values.components[componentId] = raw;
    if (!isComponentStatus(raw)) return { formError: null, fieldErrors: { components: "Choose a status from the list." }, values };
    components.push({ componentId, status: raw });
  }
  try {
    await updateIncident({
      actor,
      input: {
        incidentId,
        status: values.status as UpdateIncidentInput["status"], // checked by the use case
        message: values.message,
        components,
        deliverNotifications: values.notify,
      },
    });
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: UpdateFormState["fieldErrors"] = {};
      const rest: typeof e.issues = [];
      for (const issue of e.issues) {
        const field = issue.path[0];
        if (field === "status" || field === "message" || field === "components") fieldErrors[field] ??= issue.message;
        else rest.push(issue);
      }
      return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors, values };
    }
    if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {}, values };
    if (e instanceof PermissionError) return { formError: "Your account is not allowed to post updates.", fieldErrors: {}, values };
    throw e;
  }
  redirect(`/admin/incidents/${encodeURIComponent(incidentId)}?notice=update-posted`);
}

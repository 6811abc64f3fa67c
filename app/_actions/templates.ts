"use server";
// The templates pages' forms → createTemplate, updateTemplate, deleteTemplate. Refusals come back
// to the form with what was typed; success redirects to the list with a fixed notice key.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { createTemplate } from "@/lib/templates/create";
import { deleteTemplate } from "@/lib/templates/delete";
import { updateTemplate } from "@/lib/templates/update";
import type { Channel, ComponentStatus, IncidentStatus } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type TemplateField = "name" | "title" | "body" | "status" | "components" | "channels";

export type TemplateFormValues = {
  name: string;
  title: string;
  body: string;
  status: string;
  /** componentId → status; a component left out is not affected. */
  components: Record<string, string>;
  channels: string[];
};

export type TemplateFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<TemplateField, string>>;
  values: TemplateFormValues | null;
};

export type DeleteTemplateState = { formError: string | null };

const FIELDS: readonly TemplateField[] = ["name", "title", "body", "status", "components", "channels"];
const COMPONENT_FIELD = "component:";
const NOT_ALLOWED = "Your account is not allowed to manage templates.";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

function readValues(form: FormData): TemplateFormValues {
  const components: Record<string, string> = {};
  for (const [key, raw] of form.entries()) {
    if (key.startsWith(COMPONENT_FIELD) && typeof raw === "string" && raw !== "") components[key.slice(COMPONENT_FIELD.length)] = raw;
  }
  return {
    name: text(form, "name"),
    title: text(form, "title"),
    body: text(form, "body"),
    status: text(form, "status"),
    components,
    channels: form.getAll("channels").filter((c): c is string => typeof c === "string"),
  };
}

function input(values: TemplateFormValues) {
  return {
    name: values.name,
    title: values.title,
    body: values.body,
    status: values.status as IncidentStatus, // checked by the use case's schema
    // An unknown status is the schema's to refuse, in its words.
    components: Object.entries(values.components).map(([componentId, status]) => ({ componentId, status: status as ComponentStatus })),
    channels: values.channels as Channel[],
  };
}

/** A use case's refusal in the form's words, or null when it is not one a person can act on. */
function refusal(e: unknown): { formError: string | null; fieldErrors: Partial<Record<TemplateField, string>> } | null {
  if (e instanceof ZodError) {
    const fieldErrors: Partial<Record<TemplateField, string>> = {};
    const rest: typeof e.issues = [];
    for (const issue of e.issues) {
      const field = issue.path[0] as TemplateField;
      if (FIELDS.includes(field)) fieldErrors[field] ??= issue.message;
      else rest.push(issue);
    }
    return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors };
  }
  // A name taken is the name field's problem.
  if (e instanceof ConflictError) return { formError: null, fieldErrors: { name: e.message } };
  if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: NOT_ALLOWED, fieldErrors: {} };
  return null;
}

export async function createTemplateAction(_prev: TemplateFormState, form: FormData): Promise<TemplateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = readValues(form);
  try {
    await createTemplate({ actor, input: input(values) });
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect("/admin/templates?notice=template-created");
}

export async function updateTemplateAction(_prev: TemplateFormState, form: FormData): Promise<TemplateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = readValues(form);
  try {
    await updateTemplate({ actor, input: { ...input(values), templateId: text(form, "templateId") } });
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect("/admin/templates?notice=template-saved");
}

export async function deleteTemplateAction(_prev: DeleteTemplateState, form: FormData): Promise<DeleteTemplateState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM };
  try {
    await deleteTemplate({ actor, input: { templateId: text(form, "templateId") } });
  } catch (e) {
    if (e instanceof NotFoundError) return { formError: `${e.message}: it may have been deleted already. Reload the page.` };
    if (e instanceof PermissionError) return { formError: NOT_ALLOWED };
    if (e instanceof ZodError) return { formError: describeZodError(e) };
    throw e;
  }
  redirect("/admin/templates?notice=template-deleted");
}

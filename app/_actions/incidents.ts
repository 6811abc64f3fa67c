"use server";
// The dashboard's posting forms → createIncident, updateIncident, and their previews (which post
// nothing). Field problems come back to the form with everything that was typed.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { createIncident, type CreateIncidentInput } from "@/lib/incidents/create";
import { previewIncidentUpdate, previewNewIncident, type IncidentPreview } from "@/lib/incidents/preview";
import { updateIncident, type UpdateIncidentInput } from "@/lib/incidents/update";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, NotFoundError, describeZodError } from "@/lib/errors";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { wallClockToInstant, WallClockError } from "@/lib/maintenance/wall-clock";
import { COMPONENT_STATUSES, type Channel, type ComponentStatus } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

/** What the posting forms share: the update, its components, and how it goes out. */
export type PostingValues = {
  status: string;
  message: string;
  notify: boolean;
  components: Record<string, string>;
  /** "computed", or the impact chosen over it. */
  impact: string;
  /** datetime-local in the page's time zone; startedAtShown is what the form showed (unchanged = not moved). */
  startedAt: string;
  startedAtShown: string;
  customTweet: string;
  channels: string[];
};

export type PostingField = "status" | "message" | "components" | "impact" | "startedAt" | "customTweet" | "channels";
export type IncidentField = "name" | PostingField;

export type IncidentFormValues = PostingValues & { name: string };

export type IncidentFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<IncidentField, string>>;
  values: IncidentFormValues | null;
};

export type UpdateFormValues = PostingValues;

export type UpdateFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<PostingField, string>>;
  values: UpdateFormValues | null;
};

/** A preview, or why there is none (the same refusals posting would give). */
export type PreviewState = {
  formError: string | null;
  fieldErrors: Partial<Record<IncidentField, string>>;
  preview: IncidentPreview | null;
};

const COMPONENT_FIELD = "component:";
const COMPUTED = "computed";
const CHOOSE_A_STATUS = "Choose a status from the list.";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

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

function readPostingValues(form: FormData): PostingValues {
  return {
    status: text(form, "status"),
    message: text(form, "message"),
    notify: form.get("notify") === "on",
    components: readComponents(form).chosen,
    impact: text(form, "impact"),
    startedAt: text(form, "startedAt"),
    startedAtShown: text(form, "startedAtShown"),
    customTweet: text(form, "customTweet"),
    channels: form.getAll("channels").filter((c): c is string => typeof c === "string"),
  };
}

type Read<I> = { input: I; fieldErrors: Partial<Record<PostingField, string>> };

/**
 * The posting fields as a use case's input. The impact's "computed" is no choice on a new incident
 * and clears a choice on an update; a "Started at" left as the form showed it moves nothing; the
 * time typed is in the page's time zone.
 */
async function postingInput(form: FormData, values: PostingValues, computed: undefined | null) {
  const fieldErrors: Partial<Record<PostingField, string>> = {};
  const { changes } = readComponents(form);
  if (!changes) fieldErrors.components = CHOOSE_A_STATUS;
  let startedAt: Date | undefined;
  if (values.startedAt.trim() !== "" && values.startedAt !== values.startedAtShown) {
    try {
      startedAt = wallClockToInstant(values.startedAt, await pageTimeZone());
    } catch (e) {
      if (!(e instanceof WallClockError)) throw e;
      fieldErrors.startedAt = e.message;
    }
  }
  const impact = form.has("impact") ? (values.impact === COMPUTED ? computed : values.impact) : undefined;
  return {
    fieldErrors,
    input: {
      status: values.status,
      message: values.message,
      components: changes ?? [],
      impactOverride: impact as CreateIncidentInput["impactOverride"], // checked by the use case's schema
      startedAt,
      customTweet: values.customTweet,
      // Checkboxes: the form always offers them, so none ticked means none chosen.
      channels: form.has("channelsShown") ? (values.channels as Channel[]) : undefined,
      deliverNotifications: values.notify,
    },
  };
}

const PATH_TO_FIELD: Record<string, IncidentField> = { impactOverride: "impact" };

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
      const key = String(issue.path[0] ?? "");
      const field = (PATH_TO_FIELD[key] ?? key) as F;
      if (fields.includes(field)) fieldErrors[field] ??= issue.message;
      else rest.push(issue);
    }
    return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors };
  }
  if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  if (e instanceof ConflictError) return { formError: e.message, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: notAllowed, fieldErrors: {} };
  return null;
}

const INCIDENT_FIELDS: readonly IncidentField[] = ["name", "status", "message", "components", "impact", "startedAt", "customTweet", "channels"];
const UPDATE_FIELDS: readonly PostingField[] = ["status", "message", "components", "impact", "startedAt", "customTweet", "channels"];

async function readNewIncident(form: FormData): Promise<{ values: IncidentFormValues } & Read<CreateIncidentInput>> {
  const values: IncidentFormValues = { name: text(form, "name"), ...readPostingValues(form) };
  const { input, fieldErrors } = await postingInput(form, values, undefined);
  return { values, fieldErrors, input: { ...input, name: values.name, status: input.status as CreateIncidentInput["status"] } };
}

async function readUpdate(form: FormData): Promise<{ values: UpdateFormValues } & Read<UpdateIncidentInput>> {
  const values = readPostingValues(form);
  const { input, fieldErrors } = await postingInput(form, values, null);
  return {
    values,
    fieldErrors,
    // An empty status (a form without the select) keeps the incident's.
    input: { ...input, incidentId: text(form, "incidentId"), status: (input.status || undefined) as UpdateIncidentInput["status"] },
  };
}

export async function createIncidentAction(_prev: IncidentFormState, form: FormData): Promise<IncidentFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const { values, input, fieldErrors } = await readNewIncident(form);
  if (Object.keys(fieldErrors).length) return { formError: null, fieldErrors, values };
  try {
    await createIncident({ actor, input });
  } catch (e) {
    const problem = formProblem(e, INCIDENT_FIELDS, "Your account is not allowed to post incidents.");
    if (problem) return { ...problem, values };
    throw e;
  }
  // The dashboard's "Now" shows the new incident with its notifications going out.
  redirect("/admin?notice=incident-posted");
}

/** "Preview" on the new incident form: what posting would send, and to how many. Posts nothing. */
export async function previewNewIncidentAction(form: FormData): Promise<PreviewState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, preview: null };
  const { input, fieldErrors } = await readNewIncident(form);
  if (Object.keys(fieldErrors).length) return { formError: null, fieldErrors, preview: null };
  try {
    return { formError: null, fieldErrors: {}, preview: await previewNewIncident({ actor, input }) };
  } catch (e) {
    const problem = formProblem(e, INCIDENT_FIELDS, "Your account is not allowed to post incidents.");
    if (problem) return { ...problem, preview: null };
    throw e;
  }
}

/** The incident page's "Post an update" form → updateIncident. */
export async function updateIncidentAction(_prev: UpdateFormState, form: FormData): Promise<UpdateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const { values, input, fieldErrors } = await readUpdate(form);
  if (Object.keys(fieldErrors).length) return { formError: null, fieldErrors, values };
  try {
    await updateIncident({ actor, input });
  } catch (e) {
    const problem = formProblem(e, UPDATE_FIELDS, "Your account is not allowed to post updates.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/incidents/${encodeURIComponent(input.incidentId)}?notice=update-posted`);
}

/** "Preview" on the update form. Posts nothing. */
export async function previewIncidentUpdateAction(form: FormData): Promise<PreviewState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, preview: null };
  const { input, fieldErrors } = await readUpdate(form);
  if (Object.keys(fieldErrors).length) return { formError: null, fieldErrors, preview: null };
  try {
    return { formError: null, fieldErrors: {}, preview: await previewIncidentUpdate({ actor, input }) };
  } catch (e) {
    const problem = formProblem(e, UPDATE_FIELDS, "Your account is not allowed to post updates.");
    if (problem) return { ...problem, preview: null };
    throw e;
  }
}

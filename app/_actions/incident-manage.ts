"use server";
// The incident page's management forms → resolveIncident, editUpdate, deleteIncident and the
// postmortem use cases. Refusals come back to the form with what was typed; success redirects to
// the page with a fixed notice key.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { deleteIncident } from "@/lib/incidents/delete";
import { editUpdate } from "@/lib/incidents/edit-update";
import { publishPostmortem } from "@/lib/incidents/publish-postmortem";
import { resolveIncident } from "@/lib/incidents/resolve";
import { revertPostmortem } from "@/lib/incidents/revert-postmortem";
import { PostmortemBody, savePostmortem } from "@/lib/incidents/save-postmortem";
import { renderMarkdown } from "@/lib/markdown/render";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

type FormState<F extends string, V> = { formError: string | null; fieldErrors: Partial<Record<F, string>>; values: V | null };

export type ResolveFormState = FormState<"message", { message: string; restore: boolean; notify: boolean }>;
export type EditUpdateFormState = FormState<"body", { body: string }>;
export type DeleteFormState = FormState<"confirmName", { confirmName: string }>;
export type PostmortemFormState = FormState<"body", { body: string; notify: boolean }> & {
  /** The typed text as the page will show it, after "Preview". */
  previewHtml: string | null;
};

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const checked = (form: FormData, name: string) => form.get(name) === "on";
const pagePath = (id: string) => `/admin/incidents/${encodeURIComponent(id)}`;

/** A use case's refusal in the form's words, or null when it is not one a person can act on. */
function refusal<F extends string>(e: unknown, fields: readonly F[], notAllowed: string): { formError: string | null; fieldErrors: Partial<Record<F, string>> } | null {
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
  if (e instanceof ConflictError) return { formError: e.message, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: notAllowed, fieldErrors: {} };
  return null;
}

/** The Resolve section → resolveIncident. */
export async function resolveIncidentAction(_prev: ResolveFormState, form: FormData): Promise<ResolveFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const incidentId = text(form, "incidentId");
  const values = { message: text(form, "message"), restore: checked(form, "restore"), notify: checked(form, "notify") };
  let maintenance: boolean;
  try {
    const { incident } = await resolveIncident({
      actor,
      input: { incidentId, message: values.message, restoreComponents: values.restore, deliverNotifications: values.notify },
    });
    maintenance = incident.kind === "maintenance";
  } catch (e) {
    const problem = refusal(e, ["message"], "Your account is not allowed to resolve incidents.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`${pagePath(incidentId)}?notice=${maintenance ? "maintenance-completed" : "incident-resolved"}`);
}

/** An update's "Edit text" form → editUpdate (no notification goes out). */
export async function editUpdateAction(_prev: EditUpdateFormState, form: FormData): Promise<EditUpdateFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = { body: text(form, "body") };
  let incidentId: string;
  let updateId: string;
  try {
    const { update } = await editUpdate({ actor, input: { updateId: text(form, "updateId"), body: values.body } });
    incidentId = update.incidentId;
    updateId = update.id;
  } catch (e) {
    const problem = refusal(e, ["body"], "Your account is not allowed to edit updates.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`${pagePath(incidentId)}?notice=update-edited#update-${updateId}`);
}

/** The Delete section → deleteIncident, with the name typed to confirm. */
export async function deleteIncidentAction(_prev: DeleteFormState, form: FormData): Promise<DeleteFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = { confirmName: text(form, "confirmName") };
  let kind: "incident" | "maintenance";
  try {
    ({ incident: { kind } } = await deleteIncident({ actor, input: { incidentId: text(form, "incidentId"), confirmName: values.confirmName } }));
  } catch (e) {
    const problem = refusal(e, ["confirmName"], "Your account is not allowed to delete incidents: an owner or admin can.");
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(kind === "maintenance" ? "/admin/maintenance?notice=maintenance-deleted" : "/admin/incidents?notice=incident-deleted");
}

const POSTMORTEM_INTENTS = ["save", "preview", "publish", "revert"] as const;
type PostmortemIntent = (typeof POSTMORTEM_INTENTS)[number];

/** The Postmortem section: one form, its buttons saying what to do (intent) with the typed text. */
export async function postmortemAction(_prev: PostmortemFormState, form: FormData): Promise<PostmortemFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null, previewHtml: null };
  const incidentId = text(form, "incidentId");
  const values = { body: text(form, "body"), notify: checked(form, "notify") };
  const intent = text(form, "intent") as PostmortemIntent;
  if (!POSTMORTEM_INTENTS.includes(intent)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values, previewHtml: null };
  try {
    if (intent === "preview") {
      // Nothing is written: the text as the public page would render it.
      const body = PostmortemBody.parse(values.body);
      return { formError: null, fieldErrors: {}, values, previewHtml: renderMarkdown(body) };
    }
    if (intent === "save") await savePostmortem({ actor, input: { incidentId, body: values.body } });
    else if (intent === "publish") await publishPostmortem({ actor, input: { incidentId, body: values.body, deliverNotifications: values.notify } });
    else {
      await revertPostmortem({ actor, input: { incidentId } });
      // What was typed before reverting is kept, as the draft.
      if (values.body.trim()) await savePostmortem({ actor, input: { incidentId, body: values.body } });
    }
  } catch (e) {
    // The preview parses the text alone: its issues have no path.
    const problem = e instanceof ZodError && intent === "preview" ? { formError: null, fieldErrors: { body: e.issues[0]?.message ?? "Check the text" } } : refusal(e, ["body"], "Your account is not allowed to write postmortems.");
    if (problem) return { ...problem, values, previewHtml: null };
    throw e;
  }
  const notice = intent === "save" ? "postmortem-saved" : intent === "publish" ? "postmortem-published" : "postmortem-reverted";
  redirect(`${pagePath(incidentId)}?notice=${notice}#postmortem`);
}

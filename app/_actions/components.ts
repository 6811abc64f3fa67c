"use server";
// The dashboard's components page → the component and group use cases. A refusal comes back to
// its form with what was typed; a success redirects to the page with a notice (a fixed key, and the
// id of the item it names: the page shows names from the database, never text from the link).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { createComponent } from "@/lib/components/create";
import { deleteComponent } from "@/lib/components/delete";
import { reorderComponents, type ItemRef } from "@/lib/components/reorder";
import { setComponentStatus, type SetComponentStatusInput } from "@/lib/components/set-status";
import { updateComponent } from "@/lib/components/update";
import { ConflictError, NotFoundError, describeZodError } from "@/lib/errors";
import { createGroup } from "@/lib/groups/create";
import { deleteGroup } from "@/lib/groups/delete";
import { updateGroup } from "@/lib/groups/update";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

const PAGE = "/admin/components";
const NOT_ALLOWED = "Your account is not allowed to change the page's components and groups.";

export type FormState<F extends string, V> = {
  formError: string | null;
  fieldErrors: Partial<Record<F, string>>;
  values: V | null;
};

export type ComponentFields = "name" | "description" | "groupId" | "startDate";
export type ComponentValues = {
  name: string;
  description: string;
  groupId: string;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string;
};
export type ComponentFormState = FormState<ComponentFields, ComponentValues>;

export type GroupFields = "name" | "description";
export type GroupValues = { name: string; description: string };
export type GroupFormState = FormState<GroupFields, GroupValues>;

export type StatusFormState = FormState<"status", { status: string; notify: boolean }>;
export type DeleteFormState = { formError: string | null };
export type ReorderState = { error: string | null; saved: number };

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

function readComponent(form: FormData): ComponentValues {
  return {
    name: text(form, "name"),
    description: text(form, "description"),
    groupId: text(form, "groupId"),
    showcase: form.get("showcase") === "on",
    onlyShowIfDegraded: form.get("onlyShowIfDegraded") === "on",
    startDate: text(form, "startDate"),
  };
}

/**
 * A use case's refusal in the form's words, or null when it is not one a person can act on.
 * A conflict is about the name (the only conflict create and update raise) unless said otherwise.
 */
function formProblem<F extends string>(
  e: unknown,
  fields: readonly F[],
  conflictField: F | null,
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
  if (e instanceof ConflictError) {
    return conflictField ? { formError: null, fieldErrors: { [conflictField]: e.message } as Partial<Record<F, string>> } : { formError: e.message, fieldErrors: {} };
  }
  if (e instanceof NotFoundError) return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: NOT_ALLOWED, fieldErrors: {} };
  return null;
}

function done(notice: string, id: string): never {
  redirect(`${PAGE}?notice=${notice}&id=${encodeURIComponent(id)}`);
}

const COMPONENT_FIELDS = ["name", "description", "groupId", "startDate"] as const;

export async function createComponentAction(_prev: ComponentFormState, form: FormData): Promise<ComponentFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = readComponent(form);
  let id: string;
  try {
    const { component } = await createComponent({
      actor,
      input: { ...values, groupId: values.groupId || null, description: values.description, startDate: values.startDate },
    });
    id = component.id;
  } catch (e) {
    const problem = formProblem(e, COMPONENT_FIELDS, "name");
    if (problem) return { ...problem, values };
    throw e;
  }
  done("component-created", id);
}

export async function updateComponentAction(_prev: ComponentFormState, form: FormData): Promise<ComponentFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const componentId = text(form, "componentId");
  const values = readComponent(form);
  let changed: boolean;
  try {
    ({ changed } = await updateComponent({ actor, input: { componentId, ...values, groupId: values.groupId || null } }));
  } catch (e) {
    const problem = formProblem(e, COMPONENT_FIELDS, "name");
    if (problem) return { ...problem, values };
    throw e;
  }
  done(changed ? "component-saved" : "unchanged", componentId);
}

export async function deleteComponentAction(_prev: DeleteFormState, form: FormData): Promise<DeleteFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM };
  try {
    await deleteComponent({ actor, input: { componentId: text(form, "componentId") } });
  } catch (e) {
    // A deletion refused for an open incident says which one.
    const problem = formProblem(e, [], null);
    if (problem) return { formError: problem.formError };
    throw e;
  }
  // The notice cannot name what no longer exists (and never echoes the query string).
  redirect(`${PAGE}?notice=component-deleted`);
}

export async function setComponentStatusAction(_prev: StatusFormState, form: FormData): Promise<StatusFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const componentId = text(form, "componentId");
  const values = { status: text(form, "status"), notify: form.get("notify") === "on" };
  let changed: boolean;
  try {
    ({ changed } = await setComponentStatus({
      actor,
      input: { componentId, status: values.status as SetComponentStatusInput["status"], deliverNotifications: values.notify }, // checked by the use case
    }));
  } catch (e) {
    const problem = formProblem(e, ["status"], null);
    if (problem) {
      if (e instanceof PermissionError) problem.formError = "Your account is not allowed to set a component's status.";
      if (problem.fieldErrors.status) problem.fieldErrors.status = "Choose a status from the list.";
      return { ...problem, values };
    }
    throw e;
  }
  done(changed ? "status-set" : "status-unchanged", componentId);
}

export async function createGroupAction(_prev: GroupFormState, form: FormData): Promise<GroupFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = { name: text(form, "name"), description: text(form, "description") };
  let id: string;
  try {
    id = (await createGroup({ actor, input: values })).group.id;
  } catch (e) {
    const problem = formProblem(e, ["name", "description"], "name");
    if (problem) return { ...problem, values };
    throw e;
  }
  done("group-created", id);
}

export async function updateGroupAction(_prev: GroupFormState, form: FormData): Promise<GroupFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const groupId = text(form, "groupId");
  const values = { name: text(form, "name"), description: text(form, "description") };
  let changed: boolean;
  try {
    ({ changed } = await updateGroup({ actor, input: { groupId, ...values } }));
  } catch (e) {
    const problem = formProblem(e, ["name", "description"], "name");
    if (problem) return { ...problem, values };
    throw e;
  }
  done(changed ? "group-saved" : "unchanged", groupId);
}

export async function deleteGroupAction(_prev: DeleteFormState, form: FormData): Promise<DeleteFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM };
  try {
    await deleteGroup({ actor, input: { groupId: text(form, "groupId") } });
  } catch (e) {
    const problem = formProblem(e, [], null);
    if (problem) return { formError: problem.formError };
    throw e;
  }
  redirect(`${PAGE}?notice=group-deleted`);
}

/** A level's order as the forms send it: groupId ("" for the top level) and one `order` value per item, "type:id". */
function readOrder(form: FormData): { groupId: string | null; order: ItemRef[] } {
  const order = form.getAll("order").map((v) => {
    const s = typeof v === "string" ? v : "";
    const colon = s.indexOf(":");
    // Anything else is refused by the use case's schema with its own message.
    return { type: s.slice(0, colon) as ItemRef["type"], id: s.slice(colon + 1) };
  });
  return { groupId: text(form, "groupId") || null, order };
}

function reorderProblem(e: unknown): string | null {
  if (e instanceof ZodError) return describeZodError(e);
  if (e instanceof ConflictError) return e.message;
  if (e instanceof NotFoundError) return `${e.message}. Reload the page and try again.`;
  if (e instanceof PermissionError) return NOT_ALLOWED;
  return null;
}

/** The "Move up" and "Move down" buttons: each form carries the level's whole new order. Works without JavaScript. */
export async function moveItemAction(form: FormData): Promise<void> {
  const actor = await requireOperator();
  if (!isForm(form)) redirect(`${PAGE}?error=unreadable`);
  const moved = text(form, "moved");
  try {
    await reorderComponents({ actor, input: readOrder(form) });
  } catch (e) {
    if (reorderProblem(e) === null) throw e;
    redirect(`${PAGE}?error=${e instanceof PermissionError ? "not-allowed" : "stale-order"}`);
  }
  redirect(`${PAGE}?notice=moved&id=${encodeURIComponent(moved)}`);
}

/** Drag and drop: the new order of one level; the page refreshes in place and keeps its scroll. */
export async function reorderAction(prev: ReorderState, form: FormData): Promise<ReorderState> {
  const actor = await requireOperator();
  // The previous state is the caller's word too: a forged call sends null or anything.
  const saved = typeof prev?.saved === "number" ? prev.saved : 0;
  if (!isForm(form)) return { error: UNREADABLE_FORM, saved };
  try {
    await reorderComponents({ actor, input: readOrder(form) });
  } catch (e) {
    const problem = reorderProblem(e);
    if (problem === null) throw e;
    revalidatePath(PAGE);
    return { error: problem, saved };
  }
  revalidatePath(PAGE);
  return { error: null, saved: saved + 1 };
}

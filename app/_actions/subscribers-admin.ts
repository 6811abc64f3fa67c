"use server";
// The dashboard's subscriber forms → addSubscriber, removeSubscriber, reactivateSubscriber,
// rotateWebhookSecret, importSubscribers. Refusals come back to the form that asked; a webhook's
// new signing secret comes back once, in the answer to the form, and is never stored elsewhere.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { readSubscriberFilter, subscriberFilterQuery } from "@/lib/admin/subscribers";
import { ConflictError, NotFoundError, describeZodError } from "@/lib/errors";
import { addSubscriber } from "@/lib/subscribers/add";
import { importSubscribers, type ImportProblem, type ImportSkip } from "@/lib/subscribers/import";
import { reactivateSubscriber } from "@/lib/subscribers/reactivate";
import { removeSubscriber } from "@/lib/subscribers/remove";
import { rotateWebhookSecret } from "@/lib/subscribers/rotate-secret";
import type { SubscriberChannel, SubscriberState } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

const LIST = "/admin/subscribers";
const NOT_ALLOWED = "Your account may not change subscribers: an owner or admin can.";

export type AddSubscriberFormValues = { channel: string; address: string; componentIds: string[]; confirmed: boolean };

export type AddSubscriberFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<"channel" | "address" | "components", string>>;
  values: AddSubscriberFormValues | null;
  /** The subscriber just added; for a webhook, its signing secret, shown this once. */
  created: { id: string; address: string; channel: SubscriberChannel; state: SubscriberState; webhookSecret: string | null } | null;
};

export type RowActionState = { error: string | null; secret: string | null };

export type ImportFormState = {
  formError: string | null;
  confirmed: boolean;
  report: { imported: number; confirmed: boolean; skipped: ImportSkip[]; errors: ImportProblem[]; skippedCount: number; errorCount: number } | null;
};

/** Where a row action goes back to: the list with the filters it was showing, and a notice. */
function backToList(form: FormData, notice: string): string {
  const query = subscriberFilterQuery(readSubscriberFilter(new URLSearchParams(String(form.get("return") ?? ""))));
  return `${LIST}${query ? `${query}&` : "?"}notice=${notice}`;
}

/** A refusal a person can act on, in words; null for anything else (a bug: let it be thrown). */
function refusal(e: unknown): string | null {
  if (e instanceof ZodError) return describeZodError(e);
  if (e instanceof NotFoundError) return `${e.message}. Reload the page and try again.`;
  if (e instanceof ConflictError) return e.message;
  if (e instanceof PermissionError) return NOT_ALLOWED;
  return null;
}

export async function addSubscriberAction(_prev: AddSubscriberFormState, form: FormData): Promise<AddSubscriberFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null, created: null };
  const values: AddSubscriberFormValues = {
    channel: String(form.get("channel") ?? ""),
    address: String(form.get("address") ?? ""),
    componentIds: form.getAll("component").map(String),
    confirmed: form.get("confirmed") === "on",
  };
  let result: Awaited<ReturnType<typeof addSubscriber>>;
  try {
    result = await addSubscriber({
      actor,
      input: {
        channel: values.channel as SubscriberChannel, // checked by the use case's schema
        address: values.address,
        componentIds: values.componentIds,
        confirmed: values.confirmed,
      },
    });
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: AddSubscriberFormState["fieldErrors"] = {};
      const rest: typeof e.issues = [];
      for (const issue of e.issues) {
        const field = issue.path[0] === "componentIds" ? "components" : issue.path[0];
        if (field === "channel" || field === "address" || field === "components") fieldErrors[field] ??= issue.message;
        else rest.push(issue);
      }
      return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors, values, created: null };
    }
    // Already subscribed: the address is what to change.
    if (e instanceof ConflictError) return { formError: null, fieldErrors: { address: e.message }, values, created: null };
    const problem = refusal(e);
    if (problem) return { formError: problem, fieldErrors: {}, values, created: null };
    throw e;
  }
  // The answer stays on this page (no redirect): it carries a webhook's secret, which must not
  // travel in a URL, and the list and counts below are refreshed around it.
  revalidatePath(LIST);
  return { formError: null, fieldErrors: {}, values: null, created: { ...result.subscriber, webhookSecret: result.webhookSecret } };
}

export async function removeSubscriberAction(_prev: RowActionState, form: FormData): Promise<RowActionState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM, secret: null };
  try {
    await removeSubscriber({ actor, input: { subscriberId: String(form.get("subscriberId") ?? "") } });
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { error: problem, secret: null };
    throw e;
  }
  redirect(backToList(form, "removed"));
}

export async function reactivateSubscriberAction(_prev: RowActionState, form: FormData): Promise<RowActionState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM, secret: null };
  try {
    await reactivateSubscriber({ actor, input: { subscriberId: String(form.get("subscriberId") ?? "") } });
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { error: problem, secret: null };
    throw e;
  }
  redirect(backToList(form, "reactivated"));
}

export async function rotateSecretAction(_prev: RowActionState, form: FormData): Promise<RowActionState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM, secret: null };
  try {
    const r = await rotateWebhookSecret({ actor, input: { subscriberId: String(form.get("subscriberId") ?? "") } });
    return { error: null, secret: r.webhookSecret };
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { error: problem, secret: null };
    throw e;
  }
}

/** Rejected and skipped lines shown on the page at most; the counts say how many there were. */
const REPORT_LINES = 500;

export async function importSubscribersAction(_prev: ImportFormState, form: FormData): Promise<ImportFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, confirmed: false, report: null };
  const confirmed = form.get("confirmed") === "on";
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { formError: "Choose a CSV file to import.", confirmed, report: null };
  let csv: string;
  try {
    csv = await file.text();
  } catch {
    return { formError: "The file could not be read. Try again.", confirmed, report: null };
  }
  try {
    const r = await importSubscribers({ actor, input: { csv, confirmed } });
    if (r.imported > 0) revalidatePath(LIST);
    return {
      formError: null,
      confirmed,
      report: {
        imported: r.imported,
        confirmed,
        skipped: r.skipped.slice(0, REPORT_LINES),
        errors: r.errors.slice(0, REPORT_LINES),
        skippedCount: r.skipped.length,
        errorCount: r.errors.length,
      },
    };
  } catch (e) {
    const problem = refusal(e);
    if (problem) return { formError: problem, confirmed, report: null };
    throw e;
  }
}

"use server";
// The dashboard's metric forms → createMetric, updateMetric, deleteMetric. Refusals come back to
// the form with what was typed; a success goes back to /admin/metrics with a notice.
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { createMetric, type CreateMetricInput } from "@/lib/metrics/create";
import { deleteMetric } from "@/lib/metrics/delete";
import { updateMetric } from "@/lib/metrics/update";
import { requireOperator } from "@/app/admin/_lib/auth";
import { isForm, UNREADABLE_FORM } from "@/app/_lib/form";

export type MetricField = "name" | "suffix" | "description" | "decimalPlaces" | "yAxisMin" | "yAxisMax" | "transform" | "componentId";
const FIELDS: readonly MetricField[] = ["name", "suffix", "description", "decimalPlaces", "yAxisMin", "yAxisMax", "transform", "componentId"];

/** The form as typed (numbers as text, so a refused "abc" is shown again as it was). */
export type MetricFormValues = {
  name: string;
  suffix: string;
  description: string;
  decimalPlaces: string;
  yAxisMin: string;
  yAxisMax: string;
  transform: string;
  componentId: string;
  displayed: boolean;
  yAxisHidden: boolean;
};

export type MetricFormState = {
  formError: string | null;
  fieldErrors: Partial<Record<MetricField, string>>;
  values: MetricFormValues | null;
};

export type MetricDeleteState = { error: string | null };

function readValues(form: FormData): MetricFormValues {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    name: s("name"),
    suffix: s("suffix"),
    description: s("description"),
    decimalPlaces: s("decimalPlaces"),
    yAxisMin: s("yAxisMin"),
    yAxisMax: s("yAxisMax"),
    transform: s("transform"),
    componentId: s("componentId"),
    displayed: form.get("displayed") === "on",
    yAxisHidden: form.get("yAxisHidden") === "on",
  };
}

/** The typed values as the use case's input, or the fields that are not numbers. */
function toInput(v: MetricFormValues): { input: Omit<CreateMetricInput, "transform"> & { transform: string }; problems: Partial<Record<MetricField, string>> } {
  const problems: Partial<Record<MetricField, string>> = {};
  const number = (field: MetricField, text: string, fallback: number | null): number | null => {
    const t = text.trim();
    if (t === "") return fallback;
    const n = Number(t);
    if (!Number.isFinite(n)) {
      problems[field] = field === "decimalPlaces" ? "Enter a whole number from 0 to 4" : "Enter a number, or leave it empty";
      return fallback;
    }
    return n;
  };
  return {
    input: {
      name: v.name,
      suffix: v.suffix,
      description: v.description,
      displayed: v.displayed,
      decimalPlaces: number("decimalPlaces", v.decimalPlaces, 0) ?? 0,
      yAxisMin: number("yAxisMin", v.yAxisMin, null),
      yAxisMax: number("yAxisMax", v.yAxisMax, null),
      yAxisHidden: v.yAxisHidden,
      transform: v.transform,
      componentId: v.componentId.trim() === "" ? null : v.componentId,
    },
    problems,
  };
}

/** A use case's refusal in the form's words, or null when it is not one a person can act on. */
function formProblem(e: unknown): Omit<MetricFormState, "values"> | null {
  if (e instanceof ZodError) {
    const fieldErrors: Partial<Record<MetricField, string>> = {};
    const rest: typeof e.issues = [];
    for (const issue of e.issues) {
      const field = issue.path[0] as MetricField;
      if (FIELDS.includes(field)) fieldErrors[field] ??= issue.message;
      else rest.push(issue);
    }
    return { formError: rest.length ? describeZodError({ issues: rest }) : null, fieldErrors };
  }
  if (e instanceof NotFoundError) {
    if (e.message.startsWith("Unknown component")) return { formError: null, fieldErrors: { componentId: "That component no longer exists: choose another" } };
    return { formError: `${e.message}. Reload the page and try again.`, fieldErrors: {} };
  }
  if (e instanceof ConflictError) return { formError: e.message, fieldErrors: {} };
  if (e instanceof PermissionError) return { formError: "Your account is not allowed to define metrics.", fieldErrors: {} };
  return null;
}

export async function createMetricAction(_prev: MetricFormState, form: FormData): Promise<MetricFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const values = readValues(form);
  const { input, problems } = toInput(values);
  if (Object.keys(problems).length) return { formError: null, fieldErrors: problems, values };
  let id: string;
  try {
    // The transform is checked by the use case's schema.
    ({ metric: { id } } = await createMetric({ actor, input: input as CreateMetricInput }));
  } catch (e) {
    const problem = formProblem(e);
    if (problem) return { ...problem, values };
    throw e;
  }
  // `created` gives the page a new key for the empty form it shows next.
  redirect(`/admin/metrics?notice=metric-created&created=${encodeURIComponent(id)}#metric-${encodeURIComponent(id)}`);
}

export async function updateMetricAction(_prev: MetricFormState, form: FormData): Promise<MetricFormState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { formError: UNREADABLE_FORM, fieldErrors: {}, values: null };
  const metricId = String(form.get("metricId") ?? "");
  const values = readValues(form);
  const { input, problems } = toInput(values);
  if (Object.keys(problems).length) return { formError: null, fieldErrors: problems, values };
  try {
    await updateMetric({ actor, input: { ...(input as CreateMetricInput), metricId } });
  } catch (e) {
    const problem = formProblem(e);
    if (problem) return { ...problem, values };
    throw e;
  }
  redirect(`/admin/metrics?notice=metric-saved#metric-${encodeURIComponent(metricId)}`);
}

/** One toggle: show a metric on the public page, or hide it. */
export async function setMetricDisplayedAction(form: FormData): Promise<void> {
  const actor = await requireOperator();
  if (!isForm(form)) redirect("/admin/metrics?notice=unreadable");
  const metricId = String(form.get("metricId") ?? "");
  const displayed = form.get("displayed") === "true";
  try {
    await updateMetric({ actor, input: { metricId, displayed } });
  } catch (e) {
    if (e instanceof NotFoundError) redirect("/admin/metrics?notice=metric-missing");
    if (e instanceof PermissionError) redirect("/admin/metrics?notice=not-allowed");
    throw e;
  }
  redirect(`/admin/metrics?notice=${displayed ? "metric-shown" : "metric-hidden"}#metric-${encodeURIComponent(metricId)}`);
}

export async function deleteMetricAction(_prev: MetricDeleteState, form: FormData): Promise<MetricDeleteState> {
  const actor = await requireOperator();
  if (!isForm(form)) return { error: UNREADABLE_FORM };
  try {
    await deleteMetric({ actor, input: { metricId: String(form.get("metricId") ?? "") } });
  } catch (e) {
    if (e instanceof NotFoundError) return { error: `${e.message}. Reload the page: it may have been deleted already.` };
    if (e instanceof ConflictError) return { error: e.message };
    if (e instanceof PermissionError) return { error: "Your account is not allowed to delete metrics." };
    if (e instanceof ZodError) return { error: describeZodError(e) };
    throw e;
  }
  redirect("/admin/metrics?notice=metric-deleted");
}

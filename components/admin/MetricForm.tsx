"use client";
// A metric's definition: create (no `metric`) or edit. Beside the fields, a live preview of the
// graph as the public page will draw it, redrawn on every keystroke with the typed suffix, bounds
// and decimals: over the metric's own recent data, or over sample data while it has none.
import { useActionState, useState, type ReactNode } from "react";
import { createMetricAction, updateMetricAction, type MetricField, type MetricFormState, type MetricFormValues } from "@/app/_actions/metrics";
import type { PeriodId } from "@/lib/metrics/buckets";
import type { ChartMetric, ChartSeries } from "@/lib/metrics/chart";
import { METRIC_TRANSFORMS, MAX_DECIMAL_PLACES } from "@/lib/metrics/transforms";
import { MetricChart } from "@/components/metrics/MetricChart";
import { SubmitButton } from "@/components/SubmitButton";
import { FIELD_ERROR, INPUT, LABEL } from "@/components/admin/fields";
import { ErrorSummary } from "@/components/admin/ErrorSummary";

export type MetricFormMetric = {
  id: string;
  name: string;
  suffix: string;
  description: string | null;
  displayed: boolean;
  decimalPlaces: number;
  yAxisMin: number | null;
  yAxisMax: number | null;
  yAxisHidden: boolean;
  transform: string;
  componentId: string | null;
  key: string | null;
  pointCount: number;
  series: Record<PeriodId, ChartSeries>;
};

type Props = {
  metric?: MetricFormMetric;
  components: { id: string; name: string }[];
  sample: Record<PeriodId, ChartSeries>;
};

const initial: MetricFormState = { formError: null, fieldErrors: {}, values: null };

const TRANSFORM_LABELS: Record<(typeof METRIC_TRANSFORMS)[number], string> = {
  average: "Average of the points in each interval",
  sum: "Sum of the points in each interval",
};

const LABELS: Record<MetricField, string> = {
  name: "Name",
  suffix: "Suffix (unit)",
  description: "Description",
  decimalPlaces: "Decimal places",
  yAxisMin: "Y-axis minimum",
  yAxisMax: "Y-axis maximum",
  transform: "Combine points by",
  componentId: "Component",
};

function valuesOf(metric: MetricFormMetric | undefined): MetricFormValues {
  return {
    name: metric?.name ?? "",
    suffix: metric?.suffix ?? "",
    description: metric?.description ?? "",
    decimalPlaces: String(metric?.decimalPlaces ?? 0),
    yAxisMin: metric?.yAxisMin === null || metric?.yAxisMin === undefined ? "" : String(metric.yAxisMin),
    yAxisMax: metric?.yAxisMax === null || metric?.yAxisMax === undefined ? "" : String(metric.yAxisMax),
    transform: metric?.transform ?? "average",
    componentId: metric?.componentId ?? "",
    displayed: metric?.displayed ?? true,
    yAxisHidden: metric?.yAxisHidden ?? false,
  };
}

function readForm(form: HTMLFormElement): MetricFormValues {
  const data = new FormData(form);
  const s = (name: string) => String(data.get(name) ?? "");
  return {
    name: s("name"),
    suffix: s("suffix"),
    description: s("description"),
    decimalPlaces: s("decimalPlaces"),
    yAxisMin: s("yAxisMin"),
    yAxisMax: s("yAxisMax"),
    transform: s("transform"),
    componentId: s("componentId"),
    displayed: data.get("displayed") === "on",
    yAxisHidden: data.get("yAxisHidden") === "on",
  };
}

/** What the preview draws with: the typed values where they make sense, the safe default where not. */
function previewMetric(id: string, v: MetricFormValues): ChartMetric {
  const num = (s: string) => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));
  const dp = num(v.decimalPlaces);
  let min = num(v.yAxisMin);
  let max = num(v.yAxisMax);
  if (min !== null && max !== null && !(max > min)) min = max = null;
  return {
    id,
    name: v.name.trim() || "New metric",
    suffix: v.suffix,
    decimalPlaces: dp === null ? 0 : Math.min(Math.max(Math.trunc(dp), 0), MAX_DECIMAL_PLACES),
    yAxisMin: min,
    yAxisMax: max,
    yAxisHidden: v.yAxisHidden,
  };
}

export function MetricForm(props: Props) {
  const [state, action] = useActionState(props.metric ? updateMetricAction : createMetricAction, initial);
  // A fresh key per refused submit re-applies the returned values as the fields' defaults.
  return <MetricFormBody key={state.values ? JSON.stringify(state.values) : "initial"} {...props} state={state} action={action} />;
}

function MetricFormBody({ metric, components, sample, state, action }: Props & { state: MetricFormState; action: (form: FormData) => void }) {
  const start = state.values ?? valuesOf(metric);
  const [live, setLive] = useState(start);
  const errors = state.fieldErrors;
  const problems = Object.entries(errors) as [MetricField, string][];
  const p = metric ? `metric-${metric.id}` : "metric-new";
  const id = (field: string) => `${p}-${field}`;
  const useSample = !metric || metric.pointCount === 0;

  const invalid = (field: MetricField) => (errors[field] ? true : undefined);
  const described = (field: MetricField, help?: boolean) =>
    [errors[field] ? id(`${field}-error`) : null, help ? id(`${field}-help`) : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: MetricField) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className={FIELD_ERROR}>
        {errors[field]}
      </p>
    ) : null;
  const help = (field: MetricField, text: ReactNode) => (
    <p id={id(`${field}-help`)} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
      {text}
    </p>
  );

  return (
    <form action={action} onChange={(e) => setLive(readForm(e.currentTarget))} className="grid gap-6 lg:grid-cols-2" noValidate>
      {metric ? <input type="hidden" name="metricId" value={metric.id} /> : null}
      <div className="space-y-4">
        <ErrorSummary title={metric ? "The metric was not saved:" : "The metric was not created:"} formError={state.formError} problems={problems.map(([field, message]) => ({ href: `#${id(field)}`, message: `${LABELS[field]}: ${message}` }))} />

        {metric?.key ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Herald records this metric itself (<code>{metric.key}</code>).
          </p>
        ) : null}

        <div>
          <label htmlFor={id("name")} className={LABEL}>
            {LABELS.name}
          </label>
          <input
            id={id("name")}
            name="name"
            type="text"
            required
            maxLength={100}
            defaultValue={start.name}
            aria-invalid={invalid("name")}
            aria-describedby={described("name")}
            className={`mt-1 ${INPUT}`}
          />
          {fieldError("name")}
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={id("suffix")} className={LABEL}>
              {LABELS.suffix}
            </label>
            <input
              id={id("suffix")}
              name="suffix"
              type="text"
              maxLength={20}
              defaultValue={start.suffix}
              aria-invalid={invalid("suffix")}
              aria-describedby={described("suffix", true)}
              className={`mt-1 ${INPUT}`}
            />
            {help("suffix", <>Written right after the value: start it with a space for “12 ms”.</>)}
            {fieldError("suffix")}
          </div>
          <div>
            <label htmlFor={id("decimalPlaces")} className={LABEL}>
              {LABELS.decimalPlaces}
            </label>
            <input
              id={id("decimalPlaces")}
              name="decimalPlaces"
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_DECIMAL_PLACES}
              step={1}
              defaultValue={start.decimalPlaces}
              aria-invalid={invalid("decimalPlaces")}
              aria-describedby={described("decimalPlaces")}
              className={`mt-1 ${INPUT}`}
            />
            {fieldError("decimalPlaces")}
          </div>
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={id("yAxisMin")} className={LABEL}>
              {LABELS.yAxisMin}
            </label>
            <input
              id={id("yAxisMin")}
              name="yAxisMin"
              type="text"
              inputMode="decimal"
              defaultValue={start.yAxisMin}
              aria-invalid={invalid("yAxisMin")}
              aria-describedby={described("yAxisMin", true)}
              className={`mt-1 ${INPUT}`}
            />
            {help("yAxisMin", "Empty: from zero, or below for negative values.")}
            {fieldError("yAxisMin")}
          </div>
          <div>
            <label htmlFor={id("yAxisMax")} className={LABEL}>
              {LABELS.yAxisMax}
            </label>
            <input
              id={id("yAxisMax")}
              name="yAxisMax"
              type="text"
              inputMode="decimal"
              defaultValue={start.yAxisMax}
              aria-invalid={invalid("yAxisMax")}
              aria-describedby={described("yAxisMax", true)}
              className={`mt-1 ${INPUT}`}
            />
            {help("yAxisMax", "Empty: a round number above the highest value.")}
            {fieldError("yAxisMax")}
          </div>
        </div>

        <div className="flex items-center gap-2">
          <input id={id("yAxisHidden")} name="yAxisHidden" type="checkbox" defaultChecked={start.yAxisHidden} className="size-4" />
          <label htmlFor={id("yAxisHidden")} className="text-sm font-medium">
            Hide the y-axis labels
          </label>
        </div>

        <div>
          <label htmlFor={id("transform")} className={LABEL}>
            {LABELS.transform}
          </label>
          <select
            id={id("transform")}
            name="transform"
            defaultValue={start.transform}
            aria-invalid={invalid("transform")}
            aria-describedby={described("transform")}
            className={`mt-1 ${INPUT}`}
          >
            {METRIC_TRANSFORMS.map((t) => (
              <option key={t} value={t}>
                {TRANSFORM_LABELS[t]}
              </option>
            ))}
          </select>
          {fieldError("transform")}
        </div>

        <div>
          <label htmlFor={id("componentId")} className={LABEL}>
            {LABELS.componentId}
          </label>
          <select
            id={id("componentId")}
            name="componentId"
            defaultValue={start.componentId}
            aria-invalid={invalid("componentId")}
            aria-describedby={described("componentId")}
            className={`mt-1 ${INPUT}`}
          >
            <option value="">None</option>
            {components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {fieldError("componentId")}
        </div>

        <div>
          <label htmlFor={id("description")} className={LABEL}>
            {LABELS.description}
          </label>
          <textarea
            id={id("description")}
            name="description"
            rows={2}
            maxLength={1_000}
            defaultValue={start.description}
            aria-invalid={invalid("description")}
            aria-describedby={described("description", true)}
            className={`mt-1 ${INPUT}`}
          />
          {help("description", "Shown under the graph's name on the status page.")}
          {fieldError("description")}
        </div>

        <div className="flex items-start gap-2">
          <input id={id("displayed")} name="displayed" type="checkbox" defaultChecked={start.displayed} className="mt-1 size-4" />
          <label htmlFor={id("displayed")} className="text-sm font-medium">
            Show on the public status page
          </label>
        </div>

        <SubmitButton pendingText={metric ? "Saving…" : "Creating…"}>{metric ? "Save metric" : "Create metric"}</SubmitButton>
      </div>

      <div className="min-w-0 space-y-2">
        <p className="text-sm font-semibold">
          Preview <span className="font-normal text-zinc-600 dark:text-zinc-400">{useSample ? "(sample data)" : "(this metric’s data)"}</span>
        </p>
        <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <MetricChart metric={previewMetric(metric?.id ?? "preview", live)} series={useSample ? sample : metric.series} />
        </div>
      </div>
    </form>
  );
}

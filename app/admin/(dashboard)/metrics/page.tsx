import type { Metadata } from "next";
import { requireOperator } from "@/app/admin/_lib/auth";
import { setMetricDisplayedAction } from "@/app/_actions/metrics";
import { can } from "@/lib/auth/actor";
import { loadMetricsAdmin, LATEST_POINTS, type MetricAdminEntry } from "@/lib/admin/metrics";
import { formatValue } from "@/lib/metrics/chart";
import { MetricDeleteForm } from "@/components/admin/MetricDeleteForm";
import { MetricForm } from "@/components/admin/MetricForm";
import { SubmitButton } from "@/components/SubmitButton";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Metrics · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, { text: string; ok: boolean }> = {
  "metric-created": { text: "Metric created", ok: true },
  "metric-saved": { text: "Metric saved", ok: true },
  "metric-deleted": { text: "Metric deleted, with its points", ok: true },
  "metric-shown": { text: "The metric is now on the public page", ok: true },
  "metric-hidden": { text: "The metric is now hidden from the public page", ok: true },
  "metric-missing": { text: "That metric no longer exists", ok: false },
  "not-allowed": { text: "Your account is not allowed to change metrics", ok: false },
  unreadable: { text: "The form could not be read. Reload the page and try again.", ok: false },
};

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
const BADGE = "rounded-full px-2 py-0.5 text-xs font-medium";

function DisplayToggle({ metric }: { metric: MetricAdminEntry }) {
  return (
    <form action={setMetricDisplayedAction}>
      <input type="hidden" name="metricId" value={metric.id} />
      <input type="hidden" name="displayed" value={metric.displayed ? "false" : "true"} />
      <SubmitButton pendingText="Saving…" className="px-3 py-1.5 text-sm">
        {metric.displayed ? "Hide from the public page" : "Show on the public page"}
      </SubmitButton>
    </form>
  );
}

function LatestPoints({ metric }: { metric: MetricAdminEntry }) {
  if (metric.latest.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No points yet.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          Latest points of {metric.name}, newest first
        </caption>
        <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Time
            </th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">
              Value
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {metric.latest.map((p) => (
            <tr key={p.at.toISOString()}>
              <td className="px-3 py-1.5 whitespace-nowrap">
                <Time date={p.at} />
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">{formatValue(p.value, metric.decimalPlaces, metric.suffix)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function MetricsAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice, created } = await searchParams;
  const shown = typeof notice === "string" ? NOTICES[notice] : undefined;

  if (!can(actor, "metric.write")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">Metrics</h1>
        <p className="text-zinc-700 dark:text-zinc-300">Your account cannot define metrics: an owner or admin can.</p>
      </div>
    );
  }
  const view = await loadMetricsAdmin({ actor });
  const own = view.metrics.filter((m) => !m.key);
  const herald = view.metrics.filter((m) => m.key);

  const entry = (m: MetricAdminEntry) => (
    <li key={m.id} id={`metric-${m.id}`} className={`${CARD} scroll-mt-4 space-y-4`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="text-lg font-semibold">{m.name}</h3>
          <p className="mt-1 flex flex-wrap gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <span className={`${BADGE} ${m.displayed ? "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"}`}>
              {m.displayed ? "Shown publicly" : "Hidden"}
            </span>
            {m.key ? <span className={`${BADGE} bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200`}>{m.key}</span> : null}
            <span>
              {m.pointCount.toLocaleString("en-US")} {m.pointCount === 1 ? "point" : "points"}
            </span>
            {m.componentName ? <span>Component: {m.componentName}</span> : null}
            <span>Combined by {m.transform}</span>
          </p>
          {m.description ? <p className="mt-1 text-sm">{m.description}</p> : null}
        </div>
        <DisplayToggle metric={m} />
      </div>
      <section aria-label={`Latest points of ${m.name}`} className="space-y-2">
        <h4 className="text-sm font-semibold">Latest {LATEST_POINTS} points</h4>
        <LatestPoints metric={m} />
      </section>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-blue-700 dark:text-blue-400">Edit {m.name}</summary>
        <div className="mt-4">
          <MetricForm key={m.updatedAt.toISOString()} metric={m} components={view.components} sample={view.sample} />
        </div>
      </details>
      {m.key ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Herald records this metric itself: it cannot be deleted, only hidden.</p>
      ) : (
        <MetricDeleteForm metric={{ id: m.id, name: m.name, pointCount: m.pointCount }} />
      )}
    </li>
  );

  return (
    <div className="space-y-8">
      {shown ? (
        <p
          role={shown.ok ? "status" : "alert"}
          className={
            shown.ok
              ? "rounded-md border border-green-300 bg-green-50 px-4 py-3 font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200"
              : "rounded-md border border-red-300 bg-red-50 px-4 py-3 font-medium text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          }
        >
          {shown.text}
        </p>
      ) : null}

      <div>
        <h1 className="text-2xl font-bold tracking-tight">Metrics</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">Graphs on the status page (“System metrics”). Points come from the API or from Herald itself.</p>
      </div>

      <section aria-labelledby="new-metric-heading" className={`${CARD} space-y-4`}>
        <h2 id="new-metric-heading" className="text-lg font-semibold">
          New metric
        </h2>
        {/* A metric just created: a fresh, empty form. */}
        <MetricForm key={typeof created === "string" ? created : "new"} components={view.components} sample={view.sample} />
      </section>

      <section aria-labelledby="your-metrics-heading" className="space-y-3">
        <h2 id="your-metrics-heading" className="text-lg font-semibold">
          Your metrics
        </h2>
        {own.length === 0 ? <p className="text-zinc-600 dark:text-zinc-400">No metrics defined yet.</p> : <ul className="space-y-4">{own.map(entry)}</ul>}
      </section>

      <section aria-labelledby="herald-metrics-heading" className="space-y-3">
        <h2 id="herald-metrics-heading" className="text-lg font-semibold">
          Herald’s own metrics
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The notifier records these every 30 seconds. Each can be shown on the public page with its toggle.</p>
        {herald.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">None yet: they appear once the worker has run.</p>
        ) : (
          <ul className="space-y-4">{herald.map(entry)}</ul>
        )}
      </section>
    </div>
  );
}

// "System metrics" on the public page: each displayed metric with its current value and a graph.
// Renders nothing when no metric is public. Place it on the page as <MetricsSection />.
import { MetricChart } from "@/components/metrics/MetricChart";
import { formatValue } from "@/lib/metrics/chart";
import { loadMetricCards } from "@/lib/metrics/section";

export async function MetricsSection() {
  const cards = await loadMetricCards();
  if (cards.length === 0) return null;
  return (
    <section aria-labelledby="metrics-heading" className="space-y-4">
      <h2 id="metrics-heading" className="text-xl font-semibold">
        System metrics
      </h2>
      <ul className="space-y-4">
        {cards.map(({ metric, description, current, series }) => (
          <li
            key={metric.id}
            data-metric={metric.name}
            className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <div className="min-w-0">
                <h3 className="font-medium">
                  {metric.name}
                </h3>
                {description ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
              </div>
              <p className="text-lg font-semibold tabular-nums">
                <span className="sr-only">Current value: </span>
                {current === null ? (
                  <span className="text-base font-normal text-zinc-600 dark:text-zinc-400">No recent data</span>
                ) : (
                  formatValue(current, metric.decimalPlaces, metric.suffix)
                )}
              </p>
            </div>
            <MetricChart metric={metric} series={series} />
          </li>
        ))}
      </ul>
    </section>
  );
}

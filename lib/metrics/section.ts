// What the public page's "System metrics" section shows: each displayed metric with its current
// value and the graph data of every period (all three are rendered into the page: see
// components/metrics/MetricChart.tsx). Read through the rollup cache: no query unless something changed.
import { getPublicSnapshot } from "@/lib/public/cache";
import { PERIOD_IDS, type PeriodId } from "@/lib/metrics/buckets";
import type { ChartMetric, ChartSeries } from "@/lib/metrics/chart";
import { rollupMetric, type MetricRollup, type RollupOptions } from "@/lib/metrics/rollup";

export type MetricCard = {
  metric: ChartMetric;
  description: string | null;
  /** The value of the newest bucket of the day graph, or null without data in the last 24 hours. */
  current: number | null;
  series: Record<PeriodId, ChartSeries>;
};

/** Enough digits for the page (which shows at most `decimalPlaces`), fewer bytes in the HTML. */
function trim(value: number, decimalPlaces: number): number {
  return Number(value.toFixed(Math.min(Math.max(decimalPlaces, 0) + 3, 9)));
}

function toSeries(r: MetricRollup, decimalPlaces: number): ChartSeries {
  const w = r.window;
  return {
    period: w.period,
    start: w.start,
    count: w.count,
    interval: w.interval,
    points: r.points.map((p) => [p.timestamp, trim(p.value, decimalPlaces)]),
  };
}

export async function loadMetricCards(opts: RollupOptions = {}): Promise<MetricCard[]> {
  const snapshot = await getPublicSnapshot();
  return Promise.all(
    snapshot.metrics.map(async (m) => {
      const rollups = await Promise.all(PERIOD_IDS.map((p) => rollupMetric(m, p, opts)));
      const series = Object.fromEntries(PERIOD_IDS.map((p, i) => [p, toSeries(rollups[i]!, m.decimalPlaces)])) as Record<PeriodId, ChartSeries>;
      return {
        metric: {
          id: m.id,
          name: m.name,
          suffix: m.suffix,
          decimalPlaces: m.decimalPlaces,
          yAxisMin: m.yAxisMin,
          yAxisMax: m.yAxisMax,
          yAxisHidden: m.yAxisHidden,
        },
        description: m.description,
        current: rollups[0]!.summary.last,
        series,
      };
    }),
  );
}

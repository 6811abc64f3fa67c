// Read-only: the metrics as the dashboard and the CLI list them — every metric (shown or hidden,
// Herald's own too) with its latest points — and the graph data the dashboard's live preview draws.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { PERIOD_IDS, periodWindow, type PeriodId } from "@/lib/metrics/buckets";
import type { ChartSeries } from "@/lib/metrics/chart";
import { rollupMetric } from "@/lib/metrics/rollup";
import { startPublicCache } from "@/lib/public/cache";

/** How many of each metric's newest points the list shows. */
export const LATEST_POINTS = 10;

export type MetricListing = {
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
  position: number;
  componentId: string | null;
  componentName: string | null;
  /** Set for Herald's own metrics (herald.*), recorded by the worker. */
  key: string | null;
  createdAt: Date;
  updatedAt: Date;
  pointCount: number;
  /** Newest first. */
  latest: { at: Date; value: number }[];
};

export async function listMetrics({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<MetricListing[]> {
  requirePermission(actor, "metric.write");
  const client = db();
  const [metrics, counts, latest] = await Promise.all([
    client.metric.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], include: { component: { select: { name: true } } } }),
    client.metricPoint.groupBy({ by: ["metricId"], _count: { _all: true } }),
    // Each metric's newest points, read backwards along the (metric_id, timestamp) key.
    client.$queryRaw<{ metric_id: string; timestamp: Date; value: number }[]>`
      SELECT m.id AS metric_id, p."timestamp", p.value
      FROM metric m
      CROSS JOIN LATERAL (
        SELECT "timestamp", value FROM metric_point WHERE metric_id = m.id ORDER BY "timestamp" DESC LIMIT ${LATEST_POINTS}
      ) p
      ORDER BY m.id, p."timestamp" DESC`,
  ]);
  const countOf = new Map(counts.map((c) => [c.metricId, c._count._all]));
  const latestOf = new Map<string, { at: Date; value: number }[]>();
  for (const p of latest) {
    let list = latestOf.get(p.metric_id);
    if (!list) latestOf.set(p.metric_id, (list = []));
    list.push({ at: p.timestamp, value: p.value });
  }
  return metrics.map(({ component, ...m }) => ({
    id: m.id,
    name: m.name,
    suffix: m.suffix,
    description: m.description,
    displayed: m.displayed,
    decimalPlaces: m.decimalPlaces,
    yAxisMin: m.yAxisMin,
    yAxisMax: m.yAxisMax,
    yAxisHidden: m.yAxisHidden,
    transform: m.transform,
    position: m.position,
    componentId: m.componentId,
    componentName: component?.name ?? null,
    key: m.key,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    pointCount: countOf.get(m.id) ?? 0,
    latest: latestOf.get(m.id) ?? [],
  }));
}

export type MetricAdminEntry = MetricListing & { series: Record<PeriodId, ChartSeries> };

export type MetricsAdminView = {
  metrics: MetricAdminEntry[];
  components: { id: string; name: string }[];
  /** Made-up data for the preview of a metric that has no points yet. */
  sample: Record<PeriodId, ChartSeries>;
};

/** A metric's graph data for every period, as the public page would draw it (through the same rollup cache). */
async function seriesOf(metric: { id: string; transform: string }, now: number): Promise<Record<PeriodId, ChartSeries>> {
  const rollups = await Promise.all(PERIOD_IDS.map((p) => rollupMetric(metric, p, { now })));
  return Object.fromEntries(
    PERIOD_IDS.map((p, i) => {
      const r = rollups[i]!;
      const w = r.window;
      return [p, { period: p, start: w.start, count: w.count, interval: w.interval, points: r.points.map((x) => [x.timestamp, x.value]) }];
    }),
  ) as Record<PeriodId, ChartSeries>;
}

/** A calm daily wave with a bump, for previewing a metric before it has data. Deterministic. */
export function sampleSeries(now: number): Record<PeriodId, ChartSeries> {
  return Object.fromEntries(
    PERIOD_IDS.map((p) => {
      const w = periodWindow(p, now);
      const points: [number, number][] = [];
      for (let i = 0; i < w.count; i++) {
        const t = w.start + i * w.interval;
        const day = (t % 86_400) / 86_400;
        const value = 120 + 60 * Math.sin(2 * Math.PI * day) + 15 * Math.sin(i * 0.7) + (i > w.count * 0.7 && i < w.count * 0.75 ? 140 : 0);
        points.push([t, Math.round(value * 100) / 100]);
      }
      return [p, { period: p, start: w.start, count: w.count, interval: w.interval, points }];
    }),
  ) as Record<PeriodId, ChartSeries>;
}

export async function loadMetricsAdmin({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<MetricsAdminView> {
  requirePermission(actor, "metric.write");
  // The rollup cache is keyed on the metrics version, which the change listener bumps.
  startPublicCache();
  const now = Date.now();
  const [metrics, components] = await Promise.all([
    listMetrics({ actor }),
    db().component.findMany({ orderBy: [{ name: "asc" }], select: { id: true, name: true } }),
  ]);
  const withSeries = await Promise.all(metrics.map(async (m) => ({ ...m, series: await seriesOf(m, now) })));
  return { metrics: withSeries, components, sample: sampleSeries(now) };
}

// GET /metrics-display/<id>/day.json | week.json | month.json: a public metric's graph data in
// Statuspage's shape (docs/formats.md, "Metric graphs"):
//   {period:{count, interval, identifier},
//    metrics:[{metric:{…}, summary:{sum, mean}, data:[{timestamp, value}]}],
//    summary:{sum, mean, last}}
// Buckets without points are left out of `data` (the graph shows a gap), as Statuspage does.
// The metric comes from the public snapshot (so a hidden metric is unknown here), the points from
// the rollup cache (lib/metrics/rollup.ts): a request costs no query unless something changed.
import { getPublicSnapshot } from "@/lib/public/cache";
import type { SnapMetric } from "@/lib/public/snapshot";
import { isPeriodId, periodFromSegment, type PeriodId, type Point } from "@/lib/metrics/buckets";
import { rollupMetric, type MetricRollup, type RollupOptions } from "@/lib/metrics/rollup";

export type MetricsDisplayMetric = {
  name: string;
  metric_identifier: string;
  created_at: string;
  updated_at: string;
  id: string;
  metrics_provider_id: string;
  metrics_display_id: string;
  most_recent_data_at: string | null;
  backfilled: boolean;
  last_fetched_at: string;
  backfill_percentage: number;
};

export type MetricsDisplay = {
  period: { count: number; interval: number; identifier: PeriodId };
  metrics: { metric: MetricsDisplayMetric; summary: { sum: number; mean: number }; data: Point[] }[];
  /** `last` is null when the period has no data at all. */
  summary: { sum: number; mean: number; last: number | null };
};

/** Herald is its own (and only) metrics provider. */
export const METRICS_PROVIDER_ID = "herald";

/** The document for one metric and period, from a rollup (pure). */
export function buildMetricsDisplay(metric: SnapMetric, rollup: MetricRollup): MetricsDisplay {
  const w = rollup.window;
  const { sum, mean, last } = rollup.summary;
  return {
    period: { count: w.count, interval: w.interval, identifier: w.period },
    metrics: [
      {
        // Keys in the capture's order. Herald has no providers nor backfills: points are pushed to
        // it, so everything it has is "fetched" and fully backfilled.
        metric: {
          name: metric.name,
          metric_identifier: metric.id,
          created_at: metric.createdAt.toISOString(),
          updated_at: metric.updatedAt.toISOString(),
          id: metric.id,
          metrics_provider_id: METRICS_PROVIDER_ID,
          metrics_display_id: metric.id,
          most_recent_data_at: rollup.mostRecentAt ? rollup.mostRecentAt.toISOString() : null,
          backfilled: true,
          last_fetched_at: rollup.computedAt.toISOString(),
          backfill_percentage: 1,
        },
        summary: { sum, mean },
        data: rollup.points.map((p) => ({ timestamp: p.timestamp, value: p.value })),
      },
    ],
    summary: { sum, mean, last },
  };
}

/** A displayed metric's graph document for a period; null for an unknown or hidden metric or a bad period. */
export async function metricsDisplay(metricId: string, period: string, opts: RollupOptions = {}): Promise<MetricsDisplay | null> {
  if (!isPeriodId(period)) return null;
  const metric = (await getPublicSnapshot()).metrics.find((m) => m.id === metricId);
  if (!metric) return null;
  return buildMetricsDisplay(metric, await rollupMetric(metric, period, opts));
}

export type MetricsDisplayResponse = { status: number; contentType: string; body: string };

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
const NOT_FOUND: MetricsDisplayResponse = { status: 404, contentType: JSON_CONTENT_TYPE, body: '{"error":"Not found"}' };
const PREFIX = "/metrics-display/";

// The serialised body per rollup (and per metric definition, which may change meanwhile): the
// bytes are built once per change however many requests ask.
const bodies = new WeakMap<MetricRollup, { metric: SnapMetric; body: string }>();

/**
 * The HTTP answer for a path: null when the path is not under /metrics-display/, 404 for an
 * unknown or hidden metric or period, else 200 with the JSON. Used by the Next.js route and by the
 * server's in-memory public path (which adds CORS, ETag and caching headers).
 */
export async function metricsDisplayDocument(pathname: string, opts: RollupOptions = {}): Promise<MetricsDisplayResponse | null> {
  if (!pathname.startsWith(PREFIX)) return null;
  const m = /^([a-z0-9]{1,40})\/([a-z]+\.json)$/.exec(pathname.slice(PREFIX.length));
  const period = m ? periodFromSegment(m[2]!) : null;
  if (!m || !period) return NOT_FOUND;
  const metric = (await getPublicSnapshot()).metrics.find((x) => x.id === m[1]);
  if (!metric) return NOT_FOUND;
  const rollup = await rollupMetric(metric, period, opts);
  let cached = bodies.get(rollup);
  if (!cached || cached.metric !== metric) {
    cached = { metric, body: JSON.stringify(buildMetricsDisplay(metric, rollup)) };
    bodies.set(rollup, cached);
  }
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: cached.body };
}

// A metric's points rolled up into a period's buckets (lib/metrics/buckets.ts), in SQL: one query
// per metric and period, reading the (metric_id, timestamp) primary key's range.
//
// Cached in memory per (metric, period), keyed by the metrics version (bumped by the database's
// NOTIFY on every metric_point write, lib/public/cache.ts), the current bucket (a new bucket moves
// the window) and the transform. A crowd of visitors therefore costs at most one query per metric
// and period per change or bucket; concurrent misses share one query (single flight).
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/prisma";
import { metricsVersion } from "@/lib/public/cache";
import { periodWindow, summarize, type PeriodId, type PeriodWindow, type Point, type Summary } from "@/lib/metrics/buckets";

export const TRANSFORMS = ["average", "sum", "min", "max", "last"] as const;
export type Transform = (typeof TRANSFORMS)[number];

// How the points of one bucket become its value. Fixed SQL fragments: never built from input.
const AGGREGATE: Record<Transform, Prisma.Sql> = {
  average: Prisma.sql`avg(value)`,
  sum: Prisma.sql`sum(value)`,
  min: Prisma.sql`min(value)`,
  max: Prisma.sql`max(value)`,
  last: Prisma.sql`(array_agg(value ORDER BY "timestamp" DESC))[1]`,
};

export function isTransform(value: unknown): value is Transform {
  return typeof value === "string" && (TRANSFORMS as readonly string[]).includes(value);
}

export type MetricRollup = {
  window: PeriodWindow;
  transform: Transform;
  /** Non-empty buckets only, oldest first; timestamp = the bucket's start (Unix seconds). */
  points: Point[];
  summary: Summary;
  /** The newest point's time within the window, or null when the window has none. */
  mostRecentAt: Date | null;
  /** When the database was read. */
  computedAt: Date;
};

type Row = { bucket: number; value: number | null; latest: Date };

async function query(metricId: string, transform: Transform, w: PeriodWindow): Promise<MetricRollup> {
  state.queries++;
  const computedAt = new Date();
  const rows = await db().$queryRaw<Row[]>`
    SELECT extract(epoch FROM date_bin(make_interval(secs => ${w.interval}::int), "timestamp", TIMESTAMPTZ 'epoch'))::float8 AS bucket,
           (${AGGREGATE[transform]})::float8 AS value,
           max("timestamp") AS latest
    FROM metric_point
    WHERE metric_id = ${metricId}
      AND "timestamp" >= to_timestamp(${w.start}::float8)
      AND "timestamp" < to_timestamp(${w.end}::float8)
    GROUP BY 1
    ORDER BY 1`;
  const points: Point[] = [];
  let mostRecentAt: Date | null = null;
  for (const r of rows) {
    // NaN or ±Infinity cannot be drawn nor written as JSON: such a bucket is a gap.
    if (r.value !== null && Number.isFinite(r.value)) points.push({ timestamp: Number(r.bucket), value: r.value });
    if (!mostRecentAt || r.latest > mostRecentAt) mostRecentAt = r.latest;
  }
  return { window: w, transform, points, summary: summarize(points), mostRecentAt, computedAt };
}

type Entry = { key: string; promise: Promise<MetricRollup> };
type State = { entries: Map<string, Entry>; queries: number };

// On globalThis: the Next.js bundle and the web server script load separate copies of this module
// in one process; both must share one cache.
const g = globalThis as unknown as { __heraldMetricRollups?: State };
const state: State = (g.__heraldMetricRollups ??= { entries: new Map(), queries: 0 });

/** More slots than this means metrics were deleted or renamed a lot: start afresh. */
const MAX_ENTRIES = 3_000;

export type RollupOptions = {
  /** The moment the window contains (ms); defaults to now. */
  now?: number;
};

/** The rollup of one metric over one period, from the cache when nothing changed since. */
export function rollupMetric(metric: { id: string; transform: string }, period: PeriodId, opts: RollupOptions = {}): Promise<MetricRollup> {
  const transform: Transform = isTransform(metric.transform) ? metric.transform : "average";
  const w = periodWindow(period, opts.now ?? Date.now());
  // Read the version before querying: a change committed during the query bumps it, and the next
  // call queries again rather than keeping a result that may have missed it.
  const key = `${metricsVersion()}:${w.current}:${transform}`;
  const slot = `${metric.id}:${period}`;
  const hit = state.entries.get(slot);
  if (hit && hit.key === key) return hit.promise;

  const promise = query(metric.id, transform, w);
  if (state.entries.size >= MAX_ENTRIES) state.entries.clear();
  state.entries.set(slot, { key, promise });
  // A failed query is not kept: the next request tries again.
  promise.catch(() => {
    if (state.entries.get(slot)?.promise === promise) state.entries.delete(slot);
  });
  return promise;
}

/** Database queries run so far by this process (tests: proof that the cache answered). */
export function rollupQueryCount(): number {
  return state.queries;
}

/** Forget every cached rollup (tests). */
export function clearRollupCache(): void {
  state.entries.clear();
}

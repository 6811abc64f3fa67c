// Bucket math for metric graphs, shared by the server (SQL rollups, /metrics-display JSON) and the
// browser (the interactive graph). Pure: no server imports.
//
// A period is `count` buckets of `interval` seconds, aligned to the Unix epoch (so every process,
// and the browser, agree on the boundaries). The window ends at the end of the current bucket: the
// last bucket is the one now is in (partial, it grows as points arrive), the first one starts
// (count - 1) intervals before it.

export const PERIOD_IDS = ["day", "week", "month"] as const;
export type PeriodId = (typeof PERIOD_IDS)[number];

export type PeriodSpec = { count: number; interval: number };

/** Statuspage's periods: day = 288 × 5 min, week = 336 × 30 min, month = 336 × 2 h. */
export const PERIODS: Record<PeriodId, PeriodSpec> = {
  day: { count: 288, interval: 300 },
  week: { count: 336, interval: 1_800 },
  month: { count: 336, interval: 7_200 },
};

/** Button text for each period. */
export const PERIOD_NAMES: Record<PeriodId, string> = { day: "Day", week: "Week", month: "Month" };

/** How the span of each period reads in a sentence ("…, last 24 hours: …"). */
export const PERIOD_SPANS: Record<PeriodId, string> = {
  day: "last 24 hours",
  week: "last 7 days",
  month: "last 28 days",
};

export function isPeriodId(value: unknown): value is PeriodId {
  return typeof value === "string" && (PERIOD_IDS as readonly string[]).includes(value);
}

/** "day.json" → "day"; anything else → null. */
export function periodFromSegment(segment: string): PeriodId | null {
  const m = /^(day|week|month)\.json$/.exec(segment);
  return m ? (m[1] as PeriodId) : null;
}

export type PeriodWindow = {
  period: PeriodId;
  count: number;
  /** Seconds per bucket. */
  interval: number;
  /** Unix seconds: start of the first bucket (inclusive). */
  start: number;
  /** Unix seconds: start of the current (last) bucket. */
  current: number;
  /** Unix seconds: end of the current bucket (exclusive) = start + count × interval. */
  end: number;
};

/** The start (Unix seconds) of the bucket that `seconds` falls in. */
export function bucketStart(seconds: number, interval: number): number {
  return Math.floor(seconds / interval) * interval;
}

/** The window of `period` that contains the moment `nowMs` (milliseconds, like Date.now()). */
export function periodWindow(period: PeriodId, nowMs: number): PeriodWindow {
  const { count, interval } = PERIODS[period];
  const current = bucketStart(Math.floor(nowMs / 1000), interval);
  const start = current - (count - 1) * interval;
  return { period, count, interval, start, current, end: current + interval };
}

/** The bucket index (0 … count − 1) of a bucket start within a window, or -1 outside it. */
export function bucketIndex(w: Pick<PeriodWindow, "start" | "interval" | "count">, timestamp: number): number {
  const i = Math.floor((timestamp - w.start) / w.interval);
  return i >= 0 && i < w.count ? i : -1;
}

export type Point = { timestamp: number; value: number };
export type Summary = { sum: number; mean: number; last: number | null };

/** Sum and mean over the returned (non-empty) buckets' values, and the most recent one. */
export function summarize(points: readonly Point[]): Summary {
  let sum = 0;
  let last: Point | null = null;
  for (const p of points) {
    sum += p.value;
    if (!last || p.timestamp >= last.timestamp) last = p;
  }
  return { sum, mean: points.length ? sum / points.length : 0, last: last ? last.value : null };
}

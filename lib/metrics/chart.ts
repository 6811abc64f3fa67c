// Geometry and wording of a metric graph, shared by the server render and the browser. Pure: no
// server imports, no clock, no locale of the visitor (times are UTC like the rest of the page), so
// the server's HTML and the browser's first render are identical.
import { PERIOD_SPANS, type PeriodId } from "@/lib/metrics/buckets";

/** A period's buckets as the graph gets them: [bucket start (Unix s), value], oldest first. */
export type ChartSeries = {
  period: PeriodId;
  /** Start of the first bucket (Unix seconds). */
  start: number;
  count: number;
  interval: number;
  points: [number, number][];
};

export type ChartMetric = {
  id: string;
  name: string;
  suffix: string;
  decimalPlaces: number;
  yAxisMin: number | null;
  yAxisMax: number | null;
  yAxisHidden: boolean;
};

/** The plot's viewBox; it is stretched to the box (strokes do not scale), labels are HTML. */
export const PLOT_WIDTH = 1000;
export const PLOT_HEIGHT = 200;

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, decimalPlaces: number): string {
  const dp = Math.min(Math.max(Math.trunc(decimalPlaces), 0), 6);
  let f = numberFormats.get(dp);
  if (!f) numberFormats.set(dp, (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: dp, maximumFractionDigits: dp })));
  const s = f.format(value);
  // "-0" reads oddly.
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** A value as the page shows it: "1,204 messages", "98.5%". */
export function formatValue(value: number, decimalPlaces: number, suffix: string): string {
  return `${formatNumber(value, decimalPlaces)}${suffix}`;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** An axis label: short, no unit ("4.5K"). */
export function formatAxis(value: number): string {
  return compact.format(value);
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A bucket's time for the tooltip: "30 Nov, 14:05 UTC". */
export function formatTime(seconds: number): string {
  return `${timeFormat.format(new Date(seconds * 1000))} UTC`;
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at least x (x > 0). */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** The y axis: the metric's own bounds when set, else from 0 (or below, for negative data) to a round number above the data. */
export function yDomain(values: readonly number[], yAxisMin: number | null, yAxisMax: number | null): { lo: number; hi: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!values.length) min = max = 0;
  const lo = yAxisMin ?? (min >= 0 ? 0 : -niceCeil(-min));
  let hi = yAxisMax ?? (max <= 0 ? 0 : niceCeil(max));
  if (!(hi > lo)) hi = lo + (yAxisMax === null ? niceCeil(Math.abs(lo) || 1) : 1);
  return { lo, hi };
}

type Tick = { label: string; /** 0–100 from the left (x) or from the bottom (y). */ at: number };

const DAY = 86_400;
// Monday 5 January 1970 00:00 UTC: weekly ticks fall on Mondays.
const MONDAY = 4 * DAY;
const TICKS: Record<PeriodId, { step: number; origin: number; format: Intl.DateTimeFormat }> = {
  day: { step: 6 * 3_600, origin: 0, format: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) },
  week: { step: DAY, origin: 0, format: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric" }) },
  month: { step: 7 * DAY, origin: MONDAY, format: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }) },
};

/** Time labels at round UTC moments inside the window (every 6 h, every day, every Monday). */
export function xTicks(s: Pick<ChartSeries, "period" | "start" | "count" | "interval">): Tick[] {
  const { step, origin, format } = TICKS[s.period];
  const span = (s.count - 1) * s.interval;
  const out: Tick[] = [];
  for (let t = Math.ceil((s.start - origin) / step) * step + origin; t <= s.start + span; t += step) {
    out.push({ label: format.format(new Date(t * 1000)), at: ((t - s.start) / span) * 100 });
  }
  return out;
}

export type PlotPoint = { t: number; v: number; /** 0–100 from the left. */ x: number; /** 0–100 from the top. */ y: number };

export type ChartModel = {
  lo: number;
  hi: number;
  /** SVG path data in the PLOT_WIDTH × PLOT_HEIGHT box: the line (one subpath per run of adjacent buckets) and the area under it. */
  line: string;
  area: string;
  points: PlotPoint[];
  xTicks: Tick[];
  yTicks: Tick[];
};

const r1 = (n: number) => Math.round(n * 10) / 10;

export function chartModel(s: ChartSeries, metric: Pick<ChartMetric, "yAxisMin" | "yAxisMax">): ChartModel {
  const { lo, hi } = yDomain(
    s.points.map((p) => p[1]),
    metric.yAxisMin,
    metric.yAxisMax,
  );
  const span = Math.max((s.count - 1) * s.interval, 1);
  const points: PlotPoint[] = s.points.map(([t, v]) => {
    const clamped = Math.min(Math.max(v, lo), hi);
    return { t, v, x: ((t - s.start) / span) * 100, y: (1 - (clamped - lo) / (hi - lo)) * 100 };
  });
  // A missing bucket breaks the line: the gap shows there was no data.
  let line = "";
  let area = "";
  let run: PlotPoint[] = [];
  const flush = () => {
    if (!run.length) return;
    const xy = run.map((p) => `${r1((p.x / 100) * PLOT_WIDTH)} ${r1((p.y / 100) * PLOT_HEIGHT)}`);
    // A lone bucket is a dot: a zero-length stroke with round caps.
    line += run.length === 1 ? `M${xy[0]}h0` : `M${xy.join("L")}`;
    const x0 = r1((run[0]!.x / 100) * PLOT_WIDTH);
    const x1 = r1((run[run.length - 1]!.x / 100) * PLOT_WIDTH);
    if (run.length > 1) area += `M${x0} ${PLOT_HEIGHT}L${xy.join("L")}L${x1} ${PLOT_HEIGHT}Z`;
    run = [];
  };
  let prev: number | null = null;
  for (const p of points) {
    if (prev !== null && p.t - prev > s.interval) flush();
    run.push(p);
    prev = p.t;
  }
  flush();
  const yTicks = [lo, (lo + hi) / 2, hi].map((v, i) => ({ label: formatAxis(v), at: i * 50 }));
  return { lo, hi, line, area, points, xTicks: xTicks(s), yTicks };
}

/** What the graph shows, in one sentence (the image's accessible name). */
export function describeChart(metric: Pick<ChartMetric, "name" | "suffix" | "decimalPlaces">, s: Pick<ChartSeries, "period" | "points">): string {
  const head = `${metric.name}, ${PERIOD_SPANS[s.period]}`;
  if (!s.points.length) return `${head}: no data`;
  const fmt = (v: number) => formatValue(v, metric.decimalPlaces, metric.suffix);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of s.points) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const last = s.points[s.points.length - 1]![1];
  return `${head}: latest ${fmt(last)}, mean ${fmt(sum / s.points.length)}, minimum ${fmt(min)}, maximum ${fmt(max)}`;
}

/** The graph data of a /metrics-display document (as fetched by the browser). */
export function seriesFromDocument(doc: unknown, period: PeriodId, nowMs: number): ChartSeries | null {
  const d = doc as { period?: { count?: unknown; interval?: unknown }; metrics?: { data?: { timestamp?: unknown; value?: unknown }[] }[] };
  const count = d?.period?.count;
  const interval = d?.period?.interval;
  const data = d?.metrics?.[0]?.data;
  if (typeof count !== "number" || typeof interval !== "number" || interval <= 0 || !Array.isArray(data)) return null;
  const points: [number, number][] = [];
  for (const p of data) if (typeof p.timestamp === "number" && typeof p.value === "number") points.push([p.timestamp, p.value]);
  // The window ends with the bucket now is in (by this clock), or the newest bucket if this clock is behind.
  const current = Math.max(Math.floor(nowMs / 1000 / interval) * interval, points.length ? points[points.length - 1]![0] : -Infinity);
  return { period, start: current - (count - 1) * interval, count, interval, points };
}

// Bucket math of metric graphs (lib/metrics/buckets.ts) and the graph geometry (lib/metrics/chart.ts).
import { describe, expect, it } from "vitest";
import { bucketIndex, bucketStart, isPeriodId, PERIODS, periodFromSegment, periodWindow, summarize } from "@/lib/metrics/buckets";
import { chartModel, describeChart, formatTime, formatValue, niceCeil, seriesFromDocument, xTicks, yDomain, type ChartSeries } from "@/lib/metrics/chart";

const T = Date.UTC(2026, 10, 30, 14, 7, 31, 250); // Monday 30 Nov 2026, 14:07:31.250 UTC
const tSec = (ms: number) => Math.floor(ms / 1000);

describe("periods", () => {
  it("are Statuspage's: day 288 × 5 min, week 336 × 30 min, month 336 × 2 h", () => {
    expect(PERIODS).toEqual({ day: { count: 288, interval: 300 }, week: { count: 336, interval: 1800 }, month: { count: 336, interval: 7200 } });
  });

  it("parse from the URL segment", () => {
    expect(periodFromSegment("day.json")).toBe("day");
    expect(periodFromSegment("week.json")).toBe("week");
    expect(periodFromSegment("month.json")).toBe("month");
    for (const bad of ["day", "year.json", "day.json.json", "DAY.json", "day.xml", "", "../day.json"]) expect(periodFromSegment(bad)).toBeNull();
    expect(isPeriodId("week")).toBe(true);
    expect(isPeriodId("hour")).toBe(false);
    expect(isPeriodId(3)).toBe(false);
  });
});

describe("bucketStart", () => {
  it("floors to the interval, aligned to the epoch", () => {
    expect(bucketStart(0, 300)).toBe(0);
    expect(bucketStart(299, 300)).toBe(0);
    expect(bucketStart(300, 300)).toBe(300);
    expect(bucketStart(tSec(T), 300)).toBe(tSec(Date.UTC(2026, 10, 30, 14, 5)));
    expect(bucketStart(tSec(T), 1800)).toBe(tSec(Date.UTC(2026, 10, 30, 14, 0)));
    expect(bucketStart(tSec(T), 7200)).toBe(tSec(Date.UTC(2026, 10, 30, 14, 0)));
    expect(bucketStart(tSec(Date.UTC(2026, 10, 30, 15, 59)), 7200)).toBe(tSec(Date.UTC(2026, 10, 30, 14, 0)));
    // Before the epoch too (floor, not truncation).
    expect(bucketStart(-1, 300)).toBe(-300);
  });
});

describe("periodWindow", () => {
  it.each([
    ["day", 288, 300, Date.UTC(2026, 10, 30, 14, 5)],
    ["week", 336, 1800, Date.UTC(2026, 10, 30, 14, 0)],
    ["month", 336, 7200, Date.UTC(2026, 10, 30, 14, 0)],
  ] as const)("%s: %i buckets of %i s ending with the current bucket", (period, count, interval, currentMs) => {
    const w = periodWindow(period, T);
    expect(w).toMatchObject({ period, count, interval });
    expect(w.current).toBe(currentMs / 1000);
    expect(w.end).toBe(w.current + interval);
    expect(w.end - w.start).toBe(count * interval);
    expect(w.start % interval).toBe(0);
    expect(w.start).toBeLessThanOrEqual(tSec(T));
    expect(w.end).toBeGreaterThan(tSec(T));
  });

  it("spans 24 hours, 7 days and 28 days", () => {
    expect(periodWindow("day", T).end - periodWindow("day", T).start).toBe(86_400);
    expect(periodWindow("week", T).end - periodWindow("week", T).start).toBe(7 * 86_400);
    expect(periodWindow("month", T).end - periodWindow("month", T).start).toBe(28 * 86_400);
  });

  it("moves on exactly at a bucket boundary, not before", () => {
    const boundary = Date.UTC(2026, 10, 30, 14, 10);
    expect(periodWindow("day", boundary - 1).current).toBe(boundary / 1000 - 300);
    expect(periodWindow("day", boundary).current).toBe(boundary / 1000);
  });

  it("bucketIndex maps bucket starts to 0 … count − 1", () => {
    const w = periodWindow("day", T);
    expect(bucketIndex(w, w.start)).toBe(0);
    expect(bucketIndex(w, w.start + 299)).toBe(0);
    expect(bucketIndex(w, w.current)).toBe(287);
    expect(bucketIndex(w, w.start - 1)).toBe(-1);
    expect(bucketIndex(w, w.end)).toBe(-1);
  });
});

describe("summarize", () => {
  it("sums and averages the returned buckets, last = the newest", () => {
    expect(
      summarize([
        { timestamp: 300, value: 2 },
        { timestamp: 900, value: 4 },
        { timestamp: 600, value: 9 },
      ]),
    ).toEqual({ sum: 15, mean: 5, last: 4 });
  });
  it("of nothing is zero with no last value", () => {
    expect(summarize([])).toEqual({ sum: 0, mean: 0, last: null });
  });
});

describe("graph geometry", () => {
  const series = (points: [number, number][], period: "day" | "week" | "month" = "day"): ChartSeries => {
    const w = periodWindow(period, T);
    return { period, start: w.start, count: w.count, interval: w.interval, points };
  };

  it("niceCeil rounds up to 1, 2, 2.5, 5 × 10^n", () => {
    expect([0.7, 1, 1.2, 2.2, 3, 7, 10, 4300, 999, 1001].map(niceCeil)).toEqual([1, 1, 2, 2.5, 5, 10, 10, 5000, 1000, 2000]);
    expect(niceCeil(0)).toBe(1);
  });

  it("y axis from 0 to a round number, or the metric's own bounds", () => {
    expect(yDomain([12, 95, 4300], null, null)).toEqual({ lo: 0, hi: 5000 });
    expect(yDomain([-3, 7], null, null)).toEqual({ lo: -5, hi: 10 });
    expect(yDomain([], null, null)).toEqual({ lo: 0, hi: 1 });
    expect(yDomain([12, 95], 10, 100)).toEqual({ lo: 10, hi: 100 });
    expect(yDomain([0, 0], null, null)).toEqual({ lo: 0, hi: 1 });
  });

  it("breaks the line where buckets are missing, and draws a lone bucket as a dot", () => {
    const s = series([]);
    const at = (i: number) => s.start + i * 300;
    s.points = [
      [at(0), 10],
      [at(1), 20],
      [at(5), 20],
      [at(287), 0],
      [at(286), 5],
    ].sort((a, b) => a[0]! - b[0]!) as [number, number][];
    const m = chartModel(s, { yAxisMin: null, yAxisMax: null });
    expect(m.hi).toBe(20);
    expect(m.line.match(/M/g)).toHaveLength(3);
    expect(m.line).toContain("h0");
    expect(m.line.startsWith("M0 100L")).toBe(true);
    expect(m.line.endsWith("L1000 200")).toBe(true);
    expect(m.area.match(/M/g)).toHaveLength(2);
    expect(m.points[0]).toMatchObject({ x: 0, y: 50 });
    expect(m.points.at(-1)).toMatchObject({ x: 100, y: 100 });
  });

  it("clamps values outside the metric's y bounds", () => {
    const s = series([[periodWindow("day", T).current, 500]]);
    expect(chartModel(s, { yAxisMin: 0, yAxisMax: 100 }).points[0]!.y).toBe(0);
  });

  it("labels the time axis every 6 hours, every day, every Monday (UTC)", () => {
    const day = xTicks(series([], "day"));
    expect(day.map((t) => t.label)).toEqual(["18:00", "00:00", "06:00", "12:00"]);
    expect(xTicks(series([], "week")).map((t) => t.label)).toEqual(["Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29", "Mon 30"]);
    expect(xTicks(series([], "month")).map((t) => t.label)).toEqual(["9 Nov", "16 Nov", "23 Nov", "30 Nov"]);
    for (const t of day) expect(t.at).toBeGreaterThanOrEqual(0);
    for (const t of day) expect(t.at).toBeLessThanOrEqual(100);
  });

  it("formats values and times", () => {
    expect(formatValue(1204.4, 0, " messages")).toBe("1,204 messages");
    expect(formatValue(98.456, 2, "%")).toBe("98.46%");
    expect(formatValue(-0.2, 0, "")).toBe("0");
    expect(formatTime(Date.UTC(2026, 10, 30, 14, 5) / 1000)).toBe("30 Nov, 14:05 UTC");
  });

  it("summarises the graph in one sentence", () => {
    const metric = { name: "Queue size", suffix: " messages", decimalPlaces: 0 };
    expect(describeChart(metric, series([[1, 70], [2, 120]]))).toBe("Queue size, last 24 hours: latest 120 messages, mean 95 messages, minimum 70 messages, maximum 120 messages");
    expect(describeChart(metric, series([], "week"))).toBe("Queue size, last 7 days: no data");
  });

  it("reads a /metrics-display document", () => {
    const doc = { period: { count: 288, interval: 300, identifier: "day" }, metrics: [{ data: [{ timestamp: 600, value: 1 }, { timestamp: "x", value: 2 }] }] };
    const s = seriesFromDocument(doc, "day", 900_000);
    expect(s).toEqual({ period: "day", start: 900 - 287 * 300, count: 288, interval: 300, points: [[600, 1]] });
    expect(seriesFromDocument({ error: "Not found" }, "day", 0)).toBeNull();
  });
});

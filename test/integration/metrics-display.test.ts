// /metrics-display/<id>/<period>.json against a real database: Statuspage's shape (the real
// capture), bucket counts and alignment, transforms, hidden and unknown metrics, and the rollup cache.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, HEAD } from "@/app/metrics-display/[id]/[period]/route";
import { db } from "@/lib/db/prisma";
import { PERIODS, periodWindow, type PeriodId } from "@/lib/metrics/buckets";
import { metricsDisplay, metricsDisplayDocument } from "@/lib/metrics/display";
import { clearRollupCache, rollupMetric, rollupQueryCount } from "@/lib/metrics/rollup";
import { metricsVersion, refreshPublicSnapshot, startPublicCache, stopPublicCache } from "@/lib/public/cache";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const capture = JSON.parse(
  // A real day graph from Statuspage (docs/formats.md, "Metric graphs").
  fs.readFileSync(path.resolve(import.meta.dirname, "../contract/fixtures/metrics-display-day.real-capture.json"), "utf8"),
) as Record<string, unknown>;

// A fixed "now" (Monday 30 Nov 2026, 14:07:31 UTC) keeps every window in place during a test.
const NOW = Date.UTC(2026, 10, 30, 14, 7, 31);
const at = { now: NOW };

// The cache listens for the database's notifications (every metric_point write sends one, as does
// the TRUNCATE between tests). Tests wait until those have arrived, so the metrics version only
// moves when a test means it to.
beforeAll(async () => {
  startPublicCache();
  await settle();
});
beforeEach(async () => {
  await settle();
  clearRollupCache();
});
afterAll(async () => {
  await stopPublicCache();
});

/** Send a notification and wait for it: every notification sent before it has been handled too (one connection, commit order). */
async function settle(): Promise<void> {
  const until = Date.now() + 10_000;
  const v0 = metricsVersion();
  // Until the LISTEN connection is up, a notification is lost: send again.
  while (metricsVersion() === v0) {
    if (Date.now() > until) throw new Error("the public cache does not receive notifications");
    await db().$executeRaw`SELECT pg_notify('herald_public_change', 'metrics')`;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function makeMetric(data: { name?: string; transform?: string; displayed?: boolean; suffix?: string } = {}) {
  const metric = await db().metric.create({ data: { name: data.name ?? "Queue size", suffix: data.suffix ?? " messages", transform: data.transform ?? "average", displayed: data.displayed ?? true } });
  await refreshPublicSnapshot();
  return metric;
}

async function addPoints(metricId: string, points: [number, number][]) {
  await db().metricPoint.createMany({ data: points.map(([ms, value]) => ({ metricId, timestamp: new Date(ms), value })) });
  await settle();
}

const MIN = 60_000;

/** The same keys (recursively, in the same order) and the same JSON types as the capture. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return value === null ? "null" : typeof value;
}

describe("metricsDisplay", () => {
  it("has exactly the shape of Statuspage's real capture", async () => {
    const m = await makeMetric();
    await addPoints(m.id, [
      [NOW - 30 * MIN, 75],
      [NOW - 2 * MIN, 71],
    ]);
    const doc = await metricsDisplay(m.id, "day", at);
    expect(doc).not.toBeNull();
    expect(shapeOf(doc)).toEqual(shapeOf(capture));
    expect(Object.keys(doc!.metrics[0]!.metric)).toEqual(Object.keys((capture.metrics as { metric: object }[])[0]!.metric));

    const metric = doc!.metrics[0]!.metric;
    expect(metric).toMatchObject({ name: "Queue size", id: m.id, metrics_display_id: m.id, backfilled: true, backfill_percentage: 1 });
    expect(metric.created_at).toBe(m.createdAt.toISOString());
    expect(metric.updated_at).toBe(m.updatedAt.toISOString());
    expect(metric.most_recent_data_at).toBe(new Date(NOW - 2 * MIN).toISOString());
    expect(Date.parse(metric.last_fetched_at)).not.toBeNaN();
    expect(doc!.period).toEqual({ count: 288, interval: 300, identifier: "day" });
    expect(doc!.metrics[0]!.data).toEqual([
      { timestamp: Date.UTC(2026, 10, 30, 13, 35) / 1000, value: 75 },
      { timestamp: Date.UTC(2026, 10, 30, 14, 5) / 1000, value: 71 },
    ]);
    expect(doc!.metrics[0]!.summary).toEqual({ sum: 146, mean: 73 });
    expect(doc!.summary).toEqual({ sum: 146, mean: 73, last: 71 });
  });

  it.each(["day", "week", "month"] as const)("%s: interval, at most count buckets, aligned and inside the period", async (period: PeriodId) => {
    const m = await makeMetric();
    const w = periodWindow(period, NOW);
    // A point every 5 minutes for 30 days, plus some just outside the window on both sides.
    const points: [number, number][] = [];
    for (let t = NOW - 30 * 86_400_000; t <= NOW; t += 5 * MIN) points.push([t, (t / MIN) % 100]);
    points.push([w.start * 1000 - 1, 1e9], [w.end * 1000, 1e9], [w.end * 1000 + 3_600_000, 1e9]);
    await addPoints(m.id, points);

    const doc = (await metricsDisplay(m.id, period, at))!;
    expect(doc.period).toEqual({ count: PERIODS[period].count, interval: PERIODS[period].interval, identifier: period });
    expect(doc.period.interval).toBe({ day: 300, week: 1800, month: 7200 }[period]);
    const data = doc.metrics[0]!.data;
    expect(data.length).toBeLessThanOrEqual(doc.period.count);
    // Every bucket of the window has points here: all of them are there.
    expect(data.length).toBe(doc.period.count);
    let prev = -Infinity;
    for (const p of data) {
      expect(Number.isInteger(p.timestamp)).toBe(true);
      expect(p.timestamp % doc.period.interval).toBe(0);
      expect(p.timestamp).toBeGreaterThanOrEqual(w.start);
      expect(p.timestamp).toBeLessThanOrEqual(w.current);
      expect(p.timestamp).toBeGreaterThan(prev);
      expect(p.value).toBeLessThan(100);
      prev = p.timestamp;
    }
    expect(data[0]!.timestamp).toBe(w.start);
    expect(data.at(-1)!.timestamp).toBe(w.current);
    const sum = data.reduce((s, p) => s + p.value, 0);
    expect(doc.summary.sum).toBeCloseTo(sum, 6);
    expect(doc.summary.mean).toBeCloseTo(sum / data.length, 6);
    expect(doc.summary.last).toBe(data.at(-1)!.value);
  });

  it("combines a bucket's points by the metric's transform, and leaves empty buckets out", async () => {
    const bucket = Date.UTC(2026, 10, 30, 13, 0);
    const points: [number, number][] = [
      [bucket + 1 * MIN, 1],
      [bucket + 4 * MIN, 2], // newest in its bucket
      [bucket + 2 * MIN, 6],
      [bucket + 10 * MIN, 5], // two buckets later; the one between is empty
    ];
    const expected: Record<string, [number, number]> = { average: [3, 5], sum: [9, 5], min: [1, 5], max: [6, 5], last: [2, 5] };
    for (const [transform, values] of Object.entries(expected)) {
      const m = await makeMetric({ name: transform, transform });
      await addPoints(m.id, points);
      const doc = (await metricsDisplay(m.id, "day", at))!;
      expect(doc.metrics[0]!.data, transform).toEqual([
        { timestamp: bucket / 1000, value: values[0] },
        { timestamp: bucket / 1000 + 600, value: values[1] },
      ]);
      expect(doc.summary, transform).toEqual({ sum: values[0] + values[1], mean: (values[0] + values[1]) / 2, last: values[1] });
    }
  });

  it("an average of 30-minute buckets is not a sum", async () => {
    const avg = await makeMetric({ name: "avg", transform: "average" });
    const sum = await makeMetric({ name: "sum", transform: "sum" });
    const start = Date.UTC(2026, 10, 30, 12, 0);
    const pts: [number, number][] = Array.from({ length: 6 }, (_, i) => [start + i * 5 * MIN, 10 * (i + 1)]);
    await addPoints(avg.id, pts);
    await addPoints(sum.id, pts);
    expect((await metricsDisplay(avg.id, "week", at))!.metrics[0]!.data).toEqual([{ timestamp: start / 1000, value: 35 }]);
    expect((await metricsDisplay(sum.id, "week", at))!.metrics[0]!.data).toEqual([{ timestamp: start / 1000, value: 210 }]);
  });

  it("a metric without points: no data, zero sums, no last value", async () => {
    const m = await makeMetric();
    const doc = (await metricsDisplay(m.id, "month", at))!;
    expect(doc.metrics[0]!.data).toEqual([]);
    expect(doc.metrics[0]!.metric.most_recent_data_at).toBeNull();
    expect(doc.summary).toEqual({ sum: 0, mean: 0, last: null });
  });

  it("is null for an unknown metric, a hidden metric or a bad period", async () => {
    const hidden = await makeMetric({ displayed: false });
    const shown = await makeMetric({ name: "Shown" });
    expect(await metricsDisplay("nosuchmetric", "day", at)).toBeNull();
    expect(await metricsDisplay(hidden.id, "day", at)).toBeNull();
    expect(await metricsDisplay(shown.id, "year", at)).toBeNull();
    expect(await metricsDisplay(shown.id, "day.json", at)).toBeNull();
    expect(await metricsDisplay(shown.id, "day", at)).not.toBeNull();
  });
});

describe("metricsDisplayDocument (the HTTP answer for a path)", () => {
  it("200 JSON for a public metric's period, 404 for anything else under the prefix, null outside it", async () => {
    const m = await makeMetric();
    const hidden = await makeMetric({ name: "Hidden", displayed: false });
    await addPoints(m.id, [[NOW - MIN, 7]]);
    for (const period of ["day", "week", "month"] as const) {
      const res = (await metricsDisplayDocument(`/metrics-display/${m.id}/${period}.json`, at))!;
      expect(res.status).toBe(200);
      expect(res.contentType).toBe("application/json; charset=utf-8");
      expect(JSON.parse(res.body)).toEqual(JSON.parse(JSON.stringify(await metricsDisplay(m.id, period, at))));
    }
    for (const bad of [
      `/metrics-display/${m.id}/day`,
      `/metrics-display/${m.id}/year.json`,
      `/metrics-display/${m.id}/day.json/x`,
      `/metrics-display/${m.id}`,
      `/metrics-display/${hidden.id}/day.json`,
      `/metrics-display/nosuchmetric/day.json`,
      `/metrics-display/${m.id.toUpperCase()}/day.json`,
    ]) {
      const res = await metricsDisplayDocument(bad, at);
      expect(res?.status, bad).toBe(404);
      expect(res?.contentType).toMatch(/^application\/json/);
    }
    expect(await metricsDisplayDocument("/api/v2/summary.json", at)).toBeNull();
    expect(await metricsDisplayDocument("/metrics-displayx/a/day.json", at)).toBeNull();
  });

  it("the same bytes for every request until something changes", async () => {
    const m = await makeMetric();
    await addPoints(m.id, [[NOW - MIN, 7]]);
    const a = await metricsDisplayDocument(`/metrics-display/${m.id}/day.json`, at);
    const b = await metricsDisplayDocument(`/metrics-display/${m.id}/day.json`, at);
    expect(b!.body).toBe(a!.body);
  });

  it("the route answers GET and HEAD with CORS and JSON, 404 otherwise", async () => {
    const m = await makeMetric();
    await addPoints(m.id, [[Date.now() - MIN, 7]]);
    const ctx = (period: string) => ({ params: Promise.resolve({ id: m.id, period }) });
    const req = (method = "GET", headers: Record<string, string> = {}, path = `/metrics-display/${m.id}/day.json`) => new Request(`http://localhost${path}`, { method, headers });

    const res = await GET(req(), ctx("day.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as { period: unknown; metrics: { data: unknown[] }[] };
    expect(body.period).toEqual({ count: 288, interval: 300, identifier: "day" });
    expect(body.metrics[0]!.data).toHaveLength(1);

    const head = await HEAD(req("HEAD"), ctx("day.json"));
    expect(head.status).toBe(200);
    expect(head.headers.get("access-control-allow-origin")).toBe("*");
    expect(await head.text()).toBe("");

    const again = await GET(req("GET", { "if-none-match": res.headers.get("etag")! }), ctx("day.json"));
    expect(again.status).toBe(304);

    for (const period of ["year.json", "day", "week.xml"]) {
      const r = await GET(req("GET", {}, `/metrics-display/${m.id}/${period}`), ctx(period));
      expect(r.status, period).toBe(404);
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await GET(req("GET", {}, "/metrics-display/nosuchmetric/day.json"), { params: Promise.resolve({ id: "nosuchmetric", period: "day.json" }) })).status).toBe(404);
  });
});

describe("rollup cache", () => {
  it("one query per metric and period until a change or a new bucket; concurrent misses share it", async () => {
    const m = await makeMetric();
    await addPoints(m.id, [[NOW - MIN, 7]]);
    const q0 = rollupQueryCount();
    await Promise.all(Array.from({ length: 20 }, () => metricsDisplay(m.id, "day", at)));
    expect(rollupQueryCount() - q0).toBe(1);
    await metricsDisplay(m.id, "day", at);
    await metricsDisplayDocument(`/metrics-display/${m.id}/day.json`, at);
    // Later in the same bucket: still cached.
    await metricsDisplay(m.id, "day", { now: NOW + 60_000 });
    expect(rollupQueryCount() - q0).toBe(1);
    // Each period is its own entry.
    await metricsDisplay(m.id, "week", at);
    expect(rollupQueryCount() - q0).toBe(2);
    // The next 5-minute bucket moves the day window (the 30-minute week bucket stays).
    const nextBucket = { now: Date.UTC(2026, 10, 30, 14, 10) };
    await metricsDisplay(m.id, "day", nextBucket);
    await metricsDisplay(m.id, "week", nextBucket);
    expect(rollupQueryCount() - q0).toBe(3);
  });

  it("a new point shows once the metrics version moves (the database's NOTIFY), not before", async () => {
    const m = await makeMetric();
    await addPoints(m.id, [[NOW - 20 * MIN, 7]]);
    expect((await metricsDisplay(m.id, "day", at))!.metrics[0]!.data).toHaveLength(1);
    const q0 = rollupQueryCount();

    // A point written with the notifying trigger off: the version does not move, the cache answers.
    const v0 = metricsVersion();
    await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE metric_point DISABLE TRIGGER metric_point_public_change`);
      await tx.metricPoint.create({ data: { metricId: m.id, timestamp: new Date(NOW - MIN), value: 9 } });
      await tx.$executeRawUnsafe(`ALTER TABLE metric_point ENABLE TRIGGER metric_point_public_change`);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(metricsVersion()).toBe(v0);
    expect((await metricsDisplay(m.id, "day", at))!.metrics[0]!.data).toHaveLength(1);
    expect(rollupQueryCount()).toBe(q0);

    // The notification every metric_point write sends: the next request reads again.
    await db().$executeRaw`SELECT pg_notify('herald_public_change', 'metrics')`;
    await waitFor(() => metricsVersion() > v0);
    const doc = (await metricsDisplay(m.id, "day", at))!;
    expect(doc.metrics[0]!.data.map((p) => p.value)).toEqual([7, 9]);
    expect(doc.summary.last).toBe(9);
    expect(rollupQueryCount()).toBe(q0 + 1);
  });

  it("an ordinary insert notifies by itself", async () => {
    const m = await makeMetric();
    expect((await metricsDisplay(m.id, "day", at))!.metrics[0]!.data).toHaveLength(0);
    const v0 = metricsVersion();
    await db().metricPoint.create({ data: { metricId: m.id, timestamp: new Date(NOW - MIN), value: 3 } });
    await waitFor(() => metricsVersion() > v0);
    expect((await metricsDisplay(m.id, "day", at))!.metrics[0]!.data).toEqual([{ timestamp: Date.UTC(2026, 10, 30, 14, 5) / 1000, value: 3 }]);
  });

  it("an unknown transform reads as an average", async () => {
    const q0 = rollupQueryCount();
    const r = await rollupMetric({ id: "x", transform: "bogus" }, "day", at);
    expect(r.transform).toBe("average");
    expect(r.points).toEqual([]);
    expect(rollupQueryCount() - q0).toBe(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The demo seed's metrics, and the public page's "System metrics" section as served without
// JavaScript (the server render): every period's graph, the CSS-only switch, accessible names.
import { afterAll, describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { MetricsSection } from "@/components/metrics/MetricsSection";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { metricsDisplay } from "@/lib/metrics/display";
import { clearRollupCache } from "@/lib/metrics/rollup";
import { refreshPublicSnapshot, stopPublicCache } from "@/lib/public/cache";
import { seedIfEmpty } from "@/lib/seed/demo";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();
afterAll(async () => {
  await stopPublicCache();
});

const DAY = 86_400_000;

async function seed(): Promise<number> {
  const t0 = performance.now();
  const result = await seedIfEmpty(parseConfig({}));
  const ms = performance.now() - t0;
  expect(result.seeded).toBe(true);
  await refreshPublicSnapshot();
  clearRollupCache();
  return ms;
}

async function render(): Promise<string> {
  const element = await MetricsSection();
  return element ? renderToStaticMarkup(element) : "";
}

describe("demo seed metrics", () => {
  it("two public metrics with a month of 5-minute points and the incident's spike, seeded fast", async () => {
    const ms = await seed();
    expect(ms).toBeLessThan(2_000);

    const metrics = await db().metric.findMany({ orderBy: { position: "asc" }, include: { _count: { select: { points: true } } } });
    expect(metrics.map((m) => [m.name, m.suffix, m.transform, m.displayed])).toEqual([
      ["Outbound queue size", " messages", "average", true],
      ["Delivery latency", " ms", "average", true],
    ]);
    for (const m of metrics) {
      expect(m._count.points).toBeGreaterThanOrEqual(31 * 288);
      expect(m._count.points).toBeLessThanOrEqual(31 * 288 + 2);
    }

    const incident = await db().incident.findFirstOrThrow({ where: { name: "Delayed outbound mail" } });
    const from = incident.startedAt.getTime() / 1000;
    const to = incident.resolvedAt!.getTime() / 1000;
    const [queue, latency] = metrics;
    for (const [metric, spikeAbove, normalBelow] of [
      [queue!, 2_000, 400],
      [latency!, 5_000, 1_000],
    ] as const) {
      const doc = (await metricsDisplay(metric.id, "week"))!;
      const data = doc.metrics[0]!.data;
      // Every 30-minute bucket of the week has data.
      expect(data).toHaveLength(336);
      const during = data.filter((p) => p.timestamp >= from && p.timestamp + 1800 <= to);
      const outside = data.filter((p) => p.timestamp + 1800 < from || p.timestamp > to);
      expect(Math.max(...during.map((p) => p.value)), metric.name).toBeGreaterThan(spikeAbove);
      expect(Math.max(...outside.map((p) => p.value)), metric.name).toBeLessThan(normalBelow);
      expect(Math.min(...outside.map((p) => p.value)), metric.name).toBeGreaterThan(0);
    }

    // The points reach now: the day graph's newest bucket is the current one or the one before.
    const day = (await metricsDisplay(queue!.id, "day"))!;
    expect(day.metrics[0]!.data.at(-1)!.timestamp).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000 / 300) * 300 - 300);
    expect(new Date(day.metrics[0]!.metric.most_recent_data_at!).getTime()).toBeGreaterThan(Date.now() - DAY);
  });

  it("a second run seeds nothing", async () => {
    await seed();
    expect((await seedIfEmpty(parseConfig({}))).seeded).toBe(false);
    expect(await db().metric.count()).toBe(2);
  });
});

describe("MetricsSection (server render, no JavaScript)", () => {
  it("renders nothing without public metrics", async () => {
    await refreshPublicSnapshot();
    expect(await MetricsSection()).toBeNull();
    await db().metric.create({ data: { name: "Private", displayed: false } });
    await refreshPublicSnapshot();
    expect(await MetricsSection()).toBeNull();
  });

  it("shows each metric's name, current value and a graph per period with a CSS-only switch", async () => {
    await seed();
    const html = await render();
    expect(html).toMatch(/<section aria-labelledby="metrics-heading"[^>]*><h2 id="metrics-heading"[^>]*>System metrics<\/h2>/);
    expect(html.indexOf("Outbound queue size")).toBeLessThan(html.indexOf("Delivery latency"));
    expect(html).toMatch(/Current value: <\/span>[\d,]+ messages/);
    expect(html).toMatch(/Current value: <\/span>[\d,]+ ms/);

    // Three graphs per metric, each an image with a summary as its name and title.
    const images = [...html.matchAll(/<svg role="img" aria-label="([^"]+)"[^>]*><title>([^<]+)<\/title>/g)];
    expect(images).toHaveLength(6);
    for (const [, label, title] of images) expect(title).toBe(label);
    expect(images.map((m) => m[1]!.replace(/:.*/, ""))).toEqual([
      "Outbound queue size, last 24 hours",
      "Outbound queue size, last 7 days",
      "Outbound queue size, last 28 days",
      "Delivery latency, last 24 hours",
      "Delivery latency, last 7 days",
      "Delivery latency, last 28 days",
    ]);
    expect(images[0]![1]).toMatch(/^Outbound queue size, last 24 hours: latest [\d,]+ messages, mean [\d,]+ messages, minimum [\d,]+ messages, maximum [\d,]+ messages$/);
    // The week graph shows the incident's spike in its maximum.
    expect(Number(/maximum ([\d,]+) ms/.exec(images[4]![1]!)![1]!.replace(/,/g, ""))).toBeGreaterThan(5_000);

    // The no-JS switch: radio buttons (Day checked) with labels, panels shown by :has(:checked).
    const radios = [...html.matchAll(/<input type="radio"[^>]*>/g)].map((m) => m[0]);
    expect(radios).toHaveLength(6);
    expect(radios.filter((r) => /checked=""/.test(r))).toHaveLength(2);
    expect(radios[0]).toMatch(/value="day"/);
    expect(html).toContain("<legend");
    expect(html.match(/>Day<\/label>/g)).toHaveLength(2);
    expect(html).toMatch(/data-period="week" class="hidden group-has-\[\[value=week\]:checked\]\/metric:block"/);
    expect(html).not.toContain("<button");

    // Line and area paths, axis labels.
    expect(html).toMatch(/<path d="M0 \d/);
    expect(html).toContain("vector-effect=\"non-scaling-stroke\"");
    expect(html).toMatch(/>00:00</);
    expect(html).toMatch(/>\d+(\.\d)?K</);
  });

  it("is the same HTML for every visitor (the page is cached whole)", async () => {
    await seed();
    expect(await render()).toBe(await render());
  });
});

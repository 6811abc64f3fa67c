// The dashboard's metric and API key forms as the server renders them: every field has a visible
// label, and the metric form's preview is the public graph drawn with the form's own settings.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { sampleSeries } from "@/lib/admin/metrics";
import { MetricForm, type MetricFormMetric } from "@/components/admin/MetricForm";
import { ApiKeyCreateForm } from "@/components/admin/ApiKeyCreateForm";
import { AuditDiff } from "@/components/admin/AuditDiff";

const now = Date.parse("2026-12-07T12:00:00Z");

describe("MetricForm", () => {
  it("labels every field and previews sample data for a new metric", () => {
    const html = renderToStaticMarkup(createElement(MetricForm, { components: [{ id: "c1", name: "API" }], sample: sampleSeries(now) }));
    for (const label of ["Name", "Suffix (unit)", "Decimal places", "Y-axis minimum", "Y-axis maximum", "Combine points by", "Component", "Description", "Show on the public status page"]) {
      const m = new RegExp(`<label for="([^"]+)"[^>]*>${label.replace(/[()]/g, "\\$&")}<`).exec(html);
      expect(m, label).not.toBeNull();
      expect(html).toContain(`id="${m![1]}"`);
    }
    expect(html).toContain("(sample data)");
    expect(html).toMatch(/aria-label="New metric, last 24 hours: latest/);
    expect(html).toContain("Create metric");
  });

  it("previews an existing metric with its own data, suffix and decimals", () => {
    const series = sampleSeries(now);
    series.day.points = [[series.day.start, 12.5]];
    const metric: MetricFormMetric = {
      id: "m1",
      name: "Latency",
      suffix: " ms",
      description: null,
      displayed: true,
      decimalPlaces: 2,
      yAxisMin: 0,
      yAxisMax: 100,
      yAxisHidden: false,
      transform: "average",
      componentId: null,
      key: null,
      pointCount: 1,
      series,
    };
    const html = renderToStaticMarkup(createElement(MetricForm, { metric, components: [], sample: sampleSeries(now) }));
    expect(html).toContain("(this metric’s data)");
    expect(html).toContain("Latency, last 24 hours: latest 12.50 ms");
    expect(html).toContain('name="metricId" value="m1"');
    expect(html).toContain('value=" ms"');
    expect(html).toContain("Save metric");
  });
});

describe("ApiKeyCreateForm", () => {
  it("labels its fields and offers only admin and editor", () => {
    const html = renderToStaticMarkup(createElement(ApiKeyCreateForm));
    expect(html).toMatch(/<label for="api-key-name"[^>]*>Key name</);
    expect(html).toMatch(/<label for="api-key-role"[^>]*>Role</);
    expect([...html.matchAll(/<option value="([a-z]+)"/g)].map((m) => m[1])).toEqual(["editor", "admin"]);
  });
});

describe("AuditDiff", () => {
  it("shows each changed field as before → after", () => {
    const html = renderToStaticMarkup(createElement(AuditDiff, { before: { name: "A", yAxisMax: null }, after: { name: "B", yAxisMax: 5 }, details: null }));
    expect(html).toMatch(/name:.*A.*→.*B/);
    expect(html).toMatch(/yAxisMax:.*none.*→.*5/);
  });
});

// Defining metrics from the dashboard and the CLI: create, update, delete (points go with it), the
// audit rows with before and after, the refusals that write nothing, and the public page picking
// the change up (the metric table's change trigger).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type Actor, PermissionError } from "@/lib/auth/actor";
import { listMetrics, loadMetricsAdmin, sampleSeries } from "@/lib/admin/metrics";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createMetric } from "@/lib/metrics/create";
import { deleteMetric } from "@/lib/metrics/delete";
import { updateMetric } from "@/lib/metrics/update";
import { refreshPublicSnapshot, stopPublicCache } from "@/lib/public/cache";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();
afterAll(async () => {
  await stopPublicCache();
});

const cli: Actor = { type: "cli" };

async function operator(role: "owner" | "admin" | "editor", email = `${role}@example.com`) {
  const o = await db().operator.create({ data: { email, role } });
  return { type: "operator", operatorId: o.id, role, email, ip: "203.0.113.9" } satisfies Actor;
}

async function audit() {
  return db().auditLog.findMany({ orderBy: { id: "asc" } });
}

const TABLES = ["metric", "metric_point", "audit_log"] as const;

const herald = heraldCli(databaseUrl);

describe("createMetric", () => {
  it("creates the metric after the others, with an audit row holding its definition", async () => {
    const admin = await operator("admin");
    const api = await makeComponent("API");
    const first = await createMetric({ actor: admin, input: { name: "Queue" } });
    const { metric } = await createMetric({
      actor: admin,
      input: { name: "  Latency ", suffix: " ms", description: "p95 of requests", decimalPlaces: 2, yAxisMin: 0, yAxisMax: 500, transform: "sum", componentId: api.id, displayed: false },
    });
    expect(first.metric).toMatchObject({ name: "Queue", suffix: "", displayed: true, decimalPlaces: 0, transform: "average", position: 0, key: null });
    expect(metric).toMatchObject({
      name: "Latency",
      suffix: " ms",
      description: "p95 of requests",
      decimalPlaces: 2,
      yAxisMin: 0,
      yAxisMax: 500,
      transform: "sum",
      componentId: api.id,
      displayed: false,
      position: 1,
    });
    const rows = await audit();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ actorType: "operator", actorId: admin.operatorId, action: "metric.create", targetType: "metric", targetId: metric.id, ip: "203.0.113.9" });
    expect(rows[1]!.data).toEqual({
      before: null,
      after: {
        name: "Latency",
        suffix: " ms",
        description: "p95 of requests",
        displayed: false,
        decimalPlaces: 2,
        yAxisMin: 0,
        yAxisMax: 500,
        yAxisHidden: false,
        transform: "sum",
        componentId: api.id,
      },
    });
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const cases: [Parameters<typeof createMetric>[0]["input"], RegExp][] = [
      [{ name: "   " }, /Give the metric a name/],
      [{ name: "Latency", yAxisMin: 10, yAxisMax: 10 }, /maximum must be greater than the minimum/],
      [{ name: "Latency", yAxisMin: 10, yAxisMax: 5 }, /maximum must be greater than the minimum/],
      [{ name: "Latency", decimalPlaces: 5 }, /whole number from 0 to 4/],
      [{ name: "Latency", decimalPlaces: 1.5 }, /whole number from 0 to 4/],
      [{ name: "Latency", transform: "median" as "sum" }, /average or sum/],
      [{ name: "Latency", suffix: "x".repeat(21) }, /suffix to 20 characters/],
      [{ name: "Late\u0000ncy" }, /NUL/],
    ];
    for (const [input, message] of cases) {
      const e = await createMetric({ actor: cli, input }).catch((x: unknown) => x);
      expect(e, JSON.stringify(input)).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues.map((i) => i.message).join("; ")).toMatch(message);
    }
    await expect(createMetric({ actor: cli, input: { name: "Latency", componentId: "nosuchcompon" } })).rejects.toThrow(NotFoundError);
    expect(await countRows(TABLES)).toEqual({ metric: 0, metric_point: 0, audit_log: 0 });
  });

  it("refuses an actor without metric.write (an editor, a visitor, an editor's API key) and writes nothing", async () => {
    const editor = await operator("editor");
    await expect(createMetric({ actor: editor, input: { name: "Latency" } })).rejects.toThrow(PermissionError);
    await expect(createMetric({ actor: { type: "public" }, input: { name: "Latency" } })).rejects.toThrow(PermissionError);
    const key: Actor = { type: "api_key", apiKeyId: "k", operatorId: editor.operatorId, role: "editor" };
    await expect(createMetric({ actor: key, input: { name: "Latency" } })).rejects.toThrow(PermissionError);
    expect(await countRows(TABLES)).toEqual({ metric: 0, metric_point: 0, audit_log: 0 });
  });
});

describe("updateMetric", () => {
  it("changes the given fields and audits only what changed; the same values again write nothing", async () => {
    const { metric } = await createMetric({ actor: cli, input: { name: "Latency", suffix: " ms", yAxisMin: 0 } });
    const r = await updateMetric({ actor: cli, input: { metricId: metric.id, name: "API latency", decimalPlaces: 1, yAxisMax: 800 } });
    expect(r.changed).toBe(true);
    expect(r.metric).toMatchObject({ name: "API latency", suffix: " ms", decimalPlaces: 1, yAxisMin: 0, yAxisMax: 800 });
    const [, row] = await audit();
    expect(row).toMatchObject({ actorType: "cli", action: "metric.update", targetType: "metric", targetId: metric.id });
    expect(row!.data).toEqual({ before: { name: "Latency", decimalPlaces: 0, yAxisMax: null }, after: { name: "API latency", decimalPlaces: 1, yAxisMax: 800 } });

    const again = await updateMetric({ actor: cli, input: { metricId: metric.id, name: "API latency", suffix: " ms" } });
    expect(again.changed).toBe(false);
    expect(await db().auditLog.count()).toBe(2);
  });

  it("checks a bound set alone against the stored other one, and refuses unknown metrics and components", async () => {
    const { metric } = await createMetric({ actor: cli, input: { name: "Latency", yAxisMin: 100 } });
    const e = await updateMetric({ actor: cli, input: { metricId: metric.id, yAxisMax: 50 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ZodError);
    expect((e as ZodError).issues[0]).toMatchObject({ path: ["yAxisMax"], message: "The maximum must be greater than the minimum" });
    await expect(updateMetric({ actor: cli, input: { metricId: "nosuchmetric", name: "X" } })).rejects.toThrow(/Unknown metric: nosuchmetric/);
    await expect(updateMetric({ actor: cli, input: { metricId: metric.id, componentId: "nosuchcompon" } })).rejects.toThrow(NotFoundError);
    const editor = await operator("editor");
    await expect(updateMetric({ actor: editor, input: { metricId: metric.id, displayed: false } })).rejects.toThrow(PermissionError);
    expect(await db().metric.findUniqueOrThrow({ where: { id: metric.id } })).toMatchObject({ yAxisMin: 100, yAxisMax: null, displayed: true, componentId: null });
    expect(await db().auditLog.count()).toBe(1);
  });

  it("shows Herald's own metric publicly with one toggle; the public snapshot follows, told by the change trigger", async () => {
    await db().$executeRaw`INSERT INTO metric (id, key, name, suffix, displayed, updated_at) VALUES (herald_id(), 'herald.queue_depth', 'Notification queue', ' messages', false, now())`;
    const own = await db().metric.findUniqueOrThrow({ where: { key: "herald.queue_depth" } });
    expect((await refreshPublicSnapshot()).metrics.map((m) => m.id)).not.toContain(own.id);

    const listener = new pg.Client({ connectionString: databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(`${n.channel}:${n.payload}`));
    await listener.query("LISTEN herald_public_change");
    try {
      const r = await updateMetric({ actor: cli, input: { metricId: own.id, displayed: true } });
      expect(r.metric).toMatchObject({ displayed: true, key: "herald.queue_depth" });
      await expect.poll(() => heard).toContain("herald_public_change:page");
    } finally {
      await listener.end();
    }
    const snapshot = await refreshPublicSnapshot();
    expect(snapshot.metrics.find((m) => m.id === own.id)).toMatchObject({ name: "Notification queue", suffix: " messages" });
    expect((await audit()).at(-1)!.data).toEqual({ before: { displayed: false }, after: { displayed: true } });
  });
});

describe("deleteMetric", () => {
  it("deletes the metric with its points, auditing its definition and the points' count", async () => {
    const { metric } = await createMetric({ actor: cli, input: { name: "Latency", suffix: " ms" } });
    const keep = await createMetric({ actor: cli, input: { name: "Other" } });
    const t = Date.now() - 3_600_000;
    await db().metricPoint.createMany({ data: [0, 1, 2].map((i) => ({ metricId: metric.id, timestamp: new Date(t + i * 60_000), value: i })) });
    await db().metricPoint.create({ data: { metricId: keep.metric.id, timestamp: new Date(t), value: 5 } });
    expect((await refreshPublicSnapshot()).metrics.map((m) => m.name)).toEqual(["Latency", "Other"]);

    const admin = await operator("admin");
    const r = await deleteMetric({ actor: admin, input: { metricId: metric.id } });
    expect(r.points).toBe(3);
    expect(await db().metric.findUnique({ where: { id: metric.id } })).toBeNull();
    expect(await db().metricPoint.count()).toBe(1);
    const row = (await audit()).at(-1)!;
    expect(row).toMatchObject({ actorType: "operator", action: "metric.delete", targetType: "metric", targetId: metric.id });
    expect(row.data).toMatchObject({ before: { name: "Latency", suffix: " ms", points: 3 }, after: null });
    expect((await refreshPublicSnapshot()).metrics.map((m) => m.name)).toEqual(["Other"]);
  });

  it("refuses Herald's own metrics, unknown ones and an editor, deleting nothing", async () => {
    await db().$executeRaw`INSERT INTO metric (id, key, name, updated_at) VALUES (herald_id(), 'herald.sent_per_minute', 'Sent per minute', now())`;
    const own = await db().metric.findUniqueOrThrow({ where: { key: "herald.sent_per_minute" } });
    await expect(deleteMetric({ actor: cli, input: { metricId: own.id } })).rejects.toThrow(ConflictError);
    await expect(deleteMetric({ actor: cli, input: { metricId: own.id } })).rejects.toThrow(/hide it from the public page instead/);
    await expect(deleteMetric({ actor: cli, input: { metricId: "nosuchmetric" } })).rejects.toThrow(NotFoundError);
    const { metric } = await createMetric({ actor: cli, input: { name: "Latency" } });
    const editor = await operator("editor");
    await expect(deleteMetric({ actor: editor, input: { metricId: metric.id } })).rejects.toThrow(PermissionError);
    expect(await db().metric.count()).toBe(2);
    expect((await audit()).map((a) => a.action)).toEqual(["metric.create"]);
  });
});

describe("the dashboard's metric list", () => {
  it("lists every metric with its point count and its 10 newest points, newest first, and graph data for the preview", async () => {
    const { metric } = await createMetric({ actor: cli, input: { name: "Latency", displayed: false } });
    await createMetric({ actor: cli, input: { name: "Empty" } });
    const now = Date.now();
    await db().metricPoint.createMany({ data: Array.from({ length: 15 }, (_, i) => ({ metricId: metric.id, timestamp: new Date(now - (15 - i) * 60_000), value: i })) });
    const list = await listMetrics({ actor: cli });
    expect(list.map((m) => [m.name, m.pointCount, m.displayed])).toEqual([
      ["Latency", 15, false],
      ["Empty", 0, true],
    ]);
    expect(list[0]!.latest.map((p) => p.value)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    expect(list[1]!.latest).toEqual([]);

    const view = await loadMetricsAdmin({ actor: cli });
    const day = view.metrics[0]!.series.day;
    expect(day.count).toBe(288);
    expect(day.points.length).toBeGreaterThan(0);
    expect(day.points.at(-1)![0]).toBeLessThanOrEqual(now / 1000);
    for (const p of ["day", "week", "month"] as const) {
      expect(view.sample[p].points).toHaveLength(view.sample[p].count);
    }
    expect(sampleSeries(now)).toEqual(sampleSeries(now));
    const editor = await operator("editor");
    await expect(listMetrics({ actor: editor })).rejects.toThrow(PermissionError);
  });
});

describe("herald metric CLI", () => {
  it("metric create prints the new metric's id; metric list shows it (table and --json)", async () => {
    await makeComponent("API");
    const r = await herald("metric", "create", "--name", "Latency", "--suffix", " ms", "--min=-5", "--max", "500", "--decimals", "1", "--transform", "sum", "--hidden", "--component", "api");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-z]{12}\n$/);
    const id = r.stdout.trim();
    const metric = await db().metric.findUniqueOrThrow({ where: { id }, include: { component: true } });
    expect(metric).toMatchObject({ name: "Latency", suffix: " ms", yAxisMin: -5, yAxisMax: 500, decimalPlaces: 1, transform: "sum", displayed: false });
    expect(metric.component?.name).toBe("API");
    expect(await audit()).toEqual([expect.objectContaining({ actorType: "cli", action: "metric.create", targetId: id })]);
    await db().metricPoint.create({ data: { metricId: id, timestamp: new Date("2026-12-01T10:00:00Z"), value: 42.25 } });

    const table = await herald("metric", "list");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+SHOWN\s+POINTS\s+LATEST/);
    expect(table.stdout).toContain(id);
    expect(table.stdout).toMatch(/Latency\s+no\s+1\s+42\.3 ms at 2026-12-01T10:00:00\.000Z/);

    const json = await herald("metric", "list", "--json");
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id, name: "Latency", displayed: false, points: 1, component: "API", latest: { at: "2026-12-01T10:00:00.000Z", value: 42.25 } }),
    ]);
  }, 120_000);

  it("refuses bad flags (exit 2) and bad values with the use case's words, writing nothing", async () => {
    // Independent runs: side by side.
    const [missing, notNumber, transform, bounds] = await Promise.all([
      herald("metric", "create", "--suffix", "%"),
      herald("metric", "create", "--name", "X", "--max", "lots"),
      herald("metric", "create", "--name", "X", "--transform", "median"),
      herald("metric", "create", "--name", "X", "--min", "10", "--max", "1"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--name is required/);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/--max must be a number/);
    expect(transform.code).toBe(2);
    expect(transform.stderr).toMatch(/Valid transforms: average, sum/);
    expect(bounds.code).toBe(2);
    expect(bounds.stderr).toMatch(/The maximum must be greater than the minimum/);
    expect(await countRows(TABLES)).toEqual({ metric: 0, metric_point: 0, audit_log: 0 });
    const empty = await herald("metric", "list");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No metrics/);
  }, 120_000);
});

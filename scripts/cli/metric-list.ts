// npm run herald -- metric list
import { listMetrics, type MetricListing } from "@/lib/admin/metrics";
import { formatValue } from "@/lib/metrics/chart";
import { actor, parse, type Command, type Prepared } from "./command";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

function asJson(m: MetricListing) {
  return {
    id: m.id,
    name: m.name,
    key: m.key,
    suffix: m.suffix,
    description: m.description,
    displayed: m.displayed,
    decimalPlaces: m.decimalPlaces,
    yAxisMin: m.yAxisMin,
    yAxisMax: m.yAxisMax,
    yAxisHidden: m.yAxisHidden,
    transform: m.transform,
    componentId: m.componentId,
    component: m.componentName,
    points: m.pointCount,
    latest: m.latest[0] ? { at: m.latest[0].at.toISOString(), value: m.latest[0].value } : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

function prepareMetricList(args: string[]): Prepared {
  const { values } = parse(args, { json: { type: "boolean" } });
  return async () => {
    const metrics = await listMetrics({ actor });
    if (values.json) {
      console.log(JSON.stringify(metrics.map(asJson), null, 2));
      return 0;
    }
    if (!metrics.length) {
      console.log("No metrics. Define one with: npm run herald -- metric create --name NAME");
      return 0;
    }
    const rows = [["ID", "NAME", "SHOWN", "POINTS", "LATEST", "KEY"]];
    for (const m of metrics) {
      const latest = m.latest[0];
      rows.push([
        m.id,
        m.name,
        m.displayed ? "yes" : "no",
        String(m.pointCount),
        latest ? `${formatValue(latest.value, m.decimalPlaces, m.suffix)} at ${latest.at.toISOString()}` : "-",
        m.key ?? "",
      ]);
    }
    console.log(table(rows));
    return 0;
  };
}

export default {
  name: "metric list",
  summary: "list the metrics, shown and hidden, with their latest point",
  usage: `Usage: npm run herald -- metric list [--json]

Lists every metric (Herald's own herald.* ones too): id, name, whether the status page shows it,
how many points it has and the latest one.

Options:
  --json       print a JSON array instead of a table
  -h, --help   show this help`,
  prepare: prepareMetricList,
} satisfies Command;

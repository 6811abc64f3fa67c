// npm run herald -- metric create
import { createMetric } from "@/lib/metrics/create";
import { MAX_DECIMAL_PLACES, METRIC_TRANSFORMS, type MetricTransform } from "@/lib/metrics/transforms";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";
import { resolveComponents } from "./components";

/** A number flag: absent → null; anything but a finite number → a usage error naming the flag. */
function number(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, not "${value}"`);
  return n;
}

function prepareMetricCreate(args: string[]): Prepared {
  const { values } = parse(args, {
    name: { type: "string" },
    suffix: { type: "string" },
    min: { type: "string" },
    max: { type: "string" },
    decimals: { type: "string" },
    description: { type: "string" },
    hidden: { type: "boolean" },
    "hide-y-axis": { type: "boolean" },
    transform: { type: "string" },
    component: { type: "string" },
  });
  const name = required(values.name, "--name");
  const transform = (values.transform ?? "average").trim();
  if (!(METRIC_TRANSFORMS as readonly string[]).includes(transform)) {
    throw new UsageError(`Unknown transform "${transform}". Valid transforms: ${METRIC_TRANSFORMS.join(", ")}`);
  }
  const decimals = number(values.decimals, "--decimals");
  const input = {
    name,
    suffix: values.suffix ?? "",
    description: values.description ?? null,
    displayed: !values.hidden,
    decimalPlaces: decimals ?? 0,
    yAxisMin: number(values.min, "--min"),
    yAxisMax: number(values.max, "--max"),
    yAxisHidden: Boolean(values["hide-y-axis"]),
    transform: transform as MetricTransform,
  };
  const componentRef = values.component?.trim();
  return async () => {
    const componentId = componentRef ? (await resolveComponents([componentRef])).get(componentRef)!.id : null;
    const { metric } = await createMetric({ actor, input: { ...input, componentId } });
    console.log(metric.id);
    return 0;
  };
}

export default {
  name: "metric create",
  summary: "define a metric for the status page (prints its id)",
  usage: `Usage: npm run herald -- metric create --name NAME [options]

Defines a metric (a graph under "System metrics" on the status page) and prints its id. Points are
sent to it through the API.

Options:
  --name NAME            the graph's title (required)
  --suffix TEXT          written right after each value, e.g. " ms" or "%" (default none)
  --min N, --max N       the y axis's bounds (default: from zero to a round number above the data);
                         write a negative bound as --min=-10
  --decimals N           decimal places shown, 0 to ${MAX_DECIMAL_PLACES} (default 0)
  --description TEXT     shown under the title
  --transform T          how points in one interval combine: ${METRIC_TRANSFORMS.join(" | ")} (default average)
  --component COMPONENT  the component it describes (name or id)
  --hidden               define it without showing it on the public page yet
  --hide-y-axis          draw the graph without y-axis labels
  -h, --help             show this help`,
  prepare: prepareMetricCreate,
} satisfies Command;

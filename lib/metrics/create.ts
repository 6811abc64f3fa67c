// Define a metric: the row (placed after the others), the audit row, in one transaction. The public
// page picks it up by itself: every write to the metric table notifies the web processes, which
// rebuild their snapshot (prisma/migrations/*_public_change_notify).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import { MAX_DECIMAL_PLACES, METRIC_TRANSFORMS } from "@/lib/metrics/transforms";

const noNul = (s: string) => !hasNul(s);
const bound = z.number({ error: "Enter a number" }).nullable();

/** Each field of a metric's definition, with the words a person sees when one is refused. */
export const MetricFields = {
  name: z.string().trim().min(1, "Give the metric a name").max(100, "Keep the name to 100 characters").refine(noNul, NUL_MESSAGE),
  // Not trimmed: the suffix is written right after the value, so " ms" (with its space) reads "12 ms".
  suffix: z.string().max(20, "Keep the suffix to 20 characters").refine(noNul, NUL_MESSAGE),
  description: z
    .string()
    .trim()
    .max(1_000, "Keep the description to 1,000 characters")
    .refine(noNul, NUL_MESSAGE)
    .nullable()
    .transform((s) => (s ? s : null)),
  displayed: z.boolean(),
  decimalPlaces: z
    .number({ error: `Enter a whole number from 0 to ${MAX_DECIMAL_PLACES}` })
    .int(`Enter a whole number from 0 to ${MAX_DECIMAL_PLACES}`)
    .min(0, `Enter a whole number from 0 to ${MAX_DECIMAL_PLACES}`)
    .max(MAX_DECIMAL_PLACES, `Enter a whole number from 0 to ${MAX_DECIMAL_PLACES}`),
  yAxisMin: bound,
  yAxisMax: bound,
  yAxisHidden: z.boolean(),
  transform: z.enum(METRIC_TRANSFORMS, { error: "Choose how points are combined: average or sum" }),
  componentId: z.string().trim().min(1).max(40).refine(noNul, "Unknown component").nullable(),
};

/** The y axis's bounds, when both are set, must leave room for the graph. */
export const BOUNDS_MESSAGE = "The maximum must be greater than the minimum";
export function boundsProblem(min: number | null, max: number | null): boolean {
  return min !== null && max !== null && !(max > min);
}

export const CreateMetricInput = z
  .object({
    name: MetricFields.name,
    suffix: MetricFields.suffix.default(""),
    description: MetricFields.description.default(null),
    displayed: MetricFields.displayed.default(true),
    decimalPlaces: MetricFields.decimalPlaces.default(0),
    yAxisMin: MetricFields.yAxisMin.default(null),
    yAxisMax: MetricFields.yAxisMax.default(null),
    yAxisHidden: MetricFields.yAxisHidden.default(false),
    transform: MetricFields.transform.default("average"),
    componentId: MetricFields.componentId.default(null),
  })
  .refine((m) => !boundsProblem(m.yAxisMin, m.yAxisMax), { message: BOUNDS_MESSAGE, path: ["yAxisMax"] });
export type CreateMetricInput = z.input<typeof CreateMetricInput>;

/** What the audit log keeps of a metric: its definition (never its points). */
export function metricAuditFields(m: {
  name: string;
  suffix: string;
  description: string | null;
  displayed: boolean;
  decimalPlaces: number;
  yAxisMin: number | null;
  yAxisMax: number | null;
  yAxisHidden: boolean;
  transform: string;
  componentId: string | null;
  key?: string | null;
}): Record<string, unknown> {
  return {
    name: m.name,
    suffix: m.suffix,
    description: m.description,
    displayed: m.displayed,
    decimalPlaces: m.decimalPlaces,
    yAxisMin: m.yAxisMin,
    yAxisMax: m.yAxisMax,
    yAxisHidden: m.yAxisHidden,
    transform: m.transform,
    componentId: m.componentId,
    ...(m.key ? { key: m.key } : {}),
  };
}

/** Refuses a component that does not exist (a stale form, a typo on the command line). */
export async function checkComponent(tx: Tx, componentId: string | null): Promise<void> {
  if (componentId === null) return;
  const found = await tx.component.findUnique({ where: { id: componentId }, select: { id: true } });
  if (!found) throw new NotFoundError(`Unknown component: ${componentId}`);
}

export async function createMetric({ actor, input }: { actor: Actor; input: CreateMetricInput }) {
  requirePermission(actor, "metric.write");
  const data = CreateMetricInput.parse(input);
  return db().$transaction(async (tx) => {
    await checkComponent(tx, data.componentId);
    const last = await tx.metric.aggregate({ _max: { position: true } });
    const metric = await tx.metric.create({ data: { ...data, position: (last._max.position ?? -1) + 1 } });
    await recordChange(tx, actor, "metric.create", { type: "metric", id: metric.id }, null, metricAuditFields(metric));
    return { metric };
  });
}

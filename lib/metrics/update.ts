// Change a metric's definition (any subset of its fields): the row and the audit row with what
// changed, in one transaction. Herald's own metrics (herald.*, recorded by the worker) are edited
// the same way; their key stays. A change that changes nothing writes nothing.
import { z, ZodError } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { BOUNDS_MESSAGE, boundsProblem, checkComponent, metricAuditFields, MetricFields } from "@/lib/metrics/create";
import { recordId } from "@/lib/text";

export const UpdateMetricInput = z
  .object({
    metricId: recordId("Unknown metric", "Say which metric"),
    name: MetricFields.name.optional(),
    suffix: MetricFields.suffix.optional(),
    description: MetricFields.description.optional(),
    displayed: MetricFields.displayed.optional(),
    decimalPlaces: MetricFields.decimalPlaces.optional(),
    yAxisMin: MetricFields.yAxisMin.optional(),
    yAxisMax: MetricFields.yAxisMax.optional(),
    yAxisHidden: MetricFields.yAxisHidden.optional(),
    transform: MetricFields.transform.optional(),
    componentId: MetricFields.componentId.optional(),
  })
  .refine((m) => !boundsProblem(m.yAxisMin ?? null, m.yAxisMax ?? null), { message: BOUNDS_MESSAGE, path: ["yAxisMax"] });
export type UpdateMetricInput = z.input<typeof UpdateMetricInput>;

export async function updateMetric({ actor, input }: { actor: Actor; input: UpdateMetricInput }) {
  requirePermission(actor, "metric.write");
  const { metricId, ...changes } = UpdateMetricInput.parse(input);
  return db().$transaction(async (tx) => {
    // Two edits of one metric take turns, so each audit row's "before" is the true one.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM metric WHERE id = ${metricId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`Unknown metric: ${metricId}`);
    const before = await tx.metric.findUniqueOrThrow({ where: { id: metricId } });
    const data = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as typeof changes;
    // A bound changed alone must still fit the other one as it is stored.
    const min = data.yAxisMin !== undefined ? data.yAxisMin : before.yAxisMin;
    const max = data.yAxisMax !== undefined ? data.yAxisMax : before.yAxisMax;
    if (boundsProblem(min, max)) {
      throw new ZodError([{ code: "custom", path: [data.yAxisMax !== undefined ? "yAxisMax" : "yAxisMin"], message: BOUNDS_MESSAGE, input: data }]);
    }
    if (data.componentId !== undefined && data.componentId !== before.componentId) await checkComponent(tx, data.componentId);

    const was = metricAuditFields(before);
    const next = { ...was, ...data };
    if (JSON.stringify(next) === JSON.stringify(was)) return { metric: before, changed: false as const };
    const metric = await tx.metric.update({ where: { id: metricId }, data });
    await recordChange(tx, actor, "metric.update", { type: "metric", id: metricId }, was, metricAuditFields(metric));
    return { metric, changed: true as const };
  });
}

// Delete a metric and all its points (the points cascade), with the audit row keeping its
// definition and how many points went with it. Herald's own metrics (herald.*) are refused: the
// worker records them by key and would stop; hiding one takes it off the public page instead.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { metricAuditFields } from "@/lib/metrics/create";
import { recordId } from "@/lib/text";

export const DeleteMetricInput = z.object({
  metricId: recordId("Unknown metric", "Say which metric"),
});
export type DeleteMetricInput = z.input<typeof DeleteMetricInput>;

export async function deleteMetric({ actor, input }: { actor: Actor; input: DeleteMetricInput }) {
  requirePermission(actor, "metric.write");
  const data = DeleteMetricInput.parse(input);
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM metric WHERE id = ${data.metricId} FOR UPDATE`;
    if (!locked.length) throw new NotFoundError(`Unknown metric: ${data.metricId}`);
    const metric = await tx.metric.findUniqueOrThrow({ where: { id: data.metricId } });
    if (metric.key) {
      throw new ConflictError(`Herald records "${metric.name}" (${metric.key}) itself and cannot delete it: hide it from the public page instead`);
    }
    const points = await tx.metricPoint.count({ where: { metricId: metric.id } });
    await tx.metric.delete({ where: { id: metric.id } });
    await recordChange(tx, actor, "metric.delete", { type: "metric", id: metric.id }, { ...metricAuditFields(metric), points }, null);
    return { metric, points };
  });
}

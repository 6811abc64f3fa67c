// Set a component's status outside any incident (a quick fix, a monitor's verdict): the component,
// its history row, the audit row and a component_status_changed notification (webhooks only, see
// lib/notify/rules.ts), in one transaction. Setting the status it already has writes nothing.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { writeNotification } from "@/lib/notify/outbox";
import { ComponentStatusSchema, type ComponentStatus } from "@/lib/vocabulary";
import { recordId } from "@/lib/text";

export const SetComponentStatusInput = z.object({
  componentId: recordId("Unknown component"),
  status: ComponentStatusSchema,
  deliverNotifications: z.boolean().default(true),
});
export type SetComponentStatusInput = z.input<typeof SetComponentStatusInput>;

export async function setComponentStatus({ actor, input }: { actor: Actor; input: SetComponentStatusInput }) {
  requirePermission(actor, "component.write");
  const data = SetComponentStatusInput.parse(input);
  return db().$transaction(async (tx) => {
    // Two changes of one component take turns, so each history row's old status is the true one.
    const rows = await tx.$queryRaw<{ id: string; name: string; status: ComponentStatus }[]>`
      SELECT id, name, status::text AS status FROM component WHERE id = ${data.componentId} FOR UPDATE`;
    const before = rows[0];
    if (!before) throw new NotFoundError(`Unknown component: ${data.componentId}`);
    if (before.status === data.status) return { component: before, changed: false as const, notificationId: null };

    const now = new Date();
    await tx.component.update({ where: { id: before.id }, data: { status: data.status } });
    const change = await tx.componentStatusChange.create({
      data: { componentId: before.id, oldStatus: before.status, newStatus: data.status, at: now },
      select: { id: true },
    });
    await recordChange(tx, actor, "component.set_status", { type: "component", id: before.id }, { status: before.status }, { status: data.status });
    const notificationId = data.deliverNotifications
      ? await writeNotification(tx, {
          kind: "component_status_changed",
          componentId: before.id,
          payload: {
            component: { id: before.id, name: before.name, oldStatus: before.status, newStatus: data.status },
            change: { id: change.id.toString(), at: now.toISOString() },
            componentIds: [before.id],
          },
        })
      : null;
    return { component: { ...before, status: data.status }, changed: true as const, notificationId };
  });
}

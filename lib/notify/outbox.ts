// Writing to the outbox: a notification row plus its fan-out job, in the caller's transaction.
// The payload freezes what the message says at the moment of the write.
import type { Tx } from "@/lib/db/prisma";
import type { NotificationKind } from "@/lib/vocabulary";
import { enqueueFanout } from "@/lib/queue/enqueue";
import type { ComponentStatus, AnyIncidentStatus } from "@/lib/vocabulary";

export type IncidentNotificationPayload = {
  incident: { id: string; name: string; status: AnyIncidentStatus; impact: string; kind: "incident" | "maintenance" };
  update: { id: string; status: AnyIncidentStatus; body: string; displayAt: string };
  components: { id: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
  /** The ids of every component the incident touches, for subscribers' component choices. */
  componentIds: string[];
};

export type ConfirmationPayload = { purpose: "confirm" | "manage" };

export async function writeNotification(
  tx: Tx,
  n: {
    kind: NotificationKind;
    incidentId?: string;
    incidentUpdateId?: string;
    componentId?: string;
    targetSubscriberId?: string;
    payload: IncidentNotificationPayload | ConfirmationPayload;
  },
): Promise<string> {
  const row = await tx.notification.create({
    data: {
      kind: n.kind,
      incidentId: n.incidentId,
      incidentUpdateId: n.incidentUpdateId,
      componentId: n.componentId,
      targetSubscriberId: n.targetSubscriberId,
      payload: n.payload,
    },
    select: { id: true },
  });
  await enqueueFanout(tx, { notificationId: row.id });
  return row.id;
}

// Writing to the outbox: a notification row plus its fan-out job, in the caller's transaction.
// The payload freezes what the message says at the moment of the write.
import type { Tx } from "@/lib/db/prisma";
import type { NotificationKind } from "@/lib/vocabulary";
import { enqueueFanout, enqueueFanouts } from "@/lib/queue/enqueue";
import type { ComponentStatus, AnyIncidentStatus, Channel } from "@/lib/vocabulary";

export type IncidentNotificationPayload = {
  incident: {
    id: string;
    name: string;
    status: AnyIncidentStatus;
    impact: string;
    kind: "incident" | "maintenance";
    /** Maintenances: the announced window (ISO-8601), for the message to name it. */
    scheduledFor?: string | null;
    scheduledUntil?: string | null;
  };
  /** customTweet: the operator's own X post for this update, posted as written instead of one composed from it. */
  update: { id: string; status: AnyIncidentStatus; body: string; displayAt: string; customTweet?: string | null };
  components: { id: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
  /** The ids of every component the incident touches, for subscribers' component choices. */
  componentIds: string[];
  /** The channels the operator chose to notify; absent means every channel. The fan-out skips the others. */
  channels?: Channel[];
};

export type ConfirmationPayload = { purpose: "confirm" | "manage" };

/** A component's status changed outside any incident (kind component_status_changed). */
export type ComponentNotificationPayload = {
  component: { id: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus };
  /** The history row (component_status_change) that records the change: the webhook's component_update. */
  change: { id: string; at: string };
  /** For subscribers' component choices: just this one. */
  componentIds: string[];
};

export type NotificationPayload = IncidentNotificationPayload | ConfirmationPayload | ComponentNotificationPayload;

export async function writeNotification(
  tx: Tx,
  n: {
    kind: NotificationKind;
    incidentId?: string;
    incidentUpdateId?: string;
    componentId?: string;
    targetSubscriberId?: string;
    payload: NotificationPayload;
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

/** Confirmation (or manage-link) messages for many subscribers at once: one statement per batch. */
export async function writeConfirmations(tx: Tx, subscriberIds: readonly string[], payload: ConfirmationPayload): Promise<void> {
  if (subscriberIds.length === 0) return;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO notification (id, kind, target_subscriber_id, payload)
    SELECT herald_id(), 'subscription_confirmation'::"NotificationKind", s, ${JSON.stringify(payload)}::jsonb
    FROM unnest(${subscriberIds as string[]}::text[]) AS s
    RETURNING id`;
  await enqueueFanouts(tx, rows.map((r) => r.id));
}

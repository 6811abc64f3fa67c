// Read-only: what the dashboard's front page shows (open incidents, subscribers, recent deliveries).
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import {
  CLOSED_STATUSES,
  DELIVERY_STATES,
  SUBSCRIBER_STATES,
  type AnyIncidentStatus,
  type Channel,
  type DeliveryState,
  type Impact,
  type IncidentKind,
  type NotificationKind,
  type SubscriberState,
} from "@/lib/vocabulary";

export type DashboardSummary = {
  openIncidents: {
    id: string;
    kind: IncidentKind;
    name: string;
    status: AnyIncidentStatus;
    impact: Impact;
    startedAt: Date;
    updatedAt: Date;
    updateCount: number;
    componentNames: string[];
  }[];
  subscribers: Record<SubscriberState, number>;
  /** Deliveries created in the last 24 hours, by state. */
  deliveries24h: Record<DeliveryState, number>;
  recentDeliveries: {
    id: string;
    channel: Channel;
    state: DeliveryState;
    recipient: string | null;
    kind: NotificationKind;
    attemptCount: number;
    createdAt: Date;
    sentAt: Date | null;
    lastError: string | null;
  }[];
};

export async function loadDashboardSummary({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<DashboardSummary> {
  requirePermission(actor, "outbox.read");
  const client = db();
  const since = new Date(Date.now() - 86_400_000);
  const [open, subscriberCounts, deliveryCounts, recent] = await Promise.all([
    client.incident.findMany({
      where: { status: { notIn: [...CLOSED_STATUSES] } },
      orderBy: { createdAt: "desc" },
      include: { components: { include: { component: { select: { name: true } } } }, _count: { select: { updates: true } } },
    }),
    client.subscriber.groupBy({ by: ["state"], _count: { _all: true } }),
    client.delivery.groupBy({ by: ["state"], where: { createdAt: { gte: since } }, _count: { _all: true } }),
    client.delivery.findMany({
      orderBy: { createdAt: "desc" },
      take: 10,
      include: { subscriber: { select: { address: true } }, notification: { select: { kind: true } } },
    }),
  ]);

  const subscribers = Object.fromEntries(SUBSCRIBER_STATES.map((s) => [s, 0])) as Record<SubscriberState, number>;
  for (const row of subscriberCounts) subscribers[row.state] = row._count._all;
  const deliveries24h = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of deliveryCounts) deliveries24h[row.state] = row._count._all;

  return {
    openIncidents: open.map((i) => ({
      id: i.id,
      kind: i.kind,
      name: i.name,
      status: i.status,
      impact: i.impact,
      startedAt: i.startedAt,
      updatedAt: i.updatedAt,
      updateCount: i._count.updates,
      componentNames: i.components.map((c) => c.component.name),
    })),
    subscribers,
    deliveries24h,
    recentDeliveries: recent.map((d) => ({
      id: d.id,
      channel: d.channel,
      state: d.state,
      recipient: d.subscriber?.address ?? null,
      kind: d.notification.kind,
      attemptCount: d.attemptCount,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
      lastError: d.lastError,
    })),
  };
}

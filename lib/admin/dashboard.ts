// Read-only: what the dashboard's front page shows — what is happening now: open incidents and
// maintenance, components that are not operational, fan-outs still sending with their figures, the
// delivery queue's depth and how long its most overdue message has waited; then subscribers and
// recent deliveries.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { addDeliveries, emptyCounts, type ChannelCounts } from "@/lib/notify/fanout-status";
import {
  CLOSED_STATUSES,
  COMPONENT_STATUS_RANK,
  DELIVERY_STATES,
  SUBSCRIBER_STATES,
  type AnyIncidentStatus,
  type Channel,
  type ComponentStatus,
  type DeliveryState,
  type Impact,
  type IncidentKind,
  type NotificationKind,
  type SubscriberState,
} from "@/lib/vocabulary";

export type FanoutInProgress = {
  notificationId: string;
  kind: NotificationKind;
  createdAt: Date;
  incident: { id: string; name: string; kind: IncidentKind } | null;
  /** Still finding subscribers: totals may grow. */
  expanding: boolean;
  channels: Partial<Record<Channel, ChannelCounts>>;
};

export type DashboardSummary = {
  /** Components whose status is not operational, worst first. */
  componentsNotOperational: { id: string; name: string; groupName: string | null; status: ComponentStatus }[];
  /** Maintenance scheduled and not started yet, soonest first. */
  upcomingMaintenance: { id: string; name: string; scheduledFor: Date | null; scheduledUntil: Date | null }[];
  fanoutsInProgress: FanoutInProgress[];
  queue: {
    /** Deliveries waiting to be sent (pending or retrying), and in flight now. */
    waiting: number;
    sending: number;
    /** How long the most overdue waiting delivery has been due; 0 when none is overdue. */
    oldestWaitingMs: number;
    /** Worker processes that sent a heartbeat in the last minute. */
    workersAlive: number;
  };
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
  const [open, subscriberCounts, deliveryCounts, recent, notOperational, fanouts, queue] = await Promise.all([
    client.incident.findMany({
      // Scheduled maintenance is listed on its own; open means happening now.
      where: { status: { notIn: [...CLOSED_STATUSES, "scheduled"] } },
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
    client.component.findMany({
      where: { status: { not: "operational" } },
      select: { id: true, name: true, status: true, group: { select: { name: true } } },
    }),
    loadFanoutsInProgress(),
    loadQueue(),
  ]);
  const upcoming = await client.incident.findMany({
    where: { kind: "maintenance", status: "scheduled" },
    orderBy: { scheduledFor: "asc" },
    take: 20,
    select: { id: true, name: true, scheduledFor: true, scheduledUntil: true },
  });

  const subscribers = Object.fromEntries(SUBSCRIBER_STATES.map((s) => [s, 0])) as Record<SubscriberState, number>;
  for (const row of subscriberCounts) subscribers[row.state] = row._count._all;
  const deliveries24h = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of deliveryCounts) deliveries24h[row.state] = row._count._all;

  return {
    componentsNotOperational: notOperational
      .map((c) => ({ id: c.id, name: c.name, groupName: c.group?.name ?? null, status: c.status }))
      .sort((a, b) => COMPONENT_STATUS_RANK[b.status] - COMPONENT_STATUS_RANK[a.status] || a.name.localeCompare(b.name)),
    upcomingMaintenance: upcoming,
    fanoutsInProgress: fanouts,
    queue,
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

/**
 * Notifications still expanding or with messages not yet settled, with their figures per channel
 * (the same buckets as `fanout status`). The waiting deliveries are found through the queue's
 * partial indexes; the figures through the (notification_id, …) unique key.
 */
async function loadFanoutsInProgress(): Promise<FanoutInProgress[]> {
  const rows = await db().$queryRaw<
    { id: string; kind: NotificationKind; created_at: Date; fanout_state: string; incident_id: string | null; incident_name: string | null; incident_kind: IncidentKind | null; channel: Channel | null; state: string | null; n: bigint }[]
  >`
    WITH active AS (
      SELECT id FROM notification WHERE fanout_state <> 'done'
      UNION SELECT DISTINCT notification_id FROM delivery WHERE state IN ('pending', 'retrying')
      UNION SELECT DISTINCT notification_id FROM delivery WHERE state = 'sending'
      LIMIT 20
    )
    SELECT n.id, n.kind::text AS kind, n.created_at, n.fanout_state::text AS fanout_state,
           i.id AS incident_id, i.name AS incident_name, i.kind::text AS incident_kind,
           d.channel::text AS channel, d.state::text AS state, count(d.id) AS n
    FROM active a
    JOIN notification n ON n.id = a.id
    LEFT JOIN incident i ON i.id = n.incident_id
    LEFT JOIN delivery d ON d.notification_id = n.id
    GROUP BY n.id, i.id, d.channel, d.state
    ORDER BY n.created_at DESC, n.id`;
  const byId = new Map<string, FanoutInProgress>();
  for (const r of rows) {
    let f = byId.get(r.id);
    if (!f) {
      f = {
        notificationId: r.id,
        kind: r.kind,
        createdAt: r.created_at,
        incident: r.incident_id ? { id: r.incident_id, name: r.incident_name ?? "", kind: r.incident_kind ?? "incident" } : null,
        expanding: r.fanout_state !== "done",
        channels: {},
      };
      byId.set(r.id, f);
    }
    if (!r.channel || !r.state) continue;
    addDeliveries((f.channels[r.channel] ??= emptyCounts()), r.state, Number(r.n));
  }
  return [...byId.values()];
}

async function loadQueue(): Promise<DashboardSummary["queue"]> {
  const [row] = await db().$queryRaw<{ waiting: bigint; sending: bigint; oldest_due: Date | null; workers: bigint }[]>`
    SELECT (SELECT count(*) FROM delivery WHERE state IN ('pending', 'retrying')) AS waiting,
           (SELECT count(*) FROM delivery WHERE state = 'sending') AS sending,
           (SELECT min(next_attempt_at) FROM delivery WHERE state IN ('pending', 'retrying') AND next_attempt_at <= now()) AS oldest_due,
           (SELECT count(*) FROM worker_process WHERE last_seen_at > now() - interval '1 minute') AS workers`;
  return {
    waiting: Number(row?.waiting ?? 0),
    sending: Number(row?.sending ?? 0),
    oldestWaitingMs: row?.oldest_due ? Math.max(0, Date.now() - row.oldest_due.getTime()) : 0,
    workersAlive: Number(row?.workers ?? 0),
  };
}

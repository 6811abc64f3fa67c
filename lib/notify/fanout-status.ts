// Where every message of an incident stands: per notification (one per update or event) and
// channel, how many deliveries are sent, failed, retrying, pending, or of unknown outcome (caught
// mid-send). One use case for the command line (`fanout status`) and, later, the dashboard.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError, parseOrNotFound } from "@/lib/errors";
import { recordId } from "@/lib/text";
import type { Channel, NotificationKind } from "@/lib/vocabulary";

export type ChannelCounts = { total: number; sent: number; failed: number; retrying: number; pending: number; unknown: number; cancelled: number };

export type FanoutStatus = {
  incident: { id: string; name: string };
  notifications: {
    id: string;
    kind: NotificationKind;
    updateId: string | null;
    createdAt: Date;
    /** Still expanding into deliveries: totals may grow. */
    expanding: boolean;
    channels: Partial<Record<Channel, ChannelCounts>>;
  }[];
  /** True when nothing is left to send or expand. */
  settled: boolean;
};

const Input = z.object({ incidentId: recordId("No such incident or maintenance") });

export const emptyCounts = (): ChannelCounts => ({ total: 0, sent: 0, failed: 0, retrying: 0, pending: 0, unknown: 0, cancelled: 0 });

/** Adds `count` deliveries in `state` to a channel's figures. */
export function addDeliveries(c: ChannelCounts, state: string, count: number): void {
  c.total += count;
  if (state === "sent") c.sent += count;
  else if (state === "failed") c.failed += count;
  else if (state === "retrying") c.retrying += count;
  else if (state === "pending") c.pending += count;
  else if (state === "cancelled") c.cancelled += count;
  else c.unknown += count; // "sending" (in flight, or caught by a crash) and "unknown"
}

export async function fanoutStatus({ actor, input }: { actor: Actor; input: z.input<typeof Input> }): Promise<FanoutStatus> {
  requirePermission(actor, "outbox.read");
  const { incidentId } = parseOrNotFound(Input, input, "No such incident or maintenance");
  const incident = await db().incident.findUnique({ where: { id: incidentId }, select: { id: true, name: true } });
  if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
  const rows = await db().$queryRaw<
    { id: string; kind: NotificationKind; update_id: string | null; created_at: Date; fanout_state: string; channel: Channel | null; state: string | null; n: bigint }[]
  >`
    SELECT n.id, n.kind::text AS kind, n.incident_update_id AS update_id, n.created_at, n.fanout_state::text AS fanout_state,
           d.channel::text AS channel, d.state::text AS state, count(d.id) AS n
    FROM notification n LEFT JOIN delivery d ON d.notification_id = n.id
    WHERE n.incident_id = ${incidentId}
    GROUP BY n.id, d.channel, d.state
    ORDER BY n.created_at, n.id`;
  const byId = new Map<string, FanoutStatus["notifications"][number]>();
  for (const r of rows) {
    let n = byId.get(r.id);
    if (!n) {
      n = { id: r.id, kind: r.kind, updateId: r.update_id, createdAt: r.created_at, expanding: r.fanout_state !== "done", channels: {} };
      byId.set(r.id, n);
    }
    if (!r.channel || !r.state) continue;
    addDeliveries((n.channels[r.channel] ??= emptyCounts()), r.state, Number(r.n));
  }
  const notifications = [...byId.values()];
  const settled = notifications.every(
    (n) => !n.expanding && Object.values(n.channels).every((c) => c.pending === 0 && c.retrying === 0 && c.unknown === 0),
  );
  return { incident, notifications, settled };
}

// Fan-out: expand one notification (outbox row) into one delivery row per subscriber and
// channel. Batched and resumable: each batch inserts its rows and moves the cursor in one
// transaction, and the unique key (notification, subscriber, channel) makes a re-run create
// nothing twice. Subscribers' state and component choices are read as they are at this moment.
import type { Channel, NotificationKind } from "@/lib/vocabulary";
import { channelsFor } from "@/lib/notify/rules";
import { db } from "@/lib/db/prisma";
import { enqueueDeliver } from "@/lib/queue/enqueue";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { webhookIncidentBody } from "@/lib/statuspage/webhook";

export const FANOUT_BATCH = 2_000;
/** A fan-out holds its notification this long per batch; a crashed one is taken over after. */
export const FANOUT_LEASE_SECONDS = 60;

export type FanoutResult = { state: "done" | "busy" | "missing"; created: number };

export async function runFanout(opts: {
  notificationId: string;
  channelsOn: readonly Channel[];
  batchSize?: number;
  signal?: AbortSignal;
}): Promise<FanoutResult> {
  const client = db();
  const batchSize = opts.batchSize ?? FANOUT_BATCH;
  // Take the lease unless another worker holds a live one.
  const claimed = await client.$queryRaw<{ kind: string; target_subscriber_id: string | null; payload: unknown; fanout_cursor: string | null }[]>`
    UPDATE notification SET fanout_state = 'running', fanout_lease_until = now() + make_interval(secs => ${FANOUT_LEASE_SECONDS})
    WHERE id = ${opts.notificationId} AND fanout_state <> 'done'
      AND (fanout_lease_until IS NULL OR fanout_lease_until < now() OR fanout_state = 'pending')
    RETURNING kind, target_subscriber_id, payload, fanout_cursor`;
  const n = claimed[0];
  if (!n) {
    const exists = await client.notification.findUnique({ where: { id: opts.notificationId }, select: { fanoutState: true } });
    return { state: !exists ? "missing" : exists.fanoutState === "done" ? "done" : "busy", created: 0 };
  }

  const channels = channelsFor(n.kind as NotificationKind, opts.channelsOn);
  if (channels.includes("webhook")) await freezeWebhookBody(opts.notificationId, n.payload);
  let created = 0;
  if (n.target_subscriber_id) {
    // A message to one subscriber (a confirmation), whatever its state.
    created = await client.$executeRaw`
      INSERT INTO delivery (id, notification_id, subscriber_id, channel)
      SELECT herald_id(), ${opts.notificationId}, s.id, s.channel FROM subscriber s
      WHERE s.id = ${n.target_subscriber_id} AND s.channel::text = ANY(${channels}::text[]) AND s.state <> 'unsubscribed'
      ON CONFLICT DO NOTHING`;
  } else {
    const componentIds = (n.payload as Partial<IncidentNotificationPayload>).componentIds ?? [];
    let cursor = n.fanout_cursor ?? "";
    for (;;) {
      if (opts.signal?.aborted) return { state: "busy", created };
      const batch = await client.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ last: string | null; picked: bigint; inserted: bigint }[]>`
          WITH batch AS (
            SELECT s.id, s.channel FROM subscriber s
            WHERE s.state = 'active' AND s.id > ${cursor} AND s.channel::text = ANY(${channels}::text[])
              AND (
                NOT EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id)
                OR EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id AND sc.component_id = ANY(${componentIds}::text[]))
              )
            ORDER BY s.id
            LIMIT ${batchSize}
          ), ins AS (
            INSERT INTO delivery (id, notification_id, subscriber_id, channel)
            SELECT herald_id(), ${opts.notificationId}, b.id, b.channel FROM batch b
            ON CONFLICT DO NOTHING
            RETURNING 1
          )
          SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM batch) AS picked, (SELECT count(*) FROM ins) AS inserted`;
        const r = rows[0]!;
        if (r.last) {
          await tx.$executeRaw`UPDATE notification SET fanout_cursor = ${r.last},
            fanout_lease_until = now() + make_interval(secs => ${FANOUT_LEASE_SECONDS}) WHERE id = ${opts.notificationId}`;
        }
        // Sending starts with the first batch, while the rest is still being expanded.
        if (Number(r.inserted) > 0) await enqueueDeliver(tx, { notificationId: opts.notificationId });
        return r;
      });
      created += Number(batch.inserted);
      if (!batch.last || Number(batch.picked) < batchSize) break;
      cursor = batch.last;
    }
  }

  // The page-wide X account gets one delivery per notification (not for confirmations).
  if (!n.target_subscriber_id && channels.includes("x")) {
    created += await client.$executeRaw`
      INSERT INTO delivery (id, notification_id, subscriber_id, channel) VALUES (herald_id(), ${opts.notificationId}, NULL, 'x')
      ON CONFLICT DO NOTHING`;
  }

  await client.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE notification SET fanout_state = 'done', fanned_out_at = now(), fanout_lease_until = NULL
      WHERE id = ${opts.notificationId}`;
    await enqueueDeliver(tx, { notificationId: opts.notificationId });
  });
  return { state: "done", created };
}

/**
 * Webhook bodies carry the whole incident as Statuspage sends it. Build it once, from a snapshot
 * taken now (at least as new as the write that notified), and keep it in the notification so every
 * subscriber and every retry gets the same body.
 */
async function freezeWebhookBody(notificationId: string, payload: unknown): Promise<void> {
  const p = payload as Partial<IncidentNotificationPayload> & { webhook?: unknown };
  if (p.webhook || !p.incident) return;
  const snapshot = await loadPublicSnapshot(0);
  const incident = snapshot.incidents.find((i) => i.id === p.incident!.id);
  if (!incident) return;
  // Kept as a JSON string: jsonb would reorder the keys, and receivers read Statuspage's order.
  const webhook = JSON.stringify({ ...webhookIncidentBody(snapshot, incident), generatedAt: snapshot.builtAt.toISOString() });
  await db().$executeRaw`UPDATE notification SET payload = payload || jsonb_build_object('webhook', ${webhook}::text)
    WHERE id = ${notificationId} AND NOT payload ? 'webhook'`;
}

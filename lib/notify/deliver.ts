// Sending: claim due deliveries of one notification, record each attempt as "sending" BEFORE the
// provider is called (committed), then record the outcome. A worker that dies between the two
// leaves the delivery in "sending" under its name; recover.ts hands it to a live worker.
import type { Config } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { compose } from "@/lib/notify/compose";
import { CHANNEL_REGISTRY } from "@/lib/notify/channels/registry";
import type { ChannelSender, RetryPolicy, SendOutcome } from "@/lib/notify/channels/types";
import { enqueueDeliver } from "@/lib/queue/enqueue";
import type { Channel, NotificationKind } from "@/lib/vocabulary";

/** Hard cap on how long one send may hold a delivery, even for a live worker. */
export const SEND_LEASE_SECONDS = 15 * 60;

/** Exponential backoff with full jitter, capped; a provider's Retry-After wins when longer. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  delayMs(attempt, retryAfterMs) {
    const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
    const jittered = base / 2 + Math.random() * (base / 2);
    return Math.max(jittered, retryAfterMs ?? 0);
  },
};

export function retryPolicy(channel: Channel): RetryPolicy {
  return CHANNEL_REGISTRY[channel].retry ?? DEFAULT_RETRY;
}

type Claimed = {
  id: string;
  channel: Channel;
  attempt_count: number;
  subscriber_id: string | null;
  address: string | null;
  confirm_token: string | null;
  manage_token: string | null;
  webhook_secret: string | null;
};

export type DeliverContext = {
  config: Config;
  workerId: string;
  senders: Partial<Record<Channel, ChannelSender>>;
  concurrency: number;
  signal?: AbortSignal;
};

export async function runDeliver(notificationId: string, ctx: DeliverContext): Promise<{ sent: number; failed: number; retrying: number }> {
  const client = db();
  const notification = await client.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, kind: true, payload: true, incidentId: true },
  });
  if (!notification) return { sent: 0, failed: 0, retrying: 0 };
  const settings = await client.pageSettings.findUnique({ where: { id: 1 }, select: { name: true } });
  const page = { name: settings?.name ?? "Herald" };
  const channels = Object.keys(ctx.senders);
  const totals = { sent: 0, failed: 0, retrying: 0 };

  for (;;) {
    if (ctx.signal?.aborted) break;
    // Claim and record the attempt in one statement; SKIP LOCKED lets several workers share.
    const claimed = await client.$queryRaw<Claimed[]>`
      WITH due AS (
        SELECT d.id FROM delivery d
        WHERE d.notification_id = ${notificationId} AND d.state IN ('pending', 'retrying')
          AND d.next_attempt_at <= now() AND d.channel::text = ANY(${channels}::text[])
        ORDER BY d.next_attempt_at, d.id
        LIMIT ${ctx.concurrency}
        FOR UPDATE SKIP LOCKED
      ), upd AS (
        UPDATE delivery d SET state = 'sending', attempt_count = d.attempt_count + 1, locked_by = ${ctx.workerId},
          lease_until = now() + make_interval(secs => ${SEND_LEASE_SECONDS}), updated_at = now()
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.channel, d.attempt_count, d.subscriber_id
      ), att AS (
        INSERT INTO delivery_attempt (delivery_id, number, outcome, worker_id)
        SELECT id, attempt_count, 'sending', ${ctx.workerId} FROM upd
      )
      SELECT upd.id, upd.channel::text AS channel, upd.attempt_count, upd.subscriber_id,
             s.address, s.confirm_token, s.manage_token, s.webhook_secret
      FROM upd LEFT JOIN subscriber s ON s.id = upd.subscriber_id`;
    if (claimed.length === 0) break;

    await Promise.all(
      claimed.map(async (d) => {
        const sender = ctx.senders[d.channel];
        let outcome: SendOutcome;
        try {
          const message = compose({
            delivery: { id: d.id, channel: d.channel },
            notification: { id: notification.id, kind: notification.kind as NotificationKind, payload: notification.payload, incidentId: notification.incidentId },
            subscriber: d.subscriber_id
              ? { address: d.address!, confirmToken: d.confirm_token, manageToken: d.manage_token!, webhookSecret: d.webhook_secret }
              : null,
            page,
            publicUrl: ctx.config.publicUrl,
          });
          outcome = sender ? await sender.send(message) : { kind: "retry", error: `channel ${d.channel} is off on this worker` };
        } catch (e) {
          outcome = { kind: "retry", error: `unexpected: ${(e as Error).message}`.slice(0, 500) };
        }
        if (outcome.kind === "retry" && d.attempt_count >= retryPolicy(d.channel).maxAttempts) {
          outcome = { kind: "failed", error: `gave up after ${d.attempt_count} attempts: ${outcome.error}` };
        }
        await recordOutcome(d.id, d.channel, d.attempt_count, outcome);
        if (outcome.kind === "sent") totals.sent++;
        else if (outcome.kind === "failed") totals.failed++;
        else totals.retrying++;
      }),
    );
  }

  // Wake up again for the earliest retry still due for this notification.
  const next = await client.delivery.findFirst({
    where: { notificationId, state: { in: ["pending", "retrying"] } },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  if (next) await enqueueDeliver(client, { notificationId }, next.nextAttemptAt);
  return totals;
}

async function recordOutcome(deliveryId: string, channel: Channel, attempt: number, outcome: SendOutcome): Promise<void> {
  const client = db();
  await client.$transaction(async (tx) => {
    if (outcome.kind === "sent") {
      await tx.delivery.update({
        where: { id: deliveryId },
        data: { state: "sent", sentAt: new Date(), providerId: outcome.providerId, leaseUntil: null, lockedBy: null, lastError: null },
      });
    } else if (outcome.kind === "failed") {
      await tx.delivery.update({ where: { id: deliveryId }, data: { state: "failed", lastError: outcome.error, leaseUntil: null, lockedBy: null } });
    } else {
      await tx.delivery.update({
        where: { id: deliveryId },
        data: {
          state: "retrying",
          lastError: outcome.error,
          nextAttemptAt: new Date(Date.now() + retryPolicy(channel).delayMs(attempt, outcome.retryAfterMs)),
          leaseUntil: null,
          lockedBy: null,
        },
      });
    }
    await tx.deliveryAttempt.update({
      where: { deliveryId_number: { deliveryId, number: attempt } },
      data: {
        outcome: outcome.kind === "sent" ? "sent" : outcome.kind === "failed" ? "failed" : "retry",
        finishedAt: new Date(),
        providerId: outcome.kind === "sent" ? outcome.providerId : null,
        error: outcome.kind === "sent" ? null : outcome.error,
      },
    });
  });
}

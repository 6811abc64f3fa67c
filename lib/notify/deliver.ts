// Sending: claim due deliveries of one notification, record each attempt as "sending" BEFORE the
// provider is called (committed), then record the outcome. A worker that dies between the two
// leaves the delivery in "sending" under its name; recover.ts hands it to a live worker.
//
// Each channel runs its own pipeline: a slow or rate-limited channel (SMS at one a second) never
// holds back a fast one (email into a pooled SMTP connection). How many messages a worker has in
// flight per channel is bounded by its Slots; SMS and X are also bounded across all workers by
// send_window (rate-limit.ts).
import type { Config } from "@/lib/config";
import { db, genericPlanPool } from "@/lib/db/prisma";
import { compose } from "@/lib/notify/compose";
import { CHANNEL_REGISTRY } from "@/lib/notify/channels/registry";
import type { ChannelSender, RetryPolicy, SendOutcome } from "@/lib/notify/channels/types";
import { OutcomeWriter, type Outcome } from "@/lib/notify/outcomes";
import { rateLimits, recordSends, roomInWindow } from "@/lib/notify/rate-limit";
import { Slots, type ChannelSlots } from "@/lib/notify/slots";
import { enqueueDeliver } from "@/lib/queue/enqueue";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import { isSuperseded, SUPERSEDED_ERROR, SUPERSEDED_ON_CLOSE } from "@/lib/notify/rules";
import type { Channel, NotificationKind } from "@/lib/vocabulary";

/** Hard cap on how long one send may hold a delivery, even for a live worker. */
export const SEND_LEASE_SECONDS = 15 * 60;
/** A deliver job hands its notification back to the queue after this long, so others get a turn. */
export const MAX_JOB_MS = 5 * 60_000;
/** A rate-limited channel waits in the job for a free place up to this long; longer, it is rescheduled. */
const MAX_IN_JOB_WAIT_MS = 3_000;
/** How soon to look again at due deliveries this job could not take. */
const BLOCKED_RETRY_MS = 2_000;
/** After a crash, how far before the unknown attempt to look for it at the provider (clock skew). */
export const RECONCILE_MARGIN_MS = 60_000;

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

/** A worker's in-flight bound per channel, from the channels' own settings. */
export function channelSlots(config: Config, channels: readonly Channel[]): ChannelSlots {
  return Object.fromEntries(channels.map((c) => [c, new Slots(Math.max(1, CHANNEL_REGISTRY[c].concurrency(config)))]));
}

type Claimed = {
  id: string;
  next_attempt_at: Date;
  attempt_count: number;
  subscriber_id: string | null;
  reconcile_since: Date | null;
  address: string | null;
  confirm_token: string | null;
  manage_token: string | null;
  webhook_secret: string | null;
};

export type DeliverContext = {
  config: Config;
  workerId: string;
  senders: Partial<Record<Channel, ChannelSender>>;
  /** Shared by every job of this worker; made for one call when absent (tests). */
  slots?: ChannelSlots;
  /** Shared by every job of this worker; made for one call when absent (tests). */
  writer?: OutcomeWriter;
  signal?: AbortSignal;
  log?: (m: string) => void;
};

export type DeliverTotals = { sent: number; failed: number; retrying: number; cancelled: number };

type Notification = { id: string; kind: NotificationKind; payload: unknown; incidentId: string | null; createdAt: Date };

export async function runDeliver(notificationId: string, ctx: DeliverContext): Promise<DeliverTotals> {
  const client = db();
  const notification = await client.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, kind: true, payload: true, incidentId: true, createdAt: true },
  });
  const totals: DeliverTotals = { sent: 0, failed: 0, retrying: 0, cancelled: 0 };
  if (!notification) return totals;
  const settings = await client.pageSettings.findUnique({ where: { id: 1 }, select: { name: true, emailSenderName: true } });
  const page = { name: settings?.name ?? "Herald", emailSenderName: settings?.emailSenderName ?? null };
  const channels = Object.keys(ctx.senders) as Channel[];
  const slots = ctx.slots ?? channelSlots(ctx.config, channels);
  const writer = ctx.writer ?? new OutcomeWriter(ctx.workerId, (e) => ctx.log?.(`recording outcomes failed, retrying: ${e.message}`));
  const deadline = Date.now() + MAX_JOB_MS;
  const limits = rateLimits(ctx.config);

  const wakeAts = await Promise.all(
    channels.map((channel) =>
      channelLoop({ ctx, channel, notification: notification as Notification, page, slots: slots[channel] ?? new Slots(1), writer, deadline, rate: limits[channel], totals }),
    ),
  );
  await writer.flush();

  // Wake up again for the earliest delivery still to do: a retry's time, when a rate-limited
  // channel has room again, or soon if something is due that this job could not take (an X post
  // waiting for the incident's earlier post, or the job's time ran out).
  // One look into delivery_claim_idx per channel (its predicate spelt out, so the planner can use it).
  const due = (
    await client.$queryRaw<{ channel: Channel; at: Date | null }[]>`
      SELECT c.channel::text AS channel, (SELECT d.next_attempt_at FROM delivery d
        WHERE d.notification_id = ${notificationId} AND d.channel = c.channel AND d.state IN ('pending', 'retrying')
        ORDER BY d.next_attempt_at LIMIT 1) AS at
      FROM unnest(${channels}::"Channel"[]) AS c(channel)`
  ).filter((row) => row.at !== null);
  // Also when stopping: the job that finishes the work must exist for whoever runs next.
  if (due.length) {
    const now = Date.now();
    const times = due.map((row) => {
      const at = row.at?.getTime() ?? now;
      if (at > now) return at;
      const throttled = wakeAts[channels.indexOf(row.channel as Channel)];
      if (throttled) return throttled.getTime();
      // Due now but not taken: new rows from a fan-out still expanding (go again at once), or an X
      // post waiting for its incident's earlier post (look again shortly).
      return row.channel === "x" && now < deadline ? now + BLOCKED_RETRY_MS : now + 100;
    });
    await enqueueDeliver(client, { notificationId }, new Date(Math.min(...times)));
  }
  return totals;
}

type LoopArgs = {
  ctx: DeliverContext;
  channel: Channel;
  notification: Notification;
  page: { name: string; emailSenderName: string | null };
  slots: Slots;
  writer: OutcomeWriter;
  deadline: number;
  rate: { limit: number; windowMs: number } | undefined;
  totals: DeliverTotals;
};

/** Sends this channel's due deliveries; returns when a rate limit asks to come back later, if it does. */
async function channelLoop(a: LoopArgs): Promise<Date | null> {
  const { ctx, channel, slots } = a;
  const inflight = new Set<Promise<void>>();
  let wakeAt: Date | null = null;
  let dbFailures = 0;
  // Where the last claim ended in the claim index. The rows before it are sent or being sent, but
  // their index entries stay until VACUUM: starting each claim from the top walked over all of
  // them (measured: 4.8 ms a claim once 100,000 emails were sent). A claim that finds nothing after
  // the cursor looks once more from the top (rows skipped while another worker held them).
  let cursor: Cursor | null = null;
  try {
    while (!ctx.signal?.aborted && Date.now() < a.deadline) {
      // Claim when half the slots are free: a few rows per round trip, the pipe kept full.
      const want = await slots.acquire(Math.ceil(slots.capacity / 2), 100, ctx.signal);
      if (want === 0) break;
      let claimed: Claimed[];
      let retryAt: Date | null = null;
      try {
        ({ claimed, retryAt } = await claim(a, want, cursor));
        dbFailures = 0;
      } catch (e) {
        slots.release(want);
        if (ctx.signal?.aborted) break;
        // The database is unreachable (restarting?): wait and try again rather than fail the job.
        ctx.log?.(`claiming ${channel} deliveries failed: ${(e as Error).message}`);
        if (++dbFailures > 30) throw e;
        await sleep(Math.min(500 * dbFailures, 5_000));
        continue;
      }
      slots.release(want - claimed.length);
      if (claimed.length === 0 && cursor) {
        cursor = null;
        continue;
      }
      if (claimed.length === 0) {
        if (retryAt) {
          const wait = retryAt.getTime() - Date.now();
          if (wait <= MAX_IN_JOB_WAIT_MS) {
            await sleep(Math.max(wait, 10));
            continue;
          }
          wakeAt = retryAt;
        }
        // Nothing due now. Sends still in flight may turn into retries; the caller reschedules.
        if (inflight.size === 0) break;
        await Promise.race(inflight);
        continue;
      }
      const last = claimed.at(-1)!; // rows come ordered as in the index
      cursor = { at: last.next_attempt_at, id: last.id };
      for (const row of claimed) {
        const p: Promise<void> = sendOne(a, row)
          .catch((e: Error) => ctx.log?.(`${channel} delivery ${row.id}: ${e.message}`))
          .finally(() => {
            slots.release(1);
            inflight.delete(p);
          });
        inflight.add(p);
      }
    }
  } finally {
    await Promise.all(inflight);
  }
  return wakeAt;
}

type Cursor = { at: Date; id: string };

async function claim(a: LoopArgs, want: number, cursor: Cursor | null): Promise<{ claimed: Claimed[]; retryAt: Date | null }> {
  const { channel } = a;
  // Without a rate limit (email, webhooks) the claim is one statement, committed on its own: no
  // BEGIN/COMMIT round trips, and straight to pg (this runs hundreds of times a second; see
  // lib/db/prisma.ts). Named, on connections that keep one generic plan for it (genericPlanPool
  // says why); X, whose claim reads other notifications' posts, is rate-limited and never comes here.
  if (!a.rate) return { claimed: await claimRows(async (text, values) => (await genericPlanPool().query<Claimed>({ name: "herald.claim", text, values })).rows, a, want, cursor), retryAt: null };
  return db().$transaction(async (tx) => {
    let room = want;
    let retryAt: Date | null = null;
    if (a.rate) ({ room, retryAt } = await roomInWindow(tx, channel, a.rate, want));
    if (room === 0) return { claimed: [], retryAt };
    const claimed = await claimRows((text, values) => tx.$queryRawUnsafe<Claimed[]>(text, ...values), a, room, cursor);
    if (a.rate) await recordSends(tx, channel, claimed.length);
    return { claimed, retryAt: null };
  });
}

type Query = (text: string, values: unknown[]) => Promise<Claimed[]>;

/**
 * Takes up to `limit` due deliveries in one statement: each is "sending" under this worker, with its
 * attempt's number, and a lease whose start is when the attempt began. That row is the record of the
 * attempt in flight; its line in delivery_attempt is written once, with its outcome (outcomes.ts),
 * or by recovery as "unknown" (recover.ts): an insert at claim and an update at outcome cost
 * Postgres a sixth more per message (160 against 136 µs, best of three runs of a variant of
 * npm run bench:delivery-sql with each way of writing it).
 */
function claimRows(query: Query, a: LoopArgs, limit: number, cursor: Cursor | null): Promise<Claimed[]> {
  const { ctx, channel, notification } = a;
  // X posts of one incident go out in order, one after the other, so later updates can reply to
  // the first post (a thread) and nobody reads "resolved" before "investigating".
  const inOrder = channel === "x" && notification.incidentId !== null;
  return query(CLAIM_SQL, [
    notification.id,
    channel,
    inOrder,
    notification.incidentId,
    notification.createdAt,
    limit,
    ctx.workerId,
    SEND_LEASE_SECONDS,
    cursor?.at ?? "-infinity",
    cursor?.id ?? "",
  ]);
}

// $1 notification, $2 channel, $3 in order (X), $4 incident, $5 notification's created_at,
// $6 how many, $7 worker, $8 lease seconds, $9 and $10 the cursor (after this next_attempt_at and id).
// Written so that every plan is a handful of index lookups whatever the statistics say: "= ANY
// (ARRAY(…))" and LATERAL keep the planner from hashing the whole delivery and subscriber tables
// for 25 rows, which it otherwise does on a table of some thousands rows once ANALYZE has run
// (measured: 5 ms of sequential scans per claim of 100 out of 10,000). The due rows' bounds are
// row comparisons led by (notification_id, channel): only delivery_claim_idx can serve them, in
// its own order. Spelt "next_attempt_at <= now()", the planner took delivery_due_idx whenever the
// statistics predated the fan-out (a fresh table, the first minute of a big incident): every due
// row of every notification read and sorted to take 25 (measured: 17 ms a claim, half the send rate).
// The bounds alone say which notification and channel (a row between them has both), and no
// "notification_id = $1 AND channel = $2" sits beside them: given those, the B-tree starts its scan
// at the equalities, the top of the range, and walks every row claimed before the cursor to reach it
// (measured with 50,000 deliveries claimed 5 at a time: 661 against 113 µs of Postgres CPU a row;
// test/integration/delivery-plans.test.ts counts the buffers the scan reads).
export const CLAIM_SQL = `
    WITH due AS (
      SELECT d.id FROM delivery d
      WHERE d.state IN ('pending', 'retrying')
        AND (d.notification_id, d.channel, d.next_attempt_at, d.id) > ($1, $2::"Channel", $9::timestamptz, $10::text)
        AND (d.notification_id, d.channel, d.next_attempt_at) <= ($1, $2::"Channel", now())
        AND (NOT $3::boolean OR NOT EXISTS (
          SELECT 1 FROM delivery e JOIN notification en ON en.id = e.notification_id
          WHERE e.channel = 'x' AND e.state IN ('pending', 'retrying', 'sending')
            AND en.incident_id = $4::text AND (en.created_at, en.id) < ($5::timestamptz, $1::text)))
      ORDER BY d.notification_id, d.channel, d.next_attempt_at, d.id
      LIMIT $6::int
      FOR UPDATE SKIP LOCKED
    ), upd AS (
      UPDATE delivery d SET state = 'sending', attempt_count = d.attempt_count + 1, locked_by = $7::text,
        lease_until = now() + make_interval(secs => $8::int), updated_at = now()
      WHERE d.id = ANY (ARRAY(SELECT id FROM due))
      RETURNING d.id, d.next_attempt_at, d.attempt_count, d.subscriber_id, d.reconcile_since
    )
    SELECT upd.id, upd.next_attempt_at, upd.attempt_count, upd.subscriber_id, upd.reconcile_since,
           s.address, s.confirm_token, s.manage_token, s.webhook_secret
    FROM upd LEFT JOIN LATERAL (SELECT * FROM subscriber WHERE id = upd.subscriber_id) s ON true
    ORDER BY upd.next_attempt_at, upd.id`;

/** What became of one attempt: the provider's verdict, or dropped as stale news. */
type AttemptResult = SendOutcome | { kind: "cancelled"; error: string };

async function sendOne(a: LoopArgs, d: Claimed): Promise<void> {
  const { ctx, channel, notification } = a;
  const sender = ctx.senders[channel];
  const startedAt = new Date();
  let outcome: AttemptResult | undefined;
  let threadIncidentId: string | null = null;
  try {
    // SMS and X need the incident as it is now: X to reply to its thread, both to know whether a
    // resolution has made this notice stale. One read for both.
    const incident =
      SUPERSEDED_ON_CLOSE.includes(channel) && notification.incidentId
        ? await db().incident.findUnique({ where: { id: notification.incidentId }, select: { status: true, xThreadPostId: true } })
        : null;
    let replyTo: string | null = null;
    if (channel === "x" && notification.incidentId) {
      replyTo = incident?.xThreadPostId ?? null;
      if (!replyTo) threadIncidentId = notification.incidentId;
    }
    const message = compose({
      delivery: { id: d.id, channel },
      notification,
      subscriber: d.subscriber_id
        ? { address: d.address!, confirmToken: d.confirm_token, manageToken: d.manage_token!, webhookSecret: d.webhook_secret }
        : null,
      page: a.page,
      publicUrl: ctx.config.publicUrl,
      replyTo,
    });
    if (!sender) {
      outcome = { kind: "retry", error: `channel ${channel} is off on this worker` };
    } else if (d.reconcile_since && sender.findSent) {
      // An earlier attempt's outcome is unknown (crash, dropped connection): ask before resending.
      try {
        const found = await sender.findSent(message, d.reconcile_since);
        if (found) outcome = { kind: "sent", providerId: found };
      } catch (e) {
        outcome = { kind: "retry", error: `could not ask the provider whether an earlier attempt went out: ${(e as Error).message}`.slice(0, 500) };
      }
    }
    // Resolving an incident cancels its queued SMS and X notices, but not one being sent at that
    // moment: if that attempt failed (or a crash cut it off) and it did not go out, the resolution
    // has made it stale news. Drop it rather than send "investigating" after "resolved".
    const noticeStatus = (notification.payload as Partial<IncidentNotificationPayload>).update?.status;
    if (!outcome && incident && isSuperseded(noticeStatus, incident.status)) {
      outcome = { kind: "cancelled", error: SUPERSEDED_ERROR };
    }
    outcome ??= sender ? await sender.send(message) : { kind: "retry", error: `channel ${channel} is off on this worker` };
  } catch (e) {
    outcome = { kind: "retry", error: `unexpected: ${(e as Error).message}`.slice(0, 500) };
  }
  if (outcome.kind === "retry" && d.attempt_count >= retryPolicy(channel).maxAttempts) {
    outcome = { kind: "failed", error: `gave up after ${d.attempt_count} attempts: ${outcome.error}` };
  }
  // For providers without idempotency keys, any attempt that did not clearly succeed or fail may
  // have gone out (a dropped connection after the provider stored it): look before the next one.
  const reconcile = outcome.kind === "retry" && sender?.findSent !== undefined;
  const record: Outcome = {
    deliveryId: d.id,
    attempt: d.attempt_count,
    channel,
    kind: outcome.kind,
    providerId: outcome.kind === "sent" ? outcome.providerId : null,
    error: outcome.kind === "sent" ? null : outcome.error,
    nextAttemptAt: outcome.kind === "retry" ? new Date(Date.now() + retryPolicy(channel).delayMs(d.attempt_count, outcome.retryAfterMs)) : null,
    reconcileSince: reconcile ? (d.reconcile_since ?? new Date(startedAt.getTime() - RECONCILE_MARGIN_MS)) : null,
    startedAt,
    threadIncidentId: outcome.kind === "sent" ? threadIncidentId : null,
  };
  if (outcome.kind === "sent") a.totals.sent++;
  else if (outcome.kind === "failed") a.totals.failed++;
  else if (outcome.kind === "cancelled") a.totals.cancelled++;
  else a.totals.retrying++;
  // Not awaited: the slot is free for the next send while the outcome waits for its batch.
  void a.writer.add(record);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

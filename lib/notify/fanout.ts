// Fan-out: expand one notification (outbox row) into one delivery row per subscriber and
// channel. Batched and resumable: each batch inserts its rows and moves the cursor in one
// transaction, and the unique key (notification, subscriber, channel) makes a re-run create
// nothing twice. Subscribers' state and component choices are read as they are at this moment.
// An incident closed while an earlier notice of it is still expanding gets no SMS or X messages
// for that notice: updateIncident cancels the queued ones, and this stops new ones being made.
import { CLOSED_STATUSES, type AnyIncidentStatus, type Channel, type NotificationKind } from "@/lib/vocabulary";
import { channelsFor, isSuperseded, SUPERSEDED_ON_CLOSE, type ChannelEvents } from "@/lib/notify/rules";
import { db, type Tx } from "@/lib/db/prisma";
import { enqueueDeliver } from "@/lib/queue/enqueue";
import type { ComponentNotificationPayload, IncidentNotificationPayload } from "@/lib/notify/outbox";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { channelEvents } from "@/lib/settings/get";
import { webhookComponentBody, webhookIncidentBody } from "@/lib/statuspage/webhook";

export const FANOUT_BATCH = 2_000;
/** A fan-out holds its notification this long per batch; a crashed one is taken over after. */
export const FANOUT_LEASE_SECONDS = 60;

export type FanoutResult = { state: "done" | "busy" | "missing"; created: number };

export async function runFanout(opts: {
  notificationId: string;
  channelsOn: readonly Channel[];
  batchSize?: number;
  signal?: AbortSignal;
  /**
   * Keep at most AHEAD_BATCHES batches per channel waiting to be sent (the worker does); a channel
   * full for longer than maxWaitMs (default MAX_AHEAD_WAIT_MS) gets its next batch anyway.
   */
  pace?: boolean | { maxWaitMs: number };
}): Promise<FanoutResult> {
  const client = db();
  const batchSize = opts.batchSize ?? FANOUT_BATCH;
  // Take the lease unless another worker holds a live one.
  const claimed = await client.$queryRaw<
    { kind: string; target_subscriber_id: string | null; incident_id: string | null; payload: unknown; fanout_cursor: string | null }[]
  >`
    UPDATE notification SET fanout_state = 'running', fanout_lease_until = now() + make_interval(secs => ${FANOUT_LEASE_SECONDS})
    WHERE id = ${opts.notificationId} AND fanout_state <> 'done'
      AND (fanout_lease_until IS NULL OR fanout_lease_until < now() OR fanout_state = 'pending')
    RETURNING kind, target_subscriber_id, incident_id, payload, fanout_cursor`;
  const n = claimed[0];
  if (!n) {
    const exists = await client.notification.findUnique({ where: { id: opts.notificationId }, select: { fanoutState: true } });
    return { state: !exists ? "missing" : exists.fanoutState === "done" ? "done" : "busy", created: 0 };
  }

  // Which notices go by SMS and X is the page's setting as it is when the fan-out starts.
  let channels = await withoutSuperseded(client, n, notificationChannels(n.kind as NotificationKind, opts.channelsOn, n.payload, await channelEvents(client)));
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
    // One cursor per channel, the channels taken in turn, a batch each: every channel's first
    // messages go out at once, and 10k webhooks are not queued behind 100k emails.
    const cursor = parseCursor(n.fanout_cursor);
    const todo = () => channels.filter((c) => c !== "x" && cursor[c] !== DONE);
    // Stay a little ahead of sending rather than race to write 100k rows at once: the rows would
    // only wait, and the burst would slow the database for the public page beside it. A channel
    // with its backlog full is passed over (SMS at one a second must not hold back email), and
    // written to anyway once it has been full for MAX_AHEAD_WAIT_MS, so the fan-out always ends.
    const fullSince = new Map<Channel, number>();
    while (todo().length) {
      let wrote = false;
      for (const channel of todo()) {
        if (opts.signal?.aborted) return { state: "busy", created };
        if (opts.pace && (await backlogFull(opts.notificationId, channel, AHEAD_BATCHES * batchSize))) {
          const since = fullSince.get(channel) ?? Date.now();
          fullSince.set(channel, since);
          if (Date.now() - since < (typeof opts.pace === "object" ? opts.pace.maxWaitMs : MAX_AHEAD_WAIT_MS)) continue;
        }
        fullSince.delete(channel);
        wrote = true;
        const batch = await client.$transaction(async (tx) => {
          // The incident may have been closed since the last batch (see withoutSuperseded).
          channels = await withoutSuperseded(tx, n, channels, { lock: true });
          if (!channels.includes(channel)) return null;
          const after = cursor[channel] ?? "";
          const rows = await tx.$queryRaw<{ last: string | null; picked: bigint; inserted: bigint }[]>`
            WITH batch AS (
              SELECT s.id FROM subscriber s
              WHERE s.channel = ${channel}::"Channel" AND s.state = 'active' AND s.id > ${after}
                AND (
                  NOT EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id)
                  OR EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id AND sc.component_id = ANY(${componentIds}::text[]))
                )
              ORDER BY s.id
              LIMIT ${batchSize}
            ), ins AS (
              INSERT INTO delivery (id, notification_id, subscriber_id, channel)
              SELECT herald_id(), ${opts.notificationId}, b.id, ${channel}::"Channel" FROM batch b
              ON CONFLICT DO NOTHING
              RETURNING 1
            )
            SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM batch) AS picked, (SELECT count(*) FROM ins) AS inserted`;
          const r = rows[0]!;
          const next = { ...cursor, [channel]: !r.last || Number(r.picked) < batchSize ? DONE : r.last };
          await tx.$executeRaw`UPDATE notification SET fanout_cursor = ${JSON.stringify(next)},
            fanout_lease_until = now() + make_interval(secs => ${FANOUT_LEASE_SECONDS}) WHERE id = ${opts.notificationId}`;
          // Sending starts with the first batch, while the rest is still being expanded.
          if (Number(r.inserted) > 0) await enqueueDeliver(tx, { notificationId: opts.notificationId });
          return { inserted: Number(r.inserted), position: next[channel]! };
        });
        if (!batch) continue;
        created += batch.inserted;
        cursor[channel] = batch.position;
      }
      if (!wrote) {
        // Every channel's backlog is full: wait for sending, keeping the lease (this fan-out is alive).
        await db().$executeRaw`UPDATE notification SET fanout_lease_until = now() + make_interval(secs => ${FANOUT_LEASE_SECONDS}) WHERE id = ${opts.notificationId}`;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  // The page-wide X account gets one delivery per notification (not for confirmations).
  if (!n.target_subscriber_id && channels.includes("x")) {
    created += await client.$transaction(async (tx) => {
      if (!(await withoutSuperseded(tx, n, channels, { lock: true })).includes("x")) return 0;
      return tx.$executeRaw`
        INSERT INTO delivery (id, notification_id, subscriber_id, channel) VALUES (herald_id(), ${opts.notificationId}, NULL, 'x')
        ON CONFLICT DO NOTHING`;
    });
  }

  await client.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE notification SET fanout_state = 'done', fanned_out_at = now(), fanout_lease_until = NULL
      WHERE id = ${opts.notificationId}`;
    await enqueueDeliver(tx, { notificationId: opts.notificationId });
  });
  return { state: "done", created };
}

/**
 * The channels a notification goes out on: those on, those that carry its kind (rules.ts), and of
 * those only the ones the operator chose when posting (payload.channels; absent = every channel).
 * The dashboard's preview counts recipients with this too.
 */
export function notificationChannels(kind: NotificationKind, channelsOn: readonly Channel[], payload: unknown, events?: ChannelEvents): Channel[] {
  const chosen = (payload as Partial<IncidentNotificationPayload> | null)?.channels;
  return channelsFor(kind, channelsOn, events).filter((c) => !Array.isArray(chosen) || chosen.includes(c));
}

/** How many batches of one channel may wait unsent before the fan-out writes more. */
export const AHEAD_BATCHES = 2;
/** Longest the fan-out waits for sending to catch up before it writes the next batch anyway. */
const MAX_AHEAD_WAIT_MS = 20_000;

/** Whether `limit` or more deliveries of this channel wait to be sent. */
async function backlogFull(notificationId: string, channel: Channel, limit: number): Promise<boolean> {
  const rows = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM delivery WHERE notification_id = ${notificationId} AND channel = ${channel}::"Channel"
      AND state IN ('pending', 'retrying') LIMIT ${limit}) waiting`;
  return rows[0]!.n >= limit;
}

// Not a subscriber id (those are base36).
const DONE = "*done*";

/** Where each channel's expansion stands: the last subscriber id done, or DONE. */
function parseCursor(text: string | null): Partial<Record<Channel, string>> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Partial<Record<Channel, string>>) : {};
  } catch {
    return {}; // an older single-id cursor: start over (the unique key makes that harmless)
  }
}

/**
 * The channels left once SMS and X are dropped for a notice an incident's closing superseded: the
 * incident is closed now, and the notice was written while it was open (its update's status is an
 * open one). The closing notice itself, and updates posted after the closing, keep every channel.
 * With `lock`, the incident row is read FOR SHARE inside the caller's batch transaction: a closing
 * update (which holds the row FOR UPDATE while it cancels queued SMS and X deliveries) then either
 * commits first, and this sees it, or waits for this batch, and cancels what it inserted.
 */
async function withoutSuperseded(
  runner: Pick<Tx, "$queryRaw">,
  n: { incident_id: string | null; payload: unknown },
  channels: Channel[],
  opts: { lock?: boolean } = {},
): Promise<Channel[]> {
  if (!n.incident_id || !channels.some((c) => SUPERSEDED_ON_CLOSE.includes(c))) return channels;
  const written = (n.payload as Partial<IncidentNotificationPayload>).update?.status;
  if (written && CLOSED_STATUSES.includes(written)) return channels; // no need to look
  const rows = opts.lock
    ? await runner.$queryRaw<{ status: AnyIncidentStatus }[]>`SELECT status::text AS status FROM incident WHERE id = ${n.incident_id} FOR SHARE`
    : await runner.$queryRaw<{ status: AnyIncidentStatus }[]>`SELECT status::text AS status FROM incident WHERE id = ${n.incident_id}`;
  if (!isSuperseded(written, rows[0]?.status)) return channels;
  return channels.filter((c) => !SUPERSEDED_ON_CLOSE.includes(c));
}

/**
 * Webhook bodies carry the whole incident as Statuspage sends it. Build it once, from a snapshot
 * taken now (at least as new as the write that notified), and keep it in the notification so every
 * subscriber and every retry gets the same body.
 */
async function freezeWebhookBody(notificationId: string, payload: unknown): Promise<void> {
  const p = payload as Partial<IncidentNotificationPayload> & Partial<ComponentNotificationPayload> & { webhook?: unknown };
  if (p.webhook || (!p.incident && !p.component)) return;
  const snapshot = await loadPublicSnapshot(0);
  let body;
  if (p.incident) {
    const incident = snapshot.incidents.find((i) => i.id === p.incident!.id);
    if (!incident) return;
    body = webhookIncidentBody(snapshot, incident);
  } else {
    // A component's status change: the component as it is now, the change as it was written.
    const c = p.component!;
    const component = snapshot.components.find((x) => x.id === c.id);
    if (!component || !p.change) return;
    body = webhookComponentBody(snapshot, component, { id: p.change.id, componentId: c.id, oldStatus: c.oldStatus, newStatus: c.newStatus, at: p.change.at });
  }
  // Kept as a JSON string: jsonb would reorder the keys, and receivers read Statuspage's order.
  const webhook = JSON.stringify({ ...body, generatedAt: snapshot.builtAt.toISOString() });
  await db().$executeRaw`UPDATE notification SET payload = payload || jsonb_build_object('webhook', ${webhook}::text)
    WHERE id = ${notificationId} AND NOT payload ? 'webhook'`;
}

// The notifier's own numbers: what is waiting, how old the oldest is, and what went out per
// channel in the last interval. Recorded by workers as Herald metrics every 30 s (so the page can
// graph its own queue) and exposed in Prometheus's text format at /metrics.
import { db } from "@/lib/db/prisma";
import { CHANNELS, type Channel } from "@/lib/vocabulary";

export type NotifierStats = {
  /** Deliveries waiting to be sent (pending or retrying) and in flight (sending). */
  queueDepth: number;
  inFlight: number;
  oldestPendingSeconds: number;
  sentLastMinute: Record<Channel, number>;
  failedLastMinute: Record<Channel, number>;
  fanoutsWaiting: number;
};

export async function notifierStats(): Promise<NotifierStats> {
  const [q] = await db().$queryRaw<{ depth: bigint; in_flight: bigint; oldest: Date | null; fanouts: bigint }[]>`
    SELECT (SELECT count(*) FROM delivery WHERE state IN ('pending', 'retrying')) AS depth,
           (SELECT count(*) FROM delivery WHERE state = 'sending') AS in_flight,
           (SELECT min(created_at) FROM delivery WHERE state IN ('pending', 'retrying')) AS oldest,
           (SELECT count(*) FROM notification WHERE fanout_state <> 'done') AS fanouts`;
  // Each half reads only the last minute's rows, through its own partial index: sent ones through
  // delivery_sent_recent_idx, failed ones through delivery_failed_recent_idx.
  const recent = await db().$queryRaw<{ channel: Channel; state: string; n: bigint }[]>`
    SELECT channel::text AS channel, 'sent' AS state, count(*) AS n FROM delivery
    WHERE sent_at > now() - interval '1 minute' AND state = 'sent'
    GROUP BY channel
    UNION ALL
    SELECT channel::text, 'failed', count(*) FROM delivery
    WHERE state = 'failed' AND updated_at > now() - interval '1 minute'
    GROUP BY channel`;
  const zero = () => Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  const sent = zero();
  const failed = zero();
  for (const r of recent) (r.state === "sent" ? sent : failed)[r.channel] = Number(r.n);
  return {
    queueDepth: Number(q?.depth ?? 0),
    inFlight: Number(q?.in_flight ?? 0),
    oldestPendingSeconds: q?.oldest ? Math.max(0, Math.round((Date.now() - q.oldest.getTime()) / 1000)) : 0,
    sentLastMinute: sent,
    failedLastMinute: failed,
    fanoutsWaiting: Number(q?.fanouts ?? 0),
  };
}

/** The metrics workers record, by stable key (the metric rows are created on first use, not shown publicly until an operator chooses to). */
export const NOTIFIER_METRICS = {
  "herald.queue_depth": { name: "Notification queue", suffix: " messages" },
  "herald.oldest_pending_seconds": { name: "Oldest waiting notification", suffix: " s" },
  "herald.sent_per_minute": { name: "Notifications sent per minute", suffix: "" },
  "herald.failed_per_minute": { name: "Notifications failed per minute", suffix: "" },
} as const;

const metricIds = new Map<string, string>();

/** The metric row for a key, created once. Only a missing row is inserted: any statement on the
 * metric table tells every web process to rebuild its public snapshot. */
async function metricId(key: keyof typeof NOTIFIER_METRICS): Promise<string> {
  const known = metricIds.get(key);
  if (known) return known;
  const find = () => db().metric.findUnique({ where: { key }, select: { id: true } });
  let row = await find();
  if (!row) {
    const def = NOTIFIER_METRICS[key];
    await db().$executeRaw`INSERT INTO metric (id, key, name, suffix, displayed, updated_at)
      VALUES (herald_id(), ${key}, ${def.name}, ${def.suffix}, false, now()) ON CONFLICT (key) DO NOTHING`;
    row = await find();
  }
  metricIds.set(key, row!.id);
  return row!.id;
}

/** Record one sample of each metric. Workers record at the same 30-second marks, so several
 * workers write one point, not one each. */
export async function recordNotifierMetrics(stats: NotifierStats, at = new Date()): Promise<void> {
  const mark = new Date(Math.floor(at.getTime() / 30_000) * 30_000);
  const sum = (r: Record<Channel, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const values: Record<keyof typeof NOTIFIER_METRICS, number> = {
    "herald.queue_depth": stats.queueDepth,
    "herald.oldest_pending_seconds": stats.oldestPendingSeconds,
    "herald.sent_per_minute": sum(stats.sentLastMinute),
    "herald.failed_per_minute": sum(stats.failedLastMinute),
  };
  for (const [key, value] of Object.entries(values) as [keyof typeof NOTIFIER_METRICS, number][]) {
    const id = await metricId(key);
    await db().$executeRaw`INSERT INTO metric_point (metric_id, timestamp, value) VALUES (${id}, ${mark}, ${value})
      ON CONFLICT (metric_id, timestamp) DO UPDATE SET value = EXCLUDED.value`;
  }
}

/** Prometheus text exposition format (version 0.0.4). */
export function prometheusText(stats: NotifierStats): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
  };
  gauge("herald_notification_queue_depth", "Deliveries waiting to be sent (pending or retrying).", [["", stats.queueDepth]]);
  gauge("herald_notification_in_flight", "Deliveries being sent right now.", [["", stats.inFlight]]);
  gauge("herald_notification_oldest_pending_seconds", "Age of the oldest waiting delivery.", [["", stats.oldestPendingSeconds]]);
  gauge("herald_fanouts_waiting", "Notifications not yet expanded into deliveries.", [["", stats.fanoutsWaiting]]);
  gauge("herald_notifications_sent_last_minute", "Deliveries sent in the last minute, per channel.", CHANNELS.map((c) => [`{channel="${c}"}`, stats.sentLastMinute[c]]));
  gauge("herald_notifications_failed_last_minute", "Deliveries failed for good in the last minute, per channel.", CHANNELS.map((c) => [`{channel="${c}"}`, stats.failedLastMinute[c]]));
  return lines.join("\n") + "\n";
}

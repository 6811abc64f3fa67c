// Rate limits that hold across every worker on the database. Each send of a limited channel
// leaves a row in send_window; a worker claims only as many deliveries as the window has room
// for, under a transaction-scoped advisory lock so two workers never both take the last place.
import type { Config } from "@/lib/config";
import type { Tx } from "@/lib/db/prisma";
import type { Channel } from "@/lib/vocabulary";

export type RateLimit = { limit: number; windowMs: number };

export function rateLimits(config: Config): Partial<Record<Channel, RateLimit>> {
  return {
    // A Twilio long code sends one message a second; more are queued by Twilio, then dropped.
    sms: { limit: config.HERALD_SMS_PER_SECOND, windowMs: 1_000 },
    // X's posting limit is counted per 15-minute window.
    x: { limit: config.HERALD_X_PER_15_MINUTES, windowMs: 15 * 60_000 },
  };
}

/**
 * How many sends of `channel` may start now (at most `want`), and when a place frees up if none.
 * Must run inside the transaction that claims the deliveries and then calls `recordSends`.
 */
export async function roomInWindow(tx: Tx, channel: Channel, rate: RateLimit, want: number): Promise<{ room: number; retryAt: Date | null }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`herald:rate:${channel}`}))`;
  const rows = await tx.$queryRaw<{ used: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS used, min(at) AS oldest FROM send_window
    WHERE channel = ${channel}::"Channel" AND at > clock_timestamp() - make_interval(secs => ${rate.windowMs / 1000})`;
  const { used, oldest } = rows[0]!;
  const room = Math.max(0, Math.min(want, rate.limit - used));
  const retryAt = room === 0 && oldest ? new Date(oldest.getTime() + rate.windowMs + 5) : null;
  return { room, retryAt };
}

export async function recordSends(tx: Tx, channel: Channel, count: number): Promise<void> {
  if (count <= 0) return;
  await tx.$executeRaw`INSERT INTO send_window (channel, at) SELECT ${channel}::"Channel", clock_timestamp() FROM generate_series(1, ${count})`;
}

/** Rows older than every window are of no further use. */
export async function pruneSendWindow(tx: Pick<Tx, "$executeRaw">): Promise<number> {
  return tx.$executeRaw`DELETE FROM send_window WHERE at < now() - interval '1 hour'`;
}

// Recording send outcomes in batches: one transaction per batch instead of one per message, which
// is what lets a worker keep up with a fast SMTP server. A batch is written at least every
// FLUSH_MS; until then its deliveries stay "sending" under this worker, so a crash in between is
// recovered like a crash mid-send (emails and webhooks may repeat with the same id; SMS and X are
// reconciled with the provider first). A failed write is retried until the database answers
// (Postgres restarting must not lose what was sent).
import { pgPool } from "@/lib/db/prisma";
import type { Channel } from "@/lib/vocabulary";

export const FLUSH_MS = 25;
const FLUSH_AT = 200;

export type Outcome = {
  deliveryId: string;
  attempt: number;
  channel: Channel;
  /** cancelled: an SMS or X notice the incident's resolution made stale before it went out. */
  kind: "sent" | "failed" | "retry" | "cancelled";
  providerId: string | null;
  error: string | null;
  nextAttemptAt: Date | null;
  /** SMS/X: ask the provider before the next attempt whether this one went out. */
  reconcileSince: Date | null;
  /** X: the incident whose thread this post starts, if it has none yet. */
  threadIncidentId?: string | null;
  /** When the attempt began (its line in delivery_attempt is written with the outcome). */
  startedAt: Date;
};

export class OutcomeWriter {
  private pending: { outcome: Outcome; done: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly workerId: string,
    private readonly onError: (e: Error) => void = () => undefined,
  ) {}

  /** Queues an outcome; resolves once it is committed. */
  add(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve) => {
      this.pending.push({ outcome, done: resolve });
      if (this.pending.length >= FLUSH_AT) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    });
  }

  /** Writes everything queued so far; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.writing;
    // One write at a time keeps outcomes of one delivery in order.
    this.writing = this.writing.then(() => this.writeUntilDone(batch.map((b) => b.outcome))).then(() => {
      for (const b of batch) b.done();
    });
    return this.writing;
  }

  private async writeUntilDone(outcomes: Outcome[]): Promise<void> {
    for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await writeOutcomes(this.workerId, outcomes);
        return;
      } catch (e) {
        this.onError(e as Error);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Named, so each pooled connection plans it once (a few ms a time on a busy machine). */
const OUTCOMES_STATEMENT = "herald.outcomes";

export async function writeOutcomes(workerId: string, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = [
    outcomes.map((o) => o.deliveryId),
    outcomes.map((o) => o.attempt),
    outcomes.map((o) => o.kind),
    outcomes.map((o) => o.providerId),
    outcomes.map((o) => o.error),
    outcomes.map((o) => iso(o.nextAttemptAt)),
    outcomes.map((o) => iso(o.reconcileSince)),
    workerId,
    outcomes.map((o) => o.startedAt.getTime()),
  ];
  const threads = outcomes.filter((o) => o.kind === "sent" && o.threadIncidentId && o.providerId);
  // Straight to pg, like the claim (lib/db/prisma.ts says why). One statement is atomic on its own;
  // only an X post that starts a thread needs a transaction around two.
  const pool = pgPool();
  if (threads.length === 0) {
    await pool.query({ name: OUTCOMES_STATEMENT, text: OUTCOMES_SQL, values });
    return;
  }
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await client.query({ name: OUTCOMES_STATEMENT, text: OUTCOMES_SQL, values });
    // The first X post of an incident starts its thread; later updates reply to it.
    for (const t of threads) {
      await client.query("UPDATE incident SET x_thread_post_id = $1 WHERE id = $2 AND x_thread_post_id IS NULL", [t.providerId, t.threadIncidentId]);
    }
    await client.query("COMMIT");
  } catch (e) {
    broken = e as Error;
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    // A connection that failed mid-transaction is dropped rather than reused.
    client.release(broken);
  }
}

// Only a delivery this worker still holds for this attempt is updated: if recovery handed it to
// another worker meanwhile, that worker's outcome is the one that counts.
// "d.id = ANY ($1)" pins the plan to primary-key lookups: without it the planner, going by
// statistics taken when nothing was "sending", walked every in-flight row of the (state, …) index
// per batch (measured: 0.8 ms a row once 10,000 were claimed). "d.state::text" for the same reason:
// spelt "d.state = 'sending'", the condition is delivery_sending_idx's predicate, and the planner
// walked that whole index (every delivery in flight, on every worker) for each batch, custom plan
// or generic: 160–170 against 47–50 µs of Postgres CPU a row with 10,000 in flight (npm run
// bench:delivery-sql, which runs the statement named, as here).
// The outcomes are joined by their position in the arrays (generate_subscripts), not as rows of an
// unnest: an UPDATE … FROM copies each joined row whole for a possible recheck, and copying seven
// text columns for every row was a sixth of Postgres's time in a webhook fan-out (perf).
// The attempt's line is inserted here, only for the deliveries updated. A line already there in
// "sending" was written at claim by an earlier version of Herald (an upgrade mid-send): it is
// completed instead.
// $1..$7: per outcome (id, attempt, kind, provider id, error, next attempt, reconcile since);
// $8 worker; $9 per outcome, when the attempt began (ms since the epoch).
export const OUTCOMES_SQL = `
      WITH upd AS (
        UPDATE delivery d SET
          state = (CASE ($3::text[])[i] WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled' ELSE 'retrying' END)::"DeliveryState",
          sent_at = CASE WHEN ($3::text[])[i] = 'sent' THEN now() END,
          provider_id = coalesce(($4::text[])[i], d.provider_id),
          last_error = ($5::text[])[i],
          next_attempt_at = coalesce(($6::text[])[i]::timestamptz, d.next_attempt_at),
          reconcile_since = ($7::text[])[i]::timestamptz,
          lease_until = NULL, locked_by = NULL, updated_at = now()
        FROM generate_subscripts($1::text[], 1) AS i
        WHERE d.id = ANY ($1::text[]) AND d.id = ($1::text[])[i] AND d.state::text = 'sending' AND d.locked_by = $8::text AND d.attempt_count = ($2::int[])[i]
        RETURNING d.id, i
      )
      INSERT INTO delivery_attempt AS a (delivery_id, number, outcome, worker_id, started_at, finished_at, provider_id, error)
      SELECT upd.id, ($2::int[])[i],
        (CASE ($3::text[])[i] WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled' ELSE 'retry' END)::"AttemptOutcome",
        $8::text, to_timestamp(($9::float8[])[i] / 1000), now(), ($4::text[])[i], ($5::text[])[i]
      FROM upd
      ON CONFLICT (delivery_id, number) DO UPDATE SET
        outcome = excluded.outcome, finished_at = excluded.finished_at, provider_id = excluded.provider_id, error = excluded.error
      WHERE a.outcome = 'sending'`;

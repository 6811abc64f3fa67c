// Recovery of work held by workers that died. Every worker process keeps a heartbeat row
// (worker_process, keyed by its graphile-worker pool id). A worker silent for longer than
// HERALD_WORKER_DEAD_AFTER_MS is presumed dead: its queue jobs are unlocked at once (instead of
// graphile-worker's own 4-hour timeout), the deliveries it was sending go back to the queue
// (sent again with the same Message-ID: the provider may or may not have them), and fan-outs
// whose lease ran out are resumed from their cursor.
import { db } from "@/lib/db/prisma";
import { RECONCILE_MARGIN_MS, SEND_LEASE_SECONDS } from "@/lib/notify/deliver";
import { pruneSendWindow } from "@/lib/notify/rate-limit";
import { enqueueDeliver, enqueueFanout } from "@/lib/queue/enqueue";

export async function heartbeat(workerId: string, info: { hostname: string; pid: number }): Promise<void> {
  await db().$executeRaw`
    INSERT INTO worker_process (id, hostname, pid, started_at, last_seen_at) VALUES (${workerId}, ${info.hostname}, ${info.pid}, now(), now())
    ON CONFLICT (id) DO UPDATE SET last_seen_at = now()`;
}

export async function retireWorker(workerId: string): Promise<void> {
  await db().$executeRaw`DELETE FROM worker_process WHERE id = ${workerId}`;
}

export type RecoveryReport = { deadWorkers: string[]; deliveries: number; fanouts: number };

export async function recoverAbandonedWork(deadAfterMs: number): Promise<RecoveryReport> {
  const client = db();
  return client.$transaction(async (tx) => {
    const dead = await tx.$queryRaw<{ id: string }[]>`
      DELETE FROM worker_process WHERE last_seen_at < now() - make_interval(secs => ${deadAfterMs / 1000})
      RETURNING id`;
    // Queue jobs locked by a pool that has no live heartbeat (dead, or died before its first beat).
    const orphanLocks = await tx.$queryRaw<{ locked_by: string }[]>`
      SELECT DISTINCT locked_by FROM graphile_worker._private_jobs
      WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => ${deadAfterMs / 1000})
        AND locked_by NOT IN (SELECT id FROM worker_process)`;
    const unlock = [...new Set([...dead.map((d) => d.id), ...orphanLocks.map((l) => l.locked_by)])];
    if (unlock.length) await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${unlock}::text[])`;

    // Deliveries caught mid-send by a dead worker, or past their hard lease. The claim set the lease
    // to run SEND_LEASE_SECONDS from the attempt's start, so the start is known without a read.
    const stuck = await tx.$queryRaw<{ id: string; notification_id: string; attempt_count: number; worker: string | null; started_at: Date | null }[]>`
      WITH held AS (
        SELECT d.id, d.locked_by, d.lease_until - make_interval(secs => ${SEND_LEASE_SECONDS}) AS started_at
        FROM delivery d
        WHERE d.state = 'sending' AND (d.lease_until < now() OR d.locked_by IS NULL OR d.locked_by NOT IN (SELECT id FROM worker_process))
        FOR UPDATE
      )
      UPDATE delivery d SET state = 'retrying', next_attempt_at = now(), locked_by = NULL, lease_until = NULL,
        last_error = 'worker stopped while sending; outcome unknown', updated_at = now(),
        -- SMS and X carry no idempotency key: the next attempt first asks the provider whether
        -- this one went out (anything since a minute before it started, for clock skew). An attempt
        -- line in "sending" was written by an earlier version of Herald, at claim.
        reconcile_since = CASE WHEN d.channel IN ('sms', 'x') THEN coalesce(d.reconcile_since,
          coalesce((SELECT a.started_at FROM delivery_attempt a WHERE a.delivery_id = d.id AND a.number = d.attempt_count AND a.outcome = 'sending'),
            held.started_at) - make_interval(secs => ${RECONCILE_MARGIN_MS / 1000}),
          now() - interval '1 hour') END
      FROM held WHERE d.id = held.id
      RETURNING d.id, d.notification_id, d.attempt_count, held.locked_by AS worker, held.started_at`;
    if (stuck.length) {
      // The attempt's line, as "unknown" (its outcome never came back).
      await tx.$executeRaw`
        INSERT INTO delivery_attempt AS a (delivery_id, number, outcome, worker_id, started_at, finished_at, error)
        SELECT x.id, x.n, 'unknown', x.worker, coalesce(x.started_at, now()), now(), 'worker stopped while sending'
        FROM unnest(${stuck.map((s) => s.id)}::text[], ${stuck.map((s) => s.attempt_count)}::int[], ${stuck.map((s) => s.worker)}::text[],
          ${stuck.map((s) => s.started_at)}::timestamptz[]) AS x(id, n, worker, started_at)
        WHERE x.n >= 1
        ON CONFLICT (delivery_id, number) DO UPDATE SET outcome = 'unknown', finished_at = now(), error = excluded.error
        WHERE a.outcome = 'sending'`;
    }
    // Fan-outs whose lease ran out (their worker died mid-way), and notifications whose job vanished.
    const fanouts = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM notification
      WHERE fanout_state <> 'done' AND created_at < now() - interval '30 seconds'
        AND (fanout_lease_until IS NULL OR fanout_lease_until < now())`;
    for (const f of fanouts) await enqueueFanout(tx, { notificationId: f.id });
    // Due deliveries that no queued job will send (a job lost to an operator's queue cleanup, say):
    // a safety net, so nothing due is ever left without a job.
    const orphans = await tx.$queryRaw<{ notification_id: string }[]>`
      SELECT DISTINCT d.notification_id FROM delivery d
      WHERE d.state IN ('pending', 'retrying') AND d.next_attempt_at < now() - interval '2 minutes'
        AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.key = 'deliver:' || d.notification_id)`;
    const toDeliver = new Set([...stuck.map((s) => s.notification_id), ...orphans.map((o) => o.notification_id)]);
    for (const notificationId of toDeliver) await enqueueDeliver(tx, { notificationId });
    await pruneSendWindow(tx);
    return { deadWorkers: unlock, deliveries: stuck.length, fanouts: fanouts.length };
  });
}

// Enqueue a graphile-worker job inside the caller's transaction: the job exists if and only if
// the write that asked for it committed.
import type { Tx } from "@/lib/db/prisma";
import { TASKS, type FanoutPayload, type DeliverPayload } from "@/lib/queue/tasks";

type Runner = Pick<Tx, "$executeRaw">;

export async function enqueueFanout(tx: Runner, payload: FanoutPayload, runAt?: Date): Promise<void> {
  await enqueueFanouts(tx, [payload.notificationId], runAt);
}

/**
 * Many fan-outs in one statement (graphile-worker's add_jobs, which add_job itself calls).
 * job_key: asking twice for the same fan-out while one waits makes one job, not two.
 */
export async function enqueueFanouts(tx: Runner, notificationIds: readonly string[], runAt?: Date): Promise<void> {
  if (notificationIds.length === 0) return;
  await tx.$executeRaw`SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW(${TASKS.fanout}::text, json_build_object('notificationId', id), NULL, ${runAt ?? null}::timestamptz, 25, 'fanout:' || id, NULL, NULL)::graphile_worker.job_spec
    FROM unnest(${notificationIds as string[]}::text[]) AS id))`;
}

export async function enqueueDeliver(tx: Runner, payload: DeliverPayload, runAt?: Date): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${TASKS.deliver}::text, ${JSON.stringify(payload)}::json,
    run_at => ${runAt ?? null}::timestamptz, job_key => ${`deliver:${payload.notificationId}`}::text,
    max_attempts => 25)`;
}

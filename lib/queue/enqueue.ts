// Enqueue a graphile-worker job inside the caller's transaction: the job exists if and only if
// the write that asked for it committed.
import type { Tx } from "@/lib/db/prisma";
import { TASKS, type FanoutPayload, type DeliverPayload } from "@/lib/queue/tasks";

type Runner = Pick<Tx, "$executeRaw">;

export async function enqueueFanout(tx: Runner, payload: FanoutPayload): Promise<void> {
  // job_key: asking twice for the same fan-out while one waits makes one job, not two.
  await tx.$executeRaw`SELECT graphile_worker.add_job(${TASKS.fanout}::text, ${JSON.stringify(payload)}::json,
    job_key => ${`fanout:${payload.notificationId}`}::text, max_attempts => 25)`;
}

export async function enqueueDeliver(tx: Runner, payload: DeliverPayload, runAt?: Date): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${TASKS.deliver}::text, ${JSON.stringify(payload)}::json,
    run_at => ${runAt ?? null}::timestamptz, job_key => ${`deliver:${payload.notificationId}`}::text,
    max_attempts => 25)`;
}

// The notifier worker: graphile-worker runs the fan-out and send tasks; a heartbeat and a
// recovery loop make sure work held by a dead worker is picked up within a minute or two.
import { EventEmitter } from "node:events";
import os from "node:os";
import { run, type Runner, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import type { Config } from "@/lib/config";
import { quietLogger } from "@/lib/db/migrate";
import { channelStates } from "@/lib/notify/channels/registry";
import type { ChannelSender } from "@/lib/notify/channels/types";
import { MAINTENANCE_TICK_MS, runMaintenanceTick } from "@/lib/maintenance/tick";
import { channelSlots, runDeliver } from "@/lib/notify/deliver";
import { OutcomeWriter } from "@/lib/notify/outcomes";
import { runFanout } from "@/lib/notify/fanout";
import { heartbeat, recoverAbandonedWork, retireWorker } from "@/lib/notify/recover";
import { notifierStats, recordNotifierMetrics } from "@/lib/notify/stats";
import { db } from "@/lib/db/prisma";
import { enqueueDeliver, enqueueFanout } from "@/lib/queue/enqueue";
import { TASKS, type DeliverPayload, type FanoutPayload, type OperatorMailPayload } from "@/lib/queue/tasks";
import { runOperatorMail } from "@/lib/operators/mail";
import { CHANNEL_LABELS, type Channel } from "@/lib/vocabulary";

/** How much lower than the web process a worker runs (Unix niceness), so the page stays fast. */
export const WORKER_NICENESS = 10;

/** After a job failed on a database error, when to try again. */
const RESUME_AFTER_ERROR_MS = 3_000;

async function handBack(notificationId: string, runAt?: Date): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE notification SET fanout_lease_until = NULL WHERE id = ${notificationId} AND fanout_state <> 'done'`;
    await enqueueFanout(tx, { notificationId }, runAt);
  });
}

export type WorkerHandle = { id: () => string | undefined; stop: () => Promise<void>; done: Promise<void> };

export async function startWorker(config: Config, log: (m: string) => void): Promise<WorkerHandle> {
  const states = channelStates(config);
  const senders: Partial<Record<Channel, ChannelSender>> = {};
  for (const [channel, state] of Object.entries(states) as [Channel, (typeof states)[Channel]][]) {
    if (state.on) senders[channel] = state.open();
    log(`${CHANNEL_LABELS[channel]}: ${state.on ? "on" : `off (${state.reason})`}`);
  }
  const channelsOn = Object.keys(senders) as Channel[];
  // Per-channel bounds on messages in flight, shared by every job this worker runs.
  const slots = channelSlots(config, channelsOn);
  const abort = new AbortController();
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: config.HERALD_WORKER_CONCURRENCY + 4 });
  pool.on("error", (e) => log(`database connection error: ${e.message}`));
  // A connection dropped mid-query (Postgres restarting) must not crash the worker: it reconnects.
  pool.on("connect", (client) => client.on("error", (e) => log(`database connection lost: ${e.message}`)));

  let workerId: string | undefined;
  // Outcomes are written in batches under this worker's id (known once the pool exists).
  let outcomeWriter: OutcomeWriter | undefined;
  const writer = () => (outcomeWriter ??= new OutcomeWriter(workerId ?? "unknown", (e) => log(`recording outcomes failed, retrying: ${e.message}`)));
  const events = new EventEmitter() as WorkerEvents;
  const beat = async () => {
    if (!workerId) return;
    await heartbeat(workerId, { hostname: os.hostname(), pid: process.pid }).catch((e) => log(`heartbeat failed: ${(e as Error).message}`));
  };
  events.on("pool:create", ({ workerPool }) => {
    workerId = workerPool.id;
    void beat();
  });

  const runner: Runner = await run({
    pgPool: pool,
    concurrency: config.HERALD_WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2_000,
    logger: quietLogger,
    events,
    taskList: {
      [TASKS.fanout]: async (payload) => {
        const { notificationId } = payload as FanoutPayload;
        let r: Awaited<ReturnType<typeof runFanout>>;
        try {
          r = await runFanout({ notificationId, channelsOn, signal: abort.signal, pace: true });
        } catch (e) {
          // The database went away mid-batch (restarting?): hand the fan-out back, to be resumed
          // from its cursor in a few seconds, instead of graphile-worker's growing backoff.
          log(`fan-out of ${notificationId} failed, resuming shortly: ${(e as Error).message}`);
          await handBack(notificationId, new Date(Date.now() + RESUME_AFTER_ERROR_MS));
          return;
        }
        // Stopping mid fan-out: hand it back now (from its cursor) instead of after its lease.
        if (r.state === "busy" && abort.signal.aborted) await handBack(notificationId);
      },
      [TASKS.deliver]: async (payload) => {
        const { notificationId } = payload as DeliverPayload;
        try {
          const r = await runDeliver(notificationId, { config, workerId: workerId ?? "unknown", senders, slots, writer: writer(), signal: abort.signal, log });
          if (r.sent || r.failed || r.retrying || r.cancelled) {
            log(`notification ${notificationId}: ${r.sent} sent, ${r.failed} failed, ${r.retrying} to retry${r.cancelled ? `, ${r.cancelled} dropped as superseded` : ""}`);
          }
        } catch (e) {
          // Same here: try again in a few seconds (if even this fails, graphile-worker retries the job).
          log(`sending ${notificationId} failed, resuming shortly: ${(e as Error).message}`);
          await enqueueDeliver(db(), { notificationId }, new Date(Date.now() + RESUME_AFTER_ERROR_MS));
        }
      },
      // An operator's invitation or reset link; throwing leaves graphile-worker to try again later.
      [TASKS.operatorMail]: async (payload) => {
        await runOperatorMail(payload as OperatorMailPayload, { config, sender: senders.email, log });
      },
    },
  });

  const beatTimer = setInterval(() => void beat(), Math.min(10_000, config.HERALD_WORKER_DEAD_AFTER_MS / 4));
  const recover = async () => {
    try {
      const r = await recoverAbandonedWork(config.HERALD_WORKER_DEAD_AFTER_MS);
      if (r.deadWorkers.length || r.deliveries || r.fanouts) {
        log(`recovered work of ${r.deadWorkers.length} stopped worker(s): ${r.deliveries} deliveries, ${r.fanouts} fan-outs`);
      }
    } catch (e) {
      log(`recovery check failed: ${(e as Error).message}`);
    }
  };
  void recover();
  const recoverTimer = setInterval(() => void recover(), Math.min(15_000, config.HERALD_WORKER_DEAD_AFTER_MS / 2));
  // Scheduled maintenance: reminders, automatic start and end (safe with several workers at once).
  const maintenanceTimer = setInterval(() => {
    runMaintenanceTick()
      .then((r) => {
        for (const f of r.failed) log(`maintenance ${f.id} (${f.step}): ${f.error}`);
      })
      .catch((e: Error) => log(`maintenance check failed: ${e.message}`));
  }, MAINTENANCE_TICK_MS);
  // The notifier's own numbers, as Herald metrics (see lib/notify/stats.ts).
  const statsTimer = setInterval(() => {
    notifierStats()
      .then((s) => recordNotifierMetrics(s))
      .catch((e: Error) => log(`recording metrics failed: ${e.message}`));
  }, 30_000);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(beatTimer);
      clearInterval(recoverTimer);
      clearInterval(statsTimer);
      clearInterval(maintenanceTimer);
      // Stop claiming new deliveries; what is in flight finishes (or the grace period ends).
      abort.abort();
      const graceful = runner.stop();
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), config.HERALD_SHUTDOWN_GRACE_MS).unref()),
      ]);
      if (timedOut) {
        log("grace period over: releasing unfinished jobs");
        await runner.kill().catch(() => undefined);
      }
      await outcomeWriter?.flush();
      await Promise.all(Object.values(senders).map((s) => s.close().catch(() => undefined)));
      if (workerId) await retireWorker(workerId).catch(() => undefined);
      await pool.end().catch(() => undefined);
    })());

  return { id: () => workerId, stop, done: runner.promise };
}

// npm run start:worker — one notifier worker. Run as many as you like against one database.
import os from "node:os";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { onShutdown } from "@/lib/runtime/signals";
import { startWorker, WORKER_NICENESS } from "@/lib/worker/run";

const log = (m: string) => console.log(`[worker] ${m}`);
// Sending can wait a few milliseconds; the public page beside it on the same machine cannot.
try {
  os.setPriority(Math.min(19, os.getPriority() + WORKER_NICENESS));
} catch {
  /* not allowed here: run at the same priority */
}
const { config, database } = await bootstrap({ migrate: process.env.HERALD_SKIP_MIGRATE !== "1", log });
const worker = await startWorker(config, log);
log(`started (${worker.id() ?? "pool pending"}), concurrency ${config.HERALD_WORKER_CONCURRENCY}`);

onShutdown(async (signal) => {
  log(`${signal}: finishing work in hand (up to ${config.HERALD_SHUTDOWN_GRACE_MS} ms)`);
  await worker.stop();
  await database.stop();
  log("stopped");
});
worker.done.catch((e: Error) => {
  log(`stopped unexpectedly: ${e.message}`);
  process.exit(1);
});

// npm run start:worker — one notifier worker. Run as many as you like against one database.
import { bootstrap } from "@/lib/runtime/bootstrap";
import { onShutdown } from "@/lib/runtime/signals";
import { startWorker } from "@/lib/worker/run";

const log = (m: string) => console.log(`[worker] ${m}`);
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

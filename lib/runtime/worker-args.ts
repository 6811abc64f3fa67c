// How a worker process is launched: the Node flags that must be given before it starts, and the
// file it runs (the worker's bundle: scripts/worker-bundle.mjs says why it is not run by tsx).
// The worker's heap is capped: its work is streamed in batches and bounded per channel, so a
// small old space is enough, and without a cap V8 lets a busy worker grow to hundreds of MB
// before collecting (measured by npm run bench:fanout; see README).
import type { Config } from "@/lib/config";
import { workerEntry } from "@/scripts/worker-bundle.mjs";

export function workerNodeArgs(config: Pick<Config, "HERALD_WORKER_HEAP_MB">): string[] {
  // The young generation holds what is in flight (claimed rows, requests, outcomes waiting for
  // their batch): at 4 MB a semi-space, much of it lived through two scavenges and was copied
  // into the old space, and garbage collection was a sixth of the worker's time while sending
  // webhooks. 16 MB: about a fifth less worker CPU per webhook (docs/decisions/0009).
  return [`--max-old-space-size=${config.HERALD_WORKER_HEAP_MB}`, "--max-semi-space-size=16"];
}

/** The file a worker process runs. */
export function workerScript(): string {
  return workerEntry();
}

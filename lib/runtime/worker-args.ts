// How a worker process is launched: Node flags that must be given before it starts.
// The worker's heap is capped: its work is streamed in batches and bounded per channel, so a
// small old space is enough, and without a cap V8 lets a busy worker grow to hundreds of MB
// before collecting (measured by npm run bench:fanout; see README).
import type { Config } from "@/lib/config";

export function workerNodeArgs(config: Pick<Config, "HERALD_WORKER_HEAP_MB">): string[] {
  // A small young generation too: the worker's garbage is short-lived and small (one batch).
  return [`--max-old-space-size=${config.HERALD_WORKER_HEAP_MB}`, "--max-semi-space-size=4", "--import", "tsx"];
}

// What every local fake does with its server: listen (port 0 = any free port) and close for good.
import type { IncomingMessage, Server } from "node:http";

export async function listenOn(server: Server, port: number | undefined, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  return typeof addr === "object" && addr ? addr.port : (port ?? 0);
}

/** Stops the server, its open connections, and the timers of answers still being delayed. */
export function closeServer(server: Server, timers: Set<NodeJS.Timeout>): Promise<void> {
  for (const t of timers) clearTimeout(t);
  timers.clear();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The failures a fake was told to inject, applied in order, one per request. */
export type BaseFailure = { delayMs?: number; drop?: boolean; keep?: boolean };

export class FaultQueue<F extends BaseFailure> {
  private readonly queue: F[] = [];
  /** Pending delayed answers, cleared by closeServer. */
  readonly timers = new Set<NodeJS.Timeout>();

  push(n: number, failure: F): void {
    for (let i = 0; i < n; i++) this.queue.push({ ...failure });
  }

  /** The next request's failure, after its delay. A plain drop (not `keep`) destroys the socket
   * here and returns "dropped": the caller answers nothing. */
  async next(req: IncomingMessage): Promise<F | "dropped" | undefined> {
    const failure = this.queue.shift();
    if (failure?.delayMs) await this.sleep(failure.delayMs);
    if (failure?.drop && !failure.keep) {
      req.socket.destroy();
      return "dropped";
    }
    return failure;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

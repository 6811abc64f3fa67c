// What every local fake does with its server: listen (port 0 = any free port) and close for good.
import type { Server } from "node:http";

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

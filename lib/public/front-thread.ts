// The front's thread (see front.ts): listens on the web process's public port and forwards to the
// main thread's server. Started by scripts/web.ts with worker_threads; nothing here touches the
// database or Next.js, so this thread's event loop only ever waits on sockets.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { createFront } from "@/lib/public/front";
import type { StreamLimits } from "@/lib/public/streams";

export type FrontThreadData = {
  host: string;
  port: number;
  upstream: string;
  keepAliveTimeoutMs: number;
  secret: string;
  streams: StreamLimits;
  trustedHops: number;
};
/**
 * Main → front: the newest snapshot's version with what a new live-update stream is told
 * (`hello`) and, for a change, what the open ones are sent (`event`); or "close".
 * Front → main: "listening" or an error.
 */
export type ToFront = { type: "version"; version: number; hello: string; event?: string } | { type: "close" };
export type FromFront = { type: "listening"; port: number } | { type: "error"; message: string } | { type: "log"; message: string } | { type: "closed" };

if (parentPort) {
  const port = parentPort;
  const data = workerData as FrontThreadData;
  const post = (m: FromFront) => port.postMessage(m);
  const front = createFront({
    upstream: data.upstream,
    log: (message) => post({ type: "log", message }),
    secret: data.secret,
    streams: data.streams,
    trustedHops: data.trustedHops,
  });
  const server = http.createServer(front.handle);
  server.keepAliveTimeout = data.keepAliveTimeoutMs;
  port.on("message", (m: ToFront) => {
    if (m.type === "version") front.setVersion(m.version, m.hello, m.event);
    else if (m.type === "close") {
      // Stop accepting, let answers in progress finish (bounded by the main thread's shutdown).
      server.close(() => {
        front.close();
        post({ type: "closed" });
      });
      server.closeIdleConnections();
    }
  });
  server.once("error", (e) => post({ type: "error", message: e.message }));
  server.listen(data.port, data.host, () => {
    const address = server.address();
    post({ type: "listening", port: typeof address === "object" && address ? address.port : data.port });
  });
}

// npm run start:web — the web server (public page, API, dashboard). Run several behind a load
// balancer against one database.
import http from "node:http";
import next from "next";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { ensureBuild } from "@/lib/runtime/build";
import { onShutdown } from "@/lib/runtime/signals";

const log = (m: string) => console.log(`[web] ${m}`);
const { config, database } = await bootstrap({ migrate: process.env.HERALD_SKIP_MIGRATE !== "1", log });
if (process.env.HERALD_SKIP_BUILD !== "1") ensureBuild(log);

// Next.js in this process (no `next start` wrapper, whose child would outlive a kill).
const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();
const server = http.createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(config.PORT, config.HOST, () => resolve());
});
log(`listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`);
process.send?.({ type: "ready", port: config.PORT });

onShutdown(async () => {
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
  server.closeAllConnections();
  await database.stop();
});

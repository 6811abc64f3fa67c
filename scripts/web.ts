// npm run start:web — the web server (public page, API, dashboard). Run several behind a load
// balancer against one database.
import http from "node:http";
import next from "next";
import { metricsDisplayDocument } from "@/lib/metrics/display";
import { startPublicCache, stopPublicCache } from "@/lib/public/cache";
import { publicDocument } from "@/lib/public/documents";
import { notifierStats, prometheusText } from "@/lib/notify/stats";
import { createPublicHandler } from "@/lib/public/http";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { ensureBuild } from "@/lib/runtime/build";
import { onShutdown } from "@/lib/runtime/signals";

const log = (m: string) => console.log(`[web] ${m}`);
const { config, database } = await bootstrap({ migrate: process.env.HERALD_SKIP_MIGRATE !== "1", log });
if (process.env.HERALD_SKIP_BUILD !== "1") ensureBuild(log);

// Next.js in this process (no `next start` wrapper, whose child would outlive a kill).
const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
const nextHandler = app.getRequestHandler();
await app.prepare();
// Public reads are answered from memory (lib/public/http.ts); the rest goes to Next.js.
startPublicCache();
const loopback = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
const publicHttp = createPublicHandler({
  next: (req, res) => nextHandler(req, res),
  selfOrigin: `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${config.PORT}`,
  documents: publicDocument,
  metricsDocument: metricsDisplayDocument,
  log,
});
// Prometheus scrapes /metrics: the notifier's numbers, read at most every 5 s whatever the scrapers.
let scraped: { at: number; text: Promise<string> } | undefined;
const server = http.createServer((req, res) => {
  if (req.url === "/metrics" && (req.method === "GET" || req.method === "HEAD")) {
    if (!scraped || Date.now() - scraped.at > 5_000) scraped = { at: Date.now(), text: notifierStats().then(prometheusText) };
    const current = scraped;
    current.text.then(
      (text) => {
        res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (e: Error) => {
        if (scraped === current) scraped = undefined;
        res.writeHead(503, { "Content-Type": "text/plain" }).end(`metrics unavailable: ${e.message}\n`);
      },
    );
    return;
  }
  publicHttp.handle(req, res);
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(config.PORT, config.HOST, () => resolve());
});
log(`listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`);
process.send?.({ type: "ready", port: config.PORT });

onShutdown(async () => {
  publicHttp.closeStreams();
  await stopPublicCache();
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
  server.closeAllConnections();
  await database.stop();
});

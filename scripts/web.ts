// npm run start:web — the web server (public page, API, dashboard). Run several behind a load
// balancer against one database.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import next from "next";
import { metricsDisplayDocument } from "@/lib/metrics/display";
import { currentPublicSnapshot, onPublicChange, startPublicCache, stopPublicCache } from "@/lib/public/cache";
import type { FromFront, FrontThreadData, ToFront } from "@/lib/public/front-thread";
import { publicDocument } from "@/lib/public/documents";
import { admit, bodyFits, FRONT_HEADER } from "@/lib/public/front";
import { CLIENT_IP_HEADER, clientIp } from "@/lib/http/client-ip";
import { bodyLimit, routePath } from "@/lib/public/routes";
import { notifierStats, prometheusText } from "@/lib/notify/stats";
import { createPublicHandler, streamChange, streamHello } from "@/lib/public/http";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { ensureOwner } from "@/lib/operators/ensure-owner";
import { ensurePageSettings } from "@/lib/seed/demo";
import { ensureBuild } from "@/lib/runtime/build";
import { onShutdown } from "@/lib/runtime/signals";

const log = (m: string) => console.log(`[web] ${m}`);
const { config, database } = await bootstrap({ migrate: process.env.HERALD_SKIP_MIGRATE !== "1", log });
if (process.env.HERALD_SKIP_BUILD !== "1") ensureBuild(log);
// Started alone on an empty database (no npm start, no seed): the page gets its settings row with
// the defaults, and the owner account comes from HERALD_ADMIN_EMAIL / HERALD_ADMIN_PASSWORD (or a
// line saying how to make one). Each does nothing when already there.
if (await ensurePageSettings(config)) log("first run: the page starts with the default settings (change them in the dashboard: Settings)");
const owner = await ensureOwner({ config, log });
if (owner.created && owner.password) log(`log in as ${owner.email} with password ${owner.password} (shown once)`);

// Next.js in this process (no `next start` wrapper, whose child would outlive a kill).
const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
const nextHandler = app.getRequestHandler();
await app.prepare();
// Public reads are answered from memory (lib/public/http.ts); the rest goes to Next.js.
startPublicCache();
// With the front thread (lib/public/front.ts), this thread's server listens on loopback only and
// the front, on the public port, passes it what it cannot answer from memory.
const useFront = !config.HERALD_WEB_SINGLE_THREAD;
const loopback = useFront || config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
// Prometheus scrapes /metrics: the notifier's numbers, read at most every 5 s whatever the scrapers.
let scraped: { at: number; text: Promise<string> } | undefined;
let handlePublic: http.RequestListener = (_req, res) => res.writeHead(503).end();
// Requests from the front carry this secret: their client address and body size were decided
// there. Anything else reaching this server (no front, or a local process) is decided here.
const frontSecret = randomBytes(18).toString("base64url");
const streams = { maxStreams: config.HERALD_STREAMS_MAX, perIp: config.HERALD_STREAMS_PER_IP };
const server = http.createServer((req, res) => {
  if (req.headers[FRONT_HEADER] !== frontSecret) {
    req.headers[CLIENT_IP_HEADER] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.HERALD_TRUST_PROXY);
    // The front's checks (its bodies' contents aside: it reads those before passing them on).
    if (!admit(req, res, config.HERALD_TRUST_PROXY) || !bodyFits(req, res, bodyLimit(routePath(req.url ?? "/")))) return;
  }
  delete req.headers[FRONT_HEADER];
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
        log(`metrics unavailable: ${e.message}`);
        res.writeHead(503, { "Content-Type": "text/plain", "Retry-After": "5" }).end("metrics unavailable\n");
      },
    );
    return;
  }
  handlePublic(req, res);
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(useFront ? 0 : config.PORT, loopback, () => resolve());
});
const ownPort = (server.address() as AddressInfo).port;
const ownOrigin = `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${ownPort}`;
const publicHttp = createPublicHandler({
  next: (req, res) => nextHandler(req, res),
  selfOrigin: ownOrigin,
  documents: publicDocument,
  metricsDocument: metricsDisplayDocument,
  log,
  markReusable: useFront,
  streams,
});
handlePublic = publicHttp.handle;

let front: Worker | undefined;
let stopping = false;
if (useFront) {
  const data: FrontThreadData = {
    host: config.HOST,
    port: config.PORT,
    upstream: ownOrigin,
    keepAliveTimeoutMs: 65_000,
    secret: frontSecret,
    streams,
    trustedHops: config.HERALD_TRUST_PROXY,
  };
  const thread = new Worker(new URL("../lib/public/front-thread-boot.mjs", import.meta.url), { workerData: data });
  front = thread;
  // The front holds the live-update streams: it is told each snapshot, and each change to send.
  const announce = () => {
    const s = currentPublicSnapshot();
    if (s) thread.postMessage({ type: "version", version: s.version, hello: streamHello(s) } satisfies ToFront);
  };
  onPublicChange((kind, s) => {
    if (s) thread.postMessage({ type: "version", version: s.version, hello: streamHello(s), event: streamChange(s, kind) } satisfies ToFront);
  });
  // Next.js installs its own uncaughtException handler, which would keep a process without a
  // listening socket alive: a front that cannot start ends the process here, loudly.
  await new Promise<void>((resolve, reject) => {
    thread.on("message", (m: FromFront) => {
      if (m.type === "listening") resolve();
      else if (m.type === "error") reject(new Error(`the front thread could not listen on ${config.HOST}:${config.PORT}: ${m.message}`));
      else if (m.type === "log") log(m.message);
    });
    thread.once("error", reject);
    thread.once("exit", (code) => reject(new Error(`the front thread exited (code ${code})`)));
  }).catch((e: Error) => {
    log(`cannot start: ${e.message}`);
    process.exit(1);
  });
  announce();
  // A front that dies takes the site down with it: exit, and let the supervisor restart the process.
  thread.on("exit", (code) => {
    if (!stopping) {
      log(`the front thread exited (code ${code}); stopping`);
      process.exit(1);
    }
  });
}
log(`listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}${useFront ? " (front thread)" : ""}`);
process.send?.({ type: "ready", port: config.PORT });

onShutdown(async () => {
  stopping = true;
  // Live-update streams first: the front passes them through, and would wait on them to close.
  publicHttp.closeStreams();
  if (front) {
    const thread = front;
    const closed = new Promise<void>((r) => thread.on("message", (m: FromFront) => m.type === "closed" && r()));
    thread.postMessage({ type: "close" } satisfies ToFront);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
    await thread.terminate();
  }
  await stopPublicCache();
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
  server.closeAllConnections();
  await database.stop();
});

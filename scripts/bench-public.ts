// npm run bench:public — how fast the public read path is, on this machine, next to a bare Node
// http server answering the same bytes from memory in the same run.
//   npm run bench:public [-- --duration 10 --connections 100 --port 3500]
// Starts Herald (`npm start`) on a fresh embedded database (or DATABASE_URL), measures
// /api/v2/summary.json and / with autocannon, then the time from a write to the change being
// visible in the JSON. Prints figures; asserts nothing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { rawGet, startBareServer, type RawResponse } from "./bench/bare-server";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "100" },
    port: { type: "string", default: "3500" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const port = Number(values.port);
const dataDir = path.resolve(".data/bench-public");
fs.rmSync(dataDir, { recursive: true, force: true });

const base = `http://127.0.0.1:${port}`;
const herald = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  env: {
    ...process.env,
    PORT: String(port),
    HERALD_DATA_DIR: dataDir,
    HERALD_SMTP_CATCHER_PORT: "0",
    HERALD_PUBLIC_URL: base,
    HERALD_ADMIN_EMAIL: "bench@herald.test",
    HERALD_ADMIN_PASSWORD: "bench-password-1",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
let heraldLog = "";
herald.stdout!.on("data", (d: Buffer) => (heraldLog += d.toString()));
const stopHerald = async () => {
  if (herald.exitCode !== null) return;
  herald.kill("SIGTERM");
  await new Promise((r) => herald.once("exit", r));
};
process.on("exit", () => herald.exitCode === null && herald.kill("SIGKILL"));

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not answer in ${ms} ms:\n${heraldLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What a browser accepts, for Herald, the bare server and the load alike. */
const ACCEPT_ENCODING = "gzip, deflate, br";

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

function load(url: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1, headers: { "accept-encoding": ACCEPT_ENCODING } }, (err, r) => {
      if (err) return reject(err);
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    });
  });
}

try {
  console.log(`starting Herald on ${base} (fresh embedded database in ${dataDir}) …`);
  await waitFor(`${base}/`, 300_000);
  // Let the snapshot and the first render settle, and warm both paths.
  await fetch(`${base}/api/v2/summary.json`);
  await fetch(`${base}/`);

  const targets = [
    { name: "/api/v2/summary.json", path: "/api/v2/summary.json" },
    { name: "/ (HTML)", path: "/" },
  ];
  // Both servers are asked as a browser asks (gzip accepted), and the bare server answers with
  // exactly the bytes Herald sent, from memory, in a process of its own (as Herald's web server is).
  // It sends the body with its type, encoding and length, and none of Herald's other headers (as this
  // bench always has; bench:rush's bare server sends them all).
  const responses: Record<string, RawResponse> = {};
  for (const t of targets) {
    const raw = await rawGet(`${base}${t.path}`, { "accept-encoding": ACCEPT_ENCODING });
    const header = (name: string) => raw.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    const [type, encoding] = [header("content-type") ?? "", header("content-encoding")];
    responses[t.path] = {
      status: 200,
      headers: [["Content-Type", type], ["Content-Length", String(raw.body.length)], ...(encoding ? [["Content-Encoding", encoding] as [string, string]] : [])],
      body: raw.body,
    };
    console.log(`${t.name}: ${raw.body.length.toLocaleString("en-US")} bytes on the wire${encoding ? ` (${encoding})` : ""}`);
  }
  const bare = await startBareServer(responses);

  const rows: { name: string; herald: Result; bare: Result }[] = [];
  for (const t of targets) {
    console.log(`load: ${t.name}, ${connections} connections, ${duration} s each (Herald, then the bare server) …`);
    const h = await load(`${base}${t.path}`);
    const b = await load(`${bare.url}${t.path}`);
    rows.push({ name: t.name, herald: h, bare: b });
  }
  bare.stop();

  // Write → visible: post an incident through the command line's use case, poll the JSON.
  const { createIncident } = await import("@/lib/incidents/create");
  const { resolveDatabase } = await import("@/lib/db/resolve");
  const { parseConfig } = await import("@/lib/config");
  const db = await resolveDatabase(parseConfig({ ...process.env, HERALD_DATA_DIR: dataDir }));
  process.env.DATABASE_URL = db.url;
  const visible: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const { incident } = await createIncident({
      actor: { type: "cli" },
      input: { name: `Bench incident ${i}`, message: "Measuring how fast a change shows.", deliverNotifications: false },
    });
    for (;;) {
      const body = await (await fetch(`${base}/api/v2/summary.json`)).text();
      if (body.includes(incident.id)) break;
      if (performance.now() - started > 10_000) throw new Error("the change was not visible within 10 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    visible.push(performance.now() - started);
  }

  const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
  console.log(`\nPublic read path, ${connections} connections × ${duration} s, on ${process.platform} ${process.arch}, Node ${process.version}\n`);
  console.log("| endpoint | Herald req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms | ratio | errors |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.herald.rps)} | ${r.herald.p50} | ${r.herald.p99} | ${fmt(r.bare.rps)} | ${r.bare.p50} | ${r.bare.p99} | ${(r.herald.rps / r.bare.rps).toFixed(2)} | ${r.herald.errors + r.herald.non2xx} |`,
    );
  }
  visible.sort((a, b) => a - b);
  console.log(`\nwrite → visible in /api/v2/summary.json: median ${fmt(visible[2]!)} ms, max ${fmt(visible[4]!)} ms (5 writes)`);
  console.log("goals: summary.json ratio ≥ 0.5 with p99 ≤ 50 ms; HTML ratio ≥ 0.3 with p99 ≤ 80 ms; visible within 1 s");
} finally {
  await stopHerald();
}
process.exit(0);

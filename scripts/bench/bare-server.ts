// The read benches' yardstick: a bare Node http server, in a process of its own (as a web process
// is), answering the same bytes Herald sent, with the same headers, from memory. Nothing else:
// no routing beyond an exact path, no validators, no compression at request time.
//   const raw = await rawGet(url, { "accept-encoding": "gzip, deflate, br, zstd" });
//   const bare = await startBareServer({ "/": raw }); … bare.url … bare.stop()
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

/** A response as it came over the wire: status, headers (as sent, hop-by-hop ones dropped) and body (not decoded). */
export type RawResponse = { status: number; headers: [string, string][]; body: Buffer };

// Node's server writes these itself (or they describe the connection, not the response).
const NOT_COPIED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** One GET, keeping the bytes exactly as sent (not decompressed); fails after `timeoutMs` without an answer. */
export function rawGet(url: string, headers: http.OutgoingHttpHeaders, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http
      .get(url, { headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const out: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (!NOT_COPIED.has(res.rawHeaders[i]!.toLowerCase())) out.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          }
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
        });
      })
      .on("error", reject);
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
  });
}

const SERVER = `
const fs = require("node:fs"), http = require("node:http");
const manifest = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const files = {};
for (const [p, m] of Object.entries(manifest)) files[p] = { status: m.status, headers: m.headers.flat(), body: fs.readFileSync(m.file) };
const server = http.createServer((req, res) => {
  const f = files[req.url];
  if (!f) { res.writeHead(404); return res.end(); }
  res.writeHead(f.status, f.headers);
  res.end(f.body);
});
server.keepAliveTimeout = 65000;
server.listen(0, "127.0.0.1", () => console.log(String(server.address().port)));
`;

export type BareServer = { url: string; pid: number; stop: () => void };

/** Serves `responses` (path with query → response) until stopped. */
export async function startBareServer(responses: Record<string, RawResponse>): Promise<BareServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-bare-"));
  const manifest: Record<string, { status: number; headers: [string, string][]; file: string }> = {};
  for (const [i, [p, r]] of Object.entries(responses).entries()) {
    const file = path.join(dir, `${i}.bin`);
    fs.writeFileSync(file, r.body);
    manifest[p] = { status: r.status, headers: r.headers, file };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  const child = spawn(process.execPath, ["-e", SERVER, path.join(dir, "manifest.json")], { stdio: ["ignore", "pipe", "inherit"] });
  const killOnExit = () => void (child.exitCode === null && child.kill("SIGKILL"));
  process.on("exit", killOnExit);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once("exit", (code) => reject(new Error(`the bare server exited (code ${code})`)));
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => {
      process.off("exit", killOnExit);
      child.kill();
    },
  };
}

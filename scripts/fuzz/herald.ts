// A real Herald for the fuzz, started the way a user starts it: `npm start` with a fresh embedded
// PostgreSQL in .data/fuzz-<id>, on a free port of 127.0.0.1. Its web and worker processes are
// found in the supervisor's process tree (/proc) so their PIDs and RSS can be watched.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../support/runs";
import path from "node:path";

export type Herald = {
  url: string;
  port: number;
  dir: string;
  logFile: string;
  email: string;
  password: string;
  supervisor: ChildProcess;
  /** The supervisor's output so far (the web and worker print into it). */
  log(): string;
  stop(): Promise<void>;
};

export type Procs = { web?: number; worker?: number };


export async function startHerald(opts: { dir: string; password: string; log: (m: string) => void; readyTimeoutMs: number }): Promise<Herald> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(opts.dir, { recursive: true });
  const logFile = path.join(opts.dir, "herald.log");
  const out = fs.createWriteStream(logFile);
  const email = "fuzz@herald.test";
  let text = "";
  const supervisor = spawn("npm", ["start"], {
    // Its own process group: Ctrl-C on the fuzz does not reach it before the fuzz stops it in order.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      HERALD_DATA_DIR: opts.dir,
      HERALD_PUBLIC_URL: url,
      HERALD_ADMIN_EMAIL: email,
      HERALD_ADMIN_PASSWORD: opts.password,
      HERALD_SMTP_CATCHER_PORT: "0",
      // The embedded database and the local fakes, whatever the calling shell has configured:
      // nothing the fuzz triggers may reach a real mailbox, phone or account.
      DATABASE_URL: "",
      SMTP_URL: "",
      TWILIO_ACCOUNT_SID: "",
      TWILIO_AUTH_TOKEN: "",
      TWILIO_FROM: "",
      X_APP_KEY: "",
      X_APP_SECRET: "",
      X_ACCESS_TOKEN: "",
      X_ACCESS_SECRET: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  const collect = (d: Buffer) => {
    out.write(d);
    // Keep the last 4 MB in memory for the summary (error stacks, restarts).
    text = (text + d.toString("utf8")).slice(-4 * 1024 * 1024);
  };
  supervisor.stdout!.on("data", collect);
  supervisor.stderr!.on("data", collect);

  let stopped: Promise<void> | undefined;
  const exited = new Promise<void>((r) => supervisor.once("exit", () => r()));
  const herald: Herald = {
    url,
    port,
    dir: opts.dir,
    logFile,
    email,
    password: opts.password,
    supervisor,
    log: () => text,
    stop: () =>
      (stopped ??= (async () => {
        if (supervisor.exitCode === null && supervisor.signalCode === null && supervisor.pid) {
          // npm start stops web and worker, the fakes and PostgreSQL in order on SIGTERM.
          try {
            process.kill(-supervisor.pid, "SIGTERM");
          } catch {
            /* already gone */
          }
          const killed = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 40_000).unref())]);
          if (killed) {
            opts.log("Herald did not stop in 40 s: killing its process group");
            try {
              process.kill(-supervisor.pid, "SIGKILL");
            } catch {
              /* gone */
            }
          }
        }
        out.end();
      })()),
  };

  // The first start may build the app (a minute or two).
  const until = Date.now() + opts.readyTimeoutMs;
  for (;;) {
    if (supervisor.exitCode !== null || supervisor.signalCode !== null) {
      throw new Error(`npm start exited (${supervisor.exitCode ?? supervisor.signalCode}) before answering; see ${logFile}:\n${text.slice(-3000)}`);
    }
    try {
      const r = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) {
      await herald.stop();
      throw new Error(`Herald did not answer / with 200 in ${opts.readyTimeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return herald;
}

/** Every process's parent, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.set(Number(name), ppid);
    } catch {
      /* gone */
    }
  }
  return out;
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** The web and worker processes under the supervisor (by their command lines). */
export function findProcs(rootPid: number): Procs {
  const tree = parents();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of tree) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: Procs = {};
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const c of children.get(pid) ?? []) {
      const cmd = cmdline(c);
      if (/scripts\/web\.ts/.test(cmd) && !/\btsx\/dist\/cli|node_modules\/\.bin\/tsx/.test(cmd)) found.web ??= c;
      else if (/\/worker-[0-9a-f]+\.mjs|scripts\/worker(\.ts|-launch\.mjs)/.test(cmd)) found.worker ??= c;
      stack.push(c);
    }
  }
  return found;
}

/** A process's resident set in kB, or undefined when it is gone. */
export function rssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

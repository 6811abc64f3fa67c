// A notifier worker for a bench, started as `npm run start:worker` starts one (its bundle, with the
// worker's Node flags), pointed at the bench's database and sinks, and waited for until it says it
// has started. Channels the bench does not measure are off (empty values win over a .env file).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { parseConfig } from "@/lib/config";
import { workerNodeArgs, workerScript } from "@/lib/runtime/worker-args";

export type BenchWorker = {
  pid: number;
  /** The worker's last 40 lines of output (for an error message). */
  tail: () => string;
  /** Whether it has exited (and with what). */
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGTERM (it finishes what it holds), SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
  /** SIGKILL now, if it is still running (for a bench interrupted by a signal). */
  kill: () => void;
};

export type WorkerOptions = {
  databaseUrl: string;
  smtpPort: number;
  logFile: string;
  /** SMTP_POOL_CONNECTIONS (default: the configuration's). */
  pool?: number;
  /** More environment for the worker (wins over everything here). */
  env?: NodeJS.ProcessEnv;
  /** Node flags before the worker's own (e.g. --cpu-prof). */
  nodeArgs?: string[];
};

export function workerEnv(o: WorkerOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    HERALD_SKIP_MIGRATE: "1",
    SMTP_URL: `smtp://127.0.0.1:${o.smtpPort}`,
    ...(o.pool !== undefined ? { SMTP_POOL_CONNECTIONS: String(o.pool) } : {}),
    HERALD_WEBHOOK_ALLOW_PRIVATE: "true",
    HERALD_PUBLIC_URL: "http://status.bench.test",
    TWILIO_ACCOUNT_SID: "",
    TWILIO_AUTH_TOKEN: "",
    TWILIO_FROM: "",
    TWILIO_API_URL: "",
    X_APP_KEY: "",
    X_APP_SECRET: "",
    X_ACCESS_TOKEN: "",
    X_ACCESS_SECRET: "",
    X_API_URL: "",
    ...o.env,
  };
}

export async function startWorker(o: WorkerOptions): Promise<BenchWorker> {
  const env = workerEnv(o);
  const config = parseConfig(env);
  const log = fs.createWriteStream(o.logFile);
  const tail: string[] = [];
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), ...workerNodeArgs(config), workerScript()], { env, stdio: ["ignore", "pipe", "pipe"] });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.once("exit", (code, signal) => (exit = { code, signal }));
  const killOnExit = () => void (exit === null && child.kill("SIGKILL"));
  process.on("exit", killOnExit);
  await new Promise<void>((resolve, reject) => {
    const onData = (buf: Buffer) => {
      const text = buf.toString();
      log.write(text);
      for (const line of text.split("\n").filter(Boolean)) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (line.includes("[worker] started")) resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the worker exited (code ${code}):\n${tail.join("\n")}`)));
  });
  return {
    pid: child.pid!,
    tail: () => tail.join("\n"),
    exited: () => exit,
    async stop(graceMs = 20_000) {
      if (exit === null) {
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, graceMs))]);
        if (exit === null) child.kill("SIGKILL");
      }
      process.off("exit", killOnExit);
      log.end();
    },
    kill: killOnExit,
  };
}

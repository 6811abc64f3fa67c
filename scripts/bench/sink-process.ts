// The fan-out's receivers (sinks.ts: an SMTP sink and a webhook receiver) in a process of their own,
// at a lower priority: they stand in for providers that are elsewhere in production, and a bench
// whose own process must time things (answers, arrivals) cannot also run them. Counts over IPC.
//   const sinks = await startSinkProcess({ smtpDelayMs: 5 }); … await sinks.counts(); sinks.stop()
import { fork } from "node:child_process";
import os from "node:os";
import { startSmtpSink, startWebhookReceiver, type Counter } from "./sinks";

/** One sink's arrivals so far; first and last as Date.now() values. */
export type SinkCounts = { count: number; errors: number; firstAt?: number; lastAt?: number; rate: number };
export type SinkProcess = {
  pid: number;
  smtpPort: number;
  webhookPort: number;
  counts: () => Promise<{ email: SinkCounts; webhook: SinkCounts }>;
  /** Start counting anew (both sinks). */
  reset: () => Promise<void>;
  stop: () => void;
};

type Request = { id: number; type: "counts" | "reset" };
type Reply = { id: number; email: SinkCounts; webhook: SinkCounts };

export async function startSinkProcess(opts: { smtpDelayMs: number; nice?: number }): Promise<SinkProcess> {
  const child = fork(import.meta.filename, [JSON.stringify({ smtpDelayMs: opts.smtpDelayMs, nice: opts.nice ?? 10 })], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const killOnExit = () => void (child.exitCode === null && child.kill("SIGKILL"));
  process.on("exit", killOnExit);
  const ports = await new Promise<{ smtpPort: number; webhookPort: number }>((resolve, reject) => {
    child.once("message", (m: { smtpPort: number; webhookPort: number }) => resolve(m));
    child.once("exit", (code) => reject(new Error(`the sink process exited (code ${code})`)));
  });
  let next = 0;
  const waiting = new Map<number, (r: Reply) => void>();
  child.on("message", (m: Reply) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const ask = (type: Request["type"]) =>
    new Promise<Reply>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      child.send({ id, type } satisfies Request);
    });
  return {
    pid: child.pid!,
    ...ports,
    counts: async () => {
      const { email, webhook } = await ask("counts");
      return { email, webhook };
    },
    reset: async () => void (await ask("reset")),
    stop: () => {
      process.off("exit", killOnExit);
      child.kill();
    },
  };
}

// Run as the sink process.
if (process.argv[1] === import.meta.filename && process.argv[2] && process.send) {
  const o = JSON.parse(process.argv[2]) as { smtpDelayMs: number; nice: number };
  try {
    os.setPriority(Math.min(19, os.getPriority() + o.nice));
  } catch {
    console.error("[sinks] could not lower the sink process's priority");
  }
  const smtp = await startSmtpSink({ delayMs: o.smtpDelayMs });
  const hooks = await startWebhookReceiver();
  const counts = (c: Counter): SinkCounts => ({
    count: c.count,
    errors: c.errors,
    firstAt: c.first === undefined ? undefined : performance.timeOrigin + c.first,
    lastAt: c.last === undefined ? undefined : performance.timeOrigin + c.last,
    rate: c.rate(),
  });
  process.on("message", (m: Request) => {
    if (m.type === "reset") {
      smtp.counter.reset();
      hooks.counter.reset();
    }
    process.send!({ id: m.id, email: counts(smtp.counter), webhook: counts(hooks.counter) } satisfies Reply);
  });
  process.on("disconnect", () => process.exit(0));
  process.send({ smtpPort: smtp.port, webhookPort: hooks.port });
}

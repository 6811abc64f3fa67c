// The chaos run's moving parts: the local fakes (fresh for every scenario, so their failure
// queues and records start empty), the worker processes (each in its own process group, so a
// signal hits only it), the seeded subscribers, and the few queries the scenarios poll.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/prisma";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/fakes/smtp-catcher";
import { startFakeTwilio, type FakeTwilio } from "@/lib/fakes/twilio";
import { startWebhookReceiver, type FailureMode, type WebhookReceiver } from "@/lib/fakes/webhook-receiver";
import { startFakeX, type FakeX } from "@/lib/fakes/x-api";
import type { Actor } from "@/lib/auth/actor";
import { normaliseAddress } from "@/lib/subscribers/address";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import type { Channel } from "@/lib/vocabulary";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";
import { parseConfig } from "@/lib/config";
import { workerNodeArgs, workerScript } from "@/lib/runtime/worker-args";

export const CHANNELS: readonly Channel[] = ["email", "sms", "webhook", "x"];
export const PUBLIC_URL = "http://status.chaos.test";

const TWILIO = { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomToken(16), from: "+15005550006" };
const X_KEYS = { appKey: "chaos-app-key", appSecret: "chaos-app-secret", accessToken: "chaos-access-token", accessSecret: "chaos-access-secret" };
/** Every webhook subscriber signs with this secret, so the one receiver verifies them all. */
export const WEBHOOK_SECRET = newWebhookSecret();

// ---------------------------------------------------------------------------------------------
// Fakes

/** What the webhook receiver answers: a request's HTTP status, 0 when it dropped the connection. */
function answerOf(mode: FailureMode | null | undefined): number {
  if (!mode) return 200;
  if (mode.drop) return 0;
  return mode.status ?? (mode.redirectTo ? 302 : mode.bodyBytes !== undefined ? 200 : 500);
}

export type Fakes = {
  smtp: SmtpCatcher;
  /** Between the workers and the catcher, to cut connections. */
  smtpProxy: TcpProxy;
  twilio: FakeTwilio;
  x: FakeX;
  hooks: WebhookReceiver;
  /** Webhook failures, in the order the receiver applies them (one per request). */
  failHooks(modes: FailureMode[]): void;
  /** Answer every later webhook request this way (e.g. slowly, with 200). */
  hooksAlways(mode: FailureMode | null): void;
  /** The status the receiver answered its i-th request with (0: connection dropped). */
  hookAnswer(i: number): number;
  /** Environment for a worker talking to these fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startFakes(opts: { dir: string; webhookPort?: number; log: (m: string) => void }): Promise<Fakes> {
  const smtp = await startSmtpCatcher({ port: 0, log: opts.log });
  const smtpProxy = await startTcpProxy({ host: "127.0.0.1", port: smtp.port });
  const twilio = await startFakeTwilio({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken });
  const x = await startFakeX({ consumerKey: X_KEYS.appKey });
  const hooks = await startWebhookReceiver({ port: opts.webhookPort, secret: WEBHOOK_SECRET });
  const caPath = path.join(opts.dir, `x-ca-${x.port}.pem`);
  fs.writeFileSync(caPath, x.ca);

  const plan: (FailureMode | null)[] = [];
  let standing: FailureMode | null = null;
  /** Index in hooks.received from which the standing mode changed, and the mode before. */
  const standingFrom: { from: number; mode: FailureMode | null }[] = [];

  return {
    smtp,
    smtpProxy,
    twilio,
    x,
    hooks,
    failHooks(modes) {
      for (const m of modes) {
        hooks.failNext(1, m);
        plan.push(m);
      }
    },
    hooksAlways(mode) {
      standingFrom.push({ from: hooks.received.length, mode });
      standing = mode;
      hooks.always(mode);
    },
    hookAnswer(i) {
      if (i < plan.length) return answerOf(plan[i]);
      let mode: FailureMode | null = null;
      for (const s of standingFrom) if (s.from <= i) mode = s.mode;
      void standing;
      return answerOf(mode);
    },
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtpProxy.port}`,
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_FROM: TWILIO.from,
      TWILIO_API_URL: twilio.url,
      X_APP_KEY: X_KEYS.appKey,
      X_APP_SECRET: X_KEYS.appSecret,
      X_ACCESS_TOKEN: X_KEYS.accessToken,
      X_ACCESS_SECRET: X_KEYS.accessSecret,
      X_API_URL: x.url,
      X_API_CA: caPath,
      HERALD_WEBHOOK_ALLOW_PRIVATE: "true",
    },
    async close() {
      await Promise.all([smtpProxy.close(), twilio.close(), x.close(), hooks.close()]);
      await smtp.close();
      fs.rmSync(caPath, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Workers

export type WorkerExit = { code: number | null; signal: NodeJS.Signals | null };

/** One worker process (scripts/worker.ts, bundled), in its own process group, its output in a file. */
export class WorkerProcess {
  readonly pid: number;
  readonly exit: Promise<WorkerExit>;
  exited: WorkerExit | undefined;
  /** Set when the harness sent the signal that ended it. */
  expectedExit = false;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    readonly logPath: string,
    env: Record<string, string>,
    echo: boolean,
  ) {
    const fd = fs.openSync(logPath, "a");
    this.child = spawn(process.execPath, [...workerNodeArgs(parseConfig({})), workerScript()], {
      cwd: process.cwd(),
      env: env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", echo ? "pipe" : fd, echo ? "pipe" : fd],
    });
    if (echo) {
      const out = (d: Buffer) => {
        fs.appendFileSync(logPath, d);
        for (const line of d.toString().split("\n")) if (line.trim()) console.error(`  [${name}] ${line}`);
      };
      this.child.stdout!.on("data", out);
      this.child.stderr!.on("data", out);
    }
    fs.closeSync(fd);
    if (this.child.pid === undefined) throw new Error(`could not start worker ${name}`);
    this.pid = this.child.pid;
    this.exit = new Promise<WorkerExit>((resolve) =>
      this.child.once("exit", (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      }),
    );
  }

  signal(sig: NodeJS.Signals): void {
    this.expectedExit = true;
    try {
      process.kill(-this.pid, sig);
    } catch {
      /* already gone */
    }
  }

  /** SIGTERM, then SIGKILL when it has not exited after `ms`. */
  async stop(ms: number): Promise<WorkerExit> {
    if (this.exited) return this.exited;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), ms);
    const r = await this.exit;
    clearTimeout(timer);
    return r;
  }

  tail(lines: number): string {
    try {
      return fs.readFileSync(this.logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no output)";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Seed

export type Seeded = {
  actor: Actor;
  componentId: string;
  /** Per channel, the subscribers' addresses in the form the fakes see them. */
  email: { id: string; address: string }[];
  sms: { id: string; address: string }[];
  webhook: { id: string; address: string; manageToken: string }[];
};

/** A valid NANP number for subscriber i (libphonenumber must accept it, like the subscribe form). */
function phoneNumber(i: number): string {
  for (let k = 0; ; k++) {
    const candidate = `+1415${String(2_000_000 + i * 7 + k * 1_000_003).padStart(7, "0").slice(-7)}`;
    const r = normaliseAddress("sms", candidate);
    if (r.ok) return r.address;
  }
}

export async function seed(n: number, webhookBase: string): Promise<Seeded> {
  const client = db();
  await client.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, name: "Chaos Status", url: PUBLIC_URL }, update: {} });
  const owner = await client.operator.create({
    data: { email: "chaos-owner@herald.test", passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$chaos$not-a-real-hash", role: "owner" },
  });
  const component = await client.component.create({ data: { name: "Chaos API", position: 0 } });
  const now = new Date();
  const rows: { channel: "email" | "sms" | "webhook"; address: string; webhookSecret: string | null }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const email = normaliseAddress("email", `chaos-${i}@example.test`);
    const hook = normaliseAddress("webhook", `${webhookBase}/${i}`);
    if (!email.ok || !hook.ok) throw new Error(`seed: bad address for subscriber ${i}`);
    let phone = phoneNumber(i);
    while (seen.has(phone)) phone = phoneNumber(i + n * (seen.size + 1));
    seen.add(phone);
    rows.push({ channel: "email", address: email.address, webhookSecret: null });
    rows.push({ channel: "sms", address: phone, webhookSecret: null });
    rows.push({ channel: "webhook", address: hook.address, webhookSecret: WEBHOOK_SECRET });
  }
  const created = await client.subscriber.createManyAndReturn({
    data: rows.map((r) => ({ ...r, state: "active" as const, confirmedAt: now, manageToken: randomToken(), source: "chaos" })),
    select: { id: true, channel: true, address: true, manageToken: true },
  });
  return {
    actor: { type: "operator", operatorId: owner.id, role: "owner", email: owner.email },
    componentId: component.id,
    email: created.filter((s) => s.channel === "email").map((s) => ({ id: s.id, address: s.address })),
    sms: created.filter((s) => s.channel === "sms").map((s) => ({ id: s.id, address: s.address })),
    webhook: created.filter((s) => s.channel === "webhook").map((s) => ({ id: s.id, address: s.address, manageToken: s.manageToken })),
  };
}

// ---------------------------------------------------------------------------------------------
// Queries the scenarios poll (undefined while the database cannot be reached)

export type Progress = { total: number; final: number; byState: Record<string, number>; fanoutDone: boolean };

export async function progress(notificationId: string): Promise<Progress | undefined> {
  try {
    const rows = await db().$queryRaw<{ state: string; n: number }[]>`
      SELECT state::text AS state, count(*)::int AS n FROM delivery WHERE notification_id = ${notificationId} GROUP BY 1`;
    const n = await db().notification.findUnique({ where: { id: notificationId }, select: { fanoutState: true } });
    const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    const total = rows.reduce((s, r) => s + r.n, 0);
    const final = (byState.sent ?? 0) + (byState.failed ?? 0);
    return { total, final, byState, fanoutDone: n?.fanoutState === "done" };
  } catch {
    return undefined;
  }
}

/** The graphile-worker pool id a worker process registered under (worker_process.pid). */
export async function workerIdOf(pid: number): Promise<string | undefined> {
  try {
    const rows = await db().$queryRaw<{ id: string }[]>`SELECT id FROM worker_process WHERE pid = ${pid} ORDER BY last_seen_at DESC LIMIT 1`;
    return rows[0]?.id;
  } catch {
    return undefined;
  }
}

export type InFlightRow = { id: string; channel: Channel };

/** Deliveries of a notification in "sending", held by one worker (or by anyone, without an id). */
export async function sending(notificationId: string, workerId?: string): Promise<InFlightRow[] | undefined> {
  try {
    return workerId
      ? await db().$queryRaw<InFlightRow[]>`
          SELECT id, channel::text AS channel FROM delivery
          WHERE notification_id = ${notificationId} AND state = 'sending' AND locked_by = ${workerId}`
      : await db().$queryRaw<InFlightRow[]>`
          SELECT id, channel::text AS channel FROM delivery WHERE notification_id = ${notificationId} AND state = 'sending'`;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// The chaos scenarios. Each one: fresh fakes (failure plan applied), worker process(es) started
// and registered, an incident published through the use case (which writes the outbox), the
// disruption (kills, a Postgres restart, faulty fakes) while the fan-out runs, then a wait until
// every delivery is final, the workers stopped, and the count at the fakes (count.ts).
import path from "node:path";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import type { Channel } from "@/lib/vocabulary";
import { countScenario, fmtCounts, type ChannelReport, type Disruption, type PlannedFailures } from "./count";
import { PUBLIC_URL, progress, sending, sleep, startFakes, workerIdOf, WorkerProcess, type Fakes, type Seeded } from "./harness";
import type { ChaosPostgres } from "./postgres";

export type RunContext = {
  n: number;
  small: boolean;
  dir: string;
  verbose: boolean;
  /** Checks the checker: tamper with what the fakes received, so every scenario must fail. */
  sabotage: boolean;
  pg: ChaosPostgres;
  seeded: Seeded;
  webhookPort: number;
  /** Live workers, for the harness's own cleanup. */
  live: Set<WorkerProcess>;
  log: (m: string) => void;
};

export type ScenarioResult = {
  name: string;
  title: string;
  ok: boolean;
  seconds: number;
  channels: ChannelReport[];
  disruptions: Disruption[];
  violations: string[];
  notes: string[];
};

type Scenario = {
  name: string;
  title: string;
  workers: number;
  /** Part of the --small run (npm test) unless false. */
  small?: boolean;
  /** Every channel sends at about the same pace (so a kill at 20 % finds all of them mid-way). */
  paced?: boolean;
  /** HERALD_SHUTDOWN_GRACE_MS for its workers (default GRACE_MS, long enough to finish in-flight sends). */
  graceMs?: number;
  /** Failure plan for the fresh fakes, before any worker starts. */
  prepare?(f: Fakes, ctx: RunContext): PlannedFailures;
  disrupt(s: Stage): Promise<void>;
};

/** What a scenario's disruption can do while the fan-out runs. */
type Stage = {
  ctx: RunContext;
  notificationId: string;
  total: number;
  /** Resolves when this share of the deliveries is final (or everything is, or time runs out). */
  reached(share: number, orWhen?: () => Promise<boolean>): Promise<number>;
  /** Signal worker `slot`, record what it held, wait for it to exit, start a new one in its place. */
  interrupt(slot: number, signal: "SIGKILL" | "SIGTERM", label: string): Promise<void>;
  pgRestart(label: string, downMs: number): Promise<void>;
  xSending(): Promise<boolean>;
  /** `prefer` when that worker holds deliveries in flight, else the slot of the one holding most. */
  busy(prefer: number): Promise<number>;
};

const GRACE_MS = 15_000;

/** Messages per second per channel when paced: a fan-out lasts about 4 s (small) or 6 s. */
function pace(ctx: RunContext): number {
  return ctx.small ? Math.max(5, Math.round(ctx.n / 4)) : Math.max(50, Math.round(ctx.n / 6));
}

function workerEnv(ctx: RunContext, fakes: Fakes, paced: boolean, graceMs: number): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(HERALD_|SMTP_|TWILIO_|X_|DATABASE_URL|TEST_DATABASE_URL)/.test(k)) continue;
    base[k] = v;
  }
  return {
    ...base,
    ...fakes.env,
    DATABASE_URL: ctx.pg.url,
    HERALD_SKIP_MIGRATE: "1",
    HERALD_PUBLIC_URL: PUBLIC_URL,
    HERALD_DATA_DIR: path.join(ctx.dir, "worker-data"),
    HERALD_WORKER_DEAD_AFTER_MS: "5000",
    HERALD_SHUTDOWN_GRACE_MS: String(graceMs),
    HERALD_SMS_PER_SECOND: String(paced ? pace(ctx) : 50),
    HERALD_X_PER_15_MINUTES: "1000",
    ...(paced ? { SMTP_RATE_PER_SECOND: String(pace(ctx)), HERALD_WEBHOOK_CONCURRENCY: "2" } : {}),
  };
}

/**
 * Slow provider answers, so that kills find messages in flight at every provider: the fakes
 * store a message when the answer is due, even if the worker that asked is dead by then.
 * Webhooks: 2 at a time, each answered after 2/pace s, so they keep the channels' pace.
 */
function slowProviders(f: Fakes, ctx: RunContext): PlannedFailures {
  f.twilio.failNext(ctx.n * 20, { delayMs: 150 });
  f.x.failNext(50, { delayMs: 1_500 });
  f.hooksAlways({ delayMs: Math.round(2_000 / pace(ctx)), status: 200 });
  return {};
}

export const SCENARIOS: Scenario[] = [
  {
    name: "sigkill",
    title: "SIGKILL the worker at 20 %, 45 % and 70 % of the fan-out, restarting it each time",
    workers: 1,
    paced: true,
    prepare: slowProviders,
    async disrupt(s) {
      await s.reached(0.2);
      await s.interrupt(0, "SIGKILL", "kill 1");
      await s.reached(0.45);
      await s.interrupt(0, "SIGKILL", "kill 2");
      // The third kill goes in earlier if the X post is on its way and no kill has caught it yet.
      await s.reached(0.7, s.xSending);
      await s.interrupt(0, "SIGKILL", "kill 3");
    },
  },
  {
    name: "sigkill-pair",
    title: "Two workers; SIGKILL the busy one at 20 %, 45 % and 70 %, restarting it",
    workers: 2,
    small: false,
    paced: true,
    prepare: slowProviders,
    async disrupt(s) {
      // Only one worker may be running the notification's deliver job at a time: kill the busy one
      // (a, then b, then a when both are).
      await s.reached(0.2);
      await s.interrupt(await s.busy(0), "SIGKILL", "kill 1");
      await s.reached(0.45);
      await s.interrupt(await s.busy(1), "SIGKILL", "kill 2");
      await s.reached(0.7, s.xSending);
      await s.interrupt(await s.busy(0), "SIGKILL", "kill 3");
    },
  },
  {
    name: "sigterm",
    title: "SIGTERM the worker at 40 % (graceful stop), then start it again: no duplicates anywhere",
    workers: 1,
    paced: true,
    prepare: slowProviders,
    async disrupt(s) {
      await s.reached(0.4);
      await s.interrupt(0, "SIGTERM", "SIGTERM");
    },
  },
  {
    name: "sigterm-short-grace",
    title: "SIGTERM at 40 % with a 300 ms grace period, shorter than the X and Twilio answers: what is cut off is recovered",
    workers: 1,
    small: false,
    paced: true,
    graceMs: 300,
    prepare(f, ctx) {
      // Twilio and X answers slower than the grace period, so the stop cuts sends off.
      f.twilio.failNext(ctx.n * 20, { delayMs: 600 });
      f.x.failNext(50, { delayMs: 1_500 });
      f.hooksAlways({ delayMs: Math.round(2_000 / pace(ctx)), status: 200 });
      return {};
    },
    async disrupt(s) {
      await s.reached(0.4);
      await s.interrupt(0, "SIGTERM", "SIGTERM, 300 ms grace");
    },
  },
  {
    name: "pg-restart",
    title: "Stop PostgreSQL at 35 % of the fan-out, start it again (same port and data): the worker reconnects",
    workers: 1,
    paced: true,
    prepare: slowProviders,
    async disrupt(s) {
      await s.reached(0.35);
      await s.pgRestart("Postgres restart", s.ctx.small ? 2_000 : 5_000);
    },
  },
  {
    name: "faults",
    title: "Faulty fakes: 5xx, 429 + Retry-After, slow answers, dropped connections, stored-then-dropped, permanent errors",
    workers: 1,
    prepare(f, ctx) {
      // Twilio, one failure per request in this order: a permanent error (invalid number), 5xx,
      // 429 with Retry-After, slow answers, a dropped connection, and "stored then dropped": the
      // message was accepted but the answer never came back.
      f.twilio.failNext(1, { status: 400, code: 21211 });
      f.twilio.failNext(2, { status: 500 });
      f.twilio.failNext(2, { status: 429, retryAfter: 1 });
      f.twilio.failNext(2, { delayMs: 1_500 });
      f.twilio.failNext(1, { drop: true });
      f.twilio.failNext(2, { drop: true, keep: true });
      // One number that replied STOP: Twilio answers 21610 every time (permanent).
      const optedOut = ctx.seeded.sms[ctx.seeded.sms.length - 1]!.address;
      f.twilio.optedOut.add(optedOut);
      // X, one post per notification: every failure costs it a retry delay, so one fault (two
      // in the full run): accepted, then the connection dropped.
      if (!ctx.small) f.x.failNext(1, { status: 503 });
      f.x.failNext(1, { drop: true, keep: true });
      // Webhooks: 5xx, 429 + Retry-After, a dropped connection, a slow 200, and 410 Gone (permanent).
      f.failHooks([
        { status: 500 },
        { status: 503 },
        { status: 429, retryAfter: 1 },
        { drop: true },
        { delayMs: 2_000, status: 200 },
        { status: 410 },
        { status: 502, delayMs: 500 },
      ]);
      // Email: the first two SMTP connections are cut as soon as they open.
      f.smtpProxy.dropNext(2);
      return { smsOptedOut: [optedOut], sms21211: 1, webhook410: 1 };
    },
    async disrupt() {
      /* the fakes misbehave on their own */
    },
  },
];

export async function runScenario(sc: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  const started = Date.now();
  const violations: string[] = [];
  const notes: string[] = [];
  const disruptions: Disruption[] = [];
  const fakes = await startFakes({ dir: ctx.dir, webhookPort: ctx.webhookPort, log: ctx.verbose ? ctx.log : () => {} });
  const planned = sc.prepare?.(fakes, ctx) ?? {};
  const graceMs = sc.graceMs ?? GRACE_MS;
  const env = workerEnv(ctx, fakes, sc.paced ?? false, graceMs);
  const total = ctx.seeded.email.length + ctx.seeded.sms.length + ctx.seeded.webhook.length + 1;
  const generation: number[] = [];
  const workers: WorkerProcess[] = [];

  const spawnWorker = (slot: number): WorkerProcess => {
    generation[slot] = (generation[slot] ?? 0) + 1;
    const name = `${String.fromCharCode(97 + slot)}${generation[slot]}`;
    const w = new WorkerProcess(name, path.join(ctx.dir, `worker-${sc.name}-${name}.log`), env, ctx.verbose);
    ctx.live.add(w);
    void w.exit.then((e) => {
      ctx.live.delete(w);
      if (w.expectedExit) return;
      violations.push(`worker ${w.name} exited on its own (code ${e.code}, signal ${e.signal}); last output:\n${indent(w.tail(8))}`);
      // Started again so the scenario can finish (and show what else goes wrong), a few times at most.
      if (workers[slot] === w && (generation[slot] ?? 0) < 8) workers[slot] = spawnWorker(slot);
    });
    workers[slot] = w;
    return w;
  };
  const registered = async (w: WorkerProcess): Promise<string | undefined> => {
    const until = Date.now() + 60_000;
    for (;;) {
      const id = await workerIdOf(w.pid);
      if (id || w.exited || Date.now() > until) return id;
      await sleep(100);
    }
  };

  let notificationId = "";
  let incident = { id: "", name: "" };
  try {
    for (let i = 0; i < sc.workers; i++) spawnWorker(i);
    for (const w of [...workers]) if (!(await registered(w))) violations.push(`worker ${w.name} did not register within 60 s:\n${indent(w.tail(8))}`);

    const name = `Chaos ${sc.name} ${new Date().toISOString()}`;
    const created = await createIncident({
      actor: ctx.seeded.actor,
      input: {
        name,
        status: "investigating",
        message: "The chaos harness is killing workers on purpose. Nothing to see here.",
        components: [{ componentId: ctx.seeded.componentId, status: "major_outage" }],
      },
    });
    if (!created.notificationId) throw new Error("createIncident wrote no notification");
    notificationId = created.notificationId;
    incident = { id: created.incident.id, name };

    const shareFinal = async () => {
      const p = await progress(notificationId);
      return p ? p.final / total : undefined;
    };
    const stage: Stage = {
      ctx,
      notificationId,
      total,
      async reached(share, orWhen) {
        const until = Date.now() + (ctx.small ? 60_000 : 300_000);
        for (;;) {
          const s = await shareFinal();
          if (s !== undefined && s >= share) return s;
          if (s !== undefined && orWhen && (await orWhen())) return s;
          if (Date.now() > until) {
            violations.push(`never reached ${Math.round(share * 100)} % of deliveries final (at ${Math.round((s ?? 0) * 100)} %)`);
            return s ?? 0;
          }
          await sleep(40);
        }
      },
      async xSending() {
        if (disruptions.some((d) => d.mayRepeat && d.inFlight.x)) return false;
        // Held by a live worker (a killed worker's row stays "sending" until it is recovered).
        for (const w of workers) {
          const id = w.exited ? undefined : await workerIdOf(w.pid);
          if (id && (await sending(notificationId, id))?.some((r) => r.channel === "x")) return true;
        }
        return false;
      },
      async busy(prefer) {
        const held = await Promise.all(
          workers.map(async (w) => {
            const id = w.exited ? undefined : await workerIdOf(w.pid);
            return id ? ((await sending(notificationId, id))?.length ?? 0) : 0;
          }),
        );
        if ((held[prefer] ?? 0) > 0) return prefer;
        const most = Math.max(...held);
        return most > 0 ? held.indexOf(most) : prefer;
      },
      async interrupt(slot, signal, label) {
        const w = workers[slot]!;
        const workerId = await workerIdOf(w.pid);
        const share = (await shareFinal()) ?? 0;
        const before = (await sending(notificationId, workerId)) ?? [];
        w.signal(signal);
        const timer = setTimeout(() => w.signal("SIGKILL"), GRACE_MS + 10_000);
        const exit = await w.exit;
        clearTimeout(timer);
        // Still "sending" under the stopped worker: caught mid-send, outcome unknown. Exact: nothing
        // touches them until the recovery pass, HERALD_WORKER_DEAD_AFTER_MS later.
        const after = workerId ? ((await sending(notificationId, workerId)) ?? []) : [];
        const d: Disruption = {
          label: `${label} (${w.name})`,
          at: (Date.now() - started) / 1000,
          progress: share,
          before: byChannel(before.map((r) => r.channel)),
          inFlight: byChannel(after.map((r) => r.channel)),
          ids: after.map((r) => r.id),
          // A graceful stop whose grace ran out leaves sends in flight, like a kill.
          mayRepeat: signal === "SIGKILL" || graceMs < GRACE_MS,
          note: signal === "SIGTERM" ? `exit code ${exit.code}` : undefined,
        };
        if (!workerId) d.note = "worker id unknown: in-flight not attributed";
        if (signal === "SIGTERM") {
          if (exit.code !== 0) violations.push(`${label}: the worker exited with code ${exit.code} (signal ${exit.signal}) instead of 0`);
          if (after.length && graceMs >= GRACE_MS) violations.push(`${label}: ${after.length} deliveries left in "sending" after a graceful stop (${fmtCounts(d.inFlight)})`);
        }
        disruptions.push(d);
        const next = spawnWorker(slot);
        await registered(next);
      },
      async pgRestart(label, downMs) {
        const share = (await shareFinal()) ?? 0;
        const before = (await sending(notificationId)) ?? [];
        await ctx.pg.stop();
        await sleep(downMs);
        await ctx.pg.start();
        disruptions.push({
          label,
          at: (Date.now() - started) / 1000,
          progress: share,
          before: byChannel(before.map((r) => r.channel)),
          inFlight: byChannel(before.map((r) => r.channel)),
          ids: before.map((r) => r.id),
          mayRepeat: true,
          note: `down ${downMs / 1000} s`,
        });
      },
    };

    await sc.disrupt(stage);

    // Everything final, or give up and report what is left.
    const deadline = Date.now() + (ctx.small ? 90_000 : 600_000);
    let last = await progress(notificationId);
    while (!(last && last.fanoutDone && last.final === total) && Date.now() < deadline) {
      await sleep(150);
      last = (await progress(notificationId)) ?? last;
    }
    if (last && last.fanoutDone && last.final === total) notes.push(`all deliveries final at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    else {
      violations.push(
        `not finished ${Math.round((Date.now() - started) / 1000)} s after the start: ${last?.final ?? 0}/${total} final (${fmtCounts(last?.byState ?? {})})${last?.fanoutDone ? "" : ", fan-out not done"}`,
      );
    }
    // A message sent by a dying worker may still be landing at a fake.
    await sleep(300);
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        const e = await w.stop(GRACE_MS + 5_000);
        if (e.signal === "SIGKILL" && w.expectedExit && !w.exited) notes.push(`${w.name} needed SIGKILL to stop`);
      }),
    );
  }

  if (ctx.sabotage && notificationId) await sabotage(fakes, incident.name);
  const counted = notificationId
    ? await countScenario({ notificationId, incident, seeded: ctx.seeded, fakes, disruptions, planned })
    : { channels: [], violations: ["no notification was written"], notes: [] };
  violations.push(...counted.violations);
  notes.push(...counted.notes);
  if (notificationId) notes.push(`attempts: ${await attemptSummary(notificationId)}`);
  if (fakes.smtpProxy.dropped()) notes.push(`SMTP connections cut: ${fakes.smtpProxy.dropped()}`);
  notes.push(`requests: Twilio ${fakes.twilio.requestCount()}, X ${fakes.x.requestCount()}, webhooks ${fakes.hooks.received.length}`);
  await fakes.close();
  return {
    name: sc.name,
    title: sc.title,
    ok: violations.length === 0,
    seconds: (Date.now() - started) / 1000,
    channels: counted.channels,
    disruptions,
    violations,
    notes,
  };
}

/** One SMS and one X post twice, one email gone: the count must report all three. */
async function sabotage(fakes: Fakes, name: string): Promise<void> {
  const sms = fakes.twilio.messages.find((m) => m.body.includes(name));
  if (sms) fakes.twilio.messages.push({ ...sms });
  const post = fakes.x.posts.find((p) => p.text.includes(name));
  if (post) fakes.x.posts.push({ ...post, id: `${post.id}1` });
  const mail = await db().capturedMessage.findFirst({ where: { channel: "email", subject: { contains: name } }, select: { id: true } });
  if (mail) await db().capturedMessage.delete({ where: { id: mail.id } });
}

/** Attempts per channel by outcome, e.g. "email sent 40 unknown 6; sms sent 40 ...". */
async function attemptSummary(notificationId: string): Promise<string> {
  try {
    const rows = await db().$queryRaw<{ channel: string; outcome: string; n: number }[]>`
      SELECT d.channel::text AS channel, a.outcome::text AS outcome, count(*)::int AS n
      FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
      WHERE d.notification_id = ${notificationId} GROUP BY 1, 2 ORDER BY 1, 3 DESC`;
    const by = new Map<string, string[]>();
    for (const r of rows) by.set(r.channel, [...(by.get(r.channel) ?? []), `${r.outcome} ${r.n}`]);
    return [...by].map(([c, parts]) => `${c} ${parts.join(" ")}`).join("; ");
  } catch (e) {
    return `(could not read: ${(e as Error).message})`;
  }
}

function byChannel(channels: Channel[]): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const c of channels) out[c] = (out[c] ?? 0) + 1;
  return out;
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
}

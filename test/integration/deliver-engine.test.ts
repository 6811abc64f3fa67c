// The delivery engine's own rules, with in-memory senders standing in for providers: rate limits
// that hold across workers, crash reconciliation for SMS and X, X threads in order, and outcomes
// that only the worker still holding a delivery may record.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import type { ChannelSender, OutboundMessage, SendOutcome } from "@/lib/notify/channels/types";
import { runDeliver, SEND_LEASE_SECONDS } from "@/lib/notify/deliver";
import { writeOutcomes } from "@/lib/notify/outcomes";
import { recoverAbandonedWork } from "@/lib/notify/recover";
import { randomToken } from "@/lib/tokens";
import type { Channel, NotificationKind } from "@/lib/vocabulary";
import { setupTestDatabase, testDatabaseUrl } from "../helpers/db";

setupTestDatabase();

const config = (env: Record<string, string> = {}) => parseConfig({ HERALD_PUBLIC_URL: "https://status.example.com", ...env });

type Recorder = ChannelSender & { sent: { at: number; message: OutboundMessage }[]; asked: number };

function recorder(opts: { outcome?: (m: OutboundMessage) => SendOutcome; findSent?: (m: OutboundMessage, since: Date) => Promise<string | null> } = {}): Recorder {
  const r: Recorder = {
    sent: [],
    asked: 0,
    async send(message) {
      r.sent.push({ at: Date.now(), message });
      return opts.outcome?.(message) ?? { kind: "sent", providerId: `P${r.sent.length}` };
    },
    async close() {},
  };
  if (opts.findSent) {
    r.findSent = async (m, since) => {
      r.asked++;
      return opts.findSent!(m, since);
    };
  }
  return r;
}

async function incident(name = "Mail is delayed") {
  return db().incident.create({ data: { name, status: "investigating", impact: "minor" } });
}

async function notification(incidentId: string | null, kind: NotificationKind = "incident_created", status = "investigating") {
  return db().notification.create({
    data: {
      kind,
      incidentId,
      fanoutState: "done",
      payload: {
        incident: { id: incidentId, name: "Mail is delayed", status, impact: "minor", kind: "incident" },
        update: { id: "u1", status, body: `Status is now ${status}.`, displayAt: new Date().toISOString() },
        components: [],
        componentIds: [],
      },
    },
  });
}

async function smsSubscribers(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = await db().subscriber.create({
      data: { channel: "sms", address: `+1415555${String(1000 + i)}`, state: "active", manageToken: randomToken(), confirmedAt: new Date() },
    });
    ids.push(s.id);
  }
  return ids;
}

async function deliveries(notificationId: string, channel: Channel, subscriberIds: (string | null)[]) {
  for (const subscriberId of subscriberIds) {
    await db().delivery.create({ data: { notificationId, channel, subscriberId } });
  }
}

/** Every delivery claimed by a worker that then died mid-send, 10 s ago: "sending", leased from the claim. */
async function claimedByDeadWorker() {
  await db().$executeRaw`UPDATE delivery SET state = 'sending', attempt_count = 1, locked_by = 'dead-worker',
    lease_until = now() - interval '10 seconds' + make_interval(secs => ${SEND_LEASE_SECONDS})`;
}

describe("the delivery engine", () => {
  it("holds the SMS rate across two workers sending at once", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(6));
    const cfg = config({ HERALD_SMS_PER_SECOND: "2" });
    const a = recorder();
    const b = recorder();
    await Promise.all([
      runDeliver(n.id, { config: cfg, workerId: "worker-a", senders: { sms: a } }),
      runDeliver(n.id, { config: cfg, workerId: "worker-b", senders: { sms: b } }),
    ]);
    // The limiter's own record, on the database's clock: no 1-second window holds more than 2 sends.
    const window = await db().$queryRaw<{ ms: number }[]>`SELECT (extract(epoch FROM at) * 1000)::float8 AS ms FROM send_window WHERE channel = 'sms' ORDER BY at`;
    expect(window).toHaveLength(6);
    for (let i = 2; i < window.length; i++) expect(window[i]!.ms - window[i - 2]!.ms).toBeGreaterThanOrEqual(1000);
    // What the provider saw: each send leaves a moment after its place in the window is recorded
    // (commit, the incident read), and that moment varies with the machine's load (CI measured a
    // 68 ms spread), so the spacing seen here is the window's less that spread.
    const times = [...a.sent, ...b.sent].map((s) => s.at).sort((x, y) => x - y);
    expect(times).toHaveLength(6);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(750);
    const states = await db().delivery.findMany({ select: { state: true } });
    expect(states.every((d) => d.state === "sent")).toBe(true);
  });

  it("after a crash, an SMS the provider already has is marked sent, not sent again", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    const [gone, notGone] = await smsSubscribers(2);
    await deliveries(n.id, "sms", [gone!, notGone!]);
    await claimedByDeadWorker();
    const report = await recoverAbandonedWork(60_000);
    expect(report.deliveries).toBe(2);
    const recovered = await db().delivery.findMany();
    for (const d of recovered) {
      expect(d.state).toBe("retrying");
      // Asked from a minute before the unknown attempt started (10 s ago).
      expect(Date.now() - d.reconcileSince!.getTime()).toBeGreaterThan(70_000 - 1_000);
      expect(Date.now() - d.reconcileSince!.getTime()).toBeLessThan(70_000 + 5_000);
    }
    // The attempt is in the history as unknown, from when it started.
    const lines = await db().deliveryAttempt.findMany();
    expect(lines).toHaveLength(2);
    for (const a of lines) {
      expect([a.number, a.outcome, a.workerId]).toEqual([1, "unknown", "dead-worker"]);
      expect(Math.abs(Date.now() - 10_000 - a.startedAt.getTime())).toBeLessThan(5_000);
    }
    const goneAddress = (await db().subscriber.findUnique({ where: { id: gone! } }))!.address;
    const sender = recorder({ findSent: async (m) => (m.to === goneAddress ? "SM-already" : null) });
    await runDeliver(n.id, { config: config(), workerId: "worker-live", senders: { sms: sender } });
    expect(sender.asked).toBe(2);
    expect(sender.sent.map((s) => s.message.to)).toEqual([(await db().subscriber.findUnique({ where: { id: notGone! } }))!.address]);
    const after = await db().delivery.findMany({ orderBy: { providerId: "asc" } });
    expect(after.map((d) => [d.state, d.providerId, d.reconcileSince])).toEqual([
      ["sent", "P1", null],
      ["sent", "SM-already", null],
    ]);
  });

  it("when the provider cannot say whether an SMS went out, it waits and asks again instead of resending", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(1));
    const since = new Date(Date.now() - 120_000);
    await db().delivery.updateMany({ data: { state: "retrying", reconcileSince: since, attemptCount: 1 } });
    const sender = recorder({
      findSent: async () => {
        throw new Error("503 from the provider");
      },
    });
    await runDeliver(n.id, { config: config(), workerId: "w", senders: { sms: sender } });
    expect(sender.sent).toHaveLength(0);
    const d = (await db().delivery.findFirst())!;
    expect(d.state).toBe("retrying");
    expect(d.reconcileSince?.getTime()).toBe(since.getTime());
    expect(d.lastError).toContain("503 from the provider");
  });

  it("an SMS attempt that ended in doubt (dropped connection) is looked up before the next one", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(1));
    const sender = recorder({ outcome: () => ({ kind: "retry", error: "socket hang up" }), findSent: async () => null });
    await runDeliver(n.id, { config: config(), workerId: "w", senders: { sms: sender } });
    const d = (await db().delivery.findFirst())!;
    expect(d.state).toBe("retrying");
    expect(d.reconcileSince).not.toBeNull();
    expect(sender.asked).toBe(0);
  });

  it("an SMS whose send failed just as the incident was resolved is dropped, not sent after the resolution", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(2));
    // The first attempt met a 503; meanwhile the incident was resolved (which cancels only what is
    // queued, not what is being sent).
    const failing = recorder({ outcome: () => ({ kind: "retry", error: "HTTP 503" }) });
    await runDeliver(n.id, { config: config(), workerId: "w1", senders: { sms: failing } });
    expect(failing.sent).toHaveLength(2);
    await db().incident.update({ where: { id: inc.id }, data: { status: "resolved", resolvedAt: new Date() } });
    await db().delivery.updateMany({ data: { nextAttemptAt: new Date() } });
    const sender = recorder();
    const totals = await runDeliver(n.id, { config: config(), workerId: "w2", senders: { sms: sender } });
    expect(sender.sent).toHaveLength(0);
    expect(totals).toMatchObject({ sent: 0, cancelled: 2 });
    const after = await db().delivery.findMany({ include: { attempts: { orderBy: { number: "asc" } } } });
    for (const d of after) {
      expect(d.state).toBe("cancelled");
      expect(d.lastError).toBe("superseded by the resolution");
      expect(d.attempts.map((x) => x.outcome)).toEqual(["retry", "cancelled"]);
    }
  });

  it("after a crash during an upgrade, completes the attempt line an earlier version wrote at claim, and asks the provider from it", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(1));
    // The line (as Herald wrote it at claim before 2026-12-03) says the attempt began 100 s ago.
    await claimedByDeadWorker();
    await db().$executeRaw`INSERT INTO delivery_attempt (delivery_id, number, outcome, worker_id, started_at)
      SELECT id, 1, 'sending', 'dead-worker', now() - interval '100 seconds' FROM delivery`;
    await recoverAbandonedWork(60_000);
    const d = (await db().delivery.findFirst({ include: { attempts: true } }))!;
    expect(Date.now() - d.reconcileSince!.getTime()).toBeGreaterThan(160_000 - 1_000);
    expect(d.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([[1, "unknown", "worker stopped while sending"]]);
    // Sent by a live worker: attempt 2 gets a line of its own.
    await runDeliver(n.id, { config: config(), workerId: "worker-live", senders: { sms: recorder() } });
    const after = (await db().delivery.findFirst({ include: { attempts: { orderBy: { number: "asc" } } } }))!;
    expect(after.attempts.map((a) => [a.number, a.outcome, a.workerId])).toEqual([
      [1, "unknown", "dead-worker"],
      [2, "sent", "worker-live"],
    ]);
  });

  it("after a crash, a superseded SMS the provider already has is recorded sent; one it does not have is dropped", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    const [gone, notGone] = await smsSubscribers(2);
    await deliveries(n.id, "sms", [gone!, notGone!]);
    await claimedByDeadWorker();
    await db().incident.update({ where: { id: inc.id }, data: { status: "resolved", resolvedAt: new Date() } });
    await recoverAbandonedWork(60_000);
    const goneAddress = (await db().subscriber.findUnique({ where: { id: gone! } }))!.address;
    const sender = recorder({ findSent: async (m) => (m.to === goneAddress ? "SM-already" : null) });
    await runDeliver(n.id, { config: config(), workerId: "worker-live", senders: { sms: sender } });
    expect(sender.sent).toHaveLength(0);
    const after = await db().delivery.findMany({ select: { subscriberId: true, state: true, providerId: true } });
    expect(after.find((d) => d.subscriberId === gone)).toMatchObject({ state: "sent", providerId: "SM-already" });
    expect(after.find((d) => d.subscriberId === notGone)).toMatchObject({ state: "cancelled", providerId: null });
  });

  it("the resolution's own SMS is sent whatever the incident's status", async () => {
    const inc = await incident();
    await db().incident.update({ where: { id: inc.id }, data: { status: "resolved", resolvedAt: new Date() } });
    const n = await notification(inc.id, "incident_resolved", "resolved");
    await deliveries(n.id, "sms", await smsSubscribers(1));
    const sender = recorder();
    await runDeliver(n.id, { config: config(), workerId: "w", senders: { sms: sender } });
    expect(sender.sent).toHaveLength(1);
    expect((await db().delivery.findFirstOrThrow()).state).toBe("sent");
  });

  it("posts an incident's updates on X in order, each later one replying to the first", async () => {
    const inc = await incident();
    const first = await notification(inc.id, "incident_created", "investigating");
    const second = await notification(inc.id, "incident_updated", "identified");
    await deliveries(first.id, "x", [null]);
    await deliveries(second.id, "x", [null]);
    const x = recorder();
    // The later update is due first, but waits for the incident's first post.
    await runDeliver(second.id, { config: config(), workerId: "w", senders: { x } });
    expect(x.sent).toHaveLength(0);
    await runDeliver(first.id, { config: config(), workerId: "w", senders: { x } });
    await runDeliver(second.id, { config: config(), workerId: "w", senders: { x } });
    expect(x.sent.map((s) => [s.message.notificationId, s.message.replyTo])).toEqual([
      [first.id, null],
      [second.id, "P1"],
    ]);
    expect((await db().incident.findUnique({ where: { id: inc.id } }))!.xThreadPostId).toBe("P1");
  });

  it("ignores an outcome from a worker that no longer holds the delivery", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(1));
    const d = (await db().delivery.findFirst())!;
    // Recovery gave the delivery to another worker, which is sending attempt 2.
    await db().delivery.update({ where: { id: d.id }, data: { state: "sending", attemptCount: 2, lockedBy: "worker-new" } });
    await writeOutcomes("worker-old", [
      { deliveryId: d.id, attempt: 1, channel: "sms", kind: "failed", providerId: null, error: "late answer", nextAttemptAt: null, reconcileSince: null, startedAt: new Date() },
    ]);
    const after = (await db().delivery.findUnique({ where: { id: d.id } }))!;
    expect([after.state, after.lockedBy, after.lastError]).toEqual(["sending", "worker-new", null]);
    // Nor is the late attempt written into the delivery's history as if it had counted.
    expect(await db().deliveryAttempt.count({ where: { deliveryId: d.id } })).toBe(0);
  });

  it("a slow channel does not hold back a fast one", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    await deliveries(n.id, "sms", await smsSubscribers(3));
    for (let i = 0; i < 20; i++) {
      const s = await db().subscriber.create({
        data: { channel: "email", address: `p${i}@example.com`, state: "active", manageToken: randomToken(), confirmedAt: new Date() },
      });
      await deliveries(n.id, "email", [s.id]);
    }
    const sms = recorder();
    const email = recorder();
    const started = Date.now();
    await runDeliver(n.id, { config: config({ HERALD_SMS_PER_SECOND: "1" }), workerId: "w", senders: { sms, email } });
    // Three SMS at one a second take two seconds; every email was out long before.
    expect(sms.sent).toHaveLength(3);
    expect(email.sent).toHaveLength(20);
    expect(Math.max(...email.sent.map((s) => s.at)) - started).toBeLessThan(1_000);
    expect(Math.max(...sms.sent.map((s) => s.at)) - started).toBeGreaterThanOrEqual(1_900);
  });

  it("claims move on through the queue, yet a row another worker held is not lost: it is sent on the next run", async () => {
    const inc = await incident();
    const n = await notification(inc.id);
    const subscribers = [];
    for (let i = 0; i < 30; i++) {
      subscribers.push(
        (await db().subscriber.create({ data: { channel: "email", address: `q${i}@example.com`, state: "active", manageToken: randomToken(), confirmedAt: new Date() } })).id,
      );
    }
    await deliveries(n.id, "email", subscribers);
    // Another worker's claim holds one delivery in the middle of the queue.
    const held = (await db().$queryRaw<{ id: string }[]>`SELECT id FROM delivery ORDER BY next_attempt_at, id OFFSET 12 LIMIT 1`)[0]!.id;
    const other = new pg.Client({ connectionString: testDatabaseUrl() });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM delivery WHERE id = $1 FOR UPDATE", [held]);
      const email = recorder();
      // Claims of 2 (concurrency 4): fifteen claims, each after the last.
      await runDeliver(n.id, { config: config({ HERALD_EMAIL_CONCURRENCY: "4" }), workerId: "w1", senders: { email } });
      expect(email.sent).toHaveLength(29);
      await other.query("ROLLBACK");
      await runDeliver(n.id, { config: config({ HERALD_EMAIL_CONCURRENCY: "4" }), workerId: "w1", senders: { email } });
      expect(email.sent).toHaveLength(30);
      expect(new Set(email.sent.map((s) => s.message.deliveryId)).size).toBe(30);
    } finally {
      await other.end();
    }
  });
});

// The worker end to end against real PostgreSQL and a real SMTP server (Herald's catcher):
// an incident reaches every active email subscriber once, with a delivery row each; work held by
// a worker that died is taken over by a live one.
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/fakes/smtp-catcher";
import { createIncident } from "@/lib/incidents/create";
import { runDeliver } from "@/lib/notify/deliver";
import { runFanout } from "@/lib/notify/fanout";
import { heartbeat, recoverAbandonedWork } from "@/lib/notify/recover";
import { randomToken } from "@/lib/tokens";
import { startWorker, type WorkerHandle } from "@/lib/worker/run";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

let smtp: SmtpCatcher | undefined;
let worker: WorkerHandle | undefined;
afterEach(async () => {
  await worker?.stop();
  await smtp?.close();
  worker = undefined;
  smtp = undefined;
});

async function subscriber(address: string, state: "active" | "unconfirmed" | "unsubscribed", componentIds: string[] = []) {
  return db().subscriber.create({
    data: {
      channel: "email",
      address,
      state,
      manageToken: randomToken(),
      confirmedAt: state === "active" ? new Date() : null,
      unsubscribedAt: state === "unsubscribed" ? new Date() : null,
      components: { create: componentIds.map((componentId) => ({ componentId })) },
    },
  });
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the worker", () => {
  it("sends an incident to every active email subscriber who wants it, once, and records each delivery", async () => {
    smtp = await startSmtpCatcher({ port: 0 });
    const config = parseConfig({ SMTP_URL: smtp.url, HERALD_PUBLIC_URL: "https://status.example.com" });
    const relay = await makeComponent("SMTP relay");
    const web = await makeComponent("Website", 1);
    await subscriber("all@example.com", "active");
    await subscriber("relay@example.com", "active", [relay.id]);
    await subscriber("web-only@example.com", "active", [web.id]);
    await subscriber("pending@example.com", "unconfirmed");
    await subscriber("gone@example.com", "unsubscribed");

    worker = await startWorker(config, () => {});
    const { incident, notificationId } = await createIncident({
      actor: { type: "cli" },
      input: { name: "Mail is delayed", status: "investigating", message: "Queues are long.", components: [{ componentId: relay.id, status: "major_outage" }] },
    });

    const mail = await until(() => db().capturedMessage.findMany({ orderBy: { recipient: "asc" } }), (m) => m.length >= 2);
    expect(mail.map((m) => m.recipient)).toEqual(["all@example.com", "relay@example.com"]);
    for (const m of mail) {
      expect(m.subject).toContain("Mail is delayed");
      expect(m.text).toContain("Queues are long.");
      expect(m.text).toContain(`https://status.example.com/incidents/${incident.id}`);
      const headers = m.headers as Record<string, string>;
      expect(headers["message-id"]).toMatch(new RegExp(`^<[a-z0-9]{12}\\.${notificationId}@status\\.example\\.com>$`));
      expect(headers["references"]).toContain(`incident.${incident.id}@status.example.com`);
    }
    const deliveries = await until(
      () => db().delivery.findMany({ include: { attempts: true, subscriber: true } }),
      (d) => d.length === 2 && d.every((x) => x.state === "sent"),
    );
    expect(deliveries).toHaveLength(2);
    for (const d of deliveries) {
      expect(d).toMatchObject({ state: "sent", attemptCount: 1, channel: "email", notificationId });
      expect(d.sentAt).toBeInstanceOf(Date);
      expect(d.attempts).toEqual([expect.objectContaining({ number: 1, outcome: "sent" })]);
    }
    expect(await db().notification.findUniqueOrThrow({ where: { id: notificationId! } })).toMatchObject({ fanoutState: "done" });

    // A second fan-out of the same notification creates nothing twice, and nothing is sent again.
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    await db().notification.update({ where: { id: notificationId! }, data: { fanoutState: "pending" } });
    expect(await runFanout({ notificationId: notificationId!, channelsOn: ["email"] })).toEqual({ state: "done", created: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await db().capturedMessage.count()).toBe(2);
  });

  it("takes over the deliveries of a worker that died mid-send, with the same Message-ID", async () => {
    smtp = await startSmtpCatcher({ port: 0 });
    const config = parseConfig({ SMTP_URL: smtp.url, HERALD_WORKER_DEAD_AFTER_MS: "5000" });
    await subscriber("ops@example.com", "active");
    const { notificationId } = await createIncident({ actor: { type: "cli" }, input: { name: "Outage", message: "Down." } });
    await db().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });

    // A worker claims the delivery ("sending", attempt 1) and dies before the provider answers.
    await heartbeat("pool-dead", { hostname: "gone", pid: 1 });
    await db().$executeRaw`UPDATE delivery SET state = 'sending', attempt_count = 1, locked_by = 'pool-dead', lease_until = now() + interval '15 minutes'`;
    const d = await db().delivery.findFirstOrThrow();
    await db().$executeRaw`UPDATE worker_process SET last_seen_at = now() - interval '1 minute'`;

    const report = await recoverAbandonedWork(config.HERALD_WORKER_DEAD_AFTER_MS);
    expect(report).toMatchObject({ deadWorkers: ["pool-dead"], deliveries: 1 });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ state: "retrying", lockedBy: null });
    expect(await db().deliveryAttempt.findFirstOrThrow({ where: { deliveryId: d.id, number: 1 } })).toMatchObject({ outcome: "unknown" });
    expect((await queuedJobs()).map((j) => j.task_identifier)).toContain("deliver");

    // A live worker sends it: attempt 2, and the message keeps its Message-ID.
    const state = (await import("@/lib/notify/channels/email")).email.configure(config);
    if (!state.on) throw new Error("email should be on");
    const sender = state.open();
    try {
      await runDeliver(notificationId!, { config, workerId: "pool-live", senders: { email: sender } });
    } finally {
      await sender.close();
    }
    const after = await db().delivery.findUniqueOrThrow({ where: { id: d.id }, include: { attempts: { orderBy: { number: "asc" } } } });
    expect(after).toMatchObject({ state: "sent", attemptCount: 2 });
    expect(after.attempts.map((a) => a.outcome)).toEqual(["unknown", "sent"]);
    const mail = await until(() => db().capturedMessage.findMany(), (m) => m.length >= 1);
    expect((mail[0]!.headers as Record<string, string>)["message-id"]).toBe(`<${d.id}.${notificationId}@localhost>`);
  });

  it("releases queue jobs locked by a dead worker instead of waiting hours", async () => {
    await db().$executeRaw`SELECT graphile_worker.add_job('fanout', '{"notificationId":"x"}'::json)`;
    await db().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_by = 'pool-crashed', locked_at = now() - interval '2 minutes'`;
    const report = await recoverAbandonedWork(60_000);
    expect(report.deadWorkers).toEqual(["pool-crashed"]);
    const [job] = await db().$queryRaw<{ locked_by: string | null }[]>`SELECT locked_by FROM graphile_worker._private_jobs`;
    expect(job).toEqual({ locked_by: null });
  });
});

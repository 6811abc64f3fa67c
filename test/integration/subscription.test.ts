// Subscribing from the public page and confirming by the emailed link.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { SubscribeError, subscribe } from "@/lib/subscribers/subscribe";
import { randomToken } from "@/lib/tokens";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const visitor = { type: "public", ip: "198.51.100.7" } as const;

async function confirmTokenOf(subscriberId: string): Promise<string> {
  const s = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
  expect(s.confirmToken).toEqual(expect.any(String));
  return s.confirmToken!;
}

describe("subscribe", () => {
  it("writes an unconfirmed subscriber, a confirmation notification and its fan-out job", async () => {
    const api = await makeComponent("API");
    const { subscriberId, resent } = await subscribe({ actor: visitor, input: { channel: "email", address: "  Alice@Example.COM ", componentIds: [api.id] } });
    expect(resent).toBe(false);

    const s = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId }, include: { components: true } });
    expect(s).toMatchObject({ channel: "email", address: "alice@example.com", state: "unconfirmed", confirmedAt: null, source: "form", createdIp: "198.51.100.7" });
    expect(s.confirmToken).toBeTruthy();
    expect(s.manageToken).toBeTruthy();
    expect(s.components.map((c) => c.componentId)).toEqual([api.id]);

    const notifications = await db().notification.findMany();
    expect(notifications).toEqual([
      expect.objectContaining({ kind: "subscription_confirmation", targetSubscriberId: subscriberId, payload: { purpose: "confirm" } }),
    ]);
    expect(await queuedJobs()).toEqual([
      { task_identifier: "fanout", key: `fanout:${notifications[0]!.id}`, payload: { notificationId: notifications[0]!.id } },
    ]);
    expect(await db().auditLog.findMany()).toEqual([
      expect.objectContaining({ actorType: "public", action: "subscriber.create", targetId: subscriberId, ip: "198.51.100.7" }),
    ]);
  });

  it("confirming with the token makes the subscriber active; confirming again is harmless", async () => {
    const { subscriberId } = await subscribe({ actor: visitor, input: { channel: "email", address: "bob@example.com" } });
    const token = await confirmTokenOf(subscriberId);

    const first = await confirmSubscription({ actor: visitor, input: { token } });
    expect(first).toEqual({ ok: true, address: "bob@example.com", alreadyConfirmed: false });
    const s = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
    expect(s.state).toBe("active");
    expect(s.confirmedAt).toBeInstanceOf(Date);

    const second = await confirmSubscription({ actor: visitor, input: { token } });
    expect(second).toEqual({ ok: true, address: "bob@example.com", alreadyConfirmed: true });
    const again = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
    expect(again.state).toBe("active");
    expect(again.confirmedAt).toEqual(s.confirmedAt);
    expect(await db().auditLog.count({ where: { action: "subscriber.confirm" } })).toBe(1);
  });

  it("a bad token confirms nothing", async () => {
    const { subscriberId } = await subscribe({ actor: visitor, input: { channel: "email", address: "carol@example.com" } });
    expect(await confirmSubscription({ actor: visitor, input: { token: randomToken() } })).toEqual({ ok: false, reason: "unknown" });
    expect(await confirmSubscription({ actor: visitor, input: { token: "short" } })).toEqual({ ok: false, reason: "unknown" });
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId } })).state).toBe("unconfirmed");
  });

  it("subscribing an active address again makes no second subscriber and queues a manage link", async () => {
    const { subscriberId } = await subscribe({ actor: visitor, input: { channel: "email", address: "dave@example.com" } });
    await confirmSubscription({ actor: visitor, input: { token: await confirmTokenOf(subscriberId) } });

    const again = await subscribe({ actor: visitor, input: { channel: "email", address: "DAVE@example.com" } });
    expect(again).toEqual({ subscriberId, resent: true });
    expect(await db().subscriber.count()).toBe(1);
    const notifications = await db().notification.findMany({ orderBy: { createdAt: "asc" } });
    expect(notifications.map((n) => n.payload)).toEqual([{ purpose: "confirm" }, { purpose: "manage" }]);
    expect(notifications.every((n) => n.targetSubscriberId === subscriberId)).toBe(true);
    expect((await queuedJobs()).map((j) => j.key).sort()).toEqual(notifications.map((n) => `fanout:${n.id}`).sort());
  });

  it("subscribing an unconfirmed address again resends the confirmation", async () => {
    const { subscriberId } = await subscribe({ actor: visitor, input: { channel: "email", address: "erin@example.com" } });
    const again = await subscribe({ actor: visitor, input: { channel: "email", address: "erin@example.com" } });
    expect(again).toEqual({ subscriberId, resent: true });
    expect(await db().subscriber.count()).toBe(1);
    expect((await db().notification.findMany()).map((n) => n.payload)).toEqual([{ purpose: "confirm" }, { purpose: "confirm" }]);
  });

  it("the database refuses two live subscribers with the same channel and address", async () => {
    const row = { channel: "email" as const, address: "frank@example.com", state: "unconfirmed" as const };
    await db().subscriber.create({ data: { ...row, confirmToken: randomToken(), manageToken: randomToken() } });
    await expect(db().subscriber.create({ data: { ...row, confirmToken: randomToken(), manageToken: randomToken() } })).rejects.toMatchObject({
      code: "P2002",
    });
    expect(await db().subscriber.count()).toBe(1);

    // Once unsubscribed, the address may subscribe again.
    await db().subscriber.updateMany({ data: { state: "unsubscribed", unsubscribedAt: new Date() } });
    await db().subscriber.create({ data: { ...row, confirmToken: randomToken(), manageToken: randomToken() } });
    expect(await db().subscriber.count()).toBe(2);
  });

  it("refuses an invalid email address, and an unknown component, writing nothing", async () => {
    await expect(subscribe({ actor: visitor, input: { channel: "email", address: "not an email" } })).rejects.toBeInstanceOf(SubscribeError);
    await expect(subscribe({ actor: visitor, input: { channel: "email", address: "a@example.com", componentIds: ["nosuchcompon"] } })).rejects.toBeInstanceOf(
      SubscribeError,
    );
    expect(await db().subscriber.count()).toBe(0);
    expect(await db().notification.count()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
  });

  it("a component picked twice is kept once", async () => {
    const api = await makeComponent("API");
    const { subscriberId } = await subscribe({ actor: visitor, input: { channel: "email", address: "twice@example.com", componentIds: [api.id, api.id] } });
    const s = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId }, include: { components: true } });
    expect(s.components.map((c) => c.componentId)).toEqual([api.id]);
  });

  it("two subscribes of one address at the same moment make one subscriber", async () => {
    const results = await Promise.all([
      subscribe({ actor: visitor, input: { channel: "email", address: "race@example.com" } }),
      subscribe({ actor: visitor, input: { channel: "email", address: "race@example.com" } }),
    ]);
    expect(new Set(results.map((r) => r.subscriberId)).size).toBe(1);
    expect(await db().subscriber.count({ where: { address: "race@example.com" } })).toBe(1);
  });
});

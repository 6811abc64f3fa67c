// The fan-out takes channels in turn, one cursor each: a resumed fan-out continues every channel
// where it stopped, and a big channel does not hold back a small one.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { runFanout } from "@/lib/notify/fanout";
import { randomToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

async function subscribers(channel: "email" | "webhook", n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const address = channel === "email" ? `p${i}@example.com` : `https://hooks.example.com/${i}`;
    const s = await db().subscriber.create({
      data: { channel, address, state: "active", manageToken: randomToken(), confirmedAt: new Date(), webhookSecret: channel === "webhook" ? `whsec_${Buffer.from(randomToken()).toString("base64")}` : null },
    });
    ids.push(s.id);
  }
  return ids.sort();
}

async function notification(cursor: string | null = null) {
  return db().notification.create({
    data: {
      kind: "incident_updated",
      fanoutCursor: cursor,
      payload: { incident: { id: "none", name: "x", status: "identified", impact: "minor", kind: "incident" }, update: { id: "u", status: "identified", body: "b", displayAt: new Date().toISOString() }, components: [], componentIds: [] },
    },
  });
}

describe("fan-out by channel", () => {
  it("creates every delivery of every channel once, in batches", async () => {
    await subscribers("email", 7);
    await subscribers("webhook", 3);
    const n = await notification();
    const r = await runFanout({ notificationId: n.id, channelsOn: ["email", "webhook"], batchSize: 2 });
    expect(r).toEqual({ state: "done", created: 10 });
    const byChannel = await db().delivery.groupBy({ by: ["channel"], _count: true, orderBy: { channel: "asc" } });
    expect(byChannel.map((c) => [c.channel, c._count])).toEqual([
      ["email", 7],
      ["webhook", 3],
    ]);
  });

  it("resumes each channel from its own cursor", async () => {
    const emails = await subscribers("email", 5);
    const hooks = await subscribers("webhook", 4);
    // A fan-out stopped after the first two emails and with webhooks finished.
    const n = await notification(JSON.stringify({ email: emails[1], webhook: "*done*" }));
    const r = await runFanout({ notificationId: n.id, channelsOn: ["email", "webhook"], batchSize: 2 });
    expect(r.created).toBe(3);
    const made = await db().delivery.findMany({ select: { subscriberId: true } });
    expect(made.map((d) => d.subscriberId).sort()).toEqual(emails.slice(2));
    expect(hooks.length).toBe(4);
  });

  it("paced, it writes two batches ahead per channel, then waits for sending, yet always finishes", async () => {
    await subscribers("email", 9);
    await subscribers("webhook", 2);
    const n = await notification();
    const started = Date.now();
    const run = runFanout({ notificationId: n.id, channelsOn: ["email", "webhook"], batchSize: 2, pace: { maxWaitMs: 600 } });
    await new Promise((r) => setTimeout(r, 300));
    // Nothing is being sent: email stopped at two batches, webhooks (one batch) are all there.
    const early = await db().delivery.groupBy({ by: ["channel"], _count: true, orderBy: { channel: "asc" } });
    expect(early.map((c) => [c.channel, c._count])).toEqual([
      ["email", 4],
      ["webhook", 2],
    ]);
    expect((await run).created).toBe(11);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});

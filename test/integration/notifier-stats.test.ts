// The notifier's own numbers: stats from the delivery table, recorded as metrics, and Prometheus text.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { runFanout } from "@/lib/notify/fanout";
import { notifierStats, prometheusText, recordNotifierMetrics } from "@/lib/notify/stats";
import { randomToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

describe("notifier stats", () => {
  it("counts the queue, records one point per 30 s mark however many workers record, and speaks Prometheus", async () => {
    await db().subscriber.createMany({
      data: [1, 2, 3].map((i) => ({ channel: "email" as const, address: `p${i}@example.com`, state: "active" as const, confirmedAt: new Date(), manageToken: randomToken() })),
    });
    const { notificationId } = await createIncident({ actor: { type: "cli" }, input: { name: "Slow", message: "Slow." } });
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    const first = await db().delivery.findFirstOrThrow();
    await db().delivery.update({ where: { id: first.id }, data: { state: "sent", sentAt: new Date() } });

    const stats = await notifierStats();
    expect(stats).toMatchObject({ queueDepth: 2, inFlight: 0, fanoutsWaiting: 0 });
    expect(stats.sentLastMinute.email).toBe(1);
    expect(stats.oldestPendingSeconds).toBeGreaterThanOrEqual(0);

    const at = new Date("2026-11-30T10:00:10Z");
    await recordNotifierMetrics(stats, at);
    await recordNotifierMetrics({ ...stats, queueDepth: 5 }, new Date("2026-11-30T10:00:20Z")); // a second worker, same mark
    const queue = await db().metric.findUniqueOrThrow({ where: { key: "herald.queue_depth" }, include: { points: true } });
    expect(queue.displayed).toBe(false);
    expect(queue.points).toEqual([expect.objectContaining({ timestamp: new Date("2026-11-30T10:00:00Z"), value: 5 })]);

    const text = prometheusText(stats);
    expect(text).toContain("# TYPE herald_notification_queue_depth gauge\nherald_notification_queue_depth 2\n");
    expect(text).toContain('herald_notifications_sent_last_minute{channel="email"} 1');
    expect(text.endsWith("\n")).toBe(true);
  });
  it("counts what was sent and what failed in the last minute, per channel, and nothing older", async () => {
    await db().subscriber.createMany({
      data: [1, 2, 3, 4].map((i) => ({ channel: "email" as const, address: `m${i}@example.com`, state: "active" as const, confirmedAt: new Date(), manageToken: randomToken() })),
    });
    const { notificationId } = await createIncident({ actor: { type: "cli" }, input: { name: "Slow", message: "Slow." } });
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    const [now, old, failed, failedOld] = await db().delivery.findMany({ orderBy: { id: "asc" } });
    const ago = (ms: number) => new Date(Date.now() - ms);
    await db().delivery.update({ where: { id: now!.id }, data: { state: "sent", sentAt: ago(5_000) } });
    await db().delivery.update({ where: { id: old!.id }, data: { state: "sent", sentAt: ago(5 * 60_000) } });
    await db().delivery.update({ where: { id: failed!.id }, data: { state: "failed", updatedAt: ago(5_000) } });
    await db().delivery.update({ where: { id: failedOld!.id }, data: { state: "failed", updatedAt: ago(5 * 60_000) } });

    const stats = await notifierStats();
    expect(stats.sentLastMinute).toEqual({ email: 1, sms: 0, webhook: 0, x: 0 });
    expect(stats.failedLastMinute).toEqual({ email: 1, sms: 0, webhook: 0, x: 0 });
    expect(stats.queueDepth).toBe(0);
  });
});

// Where every message stands: counts per notification and channel, from the use case and the CLI.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { runFanout } from "@/lib/notify/fanout";
import { fanoutStatus } from "@/lib/notify/fanout-status";
import { randomToken } from "@/lib/tokens";
import { setupTestDatabase, testDatabaseUrl } from "../helpers/db";

setupTestDatabase();

async function emailSubscribers(n: number) {
  await db().subscriber.createMany({
    data: Array.from({ length: n }, (_, i) => ({ channel: "email" as const, address: `s${i}@example.com`, state: "active" as const, confirmedAt: new Date(), manageToken: randomToken() })),
  });
}

describe("fanout status", () => {
  it("counts each channel's deliveries by where they stand", async () => {
    await emailSubscribers(6);
    const { incident, notificationId, update } = await createIncident({ actor: { type: "cli" }, input: { name: "Queue delays", message: "Slow." } });
    let s = await fanoutStatus({ actor: { type: "cli" }, input: { incidentId: incident.id } });
    expect(s.notifications).toEqual([expect.objectContaining({ id: notificationId, kind: "incident_created", updateId: update.id, expanding: true, channels: {} })]);
    expect(s.settled).toBe(false);

    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    const ids = (await db().delivery.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((d) => d.id);
    await db().$executeRaw`UPDATE delivery SET state = 'sent', sent_at = now() WHERE id = ANY(${ids.slice(0, 2)}::text[])`;
    await db().$executeRaw`UPDATE delivery SET state = 'failed' WHERE id = ${ids[2]}`;
    await db().$executeRaw`UPDATE delivery SET state = 'retrying' WHERE id = ${ids[3]}`;
    await db().$executeRaw`UPDATE delivery SET state = 'sending' WHERE id = ${ids[4]}`;
    s = await fanoutStatus({ actor: { type: "cli" }, input: { incidentId: incident.id } });
    expect(s.notifications[0]).toMatchObject({ expanding: false, channels: { email: { total: 6, sent: 2, failed: 1, retrying: 1, unknown: 1, pending: 1, cancelled: 0 } } });
    expect(s.settled).toBe(false);

    await db().$executeRaw`UPDATE delivery SET state = 'sent', sent_at = now() WHERE state IN ('retrying', 'sending', 'pending')`;
    s = await fanoutStatus({ actor: { type: "cli" }, input: { incidentId: incident.id } });
    expect(s.settled).toBe(true);

    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/herald.ts", "fanout", "status", incident.id], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
    });
    expect(stdout).toContain("Queue delays");
    expect(stdout).toMatch(/email\s+total 6 {2}sent 5 {2}failed 1 {2}retrying 0 {2}pending 0 {2}unknown 0/);
    expect(stdout).toContain("settled");
  });

  it("refuses an unknown incident, and a public actor", async () => {
    await expect(fanoutStatus({ actor: { type: "cli" }, input: { incidentId: "nope" } })).rejects.toThrow(/No incident/);
    await expect(fanoutStatus({ actor: { type: "public" }, input: { incidentId: "x" } })).rejects.toThrow(/Not allowed/);
  });
});

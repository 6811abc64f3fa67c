// "Start fresh" (lib/demo/remove.ts): the demo seed marks the page demo; removing it empties the
// page of everything the demo (and any test drive since) put there, in one transaction, keeps the
// operators, sessions, API keys, audit log and Herald's own metrics, and is refused once done.
import { describe, expect, it } from "vitest";
import { PermissionError, type Actor } from "@/lib/auth/actor";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { countDemoContent, describeDemoContent, removeDemo } from "@/lib/demo/remove";
import { ConflictError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { CHANNEL_EVENTS } from "@/lib/notify/rules";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { DEMO_PAGE_NAME, seedIfEmpty } from "@/lib/seed/demo";
import { randomToken } from "@/lib/tokens";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

async function operator(role: "owner" | "admin" | "editor", email: string): Promise<Extract<Actor, { type: "operator" }>> {
  const o = await db().operator.create({ data: { email, role, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$test" } });
  return { type: "operator", operatorId: o.id, role, email };
}

/** The demo page plus what a test drive adds: a subscriber, an incident with its notice and delivery, a captured mail, a template, maintenance. */
async function demoPageInUse() {
  expect(await seedIfEmpty(parseConfig({}))).toEqual({ seeded: true, demo: true });
  const owner = await operator("owner", "owner@example.com");
  await db().session.create({ data: { id: randomToken(), operatorId: owner.operatorId, expiresAt: new Date(Date.now() + 86_400_000) } });
  await db().apiKey.create({ data: { name: "deploys", prefix: "hk_abc", keyHash: randomToken(), operatorId: owner.operatorId, role: "admin" } });
  const sub = await db().subscriber.create({ data: { channel: "email", address: "ops@example.com", state: "active", manageToken: randomToken(), confirmedAt: new Date() } });
  const api = await db().component.findFirstOrThrow({ where: { name: "API" } });
  await db().subscriber.update({ where: { id: sub.id }, data: { components: { create: [{ componentId: api.id }] } } });
  const { notificationId } = await createIncident({ actor: owner, input: { name: "Test drive", message: "Trying Herald.", components: [{ componentId: api.id, status: "major_outage" }] } });
  await db().delivery.create({ data: { notificationId: notificationId!, subscriberId: sub.id, channel: "email" } });
  await db().incident.create({ data: { kind: "maintenance", name: "Upgrade", status: "scheduled", scheduledFor: new Date(Date.now() + 3_600_000), scheduledUntil: new Date(Date.now() + 7_200_000) } });
  await db().capturedMessage.create({ data: { channel: "email", recipient: "ops@example.com", subject: "hi" } });
  await db().incidentTemplate.create({ data: { name: "Outage", title: "Outage", body: "Down." } });
  // Herald's own metric, recorded by workers: not demo content.
  const own = await db().metric.create({ data: { key: "herald.queue_depth", name: "Notification queue", displayed: false } });
  await db().metricPoint.create({ data: { metricId: own.id, timestamp: new Date(), value: 3 } });
  return { owner };
}

describe("the demo seed", () => {
  it("marks the page demo, with the default notices for SMS and X", async () => {
    await seedIfEmpty(parseConfig({}));
    const page = await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(page).toMatchObject({ name: DEMO_PAGE_NAME, demo: true });
    expect(page.smsEvents).toEqual(CHANNEL_EVENTS.sms);
    expect(page.xEvents).toEqual(CHANNEL_EVENTS.x);
  });

  it("with HERALD_DEMO=false, writes the page settings (named Status) and no demo content", async () => {
    expect(await seedIfEmpty(parseConfig({ HERALD_DEMO: "false", HERALD_PUBLIC_URL: "https://status.acme.test" }))).toEqual({ seeded: true, demo: false });
    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "Status", url: "https://status.acme.test", demo: false });
    expect(await countDemoContent()).toEqual({ components: 0, groups: 0, incidents: 0, maintenance: 0, metrics: 0, subscribers: 0, notifications: 0, capturedMessages: 0, templates: 0 });
    expect(await seedIfEmpty(parseConfig({ HERALD_DEMO: "false" }))).toEqual({ seeded: false, demo: false });
  });

  it("reads HERALD_DEMO as on unless it says false, 0 or no", () => {
    for (const v of [undefined, "", "true", "1", "yes"]) expect(parseConfig({ HERALD_DEMO: v }).HERALD_DEMO, String(v)).toBe(true);
    for (const v of ["false", "0", "no"]) expect(parseConfig({ HERALD_DEMO: v }).HERALD_DEMO, v).toBe(false);
    expect(() => parseConfig({ HERALD_DEMO: "maybe" })).toThrow(/HERALD_DEMO/);
  });
});

describe("removeDemo", () => {
  it("removes every component, group, incident, maintenance, metric, subscriber, notification, captured message and template at once", async () => {
    const { owner } = await demoPageInUse();
    const operatorsBefore = await db().operator.findMany({ orderBy: { id: "asc" } });
    const auditBefore = await db().auditLog.count();
    const before = await countDemoContent();
    expect(before).toEqual({ components: 5, groups: 1, incidents: 2, maintenance: 1, metrics: 2, subscribers: 1, notifications: 1, capturedMessages: 1, templates: 1 });
    expect(describeDemoContent(before)).toBe(
      "5 components, 1 component group, 2 incidents, 1 maintenance, 2 metrics, 1 subscriber, 1 notification, 1 captured message, 1 incident template",
    );

    const r = await removeDemo({ actor: owner });
    expect(r).toEqual({ removed: before, name: "Status" });

    expect(await countDemoContent()).toEqual({ components: 0, groups: 0, incidents: 0, maintenance: 0, metrics: 0, subscribers: 0, notifications: 0, capturedMessages: 0, templates: 0 });
    for (const table of ["component_status_change", "incident_update", "incident_component", "incident_update_component", "subscriber_component", "delivery"] as const) {
      const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
      expect(Number(row!.n), table).toBe(0);
    }
    // Only Herald's own metric is left, with its point.
    expect(await db().metric.findMany({ select: { key: true } })).toEqual([{ key: "herald.queue_depth" }]);
    expect(await db().metricPoint.count()).toBe(1);
    // People and their access stay.
    expect(await db().operator.findMany({ orderBy: { id: "asc" } })).toEqual(operatorsBefore);
    expect(await db().session.count()).toBe(1);
    expect(await db().apiKey.count()).toBe(1);
    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "Status", demo: false });

    const audit = await db().auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit).toHaveLength(auditBefore + 1);
    const row = audit.at(-1)!;
    expect(row).toMatchObject({ actorType: "operator", actorId: owner.operatorId, action: "demo.remove", targetType: "page_settings", targetId: "1" });
    expect(row.data).toEqual({
      before: { demo: true, name: DEMO_PAGE_NAME, ...before },
      after: { demo: false, name: "Status", components: 0, groups: 0, incidents: 0, maintenance: 0, metrics: 0, subscribers: 0, notifications: 0, capturedMessages: 0, templates: 0 },
    });

    // The public page is empty and named Status.
    const snapshot = await loadPublicSnapshot(1);
    expect(snapshot.page.name).toBe("Status");
    expect(snapshot.components).toEqual([]);
    expect(snapshot.incidents).toEqual([]);
    expect(snapshot.metrics).toEqual([]);
  });

  it("refuses a second time, so it cannot wipe a page set up since", async () => {
    const { owner } = await demoPageInUse();
    await removeDemo({ actor: owner });
    const api = await db().component.create({ data: { name: "Real API", position: 0 } });
    const audit = await db().auditLog.count();
    await expect(removeDemo({ actor: owner })).rejects.toThrow(ConflictError);
    await expect(removeDemo({ actor: { type: "cli" } })).rejects.toThrow(/holds no demo content/);
    expect(await db().component.findUnique({ where: { id: api.id } })).not.toBeNull();
    expect(await db().auditLog.count()).toBe(audit);
  });

  it("two clicks at once remove it once", async () => {
    const { owner } = await demoPageInUse();
    const results = await Promise.allSettled([removeDemo({ actor: owner }), removeDemo({ actor: owner })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await db().auditLog.count({ where: { action: "demo.remove" } })).toBe(1);
  });

  it("keeps a name the operator already chose", async () => {
    const { owner } = await demoPageInUse();
    await db().pageSettings.update({ where: { id: 1 }, data: { name: "Acme Cloud" } });
    expect((await removeDemo({ actor: owner })).name).toBe("Acme Cloud");
    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "Acme Cloud", demo: false });
  });

  it("refuses an editor and removes nothing", async () => {
    await demoPageInUse();
    const editor = await operator("editor", "editor@example.com");
    const before = await countDemoContent();
    await expect(removeDemo({ actor: editor })).rejects.toBeInstanceOf(PermissionError);
    expect(await countDemoContent()).toEqual(before);
    expect((await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).demo).toBe(true);
    expect(await db().auditLog.count({ where: { action: "demo.remove" } })).toBe(0);
  });

  it("refuses a page that was never the demo", async () => {
    await seedIfEmpty(parseConfig({ HERALD_DEMO: "false" }));
    await db().component.create({ data: { name: "API", position: 0 } });
    await expect(removeDemo({ actor: { type: "cli" } })).rejects.toBeInstanceOf(ConflictError);
    expect(await db().component.count()).toBe(1);
  });
});

// Posting a new incident with what the dashboard adds: an impact chosen over the computed one, a
// back-dated start, the operator's own X post (checked against X's weighted 280, and posted as
// written), and the channels to notify (the fan-out skips the others).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { startFakeX, type FakeX } from "@/lib/fakes/x-api";
import { createIncident } from "@/lib/incidents/create";
import { createXSender } from "@/lib/notify/channels/x";
import { runDeliver } from "@/lib/notify/deliver";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { CHANNELS, type Channel } from "@/lib/vocabulary";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
async function editor() {
  const op = await db().operator.create({ data: { email: "editor@example.com", role: "editor" } });
  return { type: "operator", operatorId: op.id, role: "editor", email: op.email } as const;
}
const WRITTEN = ["incident", "incident_update", "incident_component", "component_status_change", "audit_log", "notification"] as const;

let phone = 14155550100;
async function subscriber(channel: "email" | "sms" | "webhook", componentIds: string[] = []) {
  const address =
    channel === "email" ? `${randomToken().slice(0, 8).toLowerCase()}@example.com` : channel === "sms" ? `+${phone++}` : `https://hooks.example.com/${randomToken().slice(0, 8)}`;
  return db().subscriber.create({
    data: {
      channel,
      address,
      state: "active",
      confirmedAt: new Date(),
      manageToken: randomToken(),
      webhookSecret: channel === "webhook" ? newWebhookSecret() : null,
      components: { create: componentIds.map((componentId) => ({ componentId })) },
    },
  });
}

async function deliveryChannels(notificationId: string): Promise<Channel[]> {
  const rows = await db().delivery.findMany({ where: { notificationId }, select: { channel: true } });
  return [...new Set(rows.map((r) => r.channel as Channel))].sort();
}

async function refusal(p: Promise<unknown>): Promise<ZodError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ZodError);
  return e as ZodError;
}

describe("createIncident: impact", () => {
  it("computes the impact from the components when none is chosen", async () => {
    const api = await makeComponent("API");
    const { incident } = await createIncident({ actor: cli, input: { name: "Slow", message: "Slow.", components: [{ componentId: api.id, status: "partial_outage" }] } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ impact: "major", impactOverride: null });
  });

  it("keeps the impact the operator chose, and the audit row says so", async () => {
    const api = await makeComponent("API");
    const actor = await editor();
    const { incident, notificationId } = await createIncident({
      actor,
      input: { name: "Slow", message: "Slow.", components: [{ componentId: api.id, status: "degraded_performance" }], impactOverride: "critical" },
    });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ impact: "critical", impactOverride: "critical" });
    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n.payload).toMatchObject({ incident: { impact: "critical" } });

    const [audit] = await db().auditLog.findMany({ where: { action: "incident.create" } });
    expect(audit).toMatchObject({ actorType: "operator", actorId: actor.operatorId, targetType: "incident", targetId: incident.id });
    expect(audit!.data).toMatchObject({
      before: null,
      after: { name: "Slow", status: "investigating", impact: "critical", impactOverride: "critical", components: [{ id: api.id, from: "operational", to: "degraded_performance" }] },
    });
  });

  it("refuses an impact that is not an incident's, and writes nothing", async () => {
    const e = await refusal(createIncident({ actor: cli, input: { name: "X", message: "Y", impactOverride: "maintenance" as never } }));
    expect(e.issues[0]).toMatchObject({ path: ["impactOverride"], message: expect.stringMatching(/none, minor, major, critical/) });
    expect(Object.values(await countRows(WRITTEN)).every((n) => n === 0)).toBe(true);
  });
});

describe("createIncident: started at", () => {
  it("back-dates the incident, its first update and the components' history", async () => {
    const api = await makeComponent("API");
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const { incident, update, notificationId } = await createIncident({
      actor: cli,
      input: { name: "Outage", message: "Down since 2 hours.", components: [{ componentId: api.id, status: "major_outage" }], startedAt },
    });
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt).toEqual(startedAt);
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).displayAt).toEqual(startedAt);
    expect((await db().componentStatusChange.findFirstOrThrow({ where: { componentId: api.id } })).at).toEqual(startedAt);
    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n.payload).toMatchObject({ update: { displayAt: startedAt.toISOString() } });
    const [audit] = await db().auditLog.findMany({ where: { action: "incident.create" } });
    expect(audit!.data).toMatchObject({ after: { startedAt: startedAt.toISOString() } });
  });

  it("never puts a component's history before its last recorded change", async () => {
    const api = await makeComponent("API");
    const lastChange = new Date(Date.now() - 3600_000);
    await db().componentStatusChange.create({ data: { componentId: api.id, oldStatus: null, newStatus: "operational", at: lastChange } });
    const startedAt = new Date(Date.now() - 3 * 3600_000);
    const { incident } = await createIncident({
      actor: cli,
      input: { name: "Outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }], startedAt },
    });
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt).toEqual(startedAt);
    const history = await db().componentStatusChange.findMany({ where: { componentId: api.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.newStatus, h.at])).toEqual([
      ["operational", lastChange],
      ["major_outage", lastChange],
    ]);
  });

  it("refuses a start in the future, and writes nothing", async () => {
    const api = await makeComponent("API");
    const e = await refusal(
      createIncident({
        actor: cli,
        input: { name: "Later", message: "Soon.", components: [{ componentId: api.id, status: "major_outage" }], startedAt: new Date(Date.now() + 3600_000) },
      }),
    );
    expect(e.issues[0]).toMatchObject({ path: ["startedAt"], message: "Started at cannot be in the future" });
    expect(await countRows(WRITTEN)).toEqual({ incident: 0, incident_update: 0, incident_component: 0, component_status_change: 0, audit_log: 0, notification: 0 });
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("operational");
  });
});

describe("createIncident: custom X post", () => {
  let fake: FakeX;
  beforeAll(async () => {
    fake = await startFakeX({ consumerKey: "fake-app-key" });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("refuses a post over 280 weighted characters with its count, and writes nothing", async () => {
    // Emoji count 2 each as X counts them: 141 of them are 282.
    const e = await refusal(createIncident({ actor: cli, input: { name: "Outage", message: "Down.", customTweet: "🔥".repeat(141) } }));
    expect(e.issues[0]).toMatchObject({ path: ["customTweet"], message: "The X post is 282 characters as X counts them; X allows 280" });
    expect(Object.values(await countRows(WRITTEN)).every((n) => n === 0)).toBe(true);
    // 280 exactly is accepted.
    await createIncident({ actor: cli, input: { name: "Outage", message: "Down.", customTweet: "🔥".repeat(140) } });
  });

  it("stores the post, and the X delivery posts it as written", async () => {
    const customTweet = "API down for EU customers. We're on it: https://status.example.com — updates in this thread.";
    const { update, notificationId } = await createIncident({ actor: cli, input: { name: "API outage", message: "A long explanation nobody will read on X.", customTweet } });
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).customTweet).toBe(customTweet);

    const config = parseConfig({
      X_APP_KEY: "fake-app-key",
      X_APP_SECRET: "fake-app-secret",
      X_ACCESS_TOKEN: "1600000000000000001-faketoken",
      X_ACCESS_SECRET: "fake-access-secret",
      X_API_URL: fake.url,
    });
    await runFanout({ notificationId: notificationId!, channelsOn: ["x"] });
    const sender = createXSender(config, { ca: fake.ca });
    try {
      const totals = await runDeliver(notificationId!, { config, workerId: "posting-test", senders: { x: sender } });
      expect(totals.sent).toBe(1);
    } finally {
      await sender.close();
    }
    expect(fake.posts.map((p) => p.text)).toEqual([customTweet]);
  });

  it("an empty post means the composed one", async () => {
    const { update } = await createIncident({ actor: cli, input: { name: "API outage", message: "Down.", customTweet: "   " } });
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).customTweet).toBeNull();
  });
});

describe("createIncident: channels", () => {
  it("notifies only the channels chosen: the fan-out skips the others", async () => {
    const api = await makeComponent("API");
    await subscriber("email");
    await subscriber("sms");
    await subscriber("webhook");
    const { notificationId } = await createIncident({
      actor: cli,
      input: { name: "Outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }], channels: ["webhook", "email", "email"] },
    });
    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n.payload).toMatchObject({ channels: ["email", "webhook"] });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    expect(await deliveryChannels(notificationId!)).toEqual(["email", "webhook"]);
    const [audit] = await db().auditLog.findMany({ where: { action: "incident.create" } });
    expect(audit!.data).toMatchObject({ after: { notify: true, channels: ["email", "webhook"] } });
  });

  it("notifies every channel when none is named", async () => {
    await subscriber("email");
    await subscriber("sms");
    await subscriber("webhook");
    const { notificationId } = await createIncident({ actor: cli, input: { name: "Outage", message: "Down." } });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    expect(await deliveryChannels(notificationId!)).toEqual(["email", "sms", "webhook", "x"]);
  });

  it("refuses notifying with no channel, and writes nothing; not notifying needs none", async () => {
    const e = await refusal(createIncident({ actor: cli, input: { name: "Outage", message: "Down.", channels: [] } }));
    expect(e.issues[0]).toMatchObject({ path: ["channels"], message: expect.stringMatching(/at least one channel/) });
    expect(Object.values(await countRows(WRITTEN)).every((n) => n === 0)).toBe(true);
    const { notificationId } = await createIncident({ actor: cli, input: { name: "Quiet", message: "Fixed before anyone noticed.", channels: [], deliverNotifications: false } });
    expect(notificationId).toBeNull();
  });
});

describe("createIncident: permission", () => {
  it("refuses an actor who may not post incidents, and writes nothing", async () => {
    await expect(createIncident({ actor: { type: "public" }, input: { name: "Outage", message: "Down." } })).rejects.toBeInstanceOf(PermissionError);
    expect(Object.values(await countRows(WRITTEN)).every((n) => n === 0)).toBe(true);
  });
});

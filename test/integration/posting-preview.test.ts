// The preview before posting: what each channel would carry, composed by the notifier's own code,
// and how many subscribers of each channel would get it, counted as the fan-out then creates them.
// A preview writes nothing.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { createIncident, type CreateIncidentInput } from "@/lib/incidents/create";
import { previewIncidentUpdate, previewNewIncident, smsPreview, type IncidentPreview } from "@/lib/incidents/preview";
import { updateIncident, type UpdateIncidentInput } from "@/lib/incidents/update";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { CHANNELS, type Channel } from "@/lib/vocabulary";
import { countRows, makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const ALL_ON = { channelsOn: [...CHANNELS] };

let phone = 14155550100;
async function subscriber(channel: "email" | "sms" | "webhook", opts: { components?: string[]; state?: "active" | "unconfirmed" | "quarantined" } = {}) {
  const state = opts.state ?? "active";
  const address =
    channel === "email" ? `${randomToken().slice(0, 8).toLowerCase()}@example.com` : channel === "sms" ? `+${phone++}` : `https://hooks.example.com/${randomToken().slice(0, 8)}`;
  return db().subscriber.create({
    data: {
      channel,
      address,
      state,
      confirmedAt: state === "unconfirmed" ? null : new Date(),
      quarantinedAt: state === "quarantined" ? new Date() : null,
      manageToken: randomToken(),
      webhookSecret: channel === "webhook" ? newWebhookSecret() : null,
      components: { create: (opts.components ?? []).map((componentId) => ({ componentId })) },
    },
  });
}

/** Every table's row count and the job queue: a preview must leave both as they were. */
async function everything() {
  const tables = (await db().$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`).map((t) => t.tablename);
  return { rows: await countRows(tables), jobs: (await queuedJobs()).length };
}

async function deliveriesPerChannel(notificationId: string): Promise<Record<Channel, number>> {
  const rows = await db().delivery.groupBy({ by: ["channel"], where: { notificationId }, _count: { _all: true } });
  return Object.fromEntries(CHANNELS.map((c) => [c, rows.find((r) => r.channel === c)?._count._all ?? 0])) as Record<Channel, number>;
}

const recipients = (p: IncidentPreview) => Object.fromEntries(p.channels.map((c) => [c.channel, c.recipients])) as Record<Channel, number>;
const channel = (p: IncidentPreview, c: Channel) => p.channels.find((x) => x.channel === c)!;

/** Subscribers of every kind the fan-out tells apart: all components, some, others, not active. */
async function audience() {
  const api = await makeComponent("API", 0);
  const web = await makeComponent("Website", 1);
  await subscriber("email");
  await subscriber("email", { components: [api.id] });
  await subscriber("email", { components: [web.id] });
  await subscriber("email", { state: "unconfirmed" });
  await subscriber("sms");
  await subscriber("sms", { components: [web.id] });
  await subscriber("sms", { state: "quarantined" });
  await subscriber("webhook");
  await subscriber("webhook", { components: [api.id, web.id] });
  return { api, web };
}

describe("previewNewIncident", () => {
  it("counts per channel exactly the deliveries the fan-out then creates, and writes nothing", async () => {
    const { api } = await audience();
    const input: CreateIncidentInput = { name: "API outage", message: "Requests fail.", components: [{ componentId: api.id, status: "major_outage" }] };

    const before = await everything();
    const preview = await previewNewIncident({ actor: cli, input, options: ALL_ON });
    expect(await everything()).toEqual(before);
    expect(preview).toMatchObject({ kind: "incident_created", notify: true, impact: "critical" });
    expect(recipients(preview)).toEqual({ email: 2, sms: 1, webhook: 2, x: 1 });

    const { notificationId } = await createIncident({ actor: cli, input });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    expect(await deliveriesPerChannel(notificationId!)).toEqual(recipients(preview));
  });

  it("shows what each channel carries: the email, the SMS with its segments, the X post with its length, the webhook JSON", async () => {
    const { api } = await audience();
    const preview = await previewNewIncident({
      actor: cli,
      input: { name: "API outage", message: "Requests to the API fail for some customers.", components: [{ componentId: api.id, status: "major_outage" }] },
      options: ALL_ON,
    });
    const email = channel(preview, "email").email!;
    // No sender name set: SMTP_FROM as configured (here its default).
    expect(email.from).toBe("Herald Status <status@herald.localhost>");
    expect(email.subject).toContain("API outage");
    expect(email.html).toContain("Requests to the API fail for some customers.");
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.text).toContain("API: Major outage");

    const sms = channel(preview, "sms").sms!;
    expect(sms.body).toContain("Requests to the API fail");
    expect(sms).toMatchObject({ encoding: "GSM-7", segments: sms.characters <= 160 ? 1 : Math.ceil(sms.characters / 153) });

    const x = channel(preview, "x").x!;
    expect(x).toMatchObject({ custom: false, max: 280 });
    expect(x.text).toContain("API outage");
    expect(x.weightedLength).toBeGreaterThan(0);
    expect(x.weightedLength).toBeLessThanOrEqual(280);

    const body = JSON.parse(channel(preview, "webhook").webhook!.json) as {
      meta: { unsubscribe: string };
      page: { status_indicator: string };
      incident: { name: string; impact: string; incident_updates: { body: string }[]; components: { name: string; status: string }[] };
    };
    expect(Object.keys(body)).toEqual(["meta", "page", "incident"]);
    // One of two components in a major outage: a partial system outage for the page.
    expect(body.page.status_indicator).toBe("major");
    expect(body.incident).toMatchObject({ name: "API outage", impact: "critical" });
    expect(body.incident.incident_updates[0]!.body).toBe("Requests to the API fail for some customers.");
    expect(body.incident.components).toEqual([expect.objectContaining({ name: "API", status: "major_outage" })]);
  });

  it("shows the email from the page's sender name, and under the page's name", async () => {
    await db().pageSettings.create({ data: { name: "Acme", emailSenderName: "Acme Status" } });
    const preview = await previewNewIncident({ actor: cli, input: { name: "API outage", message: "Down." }, options: ALL_ON });
    expect(channel(preview, "email").email).toMatchObject({ from: "Acme Status <status@herald.localhost>", subject: "[Acme] API outage (Investigating)" });
  });

  it("shows the operator's own X post, and the channels not chosen or off as not sent", async () => {
    await audience();
    const preview = await previewNewIncident({
      actor: cli,
      input: { name: "API outage", message: "Down.", customTweet: "We're down 🔥 https://status.example.com", channels: ["email", "x"] },
      options: { channelsOn: ["email", "sms", "x"] },
    });
    expect(channel(preview, "x")).toMatchObject({ sends: true, recipients: 1, x: { text: "We're down 🔥 https://status.example.com", weightedLength: 37, custom: true } });
    expect(channel(preview, "sms")).toMatchObject({ sends: false, recipients: 0, reason: "Not chosen for this post." });
    expect(channel(preview, "webhook")).toMatchObject({ sends: false, recipients: 0, reason: "Not chosen for this post." });
    // No component named: only those subscribed to everything.
    expect(channel(preview, "email")).toMatchObject({ sends: true, recipients: 1 });

    const off = await previewNewIncident({ actor: cli, input: { name: "API outage", message: "Down." }, options: { channelsOn: ["email"] } });
    expect(channel(off, "webhook")).toMatchObject({ sends: false, recipients: 0, reason: expect.stringMatching(/^The channel is off/) });

    const quiet = await previewNewIncident({ actor: cli, input: { name: "API outage", message: "Down.", deliverNotifications: false }, options: ALL_ON });
    expect(quiet.channels.every((c) => !c.sends && c.recipients === 0 && c.reason === "Subscribers are not notified of this post.")).toBe(true);
  });

  it("refuses what posting refuses, with the same words, and an actor who may not post", async () => {
    const e = await previewNewIncident({ actor: cli, input: { name: "API outage", message: "Down.", customTweet: "x".repeat(300) }, options: ALL_ON }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ZodError);
    expect((e as ZodError).issues[0]).toMatchObject({ path: ["customTweet"], message: "The X post is 300 characters as X counts them; X allows 280" });
    const future = await previewNewIncident({ actor: cli, input: { name: "A", message: "B", startedAt: new Date(Date.now() + 3600_000) }, options: ALL_ON }).catch((err: unknown) => err);
    expect((future as ZodError).issues[0]).toMatchObject({ path: ["startedAt"] });
    await expect(previewNewIncident({ actor: { type: "public" }, input: { name: "A", message: "B" }, options: ALL_ON })).rejects.toBeInstanceOf(PermissionError);
  });
});

describe("previewIncidentUpdate", () => {
  it("previews a resolution: its kind, its channels (SMS carries it) and the counts the fan-out then creates; nothing written", async () => {
    const { api, web } = await audience();
    const { incident } = await createIncident({
      actor: cli,
      input: { name: "API outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }], deliverNotifications: false },
    });
    const input: UpdateIncidentInput = {
      incidentId: incident.id,
      status: "resolved",
      message: "Fixed.",
      components: [
        { componentId: api.id, status: "operational" },
        { componentId: web.id, status: "operational" },
      ],
      channels: ["email", "sms", "webhook"],
    };
    const before = await everything();
    const preview = await previewIncidentUpdate({ actor: cli, input, options: ALL_ON });
    expect(await everything()).toEqual(before);
    expect(preview).toMatchObject({ kind: "incident_resolved", impact: "critical" });
    // The update names the website too: its subscribers hear of it now.
    expect(recipients(preview)).toEqual({ email: 3, sms: 2, webhook: 2, x: 0 });
    const hook = JSON.parse(channel(preview, "webhook").webhook!.json) as { incident: { status: string; incident_updates: { body: string }[] } };
    expect(hook.incident.status).toBe("resolved");
    expect(hook.incident.incident_updates.map((u) => u.body)).toEqual(["Fixed.", "Down."]);

    const { notificationId } = await updateIncident({ actor: cli, input });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    expect(await deliveriesPerChannel(notificationId!)).toEqual(recipients(preview));
  });

  it("an update that is not a creation or resolution is not sent by SMS, as the settings say", async () => {
    const { api } = await audience();
    const { incident } = await createIncident({ actor: cli, input: { name: "API outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }], deliverNotifications: false } });
    const preview = await previewIncidentUpdate({ actor: cli, input: { incidentId: incident.id, status: "identified", message: "Found it." }, options: ALL_ON });
    expect(preview.kind).toBe("incident_updated");
    expect(channel(preview, "sms")).toMatchObject({ sends: false, recipients: 0, reason: "The page's settings do not send this kind of notice on this channel." });
    const { notificationId } = await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "identified", message: "Found it." } });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    expect(await deliveriesPerChannel(notificationId!)).toEqual(recipients(preview));
  });

  it("refuses an unknown incident and a status of the other kind", async () => {
    await expect(previewIncidentUpdate({ actor: cli, input: { incidentId: "nosuchincid0", message: "x" }, options: ALL_ON })).rejects.toThrow(/No incident or maintenance/);
    const { incident } = await createIncident({ actor: cli, input: { name: "A", message: "B", deliverNotifications: false } });
    const e = await previewIncidentUpdate({ actor: cli, input: { incidentId: incident.id, status: "completed", message: "x" }, options: ALL_ON }).catch((err: unknown) => err);
    expect((e as ZodError).issues[0]).toMatchObject({ path: ["status"] });
  });
});

describe("smsPreview", () => {
  it("counts GSM-7 segments of 160/153 and UCS-2 segments of 70/67", () => {
    expect(smsPreview("a".repeat(160))).toMatchObject({ encoding: "GSM-7", characters: 160, segments: 1 });
    expect(smsPreview("a".repeat(161))).toMatchObject({ encoding: "GSM-7", segments: 2 });
    expect(smsPreview("€".repeat(80))).toMatchObject({ encoding: "GSM-7", characters: 160, segments: 1 });
    expect(smsPreview("ş".repeat(70))).toMatchObject({ encoding: "UCS-2", characters: 70, segments: 1 });
    expect(smsPreview("ş".repeat(71))).toMatchObject({ encoding: "UCS-2", segments: 2 });
  });
});

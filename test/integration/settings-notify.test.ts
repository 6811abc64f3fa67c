// The notifier follows the page's settings: which notices go out by SMS and X (page_settings
// sms_events / x_events, read when a fan-out starts), and the name email notices come from.
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/fakes/smtp-catcher";
import { createIncident } from "@/lib/incidents/create";
import { runDeliver } from "@/lib/notify/deliver";
import { runFanout } from "@/lib/notify/fanout";
import { channelsFor } from "@/lib/notify/rules";
import { updateSettings } from "@/lib/settings/update";
import { randomToken } from "@/lib/tokens";
import type { Channel, NotificationKind } from "@/lib/vocabulary";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

let smtp: SmtpCatcher | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const ON: Channel[] = ["email", "sms", "x"];

async function subscribers() {
  const email = await db().subscriber.create({ data: { channel: "email", address: "ops@example.com", state: "active", manageToken: randomToken(), confirmedAt: new Date() } });
  const sms = await db().subscriber.create({ data: { channel: "sms", address: "+14155550100", state: "active", manageToken: randomToken(), confirmedAt: new Date() } });
  return { email, sms };
}

async function notice(kind: NotificationKind) {
  return db().notification.create({
    data: {
      kind,
      payload: {
        incident: { id: "none", name: "API errors", status: "investigating", impact: "minor", kind: "incident" },
        update: { id: "u", status: "investigating", body: "Looking.", displayAt: new Date().toISOString() },
        components: [],
        componentIds: [],
      },
    },
  });
}

/** The channels a fan-out of this notice made deliveries on (X: the page's own account). */
async function fannedOut(kind: NotificationKind): Promise<Channel[]> {
  const n = await notice(kind);
  await runFanout({ notificationId: n.id, channelsOn: ON });
  const rows = await db().delivery.findMany({ where: { notificationId: n.id }, select: { channel: true } });
  return rows.map((r) => r.channel).sort();
}

describe("SMS and X follow the page's settings", () => {
  it("without settings, sends as before: SMS on creation and resolution, X on every notice", async () => {
    await subscribers();
    expect(await fannedOut("incident_created")).toEqual(["email", "sms", "x"]);
    expect(await fannedOut("incident_updated")).toEqual(["email", "x"]);
    expect(await fannedOut("maintenance_started")).toEqual(["email", "sms", "x"]);
    expect(await fannedOut("maintenance_scheduled")).toEqual(["email", "x"]);
  });

  it("sends by SMS and X exactly the notices the operator chose, read when the fan-out starts", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    await subscribers();
    await updateSettings({ actor: { type: "cli" }, input: { smsEvents: ["incident_updated"], xEvents: ["maintenance_scheduled"] } });
    expect(await fannedOut("incident_created")).toEqual(["email"]);
    expect(await fannedOut("incident_updated")).toEqual(["email", "sms"]);
    expect(await fannedOut("maintenance_scheduled")).toEqual(["email", "x"]);

    await updateSettings({ actor: { type: "cli" }, input: { smsEvents: [], xEvents: [] } });
    for (const kind of ["incident_created", "incident_updated", "incident_resolved", "maintenance_started"] as const) {
      expect(await fannedOut(kind), kind).toEqual(["email"]);
    }
  });

  it("still sends an SMS subscriber their confirmation when the page sends nothing else by SMS", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test", smsEvents: [], xEvents: [] } });
    const { sms } = await subscribers();
    await db().subscriber.update({ where: { id: sms.id }, data: { state: "unconfirmed", confirmToken: randomToken() } });
    const n = await db().notification.create({ data: { kind: "subscription_confirmation", targetSubscriberId: sms.id, payload: { purpose: "confirm" } } });
    await runFanout({ notificationId: n.id, channelsOn: ON });
    expect(await db().delivery.findMany({ where: { notificationId: n.id }, select: { channel: true, subscriberId: true } })).toEqual([{ channel: "sms", subscriberId: sms.id }]);
  });

  it("never sends a component's status change by SMS or X, even if the row says so", async () => {
    // The use case refuses these (settings-update.test.ts); a row written by hand is still held to the rule.
    await db().pageSettings.create({
      data: { id: 1, name: "Acme", url: "https://status.acme.test", smsEvents: ["component_status_changed"], xEvents: ["component_status_changed", "subscription_confirmation"] },
    });
    expect(channelsFor("component_status_changed", ["email", "sms", "webhook", "x"], { sms: ["component_status_changed"], x: ["component_status_changed"] })).toEqual(["webhook"]);
    expect(channelsFor("subscription_confirmation", ["email", "sms", "x"], { sms: [], x: ["subscription_confirmation"] })).toEqual(["email", "sms"]);
    await subscribers();
    expect(await fannedOut("component_status_changed")).toEqual([]);
  });
});

describe("the email sender's name", () => {
  async function sendOne(): Promise<{ name: string; address: string }> {
    smtp = await startSmtpCatcher({ port: 0 });
    const config = parseConfig({ SMTP_URL: smtp.url, SMTP_FROM: "Herald Status <status@herald.localhost>", HERALD_PUBLIC_URL: "https://status.acme.test" });
    await db().subscriber.create({ data: { channel: "email", address: "ops@example.com", state: "active", manageToken: randomToken(), confirmedAt: new Date() } });
    const { notificationId } = await createIncident({ actor: { type: "cli" }, input: { name: "API errors", message: "Looking." } });
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    const state = (await import("@/lib/notify/channels/email")).email.configure(config);
    if (!state.on) throw new Error("email should be on");
    const sender = state.open();
    try {
      await runDeliver(notificationId!, { config, workerId: "w1", senders: { email: sender } });
    } finally {
      await sender.close();
    }
    const end = Date.now() + 10_000;
    let mail = await db().capturedMessage.findFirst();
    while (!mail && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      mail = await db().capturedMessage.findFirst();
    }
    const from = (mail!.headers as Record<string, string>).from!;
    return (JSON.parse(from) as { value: { name: string; address: string }[] }).value[0]!;
  }

  it("puts the page's sender name before SMTP_FROM's address", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    await updateSettings({ actor: { type: "cli" }, input: { emailSenderName: "Acme Cloud Status" } });
    expect(await sendOne()).toEqual({ name: "Acme Cloud Status", address: "status@herald.localhost" });
  });

  it("uses SMTP_FROM as configured when no sender name is set", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    expect(await sendOne()).toEqual({ name: "Herald Status", address: "status@herald.localhost" });
  });
});

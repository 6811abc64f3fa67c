// Webhook bodies: Statuspage's incident payload, frozen once per notification at fan-out.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { compose } from "@/lib/notify/compose";
import { webhookPayload } from "@/lib/statuspage/webhook";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

// A real incident webhook payload from Statuspage (docs/formats.md, "Subscriber webhooks").
const capture = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../contract/fixtures/webhook-incident.real-capture.json"), "utf8"));

describe("webhook payloads", () => {
  it("carry meta, page and the whole incident with exactly the capture's keys, the same for every retry", async () => {
    const api = await makeComponent("API");
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    const hook = await db().subscriber.create({
      data: { channel: "webhook", address: "https://hooks.acme.test/status", state: "active", confirmedAt: new Date(), manageToken: randomToken(), webhookSecret: newWebhookSecret() },
    });
    const { incident, notificationId } = await createIncident({
      actor: { type: "cli" },
      input: { name: "API errors", message: "Elevated 5xx.", components: [{ componentId: api.id, status: "partial_outage" }] },
    });
    await runFanout({ notificationId: notificationId!, channelsOn: ["webhook"] });
    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    const d = await db().delivery.findFirstOrThrow({ where: { notificationId: notificationId! } });
    expect(d).toMatchObject({ channel: "webhook", subscriberId: hook.id });

    const message = () =>
      compose({
        delivery: { id: d.id, channel: "webhook" },
        notification: { id: n.id, kind: "incident_created", payload: n.payload, incidentId: incident.id },
        subscriber: { address: hook.address, confirmToken: null, manageToken: hook.manageToken, webhookSecret: hook.webhookSecret },
        page: { name: "Acme" },
        publicUrl: "https://status.acme.test",
      });
    const json = message().json!;
    const body = JSON.parse(json) as typeof capture;
    // Serialized once per notification but for meta: byte for byte what serializing the whole payload gives.
    const { meta, ...rest } = body;
    expect(json).toBe(JSON.stringify(webhookPayload(rest, { unsubscribeUrl: meta.unsubscribe, generatedAt: meta.generated_at })));
    expect(Object.keys(body)).toEqual(Object.keys(capture));
    expect(Object.keys(body.meta)).toEqual(Object.keys(capture.meta));
    expect(Object.keys(body.page)).toEqual(Object.keys(capture.page));
    expect(Object.keys(body.incident)).toEqual(Object.keys(capture.incident));
    expect(Object.keys(body.incident.incident_updates[0])).toEqual(Object.keys(capture.incident.incident_updates[0]));
    expect(body.meta.unsubscribe).toBe(`https://status.acme.test/subscriptions/unsubscribe/${hook.manageToken}`);
    expect(body.page).toEqual({ id: expect.any(String), status_indicator: "major", status_description: "Partial System Outage" });
    expect(body.incident).toMatchObject({ id: incident.id, name: "API errors", status: "investigating", impact: "major", shortlink: `https://status.acme.test/incidents/${incident.id}` });
    expect(body.incident.incident_updates[0].affected_components).toEqual([{ code: api.id, name: "API", old_status: "operational", new_status: "partial_outage" }]);
    expect(body.incident.components.map((c: { id: string }) => c.id)).toEqual([api.id]);

    // Later writes do not change a body already frozen: a retry sends the same bytes.
    await db().incident.update({ where: { id: incident.id }, data: { name: "Renamed" } });
    await db().notification.update({ where: { id: n.id }, data: { fanoutState: "pending" } });
    await runFanout({ notificationId: n.id, channelsOn: ["webhook"] });
    const again = await db().notification.findUniqueOrThrow({ where: { id: n.id } });
    expect(compose({
      delivery: { id: d.id, channel: "webhook" },
      notification: { id: n.id, kind: "incident_created", payload: again.payload, incidentId: incident.id },
      subscriber: { address: hook.address, confirmToken: null, manageToken: hook.manageToken, webhookSecret: hook.webhookSecret },
      page: { name: "Acme" },
      publicUrl: "https://status.acme.test",
    }).json).toBe(json);
  });
});

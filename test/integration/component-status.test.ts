// A component's status set outside any incident: history, audit and a component_status_changed
// notification that reaches webhook subscribers only, in Statuspage's component-update shape.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { setComponentStatus } from "@/lib/components/set-status";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { compose } from "@/lib/notify/compose";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { CHANNELS } from "@/lib/vocabulary";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;

// A real component webhook payload from Statuspage (docs/formats.md, "Subscriber webhooks").
const capture = {
  meta: {
    unsubscribe: "http://mycompany24.statuspage.io/?unsubscribe=zjcdb6727vmj",
    documentation: "http://doers.statuspage.io/customer-notifications/webhooks/",
    generated_at: "2017-12-26T07:59:09.498Z",
  },
  page: { id: "jb7j80lkgqvb", status_indicator: "maintenance", status_description: "Service Under Maintenance" },
  component: {
    status: "under_maintenance",
    name: "Database component",
    created_at: "2017-12-26T07:57:28.743Z",
    updated_at: "2017-12-26T07:59:09.371Z",
    position: 3,
    description: null,
    showcase: true,
    id: "sqm6pl84wzjc",
    page_id: "jb7j80lkgqvb",
    group_id: null,
  },
  component_update: {
    old_status: "operational",
    new_status: "under_maintenance",
    created_at: "2017-12-26T07:59:09.379Z",
    component_type: "Component",
    id: "nd963wv4j30b",
    component_id: "sqm6pl84wzjc",
  },
};

async function subscriber(channel: "email" | "sms" | "webhook", address: string, componentIds: string[] = []) {
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

describe("setComponentStatus", () => {
  it("writes the status, a history row, the audit row and a component_status_changed notification", async () => {
    const api = await makeComponent("API");
    const r = await setComponentStatus({ actor: cli, input: { componentId: api.id, status: "partial_outage" } });
    expect(r.changed).toBe(true);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("partial_outage");
    const history = await db().componentStatusChange.findMany();
    expect(history).toEqual([expect.objectContaining({ componentId: api.id, oldStatus: "operational", newStatus: "partial_outage", incidentUpdateId: null })]);
    expect(await db().auditLog.findMany()).toEqual([
      expect.objectContaining({ actorType: "cli", action: "component.set_status", targetType: "component", targetId: api.id }),
    ]);
    const n = await db().notification.findUniqueOrThrow({ where: { id: r.notificationId! } });
    expect(n).toMatchObject({ kind: "component_status_changed", componentId: api.id, incidentId: null, incidentUpdateId: null });
    expect(n.payload).toEqual({
      component: { id: api.id, name: "API", oldStatus: "operational", newStatus: "partial_outage" },
      change: { id: history[0]!.id.toString(), at: history[0]!.at.toISOString() },
      componentIds: [api.id],
    });
    expect(await queuedJobs()).toEqual([{ task_identifier: "fanout", key: `fanout:${n.id}`, payload: { notificationId: n.id } }]);
  });

  it("writes nothing when the status does not change, and refuses an unknown component or a public actor", async () => {
    const api = await makeComponent("API", 0, "degraded_performance");
    expect(await setComponentStatus({ actor: cli, input: { componentId: api.id, status: "degraded_performance" } })).toMatchObject({ changed: false, notificationId: null });
    await expect(setComponentStatus({ actor: cli, input: { componentId: "nosuchcompon", status: "major_outage" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setComponentStatus({ actor: { type: "public" }, input: { componentId: api.id, status: "major_outage" } })).rejects.toBeInstanceOf(PermissionError);
    expect(await db().componentStatusChange.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
    expect(await db().notification.count()).toBe(0);
  });

  it("reaches webhook subscribers only (those who chose the component or none), with Statuspage's component-update body", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    const db1 = await makeComponent("Database", 3);
    const other = await makeComponent("Website", 4);
    await subscriber("email", "all@example.com");
    await subscriber("sms", "+14155550100");
    const hook = await subscriber("webhook", "https://hooks.acme.test/status");
    const chose = await subscriber("webhook", "https://hooks.acme.test/db", [db1.id]);
    await subscriber("webhook", "https://hooks.acme.test/web", [other.id]);

    const { notificationId } = await setComponentStatus({ actor: cli, input: { componentId: db1.id, status: "under_maintenance" } });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    const deliveries = await db().delivery.findMany({ where: { notificationId: notificationId! } });
    expect(deliveries.map((d) => d.channel)).toEqual(["webhook", "webhook"]);
    expect(deliveries.map((d) => d.subscriberId).sort()).toEqual([hook.id, chose.id].sort());

    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    const d = deliveries.find((x) => x.subscriberId === hook.id)!;
    const message = compose({
      delivery: { id: d.id, channel: "webhook" },
      notification: { id: n.id, kind: "component_status_changed", payload: n.payload, incidentId: null },
      subscriber: { address: hook.address, confirmToken: null, manageToken: hook.manageToken, webhookSecret: hook.webhookSecret },
      page: { name: "Acme" },
      publicUrl: "https://status.acme.test",
    });
    expect(message.subject).toBe("[Acme] Database: Under maintenance");
    expect(message.text).toContain("Database is now Under maintenance (was Operational).");
    const body = JSON.parse(message.json!) as typeof capture;
    // Exactly the capture's keys, in its order, at every level.
    expect(Object.keys(body)).toEqual(Object.keys(capture));
    expect(Object.keys(body.meta)).toEqual(Object.keys(capture.meta));
    expect(Object.keys(body.page)).toEqual(Object.keys(capture.page));
    expect(Object.keys(body.component)).toEqual(Object.keys(capture.component));
    expect(Object.keys(body.component_update)).toEqual(Object.keys(capture.component_update));

    const history = await db().componentStatusChange.findFirstOrThrow({ where: { componentId: db1.id } });
    expect(body.meta.unsubscribe).toBe(`https://status.acme.test/subscriptions/unsubscribe/${hook.manageToken}`);
    expect(body.page).toEqual({ id: expect.any(String), status_indicator: "maintenance", status_description: "Service Under Maintenance" });
    expect(body.component).toMatchObject({ id: db1.id, name: "Database", status: "under_maintenance", position: 3, description: null, showcase: true, group_id: null, page_id: body.page.id });
    expect(body.component_update).toEqual({
      old_status: "operational",
      new_status: "under_maintenance",
      created_at: history.at.toISOString(),
      component_type: "Component",
      id: history.id.toString(),
      component_id: db1.id,
    });
  });
});

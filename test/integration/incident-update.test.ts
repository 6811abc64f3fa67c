// Posting an update to an incident: status, history, audit and notification in one transaction;
// a resolution cancels the SMS and X messages of earlier notices still queued, and a fan-out of an
// earlier notice that runs after (or during) the resolution makes none.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { applyIncidentUpdate, updateIncident, UpdateIncidentInput } from "@/lib/incidents/update";
import { SUPERSEDED_ERROR } from "@/lib/notify/rules";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { CHANNELS, type Channel } from "@/lib/vocabulary";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;

let phone = 14155550100;
async function subscriber(channel: "email" | "sms" | "webhook") {
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
    },
  });
}

async function deliveriesOf(notificationId: string) {
  const rows = await db().delivery.findMany({ where: { notificationId }, orderBy: { id: "asc" } });
  return rows.map((d) => ({ id: d.id, channel: d.channel as Channel, state: d.state, lastError: d.lastError }));
}

const channelsOf = (ds: { channel: Channel }[]) => [...new Set(ds.map((d) => d.channel))].sort();

describe("updateIncident", () => {
  it("writes the status, the update, the component changes and their history, the audit row and an incident_updated notification", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    const { incident } = await createIncident({
      actor: cli,
      input: { name: "API errors", message: "Looking.", components: [{ componentId: api.id, status: "degraded_performance" }] },
    });

    const { update, notificationId, kind } = await updateIncident({
      actor: cli,
      input: {
        incidentId: incident.id,
        status: "monitoring",
        message: "A fix is out.",
        components: [
          { componentId: api.id, status: "partial_outage" },
          { componentId: web.id, status: "degraded_performance" },
        ],
      },
    });
    expect(kind).toBe("incident_updated");

    const stored = await db().incident.findUniqueOrThrow({ where: { id: incident.id }, include: { components: true } });
    expect(stored).toMatchObject({ status: "monitoring", impact: "major", resolvedAt: null });
    expect(stored.monitoringAt).toBeInstanceOf(Date);
    // The newly named component joins the incident.
    expect(stored.components.map((c) => c.componentId).sort()).toEqual([api.id, web.id].sort());

    const u = await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id }, include: { affectedComponents: true } });
    expect(u).toMatchObject({ status: "monitoring", body: "A fix is out.", deliverNotifications: true });
    expect(u.affectedComponents.map(({ componentId, oldStatus, newStatus }) => ({ componentId, oldStatus, newStatus }))).toEqual(
      expect.arrayContaining([
        { componentId: api.id, oldStatus: "degraded_performance", newStatus: "partial_outage" },
        { componentId: web.id, oldStatus: "operational", newStatus: "degraded_performance" },
      ]),
    );
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("partial_outage");
    const history = await db().componentStatusChange.findMany({ where: { incidentUpdateId: update.id } });
    expect(history.map((h) => [h.componentId, h.oldStatus, h.newStatus]).sort()).toEqual(
      [
        [api.id, "degraded_performance", "partial_outage"],
        [web.id, "operational", "degraded_performance"],
      ].sort(),
    );

    const audit = await db().auditLog.findMany({ where: { action: "incident.update" } });
    expect(audit).toEqual([expect.objectContaining({ actorType: "cli", targetType: "incident", targetId: incident.id })]);

    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n).toMatchObject({ kind: "incident_updated", incidentId: incident.id, incidentUpdateId: update.id, fanoutState: "pending" });
    expect(n.payload).toMatchObject({
      incident: { id: incident.id, status: "monitoring", impact: "major", kind: "incident" },
      update: { id: update.id, status: "monitoring", body: "A fix is out." },
    });
    // Every component the incident touches, not only those this update named.
    expect([...(n.payload as { componentIds: string[] }).componentIds].sort()).toEqual([api.id, web.id].sort());
    expect((await queuedJobs()).filter((j) => j.key === `fanout:${notificationId}`)).toHaveLength(1);
  });

  it("resolves with incident_resolved and keeps the worst impact; a second resolve is just an update", async () => {
    const api = await makeComponent("API");
    const { incident } = await createIncident({
      actor: cli,
      input: { name: "Outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }] },
    });
    const first = await updateIncident({
      actor: cli,
      input: { incidentId: incident.id, status: "resolved", message: "Back.", components: [{ componentId: api.id, status: "operational" }] },
    });
    expect(first.kind).toBe("incident_resolved");
    const resolved = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(resolved).toMatchObject({ status: "resolved", impact: "critical" });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);

    const second = await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "resolved", message: "Root cause: a bad deploy." } });
    expect(second.kind).toBe("incident_updated");
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).resolvedAt).toEqual(resolved.resolvedAt);

    // Reopening clears resolvedAt (the database insists), an override wins over the derived impact.
    await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "investigating", message: "It is back.", impactOverride: "minor" } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: "investigating", resolvedAt: null, impact: "minor", impactOverride: "minor" });
  });

  it("refuses a maintenance status for an incident, an unknown incident or component, and writes nothing", async () => {
    const { incident } = await createIncident({ actor: cli, input: { name: "X", message: "Y" } });
    await expect(updateIncident({ actor: cli, input: { incidentId: incident.id, status: "completed", message: "Z" } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateIncident({ actor: cli, input: { incidentId: "nosuchincide", message: "Z" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Z", components: [{ componentId: "nosuchcompon", status: "major_outage" }] } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().incidentUpdate.count()).toBe(1);
    expect(await db().notification.count()).toBe(1);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("investigating");
  });

  it("a resolution cancels queued SMS and X of earlier notices, not email, webhooks or messages being sent", async () => {
    const api = await makeComponent("API");
    await subscriber("email");
    await subscriber("webhook");
    const sms = [await subscriber("sms"), await subscriber("sms"), await subscriber("sms")];
    const { incident, notificationId: created } = await createIncident({
      actor: cli,
      input: { name: "Outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }] },
    });
    await runFanout({ notificationId: created!, channelsOn: [...CHANNELS] });
    expect(channelsOf(await deliveriesOf(created!))).toEqual(["email", "sms", "webhook", "x"]);
    // One SMS is in a worker's hands, one waits for a retry, one is pending.
    await db().delivery.updateMany({ where: { notificationId: created!, subscriberId: sms[0]!.id }, data: { state: "sending", attemptCount: 1 } });
    await db().delivery.updateMany({ where: { notificationId: created!, subscriberId: sms[1]!.id }, data: { state: "retrying", attemptCount: 1 } });

    const { notificationId: resolvedId, cancelledDeliveries } = await updateIncident({
      actor: cli,
      input: { incidentId: incident.id, status: "resolved", message: "Back.", components: [{ componentId: api.id, status: "operational" }] },
    });
    expect(cancelledDeliveries).toBe(3); // the retrying SMS, the pending SMS, the X post

    const after = await db().delivery.findMany({ where: { notificationId: created! } });
    const stateOf = (channel: Channel, subscriberId?: string) =>
      after.filter((d) => d.channel === channel && (subscriberId === undefined || d.subscriberId === subscriberId)).map((d) => d.state);
    expect(stateOf("email")).toEqual(["pending"]);
    expect(stateOf("webhook")).toEqual(["pending"]);
    expect(stateOf("x")).toEqual(["cancelled"]);
    expect(stateOf("sms", sms[0]!.id)).toEqual(["sending"]);
    expect(stateOf("sms", sms[1]!.id)).toEqual(["cancelled"]);
    expect(stateOf("sms", sms[2]!.id)).toEqual(["cancelled"]);
    expect(after.filter((d) => d.state === "cancelled").every((d) => d.lastError === SUPERSEDED_ERROR)).toBe(true);

    // The resolution itself goes out on every channel.
    await runFanout({ notificationId: resolvedId!, channelsOn: [...CHANNELS] });
    const closing = await deliveriesOf(resolvedId!);
    expect(channelsOf(closing)).toEqual(["email", "sms", "webhook", "x"]);
    expect(closing.every((d) => d.state === "pending")).toBe(true);
  });

  it("a fan-out of an earlier notice run after the resolution makes no SMS or X deliveries", async () => {
    await subscriber("email");
    await subscriber("sms");
    const { incident, notificationId: created } = await createIncident({ actor: cli, input: { name: "Outage", message: "Down." } });
    const { notificationId: updated } = await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "identified", message: "Found it." } });
    const { notificationId: resolved } = await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "resolved", message: "Fixed." } });

    await runFanout({ notificationId: created!, channelsOn: [...CHANNELS] });
    await runFanout({ notificationId: updated!, channelsOn: [...CHANNELS] });
    await runFanout({ notificationId: resolved!, channelsOn: [...CHANNELS] });
    expect(channelsOf(await deliveriesOf(created!))).toEqual(["email"]);
    expect(channelsOf(await deliveriesOf(updated!))).toEqual(["email"]);
    expect(channelsOf(await deliveriesOf(resolved!))).toEqual(["email", "sms", "x"]);

    // An update posted after the resolution (still resolved) is news: X posts it.
    const { notificationId: later } = await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Postmortem to follow." } });
    await runFanout({ notificationId: later!, channelsOn: [...CHANNELS] });
    expect(channelsOf(await deliveriesOf(later!))).toEqual(["email", "x"]);
  });

  it("a fan-out already running when the resolution commits makes no SMS or X deliveries after it", async () => {
    await subscriber("email");
    await subscriber("sms");
    await subscriber("sms");
    const { incident, notificationId: created } = await createIncident({ actor: cli, input: { name: "Outage", message: "Down." } });

    // The resolution holds the incident while the fan-out starts (and sees it open); the fan-out's
    // first batch must wait for it and then leave SMS and X out.
    let fanout: Promise<unknown> | undefined;
    await db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM incident WHERE id = ${incident.id} FOR UPDATE`;
        fanout = runFanout({ notificationId: created!, channelsOn: [...CHANNELS], batchSize: 1 });
        await waitForLockWaiter();
        await applyIncidentUpdate(tx, cli, UpdateIncidentInput.parse({ incidentId: incident.id, status: "resolved", message: "Fixed." }));
      },
      { timeout: 30_000 },
    );
    await fanout;
    const ds = await deliveriesOf(created!);
    expect(channelsOf(ds)).toEqual(["email"]);
    expect(await db().notification.findUniqueOrThrow({ where: { id: created! } })).toMatchObject({ fanoutState: "done" });
  });
});

/** Until some session of this database waits for a row lock (the fan-out's batch). */
async function waitForLockWaiter(ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const [row] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (Number(row?.n ?? 0) > 0) return;
    if (Date.now() > end) throw new Error("the fan-out never waited for the incident");
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Posting an update with what the dashboard adds: choosing and clearing the impact, correcting the
// incident's start (its first update moves with it), the operator's own X post, and the channels.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { loadUpdatePosting } from "@/lib/admin/posting";
import { createIncident } from "@/lib/incidents/create";
import { updateIncident } from "@/lib/incidents/update";
import { runFanout } from "@/lib/notify/fanout";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { CHANNELS, type Channel } from "@/lib/vocabulary";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;

async function refusal(p: Promise<unknown>): Promise<ZodError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ZodError);
  return e as ZodError;
}

async function incidentWith(status: "degraded_performance" | "partial_outage" | "major_outage" = "degraded_performance", startedAt?: Date) {
  const api = await makeComponent("API");
  const { incident, update } = await createIncident({ actor: cli, input: { name: "API errors", message: "Looking.", components: [{ componentId: api.id, status }], startedAt } });
  return { api, incident, first: update };
}

const rowsAfterCreate = () => countRows(["incident_update", "audit_log", "notification", "component_status_change"]);

describe("updateIncident: impact", () => {
  it("sets an override, keeps it on later updates, and clears it back to the impact the components give", async () => {
    const { api, incident } = await incidentWith("degraded_performance");
    await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Worse than it looks.", impactOverride: "critical" } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ impact: "critical", impactOverride: "critical" });

    // Omitted: the override stays, whatever the components do.
    await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Better.", components: [{ componentId: api.id, status: "partial_outage" }] } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ impact: "critical", impactOverride: "critical" });

    // Cleared: the worst the updates set on components (partial outage → major).
    const { notificationId } = await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Back to computed.", impactOverride: null } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ impact: "major", impactOverride: null });
    expect((await db().notification.findUniqueOrThrow({ where: { id: notificationId! } })).payload).toMatchObject({ incident: { impact: "major" } });

    const audits = await db().auditLog.findMany({ where: { action: "incident.update" }, orderBy: { id: "asc" } });
    expect(audits[0]!.data).toMatchObject({ before: { impact: "minor", impactOverride: null }, after: { impact: "critical", impactOverride: "critical" } });
    expect(audits[2]!.data).toMatchObject({ before: { impact: "critical", impactOverride: "critical" }, after: { impact: "major", impactOverride: null } });
  });
});

describe("updateIncident: started at", () => {
  it("moves the incident's start and its first update with it", async () => {
    const { incident, first } = await incidentWith();
    const second = await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Still looking." } });
    const startedAt = new Date(Date.now() - 5 * 3600_000);
    await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "It began earlier than we said.", startedAt } });
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt).toEqual(startedAt);
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: first.id } })).displayAt).toEqual(startedAt);
    // The others stay where they were.
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: second.update.id } })).displayAt).toEqual(second.update.displayAt);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "incident.update" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ before: { startedAt: incident.startedAt.toISOString() }, after: { startedAt: startedAt.toISOString() } });
  });

  it("refuses a start in the future or after the second update, and writes nothing", async () => {
    const { incident } = await incidentWith("degraded_performance", new Date(Date.now() - 3 * 3600_000));
    const second = await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "An hour later." } });
    await db().incidentUpdate.update({ where: { id: second.update.id }, data: { displayAt: new Date(Date.now() - 2 * 3600_000) } });
    const before = await rowsAfterCreate();

    const future = await refusal(updateIncident({ actor: cli, input: { incidentId: incident.id, message: "x", startedAt: new Date(Date.now() + 3600_000) } }));
    expect(future.issues[0]).toMatchObject({ path: ["startedAt"], message: "Started at cannot be in the future" });
    const late = await refusal(updateIncident({ actor: cli, input: { incidentId: incident.id, message: "x", startedAt: new Date(Date.now() - 3600_000) } }));
    expect(late.issues[0]).toMatchObject({ path: ["startedAt"], message: expect.stringMatching(/^Started at must be before the incident's second update/) });

    expect(await rowsAfterCreate()).toEqual(before);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt).toEqual(incident.startedAt);
  });
});

describe("updateIncident: custom X post and channels", () => {
  it("stores the X post with the update and in its notification; refuses one over 280 with its count", async () => {
    const { incident } = await incidentWith();
    const before = await rowsAfterCreate();
    const e = await refusal(updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Fixed.", customTweet: "x".repeat(281) } }));
    expect(e.issues[0]).toMatchObject({ path: ["customTweet"], message: "The X post is 281 characters as X counts them; X allows 280" });
    expect(await rowsAfterCreate()).toEqual(before);

    const { update, notificationId } = await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Fixed.", customTweet: "Fixed. Thanks for your patience." } });
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).customTweet).toBe("Fixed. Thanks for your patience.");
    expect((await db().notification.findUniqueOrThrow({ where: { id: notificationId! } })).payload).toMatchObject({ update: { customTweet: "Fixed. Thanks for your patience." } });
  });

  it("notifies only the channels chosen", async () => {
    const { incident } = await incidentWith();
    for (const channel of ["email", "sms", "webhook"] as const) {
      await db().subscriber.create({
        data: {
          channel,
          address: channel === "email" ? "a@example.com" : channel === "sms" ? "+14155550100" : "https://hooks.example.com/a",
          state: "active",
          confirmedAt: new Date(),
          manageToken: randomToken(),
          webhookSecret: channel === "webhook" ? newWebhookSecret() : null,
        },
      });
    }
    const { notificationId } = await updateIncident({ actor: cli, input: { incidentId: incident.id, status: "resolved", message: "Fixed.", channels: ["sms", "x"] } });
    await runFanout({ notificationId: notificationId!, channelsOn: [...CHANNELS] });
    const rows = await db().delivery.findMany({ where: { notificationId: notificationId! }, select: { channel: true } });
    expect([...new Set(rows.map((r) => r.channel as Channel))].sort()).toEqual(["sms", "x"]);
  });

  it("refuses an actor who may not post, and writes nothing", async () => {
    const { incident } = await incidentWith();
    const before = await rowsAfterCreate();
    await expect(updateIncident({ actor: { type: "public" }, input: { incidentId: incident.id, message: "x" } })).rejects.toBeInstanceOf(PermissionError);
    expect(await rowsAfterCreate()).toEqual(before);
  });
});

describe("loadUpdatePosting", () => {
  it("gives the update form the computed impact under an override, the start in the page's time zone, and the last notice's channels", async () => {
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "Europe/Paris" } });
    const { incident } = await incidentWith("partial_outage", new Date("2026-01-15T08:30:00Z"));
    await updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Worse.", impactOverride: "critical", channels: ["email", "x"] } });
    const posting = await loadUpdatePosting({ actor: cli, input: { incidentId: incident.id } });
    expect(posting).toMatchObject({ computedImpact: "major", impactOverride: "critical", timeZone: "Europe/Paris", startedAtLocal: "2026-01-15T09:30", channels: ["email", "x"] });
    await expect(loadUpdatePosting({ actor: { type: "public" }, input: { incidentId: incident.id } })).rejects.toBeInstanceOf(PermissionError);
  });
});

// Postmortems (lib/incidents/{save,publish,revert}-postmortem.ts): a draft is private, a published
// one is on the page, in the API's webhooks and marked with its time, a reverted one is a draft
// again; subscribers hear of it only when asked, with a link.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { incidentView } from "@/app/_lib/public";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { publishPostmortem } from "@/lib/incidents/publish-postmortem";
import { resolveIncident } from "@/lib/incidents/resolve";
import { revertPostmortem } from "@/lib/incidents/revert-postmortem";
import { savePostmortem } from "@/lib/incidents/save-postmortem";
import { compose } from "@/lib/notify/compose";
import { runFanout } from "@/lib/notify/fanout";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { webhookIncidentBody } from "@/lib/statuspage/webhook";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const editor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" } as const;

const TEXT = "## What happened\n\nA replica filled its disk.\n\n## What we are changing\n\n- Disk alerts at 80%";

async function resolvedIncident() {
  const api = await makeComponent("API", 0);
  const { incident } = await createIncident({
    actor: cli,
    input: { name: "API outage", message: "Down.", components: [{ componentId: api.id, status: "major_outage" }], deliverNotifications: false },
  });
  await resolveIncident({ actor: cli, input: { incidentId: incident.id, deliverNotifications: false } });
  return { incident, api };
}

/** What the public sees of the incident: the page's postmortem and the webhook body's fields. */
async function publicView(incidentId: string) {
  const s = await loadPublicSnapshot(1);
  const snap = s.incidents.find((i) => i.id === incidentId)!;
  const hook = webhookIncidentBody(s, snap).incident;
  return {
    html: incidentView(s, snap).postmortemHtml,
    body: hook.postmortem_body,
    publishedAt: hook.postmortem_published_at,
    updatedAt: hook.postmortem_body_last_updated_at,
    notified: hook.postmortem_notified_subscribers,
  };
}

describe("postmortems", () => {
  it("a saved draft is not public; published it is, with its time; reverted it is a draft again; each step audited", async () => {
    const { incident } = await resolvedIncident();

    const { changed } = await savePostmortem({ actor: editor, input: { incidentId: incident.id, body: `  ${TEXT}  ` } });
    expect(changed).toBe(true);
    const draft = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(draft).toMatchObject({ postmortemBody: TEXT, postmortemPublishedAt: null, status: "resolved" });
    expect(draft.postmortemUpdatedAt).toBeInstanceOf(Date);
    expect(await publicView(incident.id)).toEqual({ html: null, body: null, publishedAt: null, updatedAt: null, notified: false });

    const { incident: published, notificationId } = await publishPostmortem({ actor: editor, input: { incidentId: incident.id } });
    expect(notificationId).toBeNull();
    // As Statuspage: the incident stays resolved, the postmortem carries its publication time.
    expect(published).toMatchObject({ status: "resolved", postmortemBody: TEXT, postmortemNotifiedAt: null });
    expect(published.postmortemPublishedAt).toBeInstanceOf(Date);
    const shown = await publicView(incident.id);
    expect(shown.html).toContain("<h5>What happened</h5>");
    expect(shown).toMatchObject({ body: TEXT, publishedAt: published.postmortemPublishedAt!.toISOString(), updatedAt: draft.postmortemUpdatedAt!.toISOString(), notified: false });
    expect(await db().notification.count()).toBe(0);

    await revertPostmortem({ actor: editor, input: { incidentId: incident.id } });
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ postmortemBody: TEXT, postmortemPublishedAt: null });
    expect(await publicView(incident.id)).toMatchObject({ html: null, body: null, publishedAt: null });

    const audit = await db().auditLog.findMany({ where: { targetId: incident.id, action: { contains: "postmortem" } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["incident.save_postmortem", "op-editor"],
      ["incident.publish_postmortem", "op-editor"],
      ["incident.revert_postmortem", "op-editor"],
    ]);
    expect(audit[0]!.data).toEqual({ before: { postmortemBody: null }, after: { postmortemBody: TEXT } });
    expect(audit[1]!.data).toEqual({
      before: { postmortemPublishedAt: null },
      after: { postmortemPublishedAt: published.postmortemPublishedAt!.toISOString() },
    });
    expect(audit[2]!.data).toEqual({ before: { postmortemPublishedAt: published.postmortemPublishedAt!.toISOString() }, after: { postmortemPublishedAt: null } });
  });

  it("publishing with notification writes one incident_updated notice saying so, with the link, to the affected components' subscribers", async () => {
    const { incident, api } = await resolvedIncident();
    await db().pageSettings.create({ data: { name: "Acme Status", url: "https://status.acme.test/" } });
    const email = await db().subscriber.create({
      data: { channel: "email", address: "ops@example.com", state: "active", confirmedAt: new Date(), manageToken: randomToken() },
    });
    await db().subscriber.create({
      data: { channel: "webhook", address: "https://hooks.example.com/x", state: "active", confirmedAt: new Date(), manageToken: randomToken(), webhookSecret: newWebhookSecret() },
    });
    // Subscribed to another component only: not told.
    const other = await makeComponent("Billing", 1);
    await db().subscriber.create({
      data: { channel: "email", address: "billing@example.com", state: "active", confirmedAt: new Date(), manageToken: randomToken(), components: { create: { componentId: other.id } } },
    });

    // The text typed in the form is saved as it is published.
    const { notificationId } = await publishPostmortem({ actor: cli, input: { incidentId: incident.id, body: TEXT, deliverNotifications: true } });
    const stored = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(stored.postmortemBody).toBe(TEXT);
    expect(stored.postmortemNotifiedAt).toEqual(stored.postmortemPublishedAt);

    const n = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(n).toMatchObject({ kind: "incident_updated", incidentId: incident.id, incidentUpdateId: null });
    const payload = n.payload as IncidentNotificationPayload;
    expect(payload.incident).toMatchObject({ id: incident.id, name: "API outage", status: "resolved", kind: "incident" });
    expect(payload.update.body).toBe(`Postmortem published: what happened and what we are changing. Read it at https://status.acme.test/incidents/${incident.id}`);
    expect(payload.componentIds).toEqual([api.id]);
    // No update is added to the timeline.
    expect(await db().incidentUpdate.count({ where: { incidentId: incident.id } })).toBe(2);

    await runFanout({ notificationId: n.id, channelsOn: ["email", "webhook"] });
    const deliveries = await db().delivery.findMany({ where: { notificationId: n.id }, include: { subscriber: true } });
    expect(deliveries.map((d) => d.subscriber!.address).sort()).toEqual(["https://hooks.example.com/x", "ops@example.com"]);

    const fanned = await db().notification.findUniqueOrThrow({ where: { id: n.id } });
    const frozen = JSON.parse((fanned.payload as { webhook: string }).webhook) as { incident: Record<string, unknown> };
    expect(frozen.incident).toMatchObject({
      postmortem_body: TEXT,
      postmortem_published_at: stored.postmortemPublishedAt!.toISOString(),
      postmortem_notified_subscribers: true,
    });

    const message = compose({
      delivery: { id: deliveries.find((d) => d.channel === "email")!.id, channel: "email" },
      notification: { id: n.id, kind: "incident_updated", payload: fanned.payload, incidentId: incident.id },
      subscriber: email,
      page: { name: "Acme Status" },
      publicUrl: "https://status.acme.test",
    });
    expect(message.subject).toBe("[Acme Status] API outage (Resolved)");
    expect(message.text).toContain(`Postmortem published: what happened and what we are changing. Read it at https://status.acme.test/incidents/${incident.id}`);
  });

  it("refuses to publish an open incident's, an empty one, one already published; refuses a maintenance, bad input and the public, writing nothing", async () => {
    const api = await makeComponent("API", 0);
    const { incident: open } = await createIncident({ actor: cli, input: { name: "Ongoing", message: "Looking.", components: [{ componentId: api.id, status: "degraded_performance" }] } });
    await savePostmortem({ actor: cli, input: { incidentId: open.id, body: "Early notes." } });
    const { incident: resolved } = await createIncident({ actor: cli, input: { name: "Past", message: "Down." } });
    await resolveIncident({ actor: cli, input: { incidentId: resolved.id } });
    const maintenance = await db().incident.create({
      data: { kind: "maintenance", name: "Upgrade", status: "completed", impact: "maintenance", resolvedAt: new Date(), scheduledFor: new Date(Date.now() - 7_200_000), scheduledUntil: new Date(Date.now() - 3_600_000) },
    });
    const tables = ["incident", "notification", "audit_log"] as const;
    const before = await countRows(tables);
    const snapshotBefore = await db().incident.findMany({ orderBy: { id: "asc" } });

    await expect(publishPostmortem({ actor: cli, input: { incidentId: open.id } })).rejects.toThrow(new ConflictError("Resolve the incident before publishing its postmortem"));
    await expect(publishPostmortem({ actor: cli, input: { incidentId: resolved.id } })).rejects.toThrow(new ConflictError("Write the postmortem before publishing it"));
    await expect(revertPostmortem({ actor: cli, input: { incidentId: resolved.id } })).rejects.toThrow(new ConflictError("The postmortem is not published"));
    await expect(savePostmortem({ actor: cli, input: { incidentId: maintenance.id, body: "x" } })).rejects.toThrow(new ConflictError("A maintenance has no postmortem"));
    const empty = savePostmortem({ actor: cli, input: { incidentId: resolved.id, body: " \n " } });
    await expect(empty).rejects.toBeInstanceOf(ZodError);
    await expect(empty).rejects.toThrow(/Write the postmortem first/);
    await expect(savePostmortem({ actor: cli, input: { incidentId: resolved.id, body: "x".repeat(100_001) } })).rejects.toThrow(/under 100,000 characters/);
    await expect(savePostmortem({ actor: cli, input: { incidentId: "nosuchincide", body: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(savePostmortem({ actor: { type: "public" }, input: { incidentId: resolved.id, body: "x" } })).rejects.toBeInstanceOf(PermissionError);
    await expect(publishPostmortem({ actor: { type: "public" }, input: { incidentId: resolved.id } })).rejects.toBeInstanceOf(PermissionError);

    expect(await countRows(tables)).toEqual(before);
    expect(await db().incident.findMany({ orderBy: { id: "asc" } })).toEqual(snapshotBefore);

    await savePostmortem({ actor: cli, input: { incidentId: resolved.id, body: "Done." } });
    await publishPostmortem({ actor: cli, input: { incidentId: resolved.id } });
    await expect(publishPostmortem({ actor: cli, input: { incidentId: resolved.id } })).rejects.toThrow(new ConflictError("The postmortem is already published"));
  });
});

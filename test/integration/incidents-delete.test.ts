// Deleting an incident (lib/incidents/delete.ts): gone with its updates, notifications and unsent
// deliveries; gone from the public page and the API; the audit row keeps its name; editors refused.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { homeView } from "@/app/_lib/public";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { deleteIncident } from "@/lib/incidents/delete";
import { runFanout } from "@/lib/notify/fanout";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { incidentsDocument, summaryDocument } from "@/lib/statuspage/v2";
import { randomToken } from "@/lib/tokens";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const admin = { type: "operator", operatorId: "op-admin", role: "admin", email: "admin@example.com", ip: "192.0.2.10" } as const;
const editor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" } as const;

async function emailSubscriber(n: number) {
  return db().subscriber.create({
    data: { channel: "email", address: `s${n}@example.com`, state: "active", confirmedAt: new Date(), manageToken: randomToken() },
  });
}

describe("deleteIncident", () => {
  it("removes the incident, its updates, notifications and unsent deliveries; the page and the API drop it; the audit keeps its name", async () => {
    const api = await makeComponent("API", 0);
    await emailSubscriber(1);
    await emailSubscriber(2);
    const { incident, notificationId } = await createIncident({
      actor: cli,
      input: { name: "Posted by mistake", message: "Wrong page.", components: [{ componentId: api.id, status: "partial_outage" }] },
    });
    const { incident: kept } = await createIncident({ actor: cli, input: { name: "A real one", message: "Real." } });
    await runFanout({ notificationId: notificationId!, channelsOn: ["email"] });
    expect(await db().delivery.count({ where: { notificationId: notificationId!, state: "pending" } })).toBe(2);

    const before = await loadPublicSnapshot(1);
    expect(summaryDocument(before).incidents.map((i) => i.id)).toContain(incident.id);

    const result = await deleteIncident({ actor: admin, input: { incidentId: incident.id, confirmName: " Posted by mistake " } });
    expect(result).toEqual({ incident: { id: incident.id, name: "Posted by mistake", kind: "incident" }, cancelledDeliveries: 2 });

    expect(await db().incident.findUnique({ where: { id: incident.id } })).toBeNull();
    expect(await db().incidentUpdate.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(await db().notification.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(await db().delivery.count()).toBe(0);
    // The other incident and the components are untouched (a delete is not a resolution).
    expect(await db().incident.count({ where: { id: kept.id } })).toBe(1);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("partial_outage");
    // The history rows stay (the uptime bars are what happened), detached from the update.
    expect(await db().componentStatusChange.findMany({ where: { componentId: api.id } })).toEqual([expect.objectContaining({ incidentUpdateId: null })]);

    const after = await loadPublicSnapshot(2);
    expect(after.incidents.map((i) => i.id)).toEqual([kept.id]);
    expect(summaryDocument(after).incidents.map((i) => i.id)).toEqual([kept.id]);
    expect(incidentsDocument(after).incidents.map((i) => i.id)).toEqual([kept.id]);
    expect(homeView(after).open.map((i) => i.id)).toEqual([kept.id]);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "incident.delete" } });
    expect(audit).toMatchObject({ actorType: "operator", actorId: "op-admin", targetType: "incident", targetId: incident.id, ip: "192.0.2.10" });
    expect(audit.data).toMatchObject({
      before: { name: "Posted by mistake", kind: "incident", status: "investigating", impact: "major", components: [api.id], updates: 1, unsentDeliveries: 2 },
      after: null,
    });
  });

  it("refuses an editor, a mistyped name, an unknown incident, and writes nothing", async () => {
    const { incident } = await createIncident({ actor: cli, input: { name: "Keep me", message: "Here." } });
    const before = await countRows(["incident", "incident_update", "notification", "audit_log"]);

    await expect(deleteIncident({ actor: editor, input: { incidentId: incident.id } })).rejects.toBeInstanceOf(PermissionError);
    const mistyped = deleteIncident({ actor: admin, input: { incidentId: incident.id, confirmName: "keep me" } });
    await expect(mistyped).rejects.toBeInstanceOf(ZodError);
    await expect(mistyped).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["confirmName"], message: 'Type the name exactly as it is ("Keep me") to delete it' })] });
    await expect(deleteIncident({ actor: admin, input: { incidentId: "nosuchincide" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteIncident({ actor: admin, input: { incidentId: "" } })).rejects.toBeInstanceOf(ZodError);

    expect(await countRows(["incident", "incident_update", "notification", "audit_log"])).toEqual(before);
  });

  it("deletes a maintenance too, audited as such", async () => {
    const m = await db().incident.create({
      data: { kind: "maintenance", name: "Upgrade", status: "scheduled", impact: "maintenance", scheduledFor: new Date(Date.now() + 3_600_000), scheduledUntil: new Date(Date.now() + 7_200_000) },
    });
    await deleteIncident({ actor: cli, input: { incidentId: m.id } });
    expect(await db().incident.count()).toBe(0);
    expect(await db().auditLog.findFirstOrThrow({ where: { targetId: m.id } })).toMatchObject({ action: "maintenance.delete", actorType: "cli" });
  });
});

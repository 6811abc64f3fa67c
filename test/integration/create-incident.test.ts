// Posting an incident writes everything in one transaction, or nothing.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { countRows, makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const WRITTEN = [
  "incident",
  "incident_component",
  "incident_update",
  "incident_update_component",
  "component_status_change",
  "audit_log",
  "notification",
] as const;

describe("createIncident", () => {
  it("writes the incident, its first update, the component changes, the audit row, the outbox row and its job", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1, "degraded_performance");

    const { incident, update, notificationId } = await createIncident({
      actor: cli,
      input: {
        name: "Elevated API errors",
        status: "identified",
        message: "We found the cause.",
        components: [
          { componentId: api.id, status: "major_outage" },
          { componentId: web.id, status: "degraded_performance" },
        ],
      },
    });

    const stored = await db().incident.findUniqueOrThrow({ where: { id: incident.id }, include: { components: true } });
    expect(stored).toMatchObject({ kind: "incident", name: "Elevated API errors", status: "identified", impact: "critical", resolvedAt: null });
    expect(stored.components.map((c) => c.componentId).sort()).toEqual([api.id, web.id].sort());

    const updates = await db().incidentUpdate.findMany({ where: { incidentId: incident.id }, include: { affectedComponents: true } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ id: update.id, status: "identified", body: "We found the cause.", deliverNotifications: true });
    expect(updates[0]!.affectedComponents.map(({ componentId, oldStatus, newStatus }) => ({ componentId, oldStatus, newStatus }))).toEqual(
      expect.arrayContaining([
        { componentId: api.id, oldStatus: "operational", newStatus: "major_outage" },
        { componentId: web.id, oldStatus: "degraded_performance", newStatus: "degraded_performance" },
      ]),
    );
    expect(updates[0]!.affectedComponents).toHaveLength(2);

    // The changed component has its new status and one history row; the unchanged one neither.
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("major_outage");
    expect((await db().component.findUniqueOrThrow({ where: { id: web.id } })).status).toBe("degraded_performance");
    const history = await db().componentStatusChange.findMany();
    expect(history).toEqual([
      expect.objectContaining({ componentId: api.id, oldStatus: "operational", newStatus: "major_outage", incidentUpdateId: update.id }),
    ]);

    const audit = await db().auditLog.findMany();
    expect(audit).toEqual([
      expect.objectContaining({ actorType: "cli", actorId: null, action: "incident.create", targetType: "incident", targetId: incident.id }),
    ]);

    const notifications = await db().notification.findMany();
    expect(notifications).toHaveLength(1);
    const n = notifications[0]!;
    expect(n).toMatchObject({ id: notificationId, kind: "incident_created", incidentId: incident.id, incidentUpdateId: update.id, fanoutState: "pending", targetSubscriberId: null });
    expect(n.payload).toMatchObject({
      incident: { id: incident.id, name: "Elevated API errors", status: "identified", impact: "critical", kind: "incident" },
      update: { id: update.id, status: "identified", body: "We found the cause." },
      components: expect.arrayContaining([{ id: api.id, name: "API", oldStatus: "operational", newStatus: "major_outage" }]),
    });
    expect([...(n.payload as { componentIds: string[] }).componentIds].sort()).toEqual([api.id, web.id].sort());

    expect(await queuedJobs()).toEqual([{ task_identifier: "fanout", key: `fanout:${notificationId}`, payload: { notificationId } }]);
  });

  it("sets resolvedAt when posted resolved, and derives no impact without components", async () => {
    const { incident } = await createIncident({ actor: cli, input: { name: "Blip", status: "resolved", message: "It was brief." } });
    const stored = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(stored.resolvedAt).toBeInstanceOf(Date);
    expect(stored.impact).toBe("none");
  });

  it("refuses an unknown component and writes nothing at all", async () => {
    const api = await makeComponent("API");
    const before = await countRows(WRITTEN);
    await expect(
      createIncident({
        actor: cli,
        input: {
          name: "Half an incident",
          message: "Should not exist",
          components: [
            { componentId: api.id, status: "major_outage" },
            { componentId: "nosuchcompon", status: "major_outage" },
          ],
        },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(before).toEqual(Object.fromEntries(WRITTEN.map((t) => [t, 0])));
    expect(await countRows(WRITTEN)).toEqual(before);
    expect(await queuedJobs()).toEqual([]);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("operational");
  });

  it("with deliverNotifications false writes no notification and queues no job", async () => {
    const api = await makeComponent("API");
    const { incident, notificationId } = await createIncident({
      actor: cli,
      input: { name: "Quiet fix", message: "No one is told", components: [{ componentId: api.id, status: "partial_outage" }], deliverNotifications: false },
    });
    expect(notificationId).toBeNull();
    expect(await db().notification.count()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
    expect(await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: incident.id } })).toMatchObject({ deliverNotifications: false });
    expect(await db().auditLog.count()).toBe(1);
  });

  it("refuses a public actor before writing anything", async () => {
    await expect(
      createIncident({ actor: { type: "public", ip: "203.0.113.9" }, input: { name: "Spoof", message: "Nope" } }),
    ).rejects.toBeInstanceOf(PermissionError);
    expect(await countRows(WRITTEN)).toEqual(Object.fromEntries(WRITTEN.map((t) => [t, 0])));
    expect(await queuedJobs()).toEqual([]);
  });

  it("refuses a component listed twice", async () => {
    const api = await makeComponent("API");
    await expect(
      createIncident({
        actor: cli,
        input: { name: "Twice", message: "x", components: [{ componentId: api.id, status: "major_outage" }, { componentId: api.id, status: "partial_outage" }] },
      }),
    ).rejects.toThrow(/listed twice/);
    expect(await db().incident.count()).toBe(0);
  });
});

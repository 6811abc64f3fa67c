// Resolving an incident (lib/incidents/resolve.ts), from the dashboard and `incident resolve`:
// the closing update, the components back to operational unless kept, the notice, the audit row.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { COMPLETED_MESSAGE, RESOLVED_MESSAGE, resolveIncident } from "@/lib/incidents/resolve";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

const cli = { type: "cli" } as const;

async function operator(role: "owner" | "admin" | "editor") {
  const o = await db().operator.create({ data: { email: `${role}@example.com`, role } });
  return { type: "operator", operatorId: o.id, role, email: o.email, ip: "203.0.113.7" } as const;
}

/** An open incident with API in a major outage and Website degraded; Search named but operational. */
async function openIncident() {
  const api = await makeComponent("API", 0);
  const web = await makeComponent("Website", 1);
  const search = await makeComponent("Search", 2);
  const { incident } = await createIncident({
    actor: cli,
    input: {
      name: "Errors",
      message: "Looking.",
      components: [
        { componentId: api.id, status: "major_outage" },
        { componentId: web.id, status: "degraded_performance" },
        { componentId: search.id, status: "operational" },
      ],
    },
  });
  return { incident, api, web, search };
}

const statusOf = async (id: string) => (await db().component.findUniqueOrThrow({ where: { id } })).status;

describe("resolveIncident", () => {
  it("posts the closing update with the default message, sets the affected components back to operational, notifies, and audits before and after", async () => {
    const { incident, api, web, search } = await openIncident();
    const editor = await operator("editor");

    const { update, notificationId, restoredComponents } = await resolveIncident({ actor: editor, input: { incidentId: incident.id } });

    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: "resolved", resolvedAt: expect.any(Date) });
    const stored = await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id }, include: { affectedComponents: true } });
    expect(stored).toMatchObject({ status: "resolved", body: RESOLVED_MESSAGE, authorId: editor.operatorId });
    expect(stored.affectedComponents.map((c) => [c.componentId, c.oldStatus, c.newStatus]).sort()).toEqual(
      [
        [api.id, "major_outage", "operational"],
        [web.id, "degraded_performance", "operational"],
      ].sort(),
    );
    expect(restoredComponents.sort()).toEqual([api.id, web.id].sort());
    expect([await statusOf(api.id), await statusOf(web.id), await statusOf(search.id)]).toEqual(["operational", "operational", "operational"]);
    // Each change is in the components' history, tied to the closing update.
    expect(await db().componentStatusChange.count({ where: { incidentUpdateId: update.id } })).toBe(2);

    const notification = await db().notification.findUniqueOrThrow({ where: { id: notificationId! } });
    expect(notification).toMatchObject({ kind: "incident_resolved", incidentId: incident.id, incidentUpdateId: update.id });

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "incident.resolve" } });
    expect(audit).toMatchObject({ actorType: "operator", actorId: editor.operatorId, targetType: "incident", targetId: incident.id, ip: "203.0.113.7" });
    expect(audit.data).toMatchObject({
      before: { status: "investigating", components: { API: "major_outage", Website: "degraded_performance" } },
      after: { status: "resolved", components: { API: "operational", Website: "operational" }, updateId: update.id, notified: true },
    });
  });

  it("keeps the components as they are when told to, takes a closing message, and can resolve without notifying", async () => {
    const { incident, api, web } = await openIncident();
    const { update, notificationId, restoredComponents } = await resolveIncident({
      actor: cli,
      input: { incidentId: incident.id, message: "  Fixed by failing over.  ", restoreComponents: false, deliverNotifications: false },
    });
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).toMatchObject({ body: "Fixed by failing over.", deliverNotifications: false });
    expect(restoredComponents).toEqual([]);
    expect([await statusOf(api.id), await statusOf(web.id)]).toEqual(["major_outage", "degraded_performance"]);
    expect(notificationId).toBeNull();
    expect(await db().notification.count({ where: { kind: "incident_resolved" } })).toBe(0);
  });

  it("completes a maintenance with its own default message", async () => {
    const db1 = await makeComponent("Database", 0, "under_maintenance");
    // A maintenance under way (written directly: scheduling is another use case's business).
    const incident = await db().incident.create({
      data: {
        kind: "maintenance",
        name: "Upgrade",
        status: "in_progress",
        impact: "maintenance",
        scheduledFor: new Date(Date.now() - 60_000),
        scheduledUntil: new Date(Date.now() + 3_600_000),
        components: { create: { componentId: db1.id } },
        updates: { create: { status: "in_progress", body: "Upgrading." } },
      },
    });
    const { update, kind } = await resolveIncident({ actor: cli, input: { incidentId: incident.id, message: "" } });
    expect(kind).toBe("maintenance_completed");
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).toMatchObject({ status: "completed", body: COMPLETED_MESSAGE });
    expect(await statusOf(db1.id)).toBe("operational");
    expect(await db().auditLog.count({ where: { action: "maintenance.complete", targetId: incident.id } })).toBe(1);
  });

  it("refuses an incident already resolved, an unknown one, bad input and an actor without permission, writing nothing", async () => {
    const { incident } = await openIncident();
    await resolveIncident({ actor: cli, input: { incidentId: incident.id } });
    const before = await countRows(["incident_update", "notification", "audit_log", "component_status_change"]);

    await expect(resolveIncident({ actor: cli, input: { incidentId: incident.id } })).rejects.toThrow(new ConflictError("This incident is already resolved"));
    await expect(resolveIncident({ actor: cli, input: { incidentId: "nosuchincide" } })).rejects.toBeInstanceOf(NotFoundError);
    const tooLong = resolveIncident({ actor: cli, input: { incidentId: incident.id, message: "x".repeat(20_001) } });
    await expect(tooLong).rejects.toBeInstanceOf(ZodError);
    await expect(tooLong).rejects.toThrow(/under 20,000 characters/);
    await expect(resolveIncident({ actor: cli, input: { incidentId: incident.id, message: "a\u0000b" } })).rejects.toThrow(/NUL/);
    await expect(resolveIncident({ actor: { type: "public" }, input: { incidentId: incident.id } })).rejects.toBeInstanceOf(PermissionError);

    expect(await countRows(["incident_update", "notification", "audit_log", "component_status_change"])).toEqual(before);
  });
});

describe("herald incident resolve (the CLI on the same use case)", () => {
  it("prints the closing update's id, sets components back, and with --keep-components leaves them; a second resolve exits 1", async () => {
    const { incident, api } = await openIncident();
    const r = await herald("incident", "resolve", incident.id, "--message", "All good now.", "--no-notify");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-z]{12}\n$/);
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.stdout.trim() } })).toMatchObject({ status: "resolved", body: "All good now." });
    expect(await statusOf(api.id)).toBe("operational");
    expect(await db().notification.count({ where: { kind: "incident_resolved" } })).toBe(0);
    expect(await db().auditLog.findFirstOrThrow({ where: { action: "incident.resolve" } })).toMatchObject({ actorType: "cli", targetId: incident.id });

    const again = await herald("incident", "resolve", incident.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already resolved/);

    const web = await db().component.findUniqueOrThrow({ where: { name: "Website" } });
    const { incident: second } = await createIncident({ actor: cli, input: { name: "Slow", message: "Slow.", components: [{ componentId: web.id, status: "partial_outage" }] } });
    const kept = await herald("incident", "resolve", second.id, "--keep-components");
    expect(kept.code, kept.stderr).toBe(0);
    expect(await statusOf(web.id)).toBe("partial_outage");
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: kept.stdout.trim() } })).toMatchObject({ body: RESOLVED_MESSAGE });
  });
});

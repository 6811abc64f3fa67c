// What the fuzz found in the use cases: text with a NUL character reached PostgreSQL (which
// refuses it in a text value or a query parameter) and the request ended in a 500. Each is now
// refused before the database, with the answer a person gets for a bad value.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { login } from "@/lib/auth/session";
import { createIncident } from "@/lib/incidents/create";
import { updateIncident } from "@/lib/incidents/update";
import { deleteComponent } from "@/lib/components/delete";
import { reorderComponents } from "@/lib/components/reorder";
import { updateComponent } from "@/lib/components/update";
import { deleteGroup } from "@/lib/groups/delete";
import { updateGroup } from "@/lib/groups/update";
import { deleteMetric } from "@/lib/metrics/delete";
import { loadIncidentDetail, loadIncidentForUpdate } from "@/lib/admin/incident";
import { loadMaintenance } from "@/lib/admin/maintenance";
import { loadUpdatePosting } from "@/lib/admin/posting";
import { loadTemplate } from "@/lib/admin/templates";
import { NotFoundError } from "@/lib/errors";
import { fanoutStatus } from "@/lib/notify/fanout-status";
import { updateMetric } from "@/lib/metrics/update";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const visitor = { type: "public", ip: "127.0.0.1" } as const;

describe("text with a NUL character", () => {
  it("is refused in an incident's name, message and component ids", async () => {
    const api = await makeComponent("API", 0);
    const base = { name: "Errors", status: "investigating" as const, message: "Looking.", components: [{ componentId: api.id, status: "major_outage" as const }] };
    await expect(createIncident({ actor: cli, input: { ...base, name: "Err\u0000ors" } })).rejects.toBeInstanceOf(ZodError);
    await expect(createIncident({ actor: cli, input: { ...base, message: "Look\u0000ing" } })).rejects.toBeInstanceOf(ZodError);
    await expect(createIncident({ actor: cli, input: { ...base, components: [{ componentId: `${api.id}\u0000`, status: "major_outage" }] } })).rejects.toBeInstanceOf(ZodError);
    const { incident } = await createIncident({ actor: cli, input: base });
    await expect(updateIncident({ actor: cli, input: { incidentId: `${incident.id}\u0000`, message: "More." } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateIncident({ actor: cli, input: { incidentId: incident.id, message: "Mo\u0000re." } })).rejects.toBeInstanceOf(ZodError);
  });

  it("is no subscription token and no operator's email", async () => {
    await expect(unsubscribe({ actor: visitor, input: { token: "abcdefghij\u0000" } })).resolves.toEqual({ ok: false });
    await expect(confirmSubscription({ actor: visitor, input: { token: "abcdefghij\u0000" } })).resolves.toEqual({ ok: false, reason: "unknown" });
    await expect(login({ email: "owner@example.com\u0000", password: "whatever-it-is" })).resolves.toEqual({ ok: false });
  });

  it("is no component's, group's or metric's id on the dashboard's forms", async () => {
    const api = await makeComponent("API", 0);
    const nul = `${api.id}\u0000`;
    await expect(updateGroup({ actor: cli, input: { groupId: nul, name: "Mail" } })).rejects.toBeInstanceOf(ZodError);
    await expect(deleteGroup({ actor: cli, input: { groupId: nul } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateComponent({ actor: cli, input: { componentId: nul, name: "Web" } })).rejects.toBeInstanceOf(ZodError);
    await expect(deleteComponent({ actor: cli, input: { componentId: nul } })).rejects.toBeInstanceOf(ZodError);
    await expect(reorderComponents({ actor: cli, input: { groupId: nul, order: [{ type: "component", id: api.id }] } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateMetric({ actor: cli, input: { metricId: nul, name: "Queue" } })).rejects.toBeInstanceOf(ZodError);
    await expect(deleteMetric({ actor: cli, input: { metricId: nul } })).rejects.toBeInstanceOf(ZodError);
  });

  it("in a dashboard page's address, like an id too long to be one, is a page not found", async () => {
    for (const id of ["x".repeat(400), "abc\u0000"]) {
      await expect(loadIncidentDetail({ actor: cli, input: { incidentId: id } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadIncidentForUpdate({ actor: cli, input: { incidentId: id } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadMaintenance({ actor: cli, input: { incidentId: id } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadUpdatePosting({ actor: cli, input: { incidentId: id } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadTemplate({ actor: cli, input: { templateId: id } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(fanoutStatus({ actor: cli, input: { incidentId: id } })).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

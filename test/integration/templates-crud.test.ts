// Incident templates: create, edit, delete, each with its audit row (before and after); refusals
// in plain words that write nothing; only actors allowed to manage templates; and the read side
// the dashboard uses (components deleted since are left out).
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { listTemplates, loadTemplate, templatesForIncidentForm } from "@/lib/admin/templates";
import { createTemplate, type CreateTemplateInput } from "@/lib/templates/create";
import { deleteTemplate } from "@/lib/templates/delete";
import { updateTemplate } from "@/lib/templates/update";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const rows = () => countRows(["incident_template", "audit_log"]);

async function editor() {
  const op = await db().operator.create({ data: { email: "editor@example.com", role: "editor" } });
  return { type: "operator", operatorId: op.id, role: "editor", email: op.email, ip: "203.0.113.9" } as const;
}

async function zodIssue(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ZodError);
  return (e as ZodError).issues[0]!;
}

describe("createTemplate", () => {
  it("writes the template and an audit row with what it is", async () => {
    const api = await makeComponent("API");
    const actor = await editor();
    const t = await createTemplate({
      actor,
      input: { name: " Database down ", title: "Database outage", body: "We are investigating.", status: "identified", components: [{ componentId: api.id, status: "major_outage" }], channels: ["webhook", "email"] },
    });
    const stored = await db().incidentTemplate.findUniqueOrThrow({ where: { id: t.id } });
    expect(stored).toMatchObject({ name: "Database down", title: "Database outage", body: "We are investigating.", status: "identified", channels: ["email", "webhook"] });
    expect(stored.components).toEqual([{ componentId: api.id, status: "major_outage" }]);

    const [audit] = await db().auditLog.findMany();
    expect(audit).toMatchObject({ actorType: "operator", actorId: actor.operatorId, action: "template.create", targetType: "incident_template", targetId: t.id, ip: "203.0.113.9" });
    expect(audit!.data).toEqual({
      before: null,
      after: { name: "Database down", title: "Database outage", body: "We are investigating.", status: "identified", components: [{ componentId: api.id, status: "major_outage" }], channels: ["email", "webhook"] },
    });
  });

  it("defaults to investigating, no components and every channel", async () => {
    const t = await createTemplate({ actor: cli, input: { name: "Blank", title: "Something is wrong", body: "Looking." } });
    expect(t).toMatchObject({ status: "investigating", components: [], channels: ["email", "sms", "webhook", "x"] });
  });

  it("refuses a missing title, no channel, an unknown or repeated component, and a name taken; writes nothing", async () => {
    const api = await makeComponent("API");
    await createTemplate({ actor: cli, input: { name: "Taken", title: "T", body: "B" } });
    const before = await rows();
    const base: CreateTemplateInput = { name: "New", title: "Title", body: "Body" };
    expect(await zodIssue(createTemplate({ actor: cli, input: { ...base, title: "  " } }))).toMatchObject({ path: ["title"], message: "Give the incident a title" });
    expect(await zodIssue(createTemplate({ actor: cli, input: { ...base, channels: [] } }))).toMatchObject({ path: ["channels"], message: "Choose at least one channel to notify" });
    expect(await zodIssue(createTemplate({ actor: cli, input: { ...base, components: [{ componentId: "nosuchcompo0", status: "major_outage" }] } }))).toMatchObject({
      path: ["components"],
      message: expect.stringMatching(/^Unknown component: nosuchcompo0/),
    });
    expect(
      await zodIssue(createTemplate({ actor: cli, input: { ...base, components: [{ componentId: api.id, status: "major_outage" }, { componentId: api.id, status: "partial_outage" }] } })),
    ).toMatchObject({ path: ["components"], message: "A component is listed twice" });
    await expect(createTemplate({ actor: cli, input: { ...base, name: "Taken" } })).rejects.toThrow(new ConflictError('A template named "Taken" already exists: choose another name'));
    expect(await rows()).toEqual(before);
  });

  it("refuses an actor who may not manage templates, and writes nothing", async () => {
    await expect(createTemplate({ actor: { type: "public" }, input: { name: "N", title: "T", body: "B" } })).rejects.toBeInstanceOf(PermissionError);
    expect(await rows()).toEqual({ incident_template: 0, audit_log: 0 });
  });
});

describe("updateTemplate", () => {
  it("changes the template and audits only what changed, before and after", async () => {
    const api = await makeComponent("API");
    const t = await createTemplate({ actor: cli, input: { name: "DB", title: "Database outage", body: "Looking.", channels: ["email"] } });
    await updateTemplate({
      actor: cli,
      input: { templateId: t.id, name: "DB", title: "Database outage", body: "We found it.", status: "identified", components: [{ componentId: api.id, status: "partial_outage" }], channels: ["email", "sms"] },
    });
    const stored = await db().incidentTemplate.findUniqueOrThrow({ where: { id: t.id } });
    expect(stored).toMatchObject({ body: "We found it.", status: "identified", channels: ["email", "sms"], components: [{ componentId: api.id, status: "partial_outage" }] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "template.update" } });
    expect(audit).toMatchObject({ targetType: "incident_template", targetId: t.id });
    expect(audit.data).toEqual({
      before: { body: "Looking.", status: "investigating", components: [], channels: ["email"] },
      after: { body: "We found it.", status: "identified", components: [{ componentId: api.id, status: "partial_outage" }], channels: ["email", "sms"] },
    });
  });

  it("refuses another template's name, an unknown template and bad fields; writes nothing", async () => {
    const a = await createTemplate({ actor: cli, input: { name: "A", title: "T", body: "B" } });
    await createTemplate({ actor: cli, input: { name: "B", title: "T", body: "B" } });
    const before = await rows();
    await expect(updateTemplate({ actor: cli, input: { templateId: a.id, name: "B", title: "T", body: "B" } })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateTemplate({ actor: cli, input: { templateId: "nosuchtempl0", name: "C", title: "T", body: "B" } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await zodIssue(updateTemplate({ actor: cli, input: { templateId: a.id, name: "A", title: "T", body: "" } }))).toMatchObject({ path: ["body"], message: "Write the incident's first message" });
    await expect(updateTemplate({ actor: { type: "public" }, input: { templateId: a.id, name: "A", title: "T2", body: "B" } })).rejects.toBeInstanceOf(PermissionError);
    expect(await rows()).toEqual(before);
    expect((await db().incidentTemplate.findUniqueOrThrow({ where: { id: a.id } })).title).toBe("T");
  });
});

describe("deleteTemplate", () => {
  it("deletes it and keeps what it was in the audit row; a second delete finds nothing", async () => {
    const t = await createTemplate({ actor: cli, input: { name: "Gone", title: "T", body: "B", channels: ["x"] } });
    await deleteTemplate({ actor: cli, input: { templateId: t.id } });
    expect(await db().incidentTemplate.count()).toBe(0);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "template.delete" } });
    expect(audit).toMatchObject({ targetType: "incident_template", targetId: t.id });
    expect(audit.data).toEqual({ before: { name: "Gone", title: "T", body: "B", status: "investigating", components: [], channels: ["x"] }, after: null });
    await expect(deleteTemplate({ actor: cli, input: { templateId: t.id } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an actor who may not manage templates", async () => {
    const t = await createTemplate({ actor: cli, input: { name: "Kept", title: "T", body: "B" } });
    await expect(deleteTemplate({ actor: { type: "public" }, input: { templateId: t.id } })).rejects.toBeInstanceOf(PermissionError);
    expect(await db().incidentTemplate.count()).toBe(1);
  });
});

describe("reading templates", () => {
  it("lists them by name with their components' names, leaving out components deleted since", async () => {
    const api = await makeComponent("API");
    const web = await makeComponent("Website", 1);
    const t = await createTemplate({
      actor: cli,
      input: { name: "b-outage", title: "Outage", body: "Down.", components: [{ componentId: api.id, status: "major_outage" }, { componentId: web.id, status: "degraded_performance" }] },
    });
    await createTemplate({ actor: cli, input: { name: "a-blank", title: "T", body: "B" } });
    await db().component.delete({ where: { id: web.id } });

    const list = await listTemplates({ actor: cli });
    expect(list.map((x) => x.name)).toEqual(["a-blank", "b-outage"]);
    expect(list[1]).toMatchObject({ componentNames: ["API"], components: [{ componentId: api.id, status: "major_outage" }] });
    expect((await loadTemplate({ actor: cli, input: { templateId: t.id } })).components).toEqual([{ componentId: api.id, status: "major_outage" }]);
    expect((await templatesForIncidentForm({ actor: cli })).map((x) => x.name)).toEqual(["a-blank", "b-outage"]);
    await expect(loadTemplate({ actor: cli, input: { templateId: "nosuchtempl0" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listTemplates({ actor: { type: "public" } })).rejects.toBeInstanceOf(PermissionError);
  });
});

// The page's structure through its use cases: creating, editing, moving, reordering and deleting
// components and groups keeps both levels dense and in the order the public page shows, writes an
// audit row with before and after, and refuses bad input or a missing permission writing nothing.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { loadComponentsPage } from "@/lib/admin/components-page";
import { type Actor, PermissionError } from "@/lib/auth/actor";
import { createComponent } from "@/lib/components/create";
import { componentDeletionImpact, deleteComponent, describeComponentDeletion } from "@/lib/components/delete";
import { reorderComponents } from "@/lib/components/reorder";
import { setComponentStatus } from "@/lib/components/set-status";
import { updateComponent } from "@/lib/components/update";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { createGroup } from "@/lib/groups/create";
import { deleteGroup, describeGroupDeletion, groupDeletionImpact } from "@/lib/groups/delete";
import { updateGroup } from "@/lib/groups/update";
import { createIncident } from "@/lib/incidents/create";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { items } from "@/lib/public/view";
import { randomToken } from "@/lib/tokens";
import { countRows, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const admin: Actor = { type: "operator", operatorId: "op-admin", role: "admin", email: "admin@example.com", ip: "203.0.113.9" };
const editor: Actor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" };
const cli: Actor = { type: "cli" };

const STRUCTURE_TABLES = ["component", "component_group", "audit_log", "subscriber", "incident_template"] as const;

/** Each level as "name@position", in page order: the top level, then each group's. */
async function layout() {
  const [groups, components] = await Promise.all([
    db().componentGroup.findMany({ orderBy: { position: "asc" } }),
    db().component.findMany({ orderBy: { position: "asc" } }),
  ]);
  const top = [...groups.map((g) => ({ n: `[${g.name}]`, p: g.position })), ...components.filter((c) => !c.groupId).map((c) => ({ n: c.name, p: c.position }))]
    .sort((a, b) => a.p - b.p)
    .map((i) => `${i.n}@${i.p}`);
  const inGroups = Object.fromEntries(groups.map((g) => [g.name, components.filter((c) => c.groupId === g.id).map((c) => `${c.name}@${c.position}`)]));
  return { top, ...inGroups };
}

// The audit log is append-only: a test reads the rows written after its setup.
let auditMark = 0n;
async function markAudit() {
  auditMark = (await db().auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}
async function audits(action?: string) {
  return db().auditLog.findMany({ where: { id: { gt: auditMark }, ...(action ? { action } : {}) }, orderBy: { id: "asc" } });
}

/** A page: API, [Mail: SMTP, IMAP], Website. */
async function samplePage() {
  const api = (await createComponent({ actor: cli, input: { name: "API" } })).component;
  const mail = (await createGroup({ actor: cli, input: { name: "Mail", description: "Sending and receiving" } })).group;
  const smtp = (await createComponent({ actor: cli, input: { name: "SMTP", groupId: mail.id } })).component;
  const imap = (await createComponent({ actor: cli, input: { name: "IMAP", groupId: mail.id } })).component;
  const web = (await createComponent({ actor: cli, input: { name: "Website" } })).component;
  await markAudit();
  return { api, mail, smtp, imap, web };
}

describe("create", () => {
  it("puts a component at the end of its level, with every field, and audits it", async () => {
    const { mail } = await samplePage();
    const { component } = await createComponent({
      actor: admin,
      input: { name: "  Webmail ", description: " Mail in the browser ", groupId: mail.id, showcase: false, onlyShowIfDegraded: true, startDate: "2026-01-15" },
    });
    expect(component).toMatchObject({ name: "Webmail", description: "Mail in the browser", groupId: mail.id, position: 2, showcase: false, onlyShowIfDegraded: true, status: "operational" });
    expect(component.startDate?.toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(await layout()).toEqual({ top: ["API@0", "[Mail]@1", "Website@2"], Mail: ["SMTP@0", "IMAP@1", "Webmail@2"] });

    const [row] = await audits();
    expect(row).toMatchObject({ actorType: "operator", actorId: "op-admin", action: "component.create", targetType: "component", targetId: component.id, ip: "203.0.113.9" });
    expect(row!.data).toEqual({
      before: null,
      after: { name: "Webmail", description: "Mail in the browser", group: "Mail", groupId: mail.id, position: 2, showcase: false, onlyShowIfDegraded: true, startDate: "2026-01-15" },
    });
  });

  it("puts a top-level component after the groups and components already there, defaults as the page expects", async () => {
    await samplePage();
    const { component } = await createComponent({ actor: admin, input: { name: "CDN" } });
    expect(component).toMatchObject({ description: null, groupId: null, position: 3, showcase: true, onlyShowIfDegraded: false, startDate: null });
    const { group } = await createGroup({ actor: admin, input: { name: "Billing" } });
    expect(group.position).toBe(4);
    expect((await layout()).top).toEqual(["API@0", "[Mail]@1", "Website@2", "CDN@3", "[Billing]@4"]);
  });

  it("refuses a name already taken in any case, naming it, and writes nothing", async () => {
    await samplePage();
    const before = await countRows(STRUCTURE_TABLES);
    await expect(createComponent({ actor: admin, input: { name: "api" } })).rejects.toThrow(new ConflictError('A component named "API" already exists: choose another name'));
    await expect(createGroup({ actor: admin, input: { name: "MAIL" } })).rejects.toThrow(/A group named "Mail" already exists/);
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
  });

  it("refuses bad input with messages a person can act on, and writes nothing", async () => {
    await samplePage();
    const before = await countRows(STRUCTURE_TABLES);
    const problems = async (input: Parameters<typeof createComponent>[0]["input"]) => {
      const e = await createComponent({ actor: admin, input }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ZodError);
      return (e as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(await problems({ name: "   " })).toEqual(["name: Give the component a name"]);
    expect(await problems({ name: "x".repeat(101) })).toEqual(["name: Keep the name to 100 characters or fewer"]);
    expect(await problems({ name: "Ok", startDate: "15/01/2026" })).toEqual(["startDate: Write the start date as YYYY-MM-DD"]);
    expect(await problems({ name: "Ok", startDate: "2026-02-30" })).toEqual(["startDate: That date does not exist"]);
    expect(await problems({ name: "Ok", description: "x".repeat(2001) })).toEqual(["description: Keep the description to 2000 characters or fewer"]);
    expect(await problems({ name: "Bad\u0000name" })).toEqual([expect.stringMatching(/^name: Remove the invisible NUL/)]);
    await expect(createComponent({ actor: admin, input: { name: "Ok", groupId: "nosuchgroup1" } })).rejects.toThrow(new NotFoundError("Unknown group: nosuchgroup1"));
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
  });

  it("refuses an editor (status only) and writes nothing", async () => {
    await samplePage();
    const before = await countRows(STRUCTURE_TABLES);
    await expect(createComponent({ actor: editor, input: { name: "CDN" } })).rejects.toThrow(PermissionError);
    await expect(createGroup({ actor: editor, input: { name: "Edge" } })).rejects.toThrow(PermissionError);
    await expect(createComponent({ actor: { type: "public" }, input: { name: "CDN" } })).rejects.toThrow(PermissionError);
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
  });
});

describe("update", () => {
  it("renames, describes and sets the display fields, auditing only what changed", async () => {
    const { api } = await samplePage();
    const r = await updateComponent({ actor: admin, input: { componentId: api.id, name: "Public API", description: "REST", showcase: false, onlyShowIfDegraded: true, startDate: "2025-12-01" } });
    expect(r.changed).toBe(true);
    expect(await db().component.findUniqueOrThrow({ where: { id: api.id } })).toMatchObject({ name: "Public API", description: "REST", showcase: false, onlyShowIfDegraded: true, position: 0 });
    const [row] = await audits();
    expect(row).toMatchObject({ action: "component.update", targetType: "component", targetId: api.id });
    expect(row!.data).toEqual({
      before: { name: "API", description: null, showcase: true, onlyShowIfDegraded: false, startDate: null },
      after: { name: "Public API", description: "REST", showcase: false, onlyShowIfDegraded: true, startDate: "2025-12-01" },
    });

    // Blank description and start date clear them; a case-only rename of itself is allowed.
    await updateComponent({ actor: admin, input: { componentId: api.id, name: "PUBLIC API", description: "", startDate: "" } });
    expect(await db().component.findUniqueOrThrow({ where: { id: api.id } })).toMatchObject({ name: "PUBLIC API", description: null, startDate: null });
  });

  it("saving unchanged writes nothing", async () => {
    const { api } = await samplePage();
    const stamp = (await db().component.findUniqueOrThrow({ where: { id: api.id } })).updatedAt;
    const r = await updateComponent({ actor: admin, input: { componentId: api.id, name: "API", description: null, groupId: null, showcase: true } });
    expect(r.changed).toBe(false);
    expect(await audits()).toEqual([]);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).updatedAt).toEqual(stamp);
  });

  it("moves a component into a group and out to the top level, keeping both levels dense", async () => {
    const { api, mail, smtp } = await samplePage();
    await updateComponent({ actor: admin, input: { componentId: api.id, groupId: mail.id } });
    expect(await layout()).toEqual({ top: ["[Mail]@0", "Website@1"], Mail: ["SMTP@0", "IMAP@1", "API@2"] });
    const [row] = await audits();
    expect(row!.data).toEqual({ before: { group: null, groupId: null, position: 0 }, after: { group: "Mail", groupId: mail.id, position: 2 } });

    await updateComponent({ actor: admin, input: { componentId: smtp.id, groupId: null } });
    expect(await layout()).toEqual({ top: ["[Mail]@0", "Website@1", "SMTP@2"], Mail: ["IMAP@0", "API@1"] });
  });

  it("refuses a taken name, an unknown component or group, and an editor, writing nothing", async () => {
    const { api, web } = await samplePage();
    const before = await countRows(STRUCTURE_TABLES);
    await expect(updateComponent({ actor: admin, input: { componentId: web.id, name: "api " } })).rejects.toThrow(/A component named "API" already exists/);
    await expect(updateComponent({ actor: admin, input: { componentId: "nosuchthing1", name: "X" } })).rejects.toThrow(NotFoundError);
    await expect(updateComponent({ actor: admin, input: { componentId: api.id, groupId: "nosuchgroup1" } })).rejects.toThrow(new NotFoundError("Unknown group: nosuchgroup1"));
    await expect(updateComponent({ actor: admin, input: { componentId: api.id, name: "" } })).rejects.toThrow(ZodError);
    await expect(updateComponent({ actor: editor, input: { componentId: api.id, name: "X" } })).rejects.toThrow(PermissionError);
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
    expect((await layout()).top).toEqual(["API@0", "[Mail]@1", "Website@2"]);
  });

  it("renames and describes a group", async () => {
    const { mail, web } = await samplePage();
    await updateGroup({ actor: admin, input: { groupId: mail.id, name: "Email", description: "" } });
    expect(await db().componentGroup.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ name: "Email", description: null, position: 1 });
    const [row] = await audits();
    expect(row).toMatchObject({ action: "group.update", targetType: "component_group", targetId: mail.id });
    expect(row!.data).toEqual({ before: { name: "Mail", description: "Sending and receiving" }, after: { name: "Email", description: null } });
    expect((await updateGroup({ actor: admin, input: { groupId: mail.id, name: "Email" } })).changed).toBe(false);
    await createGroup({ actor: admin, input: { name: "Edge" } });
    await expect(updateGroup({ actor: admin, input: { groupId: mail.id, name: "EDGE" } })).rejects.toThrow(/A group named "Edge" already exists/);
    await expect(updateGroup({ actor: editor, input: { groupId: mail.id, name: "Other" } })).rejects.toThrow(PermissionError);
    expect(web).toBeTruthy();
  });
});

describe("reorder", () => {
  it("writes a level's new order densely, groups and components mixed at the top level, as the public page shows it", async () => {
    const { api, mail, smtp, imap, web } = await samplePage();
    const r = await reorderComponents({
      actor: admin,
      input: { groupId: null, order: [{ type: "component", id: web.id }, { type: "group", id: mail.id }, { type: "component", id: api.id }] },
    });
    expect(r.changed).toBe(true);
    await reorderComponents({ actor: admin, input: { groupId: mail.id, order: [{ type: "component", id: imap.id }, { type: "component", id: smtp.id }] } });
    expect(await layout()).toEqual({ top: ["Website@0", "[Mail]@1", "API@2"], Mail: ["IMAP@0", "SMTP@1"] });

    const rows = await audits("component.reorder");
    expect(rows.map((a) => [a.targetType, a.targetId, a.data])).toEqual([
      ["page", "top-level", { before: { order: ["API", "Mail", "Website"] }, after: { order: ["Website", "Mail", "API"] } }],
      ["component_group", mail.id, { before: { order: ["SMTP", "IMAP"] }, after: { order: ["IMAP", "SMTP"] } }],
    ]);

    const snapshot = await loadPublicSnapshot(1);
    expect(items(snapshot).map((i) => (i.kind === "group" ? `[${i.group.name}]` : i.component.name))).toEqual(["Website", "[Mail]", "API"]);
  });

  it("the same order writes nothing", async () => {
    const { api, mail, web } = await samplePage();
    const r = await reorderComponents({ actor: admin, input: { groupId: null, order: [{ type: "component", id: api.id }, { type: "group", id: mail.id }, { type: "component", id: web.id }] } });
    expect(r.changed).toBe(false);
    expect(await audits()).toEqual([]);
  });

  it("refuses a list that does not match the level exactly, naming what is left out, and writes nothing", async () => {
    const { api, mail, smtp, web } = await samplePage();
    const before = await countRows(STRUCTURE_TABLES);
    await expect(reorderComponents({ actor: admin, input: { groupId: null, order: [{ type: "component", id: web.id }, { type: "component", id: api.id }] } })).rejects.toThrow(
      new ConflictError('The new order does not match the top level (it leaves out "Mail"): the page changed meanwhile, reload it and try again'),
    );
    // A component of a group is not a top-level item.
    await expect(
      reorderComponents({
        actor: admin,
        input: { groupId: null, order: [{ type: "component", id: smtp.id }, { type: "component", id: api.id }, { type: "group", id: mail.id }, { type: "component", id: web.id }] },
      }),
    ).rejects.toThrow(/one item is not in the top level/);
    await expect(reorderComponents({ actor: admin, input: { groupId: null, order: [{ type: "component", id: api.id }, { type: "component", id: api.id }] } })).rejects.toThrow(/An item is listed twice/);
    await expect(reorderComponents({ actor: admin, input: { groupId: "nosuchgroup1", order: [{ type: "component", id: api.id }] } })).rejects.toThrow(NotFoundError);
    await expect(reorderComponents({ actor: editor, input: { groupId: null, order: [{ type: "component", id: web.id }] } })).rejects.toThrow(PermissionError);
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
    expect((await layout()).top).toEqual(["API@0", "[Mail]@1", "Website@2"]);
  });
});

describe("delete", () => {
  async function subscriber(address: string, componentIds: string[]) {
    return db().subscriber.create({
      data: { channel: "email", address, state: "active", confirmedAt: new Date(), manageToken: randomToken(), components: { create: componentIds.map((componentId) => ({ componentId })) } },
    });
  }

  it("refuses while an open incident names the component, naming the incident, and writes nothing", async () => {
    const { api } = await samplePage();
    const { incident } = await createIncident({ actor: cli, input: { name: "API errors", message: "Looking", components: [{ componentId: api.id, status: "major_outage" }] } });
    await markAudit();
    const before = await countRows(STRUCTURE_TABLES);
    await expect(deleteComponent({ actor: admin, input: { componentId: api.id } })).rejects.toThrow(
      new ConflictError(`"API" cannot be deleted while the open incident "API errors" (${incident.id}) names it: resolve or complete it first`),
    );
    expect(await countRows(STRUCTURE_TABLES)).toEqual(before);
    const page = await loadComponentsPage({ actor: admin });
    const item = page.items.find((i) => i.type === "component" && i.component.id === api.id);
    expect(item?.type === "component" && item.component.deletion.blocker).toMatch(/open incident "API errors"/);
  });

  it("deletes the component with its history, closes the gap, unsubscribes those who chose only it and audits it", async () => {
    const { api, mail, smtp, imap } = await samplePage();
    await setComponentStatus({ actor: cli, input: { componentId: smtp.id, status: "degraded_performance" } });
    const { incident } = await createIncident({ actor: cli, input: { name: "Old", status: "resolved", message: "Fixed", components: [{ componentId: smtp.id, status: "operational" }] } });
    const onlySmtp = await subscriber("only@example.com", [smtp.id]);
    const both = await subscriber("both@example.com", [smtp.id, api.id]);
    const everything = await subscriber("all@example.com", []);
    await db().incidentTemplate.create({
      data: { name: "Mail down", title: "Mail down", body: "…", components: [{ componentId: smtp.id, status: "major_outage" }, { componentId: imap.id, status: "major_outage" }] },
    });
    await markAudit();

    const impact = await componentDeletionImpact(smtp.id);
    expect(impact).toEqual({ component: { id: smtp.id, name: "SMTP" }, openIncidents: [], statusChanges: 2, pastIncidents: 1, subscribersKept: 1, subscribersUnsubscribed: 1, templates: 1 });
    expect(describeComponentDeletion(impact)).toBe(
      'Deleting "SMTP" removes its status history (2 changes) and its place in 1 past incident. 1 subscriber who chose it among others keeps the others. 1 subscriber who chose only it is unsubscribed. 1 incident template stops listing it.',
    );
    const page = await loadComponentsPage({ actor: admin });
    const group = page.items.find((i) => i.type === "group");
    expect(group?.type === "group" && group.group.components[0]!.deletion).toEqual({ blocker: null, consequences: describeComponentDeletion(impact), openIncidents: [] });

    await deleteComponent({ actor: admin, input: { componentId: smtp.id } });
    expect(await layout()).toEqual({ top: ["API@0", "[Mail]@1", "Website@2"], Mail: ["IMAP@0"] });
    expect(await db().componentStatusChange.count({ where: { componentId: smtp.id } })).toBe(0);
    expect(await db().incident.findUnique({ where: { id: incident.id } })).not.toBeNull();
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: onlySmtp.id } })).state).toBe("unsubscribed");
    expect(await db().subscriber.findUniqueOrThrow({ where: { id: both.id }, include: { components: true } })).toMatchObject({ state: "active", components: [{ componentId: api.id }] });
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: everything.id } })).state).toBe("active");
    expect((await db().incidentTemplate.findFirstOrThrow()).components).toEqual([{ componentId: imap.id, status: "major_outage" }]);

    const rows = await audits();
    expect(rows.map((r) => [r.action, r.targetId])).toEqual([
      ["subscriber.unsubscribe", onlySmtp.id],
      ["component.delete", smtp.id],
    ]);
    expect(rows[1]!.data).toEqual({
      before: {
        name: "SMTP",
        description: null,
        group: "Mail",
        groupId: mail.id,
        position: 0,
        showcase: true,
        onlyShowIfDegraded: false,
        startDate: null,
        status: "operational",
        statusChanges: 2,
        unsubscribed: [onlySmtp.id],
      },
      after: null,
    });
  });

  it("refuses an unknown component and an editor", async () => {
    const { api } = await samplePage();
    await expect(deleteComponent({ actor: admin, input: { componentId: "nosuchthing1" } })).rejects.toThrow(new NotFoundError("Unknown component: nosuchthing1"));
    await expect(deleteComponent({ actor: editor, input: { componentId: api.id } })).rejects.toThrow(PermissionError);
    expect(await db().component.count()).toBe(4);
    expect(await audits()).toEqual([]);
  });

  it("deletes a group and moves its components to the top level where it was", async () => {
    const { mail, smtp, imap } = await samplePage();
    expect(describeGroupDeletion(await groupDeletionImpact(mail.id))).toBe(
      'Deleting the group "Mail" moves its 2 components ("SMTP", "IMAP") to the top level, where the group was. No component is deleted.',
    );
    await expect(deleteGroup({ actor: editor, input: { groupId: mail.id } })).rejects.toThrow(PermissionError);
    const r = await deleteGroup({ actor: admin, input: { groupId: mail.id } });
    expect(r.movedComponents.map((c) => c.name)).toEqual(["SMTP", "IMAP"]);
    expect(await layout()).toEqual({ top: ["API@0", "SMTP@1", "IMAP@2", "Website@3"] });

    const rows = await audits();
    expect(rows.map((a) => [a.action, a.targetId])).toEqual([
      ["component.update", smtp.id],
      ["component.update", imap.id],
      ["group.delete", mail.id],
    ]);
    expect(rows[0]!.data).toEqual({ before: { group: "Mail", groupId: mail.id, position: 0 }, after: { group: null, groupId: null, position: 1 } });
    expect(rows[2]!.data).toEqual({ before: { name: "Mail", description: "Sending and receiving", position: 1, components: ["SMTP", "IMAP"] }, after: null });
    await expect(deleteGroup({ actor: admin, input: { groupId: mail.id } })).rejects.toThrow(NotFoundError);
  });
});

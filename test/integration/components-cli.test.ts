// The CLI's component and group commands as a person runs them: a child process on the test database.
import { describe, expect, it } from "vitest";
import { createComponent } from "@/lib/components/create";
import { db } from "@/lib/db/prisma";
import { createGroup } from "@/lib/groups/create";
import { createIncident } from "@/lib/incidents/create";
import { countRows, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();
const cli = { type: "cli" } as const;

const herald = heraldCli(databaseUrl);

async function page() {
  const [groups, components] = await Promise.all([db().componentGroup.findMany(), db().component.findMany({ include: { group: true } })]);
  return { groups, components };
}

describe("component and group commands", () => {
  it("group create and component create (with every option) print the new ids; list shows them in page order", async () => {
    const g = await herald("group", "create", "--name", "Mail", "--description", "Sending and receiving");
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/^[0-9a-z]{12}\n$/);
    const groupId = g.stdout.trim();

    const api = await herald("component", "create", "--name", "API");
    expect(api.code, api.stderr).toBe(0);
    const smtp = await herald(
      "component", "create",
      "--name", "SMTP",
      "--group", "mail",
      "--description", "Outbound mail",
      "--hide-uptime",
      "--only-if-degraded",
      "--start-date", "2026-01-15",
    );
    expect(smtp.code, smtp.stderr).toBe(0);
    const smtpId = smtp.stdout.trim();
    expect(await db().component.findUniqueOrThrow({ where: { id: smtpId } })).toMatchObject({
      name: "SMTP",
      groupId,
      description: "Outbound mail",
      showcase: false,
      onlyShowIfDegraded: true,
      startDate: new Date("2026-01-15T00:00:00Z"),
      position: 0,
    });
    expect((await db().componentGroup.findUniqueOrThrow({ where: { id: groupId } })).position).toBe(0);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.stdout.trim() } })).position).toBe(1);
    expect((await db().auditLog.findMany({ orderBy: { id: "asc" } })).map((a) => [a.actorType, a.action])).toEqual([
      ["cli", "group.create"],
      ["cli", "component.create"],
      ["cli", "component.create"],
    ]);

    const list = await herald("component", "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n").map((l) => l.split(/\s{2,}/))).toEqual([
      ["GROUP", "NAME", "STATUS", "ID"],
      ["Mail", "SMTP", "operational", smtpId],
      ["-", "API", "operational", api.stdout.trim()],
      [""],
    ]);

    const json = await herald("component", "list", "--json");
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { components: unknown[]; groups: unknown[] };
    expect(parsed.components).toEqual([
      { id: smtpId, name: "SMTP", status: "operational", group: { id: groupId, name: "Mail" }, description: "Outbound mail", position: 0, showcase: false, onlyShowIfDegraded: true, startDate: "2026-01-15" },
      { id: api.stdout.trim(), name: "API", status: "operational", group: null, description: null, position: 1, showcase: true, onlyShowIfDegraded: false, startDate: null },
    ]);
    expect(parsed.groups).toEqual([{ id: groupId, name: "Mail", description: "Sending and receiving", position: 0, components: [smtpId] }]);
  });

  it("create refuses a missing name, a taken name, an unknown group and a bad date, writing nothing", async () => {
    await createComponent({ actor: cli, input: { name: "API" } });
    await createGroup({ actor: cli, input: { name: "Mail" } });
    const before = await countRows(["component", "component_group", "audit_log"]);

    const noName = await herald("component", "create");
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/--name is required/);

    const taken = await herald("component", "create", "--name", "api");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/A component named "API" already exists/);

    const group = await herald("component", "create", "--name", "SMTP", "--group", "Post");
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/Unknown group "Post"\. Known groups: Mail\./);

    const date = await herald("component", "create", "--name", "SMTP", "--start-date", "15/01/2026");
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/startDate: Write the start date as YYYY-MM-DD/);

    const groupTaken = await herald("group", "create", "--name", "MAIL");
    expect(groupTaken.code).toBe(1);
    expect(groupTaken.stderr).toMatch(/A group named "Mail" already exists/);

    expect(await countRows(["component", "component_group", "audit_log"])).toEqual(before);
  });

  it("component update renames, moves between groups and the top level, and changes display options", async () => {
    const { component: api } = await createComponent({ actor: cli, input: { name: "API" } });
    const { group: mail } = await createGroup({ actor: cli, input: { name: "Mail" } });
    const { component: web } = await createComponent({ actor: cli, input: { name: "Website" } });

    const r = await herald("component", "update", "api", "--name", "Public API", "--group", mail.id, "--description", "REST", "--hide-uptime", "--start-date", "2025-06-01");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Updated Public API\n");
    expect(await db().component.findUniqueOrThrow({ where: { id: api.id } })).toMatchObject({ name: "Public API", groupId: mail.id, position: 0, description: "REST", showcase: false });
    // API left the top level: the others close the gap.
    expect((await db().componentGroup.findUniqueOrThrow({ where: { id: mail.id } })).position).toBe(0);
    expect((await db().component.findUniqueOrThrow({ where: { id: web.id } })).position).toBe(1);

    const back = await herald("component", "update", api.id, "--no-group", "--description", "", "--show-uptime", "--no-start-date");
    expect(back.code, back.stderr).toBe(0);
    expect(await db().component.findUniqueOrThrow({ where: { id: api.id } })).toMatchObject({ groupId: null, position: 2, description: null, showcase: true, startDate: null });

    const same = await herald("component", "update", "PUBLIC API", "--show-uptime");
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe("Public API: nothing changed\n");

    const audit = await db().auditLog.findMany({ where: { action: "component.update" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.data).toMatchObject({ before: { name: "API", group: null }, after: { name: "Public API", group: "Mail" } });

    for (const [args, message] of [
      [["component", "update", "API2", "--name", "X"], /Unknown component "API2"/],
      [["component", "update", "Public API"], /Say what to change/],
      [["component", "update", "Public API", "--group", "Mail", "--no-group"], /Give --group or --no-group, not both/],
      [["component", "update", "Public API", "--group", "Nope"], /Unknown group "Nope"/],
    ] as const) {
      const bad = await herald(...args);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it("component delete says what would go and refuses without --yes, refuses while an incident is open, deletes with --yes", async () => {
    const { component: api } = await createComponent({ actor: cli, input: { name: "API" } });
    const { component: web } = await createComponent({ actor: cli, input: { name: "Website" } });
    const { incident } = await createIncident({ actor: cli, input: { name: "Website down", message: "Looking", components: [{ componentId: web.id, status: "major_outage" }] } });
    const before = await countRows(["component", "component_status_change", "audit_log"]);

    const ask = await herald("component", "delete", "api");
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/Deleting "API" removes its status history \(0 changes\)\./);
    expect(ask.stderr).toMatch(/Nothing was deleted\. To delete it, run again with --yes\./);

    const open = await herald("component", "delete", "Website", "--yes");
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`"Website" cannot be deleted while the open incident "Website down" (${incident.id}) names it`);
    expect(await countRows(["component", "component_status_change", "audit_log"])).toEqual(before);

    const yes = await herald("component", "delete", "API", "--yes");
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Deleted API\. Removed its status history \(0 changes\)\.\n$/);
    expect(await db().component.findUnique({ where: { id: api.id } })).toBeNull();
    expect((await db().component.findUniqueOrThrow({ where: { id: web.id } })).position).toBe(0);
    expect(await db().auditLog.findFirst({ where: { action: "component.delete" } })).toMatchObject({ actorType: "cli", targetId: api.id });
  });

  it("group update and group delete (asking for --yes first; the components move to the top level)", async () => {
    const { component: api } = await createComponent({ actor: cli, input: { name: "API" } });
    const { group: mail } = await createGroup({ actor: cli, input: { name: "Mail" } });
    await createComponent({ actor: cli, input: { name: "SMTP", groupId: mail.id } });
    await createComponent({ actor: cli, input: { name: "IMAP", groupId: mail.id } });

    const renamed = await herald("group", "update", "mail", "--name", "Email", "--description", "Mailboxes");
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(await db().componentGroup.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ name: "Email", description: "Mailboxes" });
    const nothing = await herald("group", "update", "Email");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Say what to change: --name or --description/);

    const ask = await herald("group", "delete", "email");
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain('Deleting the group "Email" moves its 2 components ("SMTP", "IMAP") to the top level, where the group was. No component is deleted.');
    expect(await db().componentGroup.count()).toBe(1);

    const yes = await herald("group", "delete", "Email", "--yes");
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toBe("Deleted the group Email. Moved to the top level: SMTP, IMAP.\n");
    const { groups, components } = await page();
    expect(groups).toEqual([]);
    expect(components.map((c) => [c.name, c.position]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ["API", 0],
      ["SMTP", 1],
      ["IMAP", 2],
    ]);
    expect(api.position).toBe(0);

    const unknown = await herald("group", "delete", "Email", "--yes");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown group "Email"\. There are no groups yet\./);
  });

  it("--help lists the commands and their options", async () => {
    const top = await herald("--help");
    for (const c of ["component create", "component update", "component delete", "component list", "group create", "group update", "group delete"]) {
      expect(top.stdout).toContain(c);
    }
    const update = await herald("component", "update", "--help");
    expect(update.code).toBe(0);
    for (const flag of ["--name", "--group", "--no-group", "--description", "--hide-uptime", "--only-if-degraded", "--start-date"]) expect(update.stdout).toContain(flag);
  });
});

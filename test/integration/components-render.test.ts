// The dashboard's components page as the server renders it, from a real database: the items in
// page order, a visible label for every field, move buttons named after their item (each carrying
// the level's new order), deletion steps that say what goes or which incident blocks it, and
// less for an editor, who may set statuses but not change the structure.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { loadComponentsPage } from "@/lib/admin/components-page";
import type { Actor } from "@/lib/auth/actor";
import { createComponent } from "@/lib/components/create";
import { createGroup } from "@/lib/groups/create";
import { createIncident } from "@/lib/incidents/create";
import { ComponentCreateForm } from "@/components/admin/ComponentForm";
import { ComponentPageList } from "@/components/admin/ComponentPageList";
import { GroupCreateForm } from "@/components/admin/GroupForm";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const admin: Actor = { type: "operator", operatorId: "op-admin", role: "admin", email: "admin@example.com" };
const editor: Actor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" };
const cli: Actor = { type: "cli" };

async function samplePage() {
  const api = (await createComponent({ actor: cli, input: { name: "API", description: "The REST API" } })).component;
  const mail = (await createGroup({ actor: cli, input: { name: "Mail" } })).group;
  const smtp = (await createComponent({ actor: cli, input: { name: "SMTP", groupId: mail.id, showcase: false } })).component;
  const imap = (await createComponent({ actor: cli, input: { name: "IMAP", groupId: mail.id } })).component;
  const web = (await createComponent({ actor: cli, input: { name: "Website", startDate: "2026-01-15" } })).component;
  return { api, mail, smtp, imap, web };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** Each submit button's accessible name (text without aria-hidden parts), with whether it is disabled. */
function buttons(html: string): { name: string; disabled: boolean; form: string }[] {
  const out: { name: string; disabled: boolean; form: string }[] = [];
  for (const form of html.split("<form").slice(1)) {
    const body = form.slice(0, form.indexOf("</form>"));
    for (const m of body.matchAll(/<button([^>]*)>(.*?)<\/button>/gs)) {
      const name = decode(m[2]!.replace(/<span aria-hidden="true">.*?<\/span>/gs, "").replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
      out.push({ name, disabled: /\sdisabled=""/.test(m[1]!), form: body });
    }
  }
  return out;
}

function hiddenOrder(form: string): string[] {
  return [...form.matchAll(/<input type="hidden" name="order" value="([^"]+)"/g)].map((m) => m[1]!);
}

/** Every <label for> points at a control, and each listed label is there. */
function expectLabelled(html: string, labels: string[]) {
  for (const m of html.matchAll(/<label for="([^"]+)"/g)) expect(html, m[1]).toContain(`id="${m[1]}"`);
  for (const label of labels) expect(html, label).toMatch(new RegExp(`<label for="[^"]+"[^>]*>${label}<`));
}

describe("the components page", () => {
  it("shows groups and components in page order, each with labelled forms and move buttons named after it", async () => {
    const { api, mail, smtp, imap, web } = await samplePage();
    const html = renderToStaticMarkup(createElement(ComponentPageList, { page: await loadComponentsPage({ actor: admin }) }));

    const headings = [...html.matchAll(/<h([34]) id="[^"]+"[^>]*>([^<]+)</g)].map((m) => `h${m[1]} ${m[2]}`);
    expect(headings).toEqual(["h3 API", "h3 Mail", "h4 SMTP", "h4 IMAP", "h3 Website"]);
    expect(html).toContain('aria-label="Top level of the status page"');
    expect(html).toContain('aria-label="Components of Mail"');
    expectLabelled(html, ["Name", "Description", "Group", "Show uptime bars", "Only show if degraded", "Start date", "Status", "Notify webhook subscribers"]);
    expect(html).toContain("Uptime bars hidden");
    expect(html).toContain("History from 2026-01-15");
    expect(html).toContain("the change is recorded in its history (its uptime bars) and webhook subscribers are notified");

    const moves = buttons(html).filter((b) => b.name.startsWith("Move "));
    expect(moves.map((b) => `${b.name}${b.disabled ? " (disabled)" : ""}`)).toEqual([
      "Move API up (disabled)",
      "Move API down",
      "Move Mail up",
      "Move Mail down",
      "Move SMTP up (disabled)",
      "Move SMTP down",
      "Move IMAP up",
      "Move IMAP down (disabled)",
      "Move Website up",
      "Move Website down (disabled)",
    ]);
    const top = (name: string) => hiddenOrder(moves.find((b) => b.name === name)!.form);
    expect(top("Move API down")).toEqual([`group:${mail.id}`, `component:${api.id}`, `component:${web.id}`]);
    expect(top("Move Website up")).toEqual([`component:${api.id}`, `component:${web.id}`, `group:${mail.id}`]);
    expect(top("Move IMAP up")).toEqual([`component:${imap.id}`, `component:${smtp.id}`]);
    expect(moves.find((b) => b.name === "Move IMAP up")!.form).toContain(`name="groupId" value="${mail.id}"`);

    // Deleting: a step that opens, then a button naming what it deletes, after saying what goes with it.
    expect(html).toContain("Delete API…</summary>");
    expect(buttons(html).map((b) => b.name)).toContain("Yes, delete API");
    expect(decode(html)).toContain('Deleting "API" removes its status history (0 changes). This cannot be undone.');
    expect(buttons(html).map((b) => b.name)).toContain("Yes, delete group Mail");
    expect(decode(html)).toContain('Deleting the group "Mail" moves its 2 components ("SMTP", "IMAP") to the top level, where the group was. No component is deleted.');
    expect(html).toContain("Edit API</summary>");
    expect(html).toContain("Edit group Mail</summary>");
    // The group select offers the top level and each group, the component's own chosen.
    expect(html).toMatch(new RegExp(`<option value="${mail.id}" selected="">Mail</option>`));
  });

  it("names the open incident that blocks a deletion, and offers no delete button for it", async () => {
    const { api } = await samplePage();
    const { incident } = await createIncident({ actor: cli, input: { name: "API errors", message: "Looking", components: [{ componentId: api.id, status: "major_outage" }] } });
    const html = decode(renderToStaticMarkup(createElement(ComponentPageList, { page: await loadComponentsPage({ actor: admin }) })));
    expect(html).toContain(`"API" cannot be deleted while the open incident "API errors" (${incident.id}) names it: resolve or complete it first.`);
    expect(html).toContain(`href="/admin/incidents/${incident.id}"`);
    expect(buttons(html).map((b) => b.name)).not.toContain("Yes, delete API");
    expect(buttons(html).map((b) => b.name)).toContain("Yes, delete Website");
  });

  it("gives an editor the statuses but not the structure", async () => {
    await samplePage();
    const page = await loadComponentsPage({ actor: editor });
    expect(page).toMatchObject({ canManage: false, canSetStatus: true });
    const html = renderToStaticMarkup(createElement(ComponentPageList, { page }));
    const names = buttons(html).map((b) => b.name);
    expect(names.filter((n) => n === "Set status")).toHaveLength(4);
    expect(names.some((n) => n.startsWith("Move ") || n.startsWith("Yes, delete") || n.startsWith("Save "))).toBe(false);
    expect(html).not.toContain("Edit API");
    expect(html).not.toContain("⠿");
  });

  it("the New component and New group forms label every field", () => {
    const component = renderToStaticMarkup(createElement(ComponentCreateForm, { groups: [{ id: "g1", name: "Mail" }] }));
    expectLabelled(component, ["Name", "Description", "Group", "Show uptime bars", "Only show if degraded", "Start date"]);
    expect(component).toContain('<option value="" selected="">No group (top level)</option>');
    expect(component).toMatch(/<input id="new-component-showcase" type="checkbox"[^>]* name="showcase" checked=""/);
    expect(component).toMatch(/<input id="new-component-only-degraded" type="checkbox"[^>]* name="onlyShowIfDegraded"\/>/);
    expect(component).toContain("Add component");
    const group = renderToStaticMarkup(createElement(GroupCreateForm));
    expectLabelled(group, ["Name", "Description"]);
    expect(group).toContain("Add group");
  });
});

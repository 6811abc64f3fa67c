// npm run herald -- component list
import { loadComponentsPage, type PageComponent } from "@/lib/admin/components-page";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

function json(c: PageComponent, group: { id: string; name: string } | null) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    group,
    description: c.description,
    position: c.position,
    showcase: c.showcase,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
    startDate: c.startDate,
  };
}

/** Columns padded to their widest cell; the last one is not padded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join("").trimEnd()).join("\n");
}

function prepareComponentList(args: string[]): Prepared {
  const { values, positionals } = parse(args, { json: { type: "boolean" } }, true);
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  return async () => {
    const page = await loadComponentsPage({ actor });
    if (values.json) {
      const components = page.items.flatMap((item) =>
        item.type === "group" ? item.group.components.map((c) => json(c, { id: item.group.id, name: item.group.name })) : [json(item.component, null)],
      );
      const groups = page.items.flatMap((item) =>
        item.type === "group" ? [{ id: item.group.id, name: item.group.name, description: item.group.description, position: item.group.position, components: item.group.components.map((c) => c.id) }] : [],
      );
      console.log(JSON.stringify({ components, groups }, null, 2));
      return 0;
    }
    if (!page.items.length) {
      console.log("No components yet. Add one: npm run herald -- component create --name NAME");
      return 0;
    }
    const rows = [["GROUP", "NAME", "STATUS", "ID"]];
    for (const item of page.items) {
      if (item.type === "component") rows.push(["-", item.component.name, item.component.status, item.component.id]);
      else if (!item.group.components.length) rows.push([item.group.name, "(no components)", "", ""]);
      else for (const c of item.group.components) rows.push([item.group.name, c.name, c.status, c.id]);
    }
    console.log(table(rows));
    return 0;
  };
}

export default {
  name: "component list",
  summary: "list the components in page order",
  usage: `Usage: npm run herald -- component list [--json]

Lists every component in the order the page shows them: group, name, status and id.

Options:
  --json      print {"components": [...], "groups": [...]} for scripts: each component with its
              id, name, status, group ({id, name} or null), description, position, showcase,
              onlyShowIfDegraded and startDate; each group with its id, name, description,
              position and its components' ids
  -h, --help  show this help`,
  prepare: prepareComponentList,
} satisfies Command;

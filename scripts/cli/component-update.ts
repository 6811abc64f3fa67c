// npm run herald -- component update
import { updateComponent, type UpdateComponentInput } from "@/lib/components/update";
import { findGroupByRef } from "@/lib/groups/find";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";
import { resolveComponents } from "./components";

/** Each pair says one thing two ways: giving both is a mistake, not a choice. */
const OPPOSITES = [
  ["group", "no-group"],
  ["hide-uptime", "show-uptime"],
  ["only-if-degraded", "always-show"],
  ["start-date", "no-start-date"],
] as const;

function prepareComponentUpdate(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      group: { type: "string" },
      "no-group": { type: "boolean" },
      description: { type: "string" },
      "hide-uptime": { type: "boolean" },
      "show-uptime": { type: "boolean" },
      "only-if-degraded": { type: "boolean" },
      "always-show": { type: "boolean" },
      "start-date": { type: "string" },
      "no-start-date": { type: "boolean" },
    },
    true,
  );
  const ref = onePositional(positionals, "component (name or id)").trim();
  for (const [a, b] of OPPOSITES) {
    if (values[a] !== undefined && values[b] !== undefined) throw new UsageError(`Give --${a} or --${b}, not both`);
  }
  const input: Omit<UpdateComponentInput, "componentId"> = {
    name: values.name,
    description: values.description,
    showcase: values["hide-uptime"] ? false : values["show-uptime"] ? true : undefined,
    onlyShowIfDegraded: values["only-if-degraded"] ? true : values["always-show"] ? false : undefined,
    startDate: values["no-start-date"] ? null : values["start-date"],
    groupId: values["no-group"] ? null : undefined,
  };
  if (Object.values(input).every((v) => v === undefined) && values.group === undefined) {
    throw new UsageError("Say what to change: --name, --group, --no-group, --description, --hide-uptime, --show-uptime, --only-if-degraded, --always-show, --start-date or --no-start-date");
  }
  return async () => {
    const component = (await resolveComponents([ref])).get(ref)!;
    if (values.group !== undefined) {
      const lookup = await findGroupByRef(values.group);
      if (!lookup.found) throw new UsageError(lookup.problem);
      input.groupId = lookup.found.id;
    }
    const r = await updateComponent({ actor, input: { componentId: component.id, ...input } });
    console.log(r.changed ? `Updated ${r.component.name}` : `${component.name}: nothing changed`);
    return 0;
  };
}

export default {
  name: "component update",
  summary: "rename, describe or move a component, or change how the page shows it",
  usage: `Usage: npm run herald -- component update COMPONENT [options]

Changes a component; what is not given stays as it is. COMPONENT is its name (any case) or id.
A component moved to another group goes to the end of it. Its status is set with
\`component set-status\`.

Options:
  --name NAME              rename it
  --description TEXT       describe it ("" removes the description)
  --group GROUP            move it into a group: its name (any case) or id
  --no-group               move it to the top level
  --hide-uptime            do not show its uptime bars
  --show-uptime            show its uptime bars
  --only-if-degraded       show it only while it is not operational
  --always-show            show it always
  --start-date YYYY-MM-DD  the day its uptime history starts
  --no-start-date          count its history from the day it was created
  -h, --help               show this help`,
  prepare: prepareComponentUpdate,
} satisfies Command;

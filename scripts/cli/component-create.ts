// npm run herald -- component create
import { createComponent } from "@/lib/components/create";
import { findGroupByRef } from "@/lib/groups/find";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";

function prepareComponentCreate(args: string[]): Prepared {
  const { values } = parse(args, {
    name: { type: "string" },
    group: { type: "string" },
    description: { type: "string" },
    "hide-uptime": { type: "boolean" },
    "only-if-degraded": { type: "boolean" },
    "start-date": { type: "string" },
  });
  const name = required(values.name, "--name");
  return async () => {
    let groupId: string | null = null;
    if (values.group !== undefined) {
      const lookup = await findGroupByRef(values.group);
      if (!lookup.found) throw new UsageError(lookup.problem);
      groupId = lookup.found.id;
    }
    const { component } = await createComponent({
      actor,
      input: {
        name,
        groupId,
        description: values.description ?? null,
        showcase: !values["hide-uptime"],
        onlyShowIfDegraded: values["only-if-degraded"] ?? false,
        startDate: values["start-date"] ?? null,
      },
    });
    console.log(component.id);
    return 0;
  };
}

export default {
  name: "component create",
  summary: "add a component to the page (prints its id)",
  usage: `Usage: npm run herald -- component create --name NAME [options]

Adds a component at the end of its group (or of the page's top level) and prints its id. It starts
operational. Names are unique whatever their case.

Options:
  --name NAME              the component's name (required)
  --group GROUP            the group it belongs to: its name (any case) or id (default: top level)
  --description TEXT       a short description shown on the page
  --hide-uptime            do not show its uptime bars
  --only-if-degraded       show it on the page only while it is not operational
  --start-date YYYY-MM-DD  the day its uptime history starts (default: today)
  -h, --help               show this help`,
  prepare: prepareComponentCreate,
} satisfies Command;

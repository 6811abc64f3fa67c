// npm run herald -- group update
import { findGroupByRef } from "@/lib/groups/find";
import { updateGroup } from "@/lib/groups/update";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";

function prepareGroupUpdate(args: string[]): Prepared {
  const { values, positionals } = parse(args, { name: { type: "string" }, description: { type: "string" } }, true);
  const ref = onePositional(positionals, "group (name or id)");
  if (values.name === undefined && values.description === undefined) throw new UsageError("Say what to change: --name or --description");
  return async () => {
    const lookup = await findGroupByRef(ref);
    if (!lookup.found) throw new UsageError(lookup.problem);
    const r = await updateGroup({ actor, input: { groupId: lookup.found.id, name: values.name, description: values.description } });
    console.log(r.changed ? `Updated ${r.group.name}` : `${lookup.found.name}: nothing changed`);
    return 0;
  };
}

export default {
  name: "group update",
  summary: "rename or describe a group",
  usage: `Usage: npm run herald -- group update GROUP [--name NAME] [--description TEXT]

Renames or describes a group; what is not given stays as it is. GROUP is its name (any case) or id.

Options:
  --name NAME         rename it
  --description TEXT  describe it ("" removes the description)
  -h, --help          show this help`,
  prepare: prepareGroupUpdate,
} satisfies Command;

// npm run herald -- group delete
import { findGroupByRef } from "@/lib/groups/find";
import { deleteGroup, describeGroupDeletion, groupDeletionImpact } from "@/lib/groups/delete";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";

function prepareGroupDelete(args: string[]): Prepared {
  const { values, positionals } = parse(args, { yes: { type: "boolean", short: "y" } }, true);
  const ref = onePositional(positionals, "group (name or id)");
  return async () => {
    const lookup = await findGroupByRef(ref);
    if (!lookup.found) throw new UsageError(lookup.problem);
    const impact = await groupDeletionImpact(lookup.found.id);
    if (!values.yes) {
      console.error(`${describeGroupDeletion(impact)}\nNothing was deleted. To delete it, run again with --yes.`);
      return 2;
    }
    const r = await deleteGroup({ actor, input: { groupId: lookup.found.id } });
    const moved = r.movedComponents.map((c) => c.name);
    console.log(`Deleted the group ${r.group.name}.${moved.length ? ` Moved to the top level: ${moved.join(", ")}.` : ""}`);
    return 0;
  };
}

export default {
  name: "group delete",
  summary: "delete a group, moving its components to the top level (asks for --yes)",
  usage: `Usage: npm run herald -- group delete GROUP [--yes]

Deletes a group. Its components are kept: they move to the page's top level, in their order,
where the group was. GROUP is its name (any case) or id. Without --yes it only says what would
happen (exit code 2).

Options:
  -y, --yes   delete it
  -h, --help  show this help`,
  prepare: prepareGroupDelete,
} satisfies Command;

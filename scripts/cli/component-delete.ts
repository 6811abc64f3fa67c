// npm run herald -- component delete
import { componentDeletionImpact, deleteComponent, deletionBlocker, describeComponentDeletion } from "@/lib/components/delete";
import { ConflictError } from "@/lib/errors";
import { actor, onePositional, parse, type Command, type Prepared } from "./command";
import { resolveComponents } from "./components";

function prepareComponentDelete(args: string[]): Prepared {
  const { values, positionals } = parse(args, { yes: { type: "boolean", short: "y" } }, true);
  const ref = onePositional(positionals, "component (name or id)").trim();
  return async () => {
    const component = (await resolveComponents([ref])).get(ref)!;
    const impact = await componentDeletionImpact(component.id);
    const blocker = deletionBlocker(impact);
    if (blocker) throw new ConflictError(blocker);
    if (!values.yes) {
      // Nothing is deleted without saying what goes with it first.
      console.error(`${describeComponentDeletion(impact)}\nNothing was deleted. To delete it, run again with --yes.`);
      return 2;
    }
    const r = await deleteComponent({ actor, input: { componentId: component.id } });
    console.log(`Deleted ${r.component.name}. ${describeComponentDeletion(r.impact).replace(/^Deleting "[^"]*" removes/, "Removed")}`);
    return 0;
  };
}

export default {
  name: "component delete",
  summary: "delete a component and its history (asks for --yes)",
  usage: `Usage: npm run herald -- component delete COMPONENT [--yes]

Deletes a component with its status history. COMPONENT is its name (any case) or id. Without --yes
it only says what would be deleted (exit code 2). Refused while an open incident or an unfinished
maintenance names it. Subscribers who chose only this component are unsubscribed (with no
component left they would otherwise get news of every component).

Options:
  -y, --yes   delete it
  -h, --help  show this help`,
  prepare: prepareComponentDelete,
} satisfies Command;

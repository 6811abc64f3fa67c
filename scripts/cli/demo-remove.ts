// npm run herald -- demo remove
import { countDemoContent, describeDemoContent, NOT_DEMO, removeDemo } from "@/lib/demo/remove";
import { ConflictError } from "@/lib/errors";
import { isDemo } from "@/lib/settings/get";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

function prepareDemoRemove(args: string[]): Prepared {
  const { values, positionals } = parse(args, { yes: { type: "boolean", short: "y" } }, true);
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  return async () => {
    if (!values.yes) {
      // Say what would go, and change nothing: removing is for --yes.
      if (!(await isDemo())) throw new ConflictError(NOT_DEMO);
      console.error(`This would remove ${describeDemoContent(await countDemoContent())}.`);
      console.error("Operators, their sessions, API keys and the audit log stay. Run again with --yes to remove it.");
      return 2;
    }
    const { removed, name } = await removeDemo({ actor });
    console.log(`Removed ${describeDemoContent(removed)}. The page is now "${name}".`);
    return 0;
  };
}

export default {
  name: "demo remove",
  summary: "remove the first-run demo content (Start fresh)",
  usage: `Usage: npm run herald -- demo remove [--yes]

Removes the demo content the first run put on the page, as the dashboard's Start fresh does: every
component and group, incident and maintenance, metric, subscriber, notification, captured message
and incident template. Operators, their sessions, API keys and the audit log stay; a page still
named as the demo is renamed "Status". Refused once the demo content is gone.

Options:
  -y, --yes     remove it (without it: say what would be removed, exit 2)
  -h, --help    show this help`,
  prepare: prepareDemoRemove,
} satisfies Command;

// npm run herald -- group create
import { createGroup } from "@/lib/groups/create";
import { actor, parse, required, type Command, type Prepared } from "./command";

function prepareGroupCreate(args: string[]): Prepared {
  const { values } = parse(args, { name: { type: "string" }, description: { type: "string" } });
  const name = required(values.name, "--name");
  return async () => {
    const { group } = await createGroup({ actor, input: { name, description: values.description ?? null } });
    console.log(group.id);
    return 0;
  };
}

export default {
  name: "group create",
  summary: "add a group of components to the page (prints its id)",
  usage: `Usage: npm run herald -- group create --name NAME [--description TEXT]

Adds an empty group at the end of the page and prints its id. Put components in it with
\`component create --group\` or \`component update --group\`. Names are unique whatever their case.

Options:
  --name NAME         the group's name (required)
  --description TEXT  a short description
  -h, --help          show this help`,
  prepare: prepareGroupCreate,
} satisfies Command;

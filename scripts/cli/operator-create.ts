// npm run herald -- operator create
import { createOperator } from "@/lib/operators/create";
import { OPERATOR_ROLES, type OperatorRole } from "@/lib/vocabulary";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";

function prepareOperatorCreate(args: string[]): Prepared {
  const { values } = parse(args, { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } });
  const email = required(values.email, "--email").trim();
  const role = values.role?.trim();
  if (role !== undefined && !(OPERATOR_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`Unknown role "${role}". Valid roles: ${OPERATOR_ROLES.join(", ")}`);
  }
  return async () => {
    const { operator, password } = await createOperator({
      actor,
      input: { email, role: role as OperatorRole | undefined, name: values.name },
    });
    console.log(`Created ${operator.role} ${operator.email}`);
    console.log(`Password: ${password}`);
    console.error("The password is shown only this once: keep it somewhere safe.");
    return 0;
  };
}

export default {
  name: "operator create",
  summary: "create an operator account (prints its one-time password)",
  usage: `Usage: npm run herald -- operator create --email ADDRESS [--role ROLE] [--name NAME]

Creates an operator account with a generated password, printed once.

Options:
  --email ADDRESS   the operator's email address, used to sign in (required)
  --role ROLE       ${OPERATOR_ROLES.join(" | ")} (default admin)
  --name NAME       the operator's display name
  -h, --help        show this help`,
  prepare: prepareOperatorCreate,
} satisfies Command;

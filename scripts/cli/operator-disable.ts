// npm run herald -- operator disable
import { disableOperator } from "@/lib/operators/disable";
import { actor, onePositional, parse, type Command, type Prepared } from "./command";

function prepareOperatorDisable(args: string[]): Prepared {
  const { positionals } = parse(args, {}, true);
  const email = onePositional(positionals, "operator email address").trim();
  return async () => {
    const r = await disableOperator({ actor, input: { email } });
    console.log(
      r.changed
        ? `Disabled ${r.operator.email}: ${r.sessionsEnded} ${r.sessionsEnded === 1 ? "session" : "sessions"} ended`
        : `${r.operator.email} is already disabled: nothing changed`,
    );
    return 0;
  };
}

export default {
  name: "operator disable",
  summary: "disable an operator account and end its sessions",
  usage: `Usage: npm run herald -- operator disable EMAIL

Disables the operator with this email: they are logged out at their next request and cannot log
in again until the owner enables the account (dashboard: Operators). The last owner cannot be
disabled.

Options:
  -h, --help   show this help`,
  prepare: prepareOperatorDisable,
} satisfies Command;

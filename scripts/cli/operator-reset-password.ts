// npm run herald -- operator reset-password
import { resetOperatorPassword } from "@/lib/operators/reset-password";
import { actor, onePositional, parse, type Command, type Prepared } from "./command";

function prepareOperatorResetPassword(args: string[]): Prepared {
  const { positionals } = parse(args, {}, true);
  const email = onePositional(positionals, "operator email address").trim();
  return async () => {
    const { operator, password, sessionsEnded } = await resetOperatorPassword({ actor, input: { email } });
    console.log(`New password for ${operator.email}: ${password}`);
    console.error(
      `The password is shown only this once: hand it over safely; they can change it on their account page. ${sessionsEnded} ${sessionsEnded === 1 ? "session" : "sessions"} ended.`,
    );
    return 0;
  };
}

export default {
  name: "operator reset-password",
  summary: "give an operator a new one-time password (printed once) and end their sessions",
  usage: `Usage: npm run herald -- operator reset-password EMAIL

Sets a new generated password for the operator with this email, prints it once, and logs them
out everywhere. Any invitation or reset link still open for them stops working.

Options:
  -h, --help   show this help`,
  prepare: prepareOperatorResetPassword,
} satisfies Command;

// The CLI's runner: finds the command, prints help, checks arguments before touching the
// database, then runs the command after bootstrap() and turns refusals into exit codes.
import { ZodError } from "zod";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { UsageError, type Command, type Prepared } from "./command";

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Herald admin command line

Usage: npm run herald -- <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n")}

Run \`npm run herald -- <command> --help\` for a command's options.
The database is DATABASE_URL, or the embedded one in HERALD_DATA_DIR (default .data).`;
}

function report(e: unknown): number {
  if (e instanceof UsageError || e instanceof ZodError) {
    console.error(e instanceof ZodError ? describeZodError(e) : e.message);
    return 2;
  }
  if (e instanceof ConflictError || e instanceof NotFoundError || e instanceof PermissionError) {
    console.error(e.message);
    return 1;
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return 1;
}

export async function runCli(commands: readonly Command[], argv: string[]): Promise<number> {
  const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");
  const [group, verb, ...rest] = argv;
  if (group === undefined || group === "help" || group === "--help" || group === "-h") {
    console.log(usage(commands));
    return group === undefined ? 2 : 0;
  }
  const name = `${group} ${verb ?? ""}`.trim();
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const ofGroup = commands.filter((c) => c.name.startsWith(`${group} `));
    if (ofGroup.length && (verb === undefined || verb === "--help" || verb === "-h")) {
      console.log(ofGroup.map((c) => c.usage).join("\n\n"));
      return verb === undefined ? 2 : 0;
    }
    console.error(`Unknown command "${name}".\n\n${usage(commands)}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    console.log(command.usage);
    return 0;
  }

  let run: Prepared;
  try {
    run = command.prepare(rest);
  } catch (e) {
    const code = report(e);
    if (e instanceof UsageError) console.error(`See: npm run herald -- ${name} --help`);
    return code;
  }

  const { database } = await bootstrap();
  let code: number;
  try {
    code = await run();
  } catch (e) {
    code = report(e);
  }
  await db()
    .$disconnect()
    .catch(() => undefined);
  await database.stop();
  return code;
}

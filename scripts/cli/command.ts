// What every command of the admin CLI shares: its shape, the "cli" actor, and argument parsing.
// A command checks what it can without the database (prepare) and then runs after bootstrap().
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Actor } from "@/lib/auth/actor";

export const actor: Actor = { type: "cli" };

/** Runs the command once the database is ready; resolves to the exit code. */
export type Prepared = () => Promise<number>;

export type Command = {
  /** "group verb", as typed. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The whole --help text. */
  usage: string;
  /** Checks the arguments (throwing UsageError) and returns what runs against the database. */
  prepare(args: string[]): Prepared;
};

/** A problem with what the user typed: message on stderr, exit code 2. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${flag} is required`);
  return value;
}

/** Exactly one positional argument, or a usage error saying what to give. */
export function onePositional(positionals: string[], what: string): string {
  const value = positionals[0];
  if (!value || positionals.length > 1) throw new UsageError(`Give one ${what}`);
  return value;
}

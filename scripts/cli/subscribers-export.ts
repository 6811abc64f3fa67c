// npm run herald -- subscribers export
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { EXPORT_COLUMNS, exportSubscribers } from "@/lib/subscribers/export";
import { SUBSCRIBER_CHANNELS, SUBSCRIBER_STATES, type SubscriberChannel, type SubscriberState } from "@/lib/vocabulary";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";

function oneOf<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} "${value}": use one of ${choices.join(", ")}`);
  return value as T;
}

/** Writes a piece and waits when the stream asks to (a slow disk or a pipe that reads slowly). */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

function prepareSubscribersExport(args: string[]): Prepared {
  const { values, positionals } = parse(args, { channel: { type: "string" }, state: { type: "string" } }, true);
  const file = onePositional(positionals, 'CSV file to write (or "-" for standard output)');
  const channel = oneOf<SubscriberChannel>(values.channel, SUBSCRIBER_CHANNELS, "--channel");
  const state = oneOf<SubscriberState>(values.state, SUBSCRIBER_STATES, "--state");
  const toStdout = file === "-";
  if (!toStdout && !fs.existsSync(path.dirname(path.resolve(file)))) throw new UsageError(`Cannot write ${file}: its folder does not exist`);

  return async () => {
    const pieces = exportSubscribers({ actor, input: { channel, state } });
    let count = 0;
    if (toStdout) {
      for await (const piece of pieces) {
        await write(process.stdout, piece.text);
        count += piece.rows;
      }
      console.error(`Exported ${count} subscriber${count === 1 ? "" : "s"}.`);
      return 0;
    }
    // Written beside the target and renamed when complete: a failed export leaves no half a file.
    const partial = `${file}.${process.pid}.partial`;
    const out = fs.createWriteStream(partial, { flags: "wx" });
    try {
      await once(out, "open");
      for await (const piece of pieces) {
        await write(out, piece.text);
        count += piece.rows;
      }
      out.end();
      await once(out, "finish");
      fs.renameSync(partial, file);
    } catch (e) {
      out.destroy();
      fs.rmSync(partial, { force: true });
      throw e;
    }
    console.log(`Exported ${count} subscriber${count === 1 ? "" : "s"} to ${file}.`);
    return 0;
  };
}

export default {
  name: "subscribers export",
  summary: "export subscribers to a CSV file",
  usage: `Usage: npm run herald -- subscribers export FILE.csv [--channel CHANNEL] [--state STATE]

Writes the subscribers to FILE.csv ("-": standard output, with the count on standard error),
with the header
  ${EXPORT_COLUMNS.join(",")}
Components are named, separated by ";" (empty: every component). The file can be given to
\`subscribers import\` again: it reads past state and the dates, and skips unsubscribed rows.
Webhook signing secrets are not exported.

Options:
  --channel CHANNEL   only this channel: ${SUBSCRIBER_CHANNELS.join(", ")}
  --state STATE       only this state: ${SUBSCRIBER_STATES.join(", ")}
  -h, --help          show this help`,
  prepare: prepareSubscribersExport,
} satisfies Command;

// npm run herald -- subscribers import
import fs from "node:fs";
import { importSubscribers } from "@/lib/subscribers/import";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

function prepareSubscribersImport(args: string[]): Prepared {
  const { values, positionals } = parse(args, { confirmed: { type: "boolean" } }, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length ? "Give one CSV file" : "Give the CSV file to import");
  const file = positionals[0]!;
  let csv: string;
  try {
    csv = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const confirmed = values.confirmed ?? false;

  return async () => {
    const result = await importSubscribers({ actor, input: { csv, confirmed } });
    const problems = [
      ...result.errors.map((p) => ({ line: p.line, text: `error: ${p.reason}` })),
      ...result.skipped.map((s) => ({ line: s.line, text: `skipped: ${s.address} is ${s.reason}` })),
    ].sort((a, b) => a.line - b.line);
    for (const p of problems) console.error(`${file}:${p.line}: ${p.text}`);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const what = confirmed ? "active" : "unconfirmed; a confirmation message is queued for each";
    console.log(
      `Imported ${plural(result.imported, "subscriber")}${result.imported ? ` (${what})` : ""}; ` +
        `${result.skipped.length} already subscribed (skipped); ${plural(result.errors.length, "row")} with errors.`,
    );
    // Failed: there were rows and every one of them was refused (already subscribed is no failure).
    return result.errors.length > 0 && result.imported === 0 && result.skipped.length === 0 ? 1 : 0;
  };
}

export default {
  name: "subscribers import",
  summary: "import subscribers from a CSV file",
  usage: `Usage: npm run herald -- subscribers import FILE.csv [--confirmed]

Imports subscribers from a CSV file with the header
  channel,address,components,secret
  channel     email, sms or webhook
  address     an email address, a phone number in E.164 form (+14155550100), or a webhook URL
  components  component names separated by ";" (empty: every component)
  secret      webhook rows only: an existing Standard Webhooks secret (whsec_...); empty = generate one

Every valid row is imported; rows with problems are listed with their line number. An address
that is already subscribed is skipped. Exit code 1 when every row failed.

Options:
  --confirmed   the subscribers consented elsewhere: make them active at once
                (otherwise each is unconfirmed and is sent a confirmation message)
  -h, --help    show this help`,
  prepare: prepareSubscribersImport,
} satisfies Command;

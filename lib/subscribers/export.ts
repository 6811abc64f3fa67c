// Export subscribers as CSV (the dashboard's "Export CSV" and the CLI's `subscribers export`):
//
//   channel,address,components,state,created_at,confirmed_at
//   email,ops@example.com,,active,2026-12-07T10:00:00.000Z,2026-12-07T10:05:00.000Z
//   sms,+14155550100,API;Website,unconfirmed,2026-12-07T11:00:00.000Z,
//
// The columns start as `subscribers import` reads them (components by name, separated by ";"),
// so an export can be imported again: the importer skips the informational columns, and rows
// whose state is unsubscribed. Webhook signing secrets are never exported (an imported webhook
// gets a new one). The rows are those the list's filters select (lib/subscribers/list.ts), read
// a thousand at a time by id, so a list of any size is written without holding it in memory;
// a subscriber changed while the export runs may appear as it was or as it became.
// Exporting addresses hands them out of Herald: it takes subscriber.write, and leaves an audit row.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { randomToken } from "@/lib/tokens";
import { SUBSCRIBER_ROW_SELECT, SubscriberFilter, subscriberWhere, toSubscriberRow, type SubscriberRow } from "@/lib/subscribers/list";

export const EXPORT_COLUMNS = ["channel", "address", "components", "state", "created_at", "confirmed_at"] as const;

export const ExportSubscribersInput = SubscriberFilter;
export type ExportSubscribersInput = SubscriberFilter;

/** A piece of the file: its text and how many subscribers it holds (the header holds none). */
export type ExportChunk = { text: string; rows: number };

const BATCH = 1000;

/**
 * The CSV file, piece by piece. Permission and filters are checked at once, when this is called;
 * the database is read as the pieces are taken.
 */
export function exportSubscribers({ actor, input }: { actor: Actor; input: ExportSubscribersInput }): AsyncGenerator<ExportChunk> {
  requirePermission(actor, "subscriber.write");
  const filter = ExportSubscribersInput.parse(input);
  return pieces(actor, filter);
}

async function* pieces(actor: Actor, filter: ReturnType<typeof ExportSubscribersInput.parse>): AsyncGenerator<ExportChunk> {
  const client = db();
  await recordAudit(client, actor, "subscriber.export", { type: "subscriber_export", id: randomToken(9) }, {
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
  });
  yield { text: csvRecord(EXPORT_COLUMNS), rows: 0 };
  const where = subscriberWhere(filter);
  let after: string | undefined;
  for (;;) {
    const page = await client.subscriber.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: BATCH,
      select: SUBSCRIBER_ROW_SELECT,
    });
    if (page.length === 0) return;
    yield { text: page.map((s) => csvRecord(exportFields(toSubscriberRow(s)))).join(""), rows: page.length };
    if (page.length < BATCH) return;
    after = page[page.length - 1]!.id;
  }
}

function exportFields(s: SubscriberRow): string[] {
  return [
    s.channel,
    s.address,
    s.components.map((c) => c.name).join(";"),
    s.state,
    s.createdAt.toISOString(),
    s.confirmedAt ? s.confirmedAt.toISOString() : "",
  ];
}

// ---------------------------------------------------------------------------------------------
// CSV writing (RFC 4180), the counterpart of parseCsv in lib/subscribers/import.ts: a field that
// holds a comma, a double quote, a line break or surrounding spaces is quoted, its quotes doubled;
// records end with CRLF.

export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

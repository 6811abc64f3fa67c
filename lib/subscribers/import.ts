// Import subscribers from a CSV file (the admin CLI's `subscribers import`).
//
//   channel,address,components,secret
//   email,ops@example.com,,
//   sms,+14155550100,API;Website,
//   webhook,https://hooks.example.com/herald,,whsec_…
//
// channel is email, sms or webhook; the address is stored normalised (normaliseAddress);
// components are component names separated by ";" (empty = every component); secret is an
// existing Standard Webhooks signing secret for a webhook (one is generated when empty) and must
// be empty on other channels. Every valid row is imported in one transaction; rows that fail
// validation come back with their line number and reason, and an address that already has a live
// subscription is skipped and reported. Imported rows are unconfirmed and get a confirmation
// message through the outbox, unless `confirmed` (they consented elsewhere): then they are active.
// A file from `subscribers export` imports as it is: its state, created_at and confirmed_at
// columns are read past, and its unsubscribed rows are skipped (reported as unsubscribed).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { findComponentsByName } from "@/lib/components/find-by-name";
import { db, type Tx } from "@/lib/db/prisma";
import { writeConfirmations } from "@/lib/notify/outbox";
import { normaliseAddress } from "@/lib/subscribers/address";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { SUBSCRIBER_CHANNELS, type SubscriberChannel, type SubscriberState } from "@/lib/vocabulary";

export const ImportSubscribersInput = z.object({
  csv: z.string(),
  confirmed: z.boolean().default(false),
});
export type ImportSubscribersInput = z.input<typeof ImportSubscribersInput>;

export type ImportProblem = { line: number; reason: string };
export type ImportSkip = { line: number; address: string; reason: string };
export type ImportResult = { imported: number; skipped: ImportSkip[]; errors: ImportProblem[] };

/** Rows inserted per statement; the whole import is still one transaction. */
const BATCH = 1000;

export async function importSubscribers({ actor, input }: { actor: Actor; input: ImportSubscribersInput }): Promise<ImportResult> {
  requirePermission(actor, "subscriber.write");
  const data = ImportSubscribersInput.parse(input);

  const parsed = parseCsv(data.csv);
  const errors: ImportProblem[] = [...parsed.problems];
  const table = readTable(parsed.records);
  if (!table.ok) return { imported: 0, skipped: [], errors: sortByLine([...errors, table.problem]) };
  if (table.rows.length === 0) return { imported: 0, skipped: [], errors: sortByLine(errors) };

  // Large files take a while: give the transaction room (Prisma's default is 5 s).
  return db().$transaction(
    async (tx) => {
      const { valid, problems, left } = await validateRows(tx, table.rows);
      errors.push(...problems);
      const skipped: ImportSkip[] = [...left];
      if (valid.length === 0) return { imported: 0, skipped: sortByLine(skipped), errors: sortByLine(errors) };

      const now = new Date();
      let imported = 0;
      const byChannel: Record<string, number> = {};
      for (let start = 0; start < valid.length; start += BATCH) {
        const batch = valid.slice(start, start + BATCH);
        const created = await insertSubscribers(tx, batch, data.confirmed ? now : null);
        const idByKey = new Map(created.map((s) => [addressKey(s.channel, s.address), s.id]));
        const links: { subscriberId: string; componentId: string }[] = [];
        const newIds: string[] = [];
        for (const r of batch) {
          const id = idByKey.get(addressKey(r.channel, r.address));
          if (!id) {
            skipped.push({ line: r.line, address: r.address, reason: "already subscribed" });
            continue;
          }
          imported++;
          byChannel[r.channel] = (byChannel[r.channel] ?? 0) + 1;
          newIds.push(id);
          for (const componentId of r.componentIds) links.push({ subscriberId: id, componentId });
        }
        if (links.length) {
          await tx.$executeRaw`INSERT INTO subscriber_component (subscriber_id, component_id)
            SELECT * FROM unnest(${links.map((l) => l.subscriberId)}::text[], ${links.map((l) => l.componentId)}::text[])`;
        }
        if (!data.confirmed) await writeConfirmations(tx, newIds, { purpose: "confirm" });
      }
      await recordAudit(tx, actor, "subscriber.import", { type: "subscriber_import", id: randomToken(9) }, {
        imported,
        byChannel,
        confirmed: data.confirmed,
        skipped: skipped.length,
        errors: errors.length,
      });
      return { imported, skipped: sortByLine(skipped), errors: sortByLine(errors) };
    },
    { timeout: 30 * 60_000, maxWait: 30_000 },
  );
}

// ---------------------------------------------------------------------------------------------
// Rows

type RawRow = { line: number; channel: string; address: string; components: string; secret: string; state: string; tooMany?: number };
type ValidRow = { line: number; channel: SubscriberChannel; address: string; componentIds: string[]; webhookSecret: string | null };

const COLUMNS = ["channel", "address", "components", "secret"] as const;
/** What an export writes besides (lib/subscribers/export.ts): read past, but for an unsubscribed state. */
const EXPORT_ONLY: readonly string[] = ["state", "created_at", "confirmed_at"];
const REQUIRED: readonly string[] = ["channel", "address"];

type Table = { ok: true; rows: RawRow[] } | { ok: false; problem: ImportProblem };

/** The header names the columns (any order; components and secret may be left out). */
function readTable(records: CsvRecord[]): Table {
  const [header, ...body] = records;
  if (!header) return { ok: true, rows: [] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknownColumns = names.filter((n) => !(COLUMNS as readonly string[]).includes(n) && !EXPORT_ONLY.includes(n));
  const missing = REQUIRED.filter((n) => !names.includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (unknownColumns.length || missing.length || repeated.length) {
    const quoted = (list: string[]) => list.map((n) => `"${n}"`).join(", ");
    const what = [
      unknownColumns.length ? `unknown column ${quoted(unknownColumns)}` : "",
      missing.length ? `missing column ${quoted(missing)}` : "",
      repeated.length ? `repeated column ${quoted(repeated)}` : "",
    ].filter(Boolean);
    return { ok: false, problem: { line: header.line, reason: `bad header (${what.join("; ")}): expected ${COLUMNS.join(",")}` } };
  }
  const at = (fields: string[], name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? "" : (fields[i] ?? "");
  };
  // A row may leave out trailing empty fields; one with more fields than the header is refused
  // (most often an address or name with an unquoted comma).
  const rows = body.map((r) => ({
    line: r.line,
    channel: at(r.fields, "channel"),
    address: at(r.fields, "address"),
    components: at(r.fields, "components"),
    secret: at(r.fields, "secret"),
    state: at(r.fields, "state"),
    tooMany: r.fields.length > names.length ? r.fields.length : undefined,
  }));
  return { ok: true, rows };
}

function addressKey(channel: SubscriberChannel, address: string): string {
  return `${channel} ${address}`;
}

function splitNames(s: string): string[] {
  return s
    .split(";")
    .map((n) => n.trim())
    .filter(Boolean);
}

async function validateRows(tx: Tx, rows: RawRow[]): Promise<{ valid: ValidRow[]; problems: ImportProblem[]; left: ImportSkip[] }> {
  const lookup = await findComponentsByName([...new Set(rows.flatMap((r) => splitNames(r.components)))], tx);
  const knownList = lookup.known.length ? `known: ${lookup.known.join(", ")}` : "there are no components yet";

  const valid: ValidRow[] = [];
  const problems: ImportProblem[] = [];
  const left: ImportSkip[] = [];
  const firstLine = new Map<string, number>();
  for (const r of rows) {
    if (r.tooMany !== undefined) {
      problems.push({ line: r.line, reason: `${r.tooMany} fields where the header has fewer (quote a value that contains a comma)` });
      continue;
    }
    // An exported row of someone who unsubscribed: importing it would subscribe them again.
    if (r.state.trim().toLowerCase() === "unsubscribed") {
      left.push({ line: r.line, address: r.address.trim(), reason: "unsubscribed" });
      continue;
    }
    const reasons: string[] = [];
    const channelText = r.channel.trim().toLowerCase();
    const channel = (SUBSCRIBER_CHANNELS as readonly string[]).includes(channelText) ? (channelText as SubscriberChannel) : undefined;
    if (!channel) {
      const use = `use ${SUBSCRIBER_CHANNELS.join(", ")}`;
      reasons.push(channelText ? `unknown channel "${r.channel.trim()}" (${use})` : `no channel (${use})`);
    }

    let address: string | undefined;
    if (!r.address.trim()) reasons.push("no address");
    else if (channel) {
      const a = normaliseAddress(channel, r.address);
      if (a.ok) address = a.address;
      else reasons.push(a.error);
    }

    const secret = r.secret.trim();
    let webhookSecret: string | null = null;
    if (channel === "webhook") {
      const problem = secret ? webhookSecretProblem(secret) : undefined;
      if (problem) reasons.push(problem);
      else webhookSecret = secret || newWebhookSecret();
    } else if (channel && secret) {
      reasons.push(`a secret is only for webhook rows, not ${channel}`);
    }

    const componentIds = new Set<string>();
    const unknown: string[] = [];
    for (const name of splitNames(r.components)) {
      const c = lookup.found.get(name);
      if (c) componentIds.add(c.id);
      else if (lookup.ambiguous.includes(name)) reasons.push(`component name "${name}" is ambiguous (several differ only in case; use the exact name)`);
      else unknown.push(name);
    }
    if (unknown.length) {
      reasons.push(`unknown component${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")} (${knownList})`);
    }

    if (channel && address) {
      const key = addressKey(channel, address);
      const earlier = firstLine.get(key);
      if (earlier !== undefined) reasons.push(`duplicate of line ${earlier}`);
      else firstLine.set(key, r.line);
    }

    if (reasons.length || !channel || !address) problems.push({ line: r.line, reason: reasons.join("; ") });
    else valid.push({ line: r.line, channel, address, componentIds: [...componentIds], webhookSecret });
  }
  return { valid, problems, left };
}

/**
 * Inserts a batch of subscribers in one statement and returns those inserted. ON CONFLICT DO
 * NOTHING: an address with a live subscription (the partial unique index
 * subscriber_live_address_key), even one committed by someone else a moment ago, is left out
 * instead of aborting the import. (Raw SQL: Prisma's createManyAndReturn is five times slower,
 * which tells at 100k rows.)
 */
async function insertSubscribers(tx: Tx, rows: ValidRow[], confirmedAt: Date | null) {
  const state: SubscriberState = confirmedAt ? "active" : "unconfirmed";
  return tx.$queryRaw<{ id: string; channel: SubscriberChannel; address: string }[]>`
    INSERT INTO subscriber (channel, address, state, confirmed_at, confirm_token, manage_token, webhook_secret, source)
    SELECT r.channel::"Channel", r.address, ${state}::"SubscriberState", ${confirmedAt}::timestamptz,
           r.confirm_token, r.manage_token, r.webhook_secret, 'import'
    FROM unnest(${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.address)}::text[],
                ${rows.map(() => (confirmedAt ? null : randomToken()))}::text[], ${rows.map(() => randomToken())}::text[],
                ${rows.map((r) => r.webhookSecret)}::text[])
         AS r(channel, address, confirm_token, manage_token, webhook_secret)
    ON CONFLICT DO NOTHING
    RETURNING id, channel::text AS channel, address`;
}

/**
 * writeNotification(tx, { kind: "subscription_confirmation", targetSubscriberId, payload:
 * { purpose: "confirm" } }) for many subscribers at once: the same outbox rows and the same
 * fan-out jobs (task, payload, job_key and max_attempts as lib/queue/enqueue.ts's enqueueFanout)
 * in one statement instead of two per subscriber: one add_job per row in a 100k-row transaction
 * takes many minutes; add_jobs is graphile-worker's own bulk form of the same call.
 * TODO(lead): move into lib/notify/outbox.ts (writeNotifications) and lib/queue/enqueue.ts
 * (enqueueFanouts) so that the job's shape is defined once.
 */

/**
 * A Standard Webhooks signing secret: "whsec_" and the base64 of 24 to 64 random bytes
 * (the spec's range; the database also checks the form).
 */
export function webhookSecretProblem(secret: string): string | undefined {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!m || m[1]!.length % 4 !== 0) return "the secret is not a Standard Webhooks secret (whsec_ followed by base64)";
  const bytes = Buffer.from(m[1]!, "base64").length;
  if (bytes < 24 || bytes > 64) return `the secret holds ${bytes} bytes; a Standard Webhooks secret holds 24 to 64`;
  return undefined;
}

function sortByLine<T extends { line: number }>(list: T[]): T[] {
  return list.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): fields separated by commas, records by CRLF, LF or CR; a field in double
// quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 byte order mark at the
// start is ignored, and so are blank lines. A quote inside an unquoted field is kept as it is.

export type CsvRecord = { line: number; fields: string[] };

export function parseCsv(text: string): { records: CsvRecord[]; problems: ImportProblem[] } {
  const records: CsvRecord[] = [];
  const problems: ImportProblem[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  /** Skips to just past the end of the current physical line. */
  const skipLine = () => {
    while (i < n && text[i] !== "\n" && text[i] !== "\r") i++;
    endOfLine();
  };
  const endOfLine = () => {
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
  };

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let broken: string | undefined;
    for (;;) {
      let value: string;
      if (text[i] === '"') {
        i++;
        const parts: string[] = [];
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          const end = q < 0 ? n : q;
          const chunk = text.slice(i, end);
          line += countLineBreaks(chunk);
          parts.push(chunk);
          i = end;
          if (q < 0) break;
          if (text[q + 1] === '"') {
            parts.push('"');
            i = q + 2;
            continue;
          }
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          problems.push({ line: start, reason: "a quoted field is never closed (missing \")" });
          return { records, problems };
        }
        value = parts.join("");
        if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          broken = 'unexpected text after a closing quote (write a quote inside a quoted field as "")';
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
          i++;
        }
        value = text.slice(from, i);
      }
      if (broken) {
        skipLine();
        break;
      }
      fields.push(value);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (i < n) endOfLine();
      break;
    }
    if (broken) {
      problems.push({ line: start, reason: broken });
      continue;
    }
    if (fields.every((f) => f.trim() === "")) continue;
    records.push({ line: start, fields });
  }
  return { records, problems };
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && s.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}

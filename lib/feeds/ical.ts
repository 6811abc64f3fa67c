// /maintenance.ics: the upcoming and in-progress maintenance windows as an iCalendar feed
// (RFC 5545; NAME, URL and REFRESH-INTERVAL from RFC 7986), for subscribing from a calendar app.
// Times in UTC ("…Z"), text escaped, lines folded at 75 octets without splitting a UTF-8 character,
// CRLF line endings. Pure and deterministic: DTSTAMP is the maintenance's last change, not "now",
// so an unchanged snapshot gives the same bytes.
import type { PublicSnapshot, SnapIncident } from "@/lib/public/snapshot";
import { incidentUrl, openMaintenances } from "@/lib/statuspage/v2";
import { entryUpdated } from "@/lib/feeds/history";
import { hostOf, isAbsoluteHttpUrl } from "@/lib/feeds/text";
import { INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** DATE-TIME in UTC: 20250315T020000Z. */
export function icalDateTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks. */
export function escapeText(text: string): string {
  return (
    text
      // Control characters are not allowed in content lines (tab is).
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
  );
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line into lines of at most 75 octets (RFC 5545 §3.1): each continuation
 * starts with a space, which counts towards its 75. Splits only between characters (code points),
 * never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch);
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

function prop(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

/** The latest update's body (the maintenance's status when it has none). */
function description(i: SnapIncident): string {
  return i.updates[0]?.body.trim() || INCIDENT_STATUS_LABELS[i.status];
}

function vevent(s: PublicSnapshot, i: SnapIncident, host: string): string[] {
  const url = incidentUrl(s, i.id);
  // The database requires a window on every maintenance; be defensive anyway.
  const start = i.scheduledFor ?? i.startedAt;
  const end = i.scheduledUntil && i.scheduledUntil > start ? i.scheduledUntil : new Date(start.getTime() + 3_600_000);
  const lines = [
    "BEGIN:VEVENT",
    prop("UID", `${i.id}@${host}`),
    prop("DTSTAMP", icalDateTime(entryUpdated(i))),
    prop("CREATED", icalDateTime(i.createdAt)),
    prop("LAST-MODIFIED", icalDateTime(entryUpdated(i))),
    prop("DTSTART", icalDateTime(start)),
    prop("DTEND", icalDateTime(end)),
    prop("SUMMARY", escapeText(i.name)),
    prop("DESCRIPTION", escapeText(description(i))),
  ];
  if (isAbsoluteHttpUrl(url)) lines.push(prop("URL", url));
  // Herald has no cancelled maintenances (a cancelled one is deleted or completed early), so every
  // window in the feed is confirmed; "in progress" and "verifying" show in the categories.
  lines.push(prop("STATUS", "CONFIRMED"), prop("CATEGORIES", escapeText(INCIDENT_STATUS_LABELS[i.status])), prop("TRANSP", "OPAQUE"), "END:VEVENT");
  return lines;
}

/** Maintenances in the calendar: scheduled, in progress or verifying, soonest window first. */
export function calendarMaintenances(s: PublicSnapshot): SnapIncident[] {
  return openMaintenances(s);
}

export function maintenanceCalendar(s: PublicSnapshot): string {
  const host = hostOf(s.page.url);
  const name = `${s.page.name} maintenance`;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Herald//Herald Status Page//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    prop("NAME", escapeText(name)),
    prop("X-WR-CALNAME", escapeText(name)),
    prop("X-WR-CALDESC", escapeText(`Scheduled maintenance of ${s.page.name}`)),
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  for (const i of calendarMaintenances(s)) lines.push(...vevent(s, i, host));
  lines.push("END:VCALENDAR");
  return lines.join(CRLF) + CRLF;
}

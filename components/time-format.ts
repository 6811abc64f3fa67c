// Date formatting shared by the server render and the browser. The server always writes UTC
// (the cached HTML is the same for every visitor); the browser re-formats in the viewer's zone.
// Pure and deterministic: no "now", no locale of the machine.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const pad = (n: number) => String(n).padStart(2, "0");

/** "30 Nov 2026, 14:05 UTC". */
export function formatUtc(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** "YYYY-MM-DD" → "30 Nov 2026". */
export function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** "YYYY-MM" → "November 2026". */
export function formatMonth(isoMonth: string): string {
  const [y, m] = isoMonth.split("-").map(Number);
  return `${MONTHS_LONG[(m ?? 1) - 1]} ${y}`;
}

/** A time zone the runtime knows, else UTC. */
export function validTimeZone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** The calendar day ("YYYY-MM-DD") of a moment in a time zone. */
export function dayIn(date: Date, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) dayFormatters.set(timeZone, (f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "YYYY-MM-DD" moved by `days` calendar days. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** True for the zones that are UTC under another name. */
export function isUtcZone(tz: string): boolean {
  return /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(tz) || tz === "Etc/GMT0" || tz === "GMT0";
}

/** A human zone name: "Europe/Paris" → "Europe/Paris", "Etc/UTC" → "UTC". */
export function zoneName(tz: string): string {
  return isUtcZone(tz) ? "UTC" : tz.replace(/_/g, " ");
}

const zonedFormatters = new Map<string, Intl.DateTimeFormat>();
function zoned(timeZone: string, withZoneName: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withZoneName}`;
  let f = zonedFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      ...(withZoneName ? { timeZoneName: "short" } : {}),
    });
    zonedFormatters.set(key, f);
  }
  return f;
}

/** "30 Nov 2026, 15:05 CET" in the given zone. */
export function formatInZone(date: Date, timeZone: string): string {
  if (isUtcZone(timeZone)) return formatUtc(date);
  return zoned(timeZone, true).format(date);
}

/** "15:05", or "1 Dec, 00:05" when the day differs from `sameDayAs` in that zone. */
export function formatClockInZone(date: Date, timeZone: string, sameDayAs?: string): string {
  const parts = Object.fromEntries(zoned(timeZone, false).formatToParts(date).map((p) => [p.type, p.value]));
  const clock = `${parts.hour}:${parts.minute}`;
  if (sameDayAs === undefined || dayIn(date, timeZone) === sameDayAs) return clock;
  return `${parts.day} ${parts.month}, ${clock}`;
}

/**
 * A span of time in one zone: "27 Nov 2026, 03:23 – 05:23 CET" within a day, else two full times
 * ("27 Nov 2026, 23:10 CET – 28 Nov 2026, 01:05 CET").
 */
export function formatRangeInZone(from: Date, to: Date, timeZone: string): string {
  if (dayIn(from, timeZone) !== dayIn(to, timeZone)) return `${formatInZone(from, timeZone)} – ${formatInZone(to, timeZone)}`;
  const start = formatInZone(from, timeZone);
  const end = formatInZone(to, timeZone);
  // Both read "<date>, HH:MM <zone>": keep the first's date and the second's clock and zone.
  const comma = end.lastIndexOf(", ");
  const startClockAt = start.lastIndexOf(", ");
  const startZoneAt = start.indexOf(" ", startClockAt + 2);
  if (comma < 0 || startClockAt < 0) return `${start} – ${end}`;
  const startNoZone = startZoneAt > 0 ? start.slice(0, startZoneAt) : start;
  return `${startNoZone} – ${end.slice(comma + 2)}`;
}

// Wall-clock times in an IANA time zone, as an operator types them ("2026-12-10 02:00" in
// Europe/Paris), to and from UTC instants. Pure (no server imports): forms and the CLI share it.
// The offset of a zone is read from Intl.DateTimeFormat, so daylight saving time follows the
// runtime's time zone data: a local time that the clocks skip (a DST gap) is refused, and one
// that happens twice (a DST overlap) is the first of the two, as Temporal's "compatible" does.

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
/** An instant written with its offset: "2026-12-10T02:00Z", "2026-12-10 02:00:00+01:00". */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A refusal a person can act on (a typo, a time that does not exist in the zone). */
export class WallClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WallClockError";
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      throw new WallClockError(`Unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

type Fields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function fieldsAt(instant: number, timeZone: string): Fields {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = part.value;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in ms (Paris in winter: +3 600 000). */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  const f = fieldsAt(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function describeOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} hour${h > 1 ? "s" : ""}` : "", m ? `${m} minutes` : ""].filter(Boolean).join(" ");
}

/**
 * The UTC instant of a wall-clock time in a zone: "YYYY-MM-DDTHH:MM" (an <input type=datetime-local>
 * value) or "YYYY-MM-DD HH:MM", seconds optional. Throws WallClockError with a sentence for a
 * malformed or impossible date and for a time the zone's clocks skip.
 */
export function wallClockToInstant(local: string, timeZone: string): Date {
  const m = LOCAL.exec(local.trim());
  if (!m) throw new WallClockError(`"${local}" is not a date and time: write it as YYYY-MM-DD HH:MM`);
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  if (month < 1 || month > 12 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    throw new WallClockError(`"${local}" is not a date and time that exists`);
  }
  // The offsets in force a day either side cover any change near this time (zones are within
  // ±14 h of UTC, and no zone changes its offset twice in two days).
  const offsets = [...new Set([zoneOffsetAt(naive - DAY, timeZone), zoneOffsetAt(naive, timeZone), zoneOffsetAt(naive + DAY, timeZone)])];
  const matches = offsets
    .map((offset) => naive - offset)
    .filter((instant) => zoneOffsetAt(instant, timeZone) === naive - instant)
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first === undefined) {
    const jump = zoneOffsetAt(naive + DAY, timeZone) - zoneOffsetAt(naive - DAY, timeZone);
    throw new WallClockError(
      `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)} does not exist in ${timeZone}: the clocks go forward${jump > 0 ? ` ${describeOffset(jump)}` : ""} then. Choose a time before or after the change`,
    );
  }
  return new Date(first);
}

/** An instant as the wall-clock time in a zone, "YYYY-MM-DDTHH:MM" (a datetime-local value). */
export function instantToWallClock(instant: Date, timeZone: string): string {
  const f = fieldsAt(instant.getTime(), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/** The zone's offset at an instant as "UTC+01:00". */
export function utcOffsetLabel(instant: Date, timeZone: string): string {
  const offset = zoneOffsetAt(instant.getTime(), timeZone);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `UTC${offset < 0 ? "−" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A time typed on the command line: with an offset ("2026-12-10T02:00Z", "…+01:00") it is that
 * instant; without one ("2026-12-10 02:00") it is a wall-clock time in `timeZone`.
 */
export function parseTimeInZone(text: string, timeZone: string): Date {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const ms = Date.parse(t.replace(" ", "T").replace(/z$/, "Z").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    if (Number.isNaN(ms)) throw new WallClockError(`"${text}" is not a date and time that exists`);
    return new Date(ms);
  }
  return wallClockToInstant(t, timeZone);
}

/** Whether a text reads as a time parseTimeInZone accepts (the zone aside): for checks before the zone is known. */
export function looksLikeTime(text: string): boolean {
  const t = text.trim();
  return WITH_OFFSET.test(t) || LOCAL.test(t);
}

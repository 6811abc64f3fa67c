// What the maintenance commands share: times typed with an offset or in the page's time zone,
// and the reminder lead time.
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { MAX_REMINDER_MINUTES } from "@/lib/maintenance/reminder";
import { looksLikeTime, parseTimeInZone, WallClockError } from "@/lib/maintenance/wall-clock";
import { UsageError } from "./command";

export const TIME_HELP = `TIME is an instant with its offset (2026-12-10T02:00Z, 2026-12-10T03:00+01:00) or a
local time "YYYY-MM-DD HH:MM" read in the page's time zone (Settings).`;

/** Checks a time's shape before the database is up (the zone is not known yet). */
export function checkTime(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!looksLikeTime(value)) throw new UsageError(`${flag} "${value}": write it as YYYY-MM-DD HH:MM (the page's time zone) or with an offset, e.g. 2026-12-10T02:00Z`);
  return value;
}

/** The times, read in the page's zone; a local time the clocks skip is a usage error. */
export async function readTimes<K extends string>(times: Partial<Record<K, string>>): Promise<Partial<Record<K, Date>>> {
  const zone = await pageTimeZone();
  const out: Partial<Record<K, Date>> = {};
  for (const [flag, value] of Object.entries(times) as [K, string | undefined][]) {
    if (value === undefined) continue;
    try {
      out[flag] = parseTimeInZone(value, zone);
    } catch (e) {
      if (e instanceof WallClockError) throw new UsageError(`--${flag}: ${e.message}`);
      throw e;
    }
  }
  return out;
}

/** --reminder MINUTES|none → minutes, null, or undefined when not given. */
export function parseReminder(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "none" || v === "off") return null;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_REMINDER_MINUTES) {
    throw new UsageError(`--reminder "${value}": give whole minutes from 1 to ${MAX_REMINDER_MINUTES}, or "none"`);
  }
  return Number(v);
}

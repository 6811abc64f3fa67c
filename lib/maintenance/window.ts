// A maintenance window in words, in the page's time zone with the zone named, as the dashboard
// shows it and a "Rescheduled" update says it. Pure: client components use it too.
import { instantToWallClock, utcOffsetLabel } from "@/lib/maintenance/wall-clock";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const isUtc = (tz: string) => /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(tz);

/** "Europe/Paris (UTC+01:00)", or "UTC". The offset is the one in force at `at`. */
export function zoneLabel(timeZone: string, at: Date): string {
  return isUtc(timeZone) ? "UTC" : `${timeZone.replace(/_/g, " ")} (${utcOffsetLabel(at, timeZone)})`;
}

function parts(instant: Date, timeZone: string): { day: string; clock: string } {
  const [date = "", clock = ""] = instantToWallClock(instant, timeZone).split("T");
  const [y, m, d] = date.split("-").map(Number);
  return { day: `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`, clock };
}

/** "10 Dec 2026, 02:00" in the zone (no zone name: say it once nearby). */
export function formatWallClock(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.day}, ${p.clock}`;
}

/** "10 Dec 2026, 02:00 – 04:00 Europe/Paris (UTC+01:00)"; across days both dates are written. */
export function describeWindow(start: Date, end: Date, timeZone: string): string {
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  const span = a.day === b.day ? `${a.day}, ${a.clock} – ${b.clock}` : `${a.day}, ${a.clock} – ${b.day}, ${b.clock}`;
  if (isUtc(timeZone)) return `${span} UTC`;
  // A window across a daylight-saving change names both offsets.
  const from = utcOffsetLabel(start, timeZone);
  const to = utcOffsetLabel(end, timeZone);
  return `${span} ${timeZone.replace(/_/g, " ")} (${from}${to !== from ? `, then ${to}` : ""})`;
}

// The page's time zone (page_settings.time_zone): the zone an operator's maintenance window is
// typed and shown in. A zone the runtime does not know reads as UTC rather than failing a form.
import { db } from "@/lib/db/prisma";

export const DEFAULT_TIME_ZONE = "Etc/UTC";

export function knownTimeZone(tz: string | null | undefined): string {
  if (!tz) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

export async function pageTimeZone(): Promise<string> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } });
  return knownTimeZone(settings?.timeZone);
}

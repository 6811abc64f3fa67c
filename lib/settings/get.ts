// The page's settings as the dashboard, the CLI and the notifier read them: the one row
// (page_settings id = 1), or the defaults a new page starts with when it does not exist yet.
import { db, type Tx } from "@/lib/db/prisma";
import { CHANNEL_EVENTS, type ChannelEvents } from "@/lib/notify/rules";
import type { NotificationKind } from "@/lib/vocabulary";

/** A new page's name, and the name "Start fresh" gives a page still named as the demo. */
export const DEFAULT_PAGE_NAME = "Status";

export type PageSettingsView = {
  name: string;
  url: string;
  timeZone: string;
  logoUrl: string | null;
  brandColor: string;
  supportUrl: string | null;
  xHandle: string | null;
  smsEvents: NotificationKind[];
  xEvents: NotificationKind[];
  emailSenderName: string | null;
  demo: boolean;
};

/** The settings of a page whose row was never written (the schema's defaults). */
export function defaultSettings(publicUrl = "http://localhost:3000"): PageSettingsView {
  return {
    name: DEFAULT_PAGE_NAME,
    url: publicUrl,
    timeZone: "Etc/UTC",
    logoUrl: null,
    brandColor: "#2563eb",
    supportUrl: null,
    xHandle: null,
    smsEvents: [...CHANNEL_EVENTS.sms],
    xEvents: [...CHANNEL_EVENTS.x],
    emailSenderName: null,
    demo: false,
  };
}

export const SETTINGS_SELECT = {
  name: true,
  url: true,
  timeZone: true,
  logoUrl: true,
  brandColor: true,
  supportUrl: true,
  xHandle: true,
  smsEvents: true,
  xEvents: true,
  emailSenderName: true,
  demo: true,
} as const;

export async function getPageSettings(client: Pick<Tx, "pageSettings"> = db()): Promise<PageSettingsView> {
  const row = await client.pageSettings.findUnique({ where: { id: 1 }, select: SETTINGS_SELECT });
  return row ?? defaultSettings();
}

/** Which notices go out by SMS and X, as the page's settings say now (the fan-out reads it for each notification). */
export async function channelEvents(client: Pick<Tx, "pageSettings"> = db()): Promise<ChannelEvents> {
  const row = await client.pageSettings.findUnique({ where: { id: 1 }, select: { smsEvents: true, xEvents: true } });
  return row ? { sms: row.smsEvents, x: row.xEvents } : { sms: CHANNEL_EVENTS.sms, x: CHANNEL_EVENTS.x };
}

/** Whether the first-run demo content is still on the page. */
export async function isDemo(client: Pick<Tx, "pageSettings"> = db()): Promise<boolean> {
  const row = await client.pageSettings.findUnique({ where: { id: 1 }, select: { demo: true } });
  return row?.demo ?? false;
}

// Change the page's settings: its name and address, time zone, look, links, which notices go out
// by SMS and X, and the email sender's name. Only the fields given change; one audit row records
// what they were and are. The public page reads them from its snapshot, rebuilt when the
// page_settings trigger (the *_public_change_notify migration) announces the write.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { CHOOSABLE_EVENTS } from "@/lib/notify/rules";
import { AA_NORMAL_TEXT, contrastRatio, formatRatio, HEX_COLOR } from "@/lib/settings/contrast";
import { DEFAULT_PAGE_NAME, SETTINGS_SELECT, type PageSettingsView } from "@/lib/settings/get";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import { NOTIFICATION_KINDS } from "@/lib/vocabulary";

/**
 * An IANA time zone's name as the page stores it, or null when it is none. Canonical names keep
 * their canonical spelling whatever the case typed; aliases the runtime knows (Etc/UTC, US/Eastern)
 * are kept as given. Offsets ("+01:00") are not zones: they ignore summer time.
 */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) return null;
  const known = Intl.supportedValuesOf("timeZone").find((z) => z.toLowerCase() === name.toLowerCase());
  if (known) return known;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    return null;
  }
}

const clean = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .refine((s) => !hasNul(s), NUL_MESSAGE);

/** An absolute http(s) address. */
function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "" && !/\s/.test(s);
  } catch {
    return false;
  }
}

/** An optional link: empty clears it. */
const optionalUrl = (what: string) =>
  clean(2000, "Keep the address under 2000 characters")
    .refine((s) => s === "" || isHttpUrl(s), `Give the ${what} as a full address starting with https:// or http://, or leave it empty`)
    .transform((s) => (s === "" ? null : s));

const events = (channel: string) =>
  z
    .array(z.string())
    .superRefine((list, ctx) => {
      const wrong = list.filter((k) => !(CHOOSABLE_EVENTS as readonly string[]).includes(k));
      if (wrong.length) {
        ctx.addIssue({
          code: "custom",
          message: `${channel} cannot carry ${wrong.map((k) => `"${k}"`).join(", ")}. Choose among: ${CHOOSABLE_EVENTS.join(", ")}`,
        });
      }
    })
    // Stored in the vocabulary's order, each once, so the audit log shows real changes only.
    .transform((list) => NOTIFICATION_KINDS.filter((k) => list.includes(k)));

export const UpdateSettingsInput = z.object({
  name: clean(100, "Keep the page name under 100 characters").min(1, "Give the page a name").optional(),
  url: clean(2000, "Keep the address under 2000 characters")
    .refine(isHttpUrl, "Give the page's public address in full, starting with https:// or http:// (e.g. https://status.example.com)")
    .transform((s) => s.replace(/\/+$/, ""))
    .optional(),
  timeZone: z
    .string()
    .transform((s, ctx) => {
      const zone = canonicalTimeZone(s);
      if (zone) return zone;
      ctx.addIssue({ code: "custom", message: `"${s.trim()}" is not a time zone: give an IANA name such as Europe/Paris, America/New_York or Etc/UTC` });
      return z.NEVER;
    })
    .optional(),
  logoUrl: optionalUrl("logo").optional(),
  brandColor: z
    .string()
    .trim()
    .refine((s) => HEX_COLOR.test(s), "Give the brand colour as # and six hex digits, e.g. #2563eb")
    .transform((s) => s.toLowerCase())
    .superRefine((hex, ctx) => {
      const ratio = contrastRatio(hex, "#ffffff");
      if (ratio < AA_NORMAL_TEXT) {
        ctx.addIssue({
          code: "custom",
          message: `White text on ${hex} has a contrast of ${formatRatio(ratio)}; WCAG AA needs at least ${formatRatio(AA_NORMAL_TEXT)}. Choose a darker colour.`,
        });
      }
    })
    .optional(),
  supportUrl: optionalUrl("support link").optional(),
  xHandle: z
    .string()
    .trim()
    .refine((s) => s === "" || /^@?[A-Za-z0-9_]{1,15}$/.test(s), "Give the X handle as @name: 1 to 15 letters, digits or _")
    .transform((s) => (s === "" ? null : `@${s.replace(/^@/, "")}`))
    .optional(),
  smsEvents: events("SMS").optional(),
  xEvents: events("X").optional(),
  emailSenderName: clean(100, "Keep the sender's name under 100 characters")
    // A display name is one line; angle brackets would read as an address in the From header.
    .refine((s) => !/[\r\n<>"]/.test(s), 'The sender\'s name cannot contain line breaks, <, > or "')
    .transform((s) => (s === "" ? null : s))
    .optional(),
});
export type UpdateSettingsInput = z.input<typeof UpdateSettingsInput>;

export type UpdateSettingsResult = { settings: PageSettingsView; changed: (keyof PageSettingsView)[] };

export async function updateSettings({ actor, input }: { actor: Actor; input: UpdateSettingsInput }): Promise<UpdateSettingsResult> {
  requirePermission(actor, "settings.write");
  const data = UpdateSettingsInput.parse(input);
  const fields: Partial<Omit<PageSettingsView, "demo">> = { ...data };
  if (data.smsEvents) {
    // An SMS subscriber's confirmation always goes out (lib/notify/rules.ts); the row says so too.
    fields.smsEvents = NOTIFICATION_KINDS.filter((k) => k === "subscription_confirmation" || data.smsEvents!.includes(k));
  }
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) if (fields[key] === undefined) delete fields[key];

  return db().$transaction(async (tx) => {
    // Two saves take turns, so each audit row's "before" is what the other left.
    const lock = () => tx.$queryRaw<{ id: number }[]>`SELECT id FROM page_settings WHERE id = 1 FOR UPDATE`;
    if ((await lock()).length === 0) {
      // A page whose row was never written (the web process alone, before any seed) gets it now.
      await tx.$executeRaw`INSERT INTO page_settings (id, name, url) VALUES (1, ${DEFAULT_PAGE_NAME}, ${getConfig().publicUrl}) ON CONFLICT (id) DO NOTHING`;
      await lock();
    }
    const before = await tx.pageSettings.findUniqueOrThrow({ where: { id: 1 }, select: SETTINGS_SELECT });
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return { settings: before, changed: [] };
    const after = await tx.pageSettings.update({ where: { id: 1 }, data: fields, select: SETTINGS_SELECT });
    const pick = (s: PageSettingsView) => Object.fromEntries(changed.map((k) => [k, s[k]]));
    await recordChange(tx, actor, "settings.update", { type: "page_settings", id: "1" }, pick(before), pick(after));
    return { settings: after, changed };
  });
}

// npm run herald -- settings set
import { ZodError } from "zod";
import { CHOOSABLE_EVENTS } from "@/lib/notify/rules";
import { getPageSettings, type PageSettingsView } from "@/lib/settings/get";
import { updateSettings, type UpdateSettingsInput } from "@/lib/settings/update";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

type Field = Exclude<keyof PageSettingsView & keyof UpdateSettingsInput, "demo">;

/** The keys as typed, the settings they change, and what each takes. */
const KEYS: Record<string, { field: Field; takes: string; list?: true }> = {
  name: { field: "name", takes: "the page's name" },
  url: { field: "url", takes: "the page's public address (https://…)" },
  "time-zone": { field: "timeZone", takes: "an IANA time zone, e.g. Europe/Paris" },
  "logo-url": { field: "logoUrl", takes: 'the logo\'s address (https://…), "" for none' },
  "brand-color": { field: "brandColor", takes: "#rrggbb, dark enough for white text (WCAG AA 4.5:1)" },
  "support-url": { field: "supportUrl", takes: 'a support link (https://…), "" for none' },
  "x-handle": { field: "xHandle", takes: '@name (1-15 letters, digits or _), "" for none' },
  "sms-events": { field: "smsEvents", takes: 'the notices sent by SMS, comma-separated, or "none"', list: true },
  "x-events": { field: "xEvents", takes: 'the notices posted on X, comma-separated, or "none"', list: true },
  "email-sender-name": { field: "emailSenderName", takes: 'the name email notices come from, "" for none' },
};

function show(value: PageSettingsView[Field]): string {
  if (Array.isArray(value)) return value.length ? value.join(",") : "none";
  return value === null || value === "" ? "(none)" : String(value);
}

function keyOf(field: string): string {
  return Object.entries(KEYS).find(([, k]) => k.field === field)?.[0] ?? field;
}

function prepareSettingsSet(args: string[]): Prepared {
  const { positionals } = parse(args, {}, true);
  if (positionals.length === 0) {
    // No key: the keys with their current values.
    return async () => {
      const settings = await getPageSettings();
      const width = Math.max(...Object.keys(KEYS).map((k) => k.length)) + 2;
      for (const [key, { field }] of Object.entries(KEYS)) console.log(`${key.padEnd(width)}${show(settings[field])}`);
      return 0;
    };
  }
  if (positionals.length !== 2) throw new UsageError('Give one KEY and its VALUE (quote a value with spaces; "" clears an optional one)');
  const [key, raw] = positionals as [string, string];
  const spec = KEYS[key];
  if (!spec) throw new UsageError(`Unknown key "${key}". Keys: ${Object.keys(KEYS).join(", ")}`);
  const value = spec.list
    ? raw.trim() === "" || raw.trim().toLowerCase() === "none"
      ? []
      : raw
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
    : raw;
  return async () => {
    const before = await getPageSettings();
    let result;
    try {
      result = await updateSettings({ actor, input: { [spec.field]: value } as UpdateSettingsInput });
    } catch (e) {
      // The refusal in the CLI's words: the key as typed, not the field's name.
      if (e instanceof ZodError) throw new UsageError(e.issues.map((i) => `${key}: ${i.message}`).join("\n"));
      throw e;
    }
    if (result.changed.length === 0) {
      console.log(`${key} is already ${show(before[spec.field])}: nothing changed`);
    } else {
      for (const field of result.changed) {
        if (field === "demo") continue;
        console.log(`${keyOf(field)}: ${show(before[field])} -> ${show(result.settings[field])}`);
      }
    }
    return 0;
  };
}

const width = Math.max(...Object.keys(KEYS).map((k) => k.length)) + 2;

export default {
  name: "settings set",
  summary: "change a page setting (no arguments: list them with their values)",
  usage: `Usage: npm run herald -- settings set KEY VALUE
       npm run herald -- settings set          (lists the keys with their current values)

Changes one of the page's settings, as the dashboard's Settings page does (recorded in the audit log).

Keys:
${Object.entries(KEYS)
  .map(([k, s]) => `  ${k.padEnd(width)}${s.takes}`)
  .join("\n")}

Notices for sms-events and x-events: ${CHOOSABLE_EVENTS.join(", ")}.
Email and webhooks carry every notice; an SMS subscriber's confirmation always goes out.

Options:
  -h, --help    show this help`,
  prepare: prepareSettingsSet,
} satisfies Command;

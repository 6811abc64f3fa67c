// The posting options incident create and incident update share: the impact instead of the
// computed one, a back-dated start, the operator's own X post, and which channels to notify.
// The use cases check the values (lib/incidents/posting.ts); here only their form is read.
import { INCIDENT_IMPACTS } from "@/lib/incidents/posting";
import { CHANNELS, type Channel } from "@/lib/vocabulary";
import { UsageError } from "./command";

export const POSTING_OPTIONS = {
  impact: { type: "string" },
  "started-at": { type: "string" },
  "x-post": { type: "string" },
  channel: { type: "string", multiple: true },
} as const;

export const POSTING_USAGE = `  --impact IMPACT             ${INCIDENT_IMPACTS.join(" | ")} instead of the impact computed from the
                              components ("computed" goes back to the computed one)
  --started-at TIME           when it started, back-dated: an ISO time with its offset,
                              e.g. 2026-12-07T09:30:00+01:00 (not in the future)
  --x-post TEXT               the page's X post for this update, instead of the composed one
  --channel CHANNEL           notify only this channel (${CHANNELS.join(", ")}); repeat for several`;

type Values = { impact?: string; "started-at"?: string; "x-post"?: string; channel?: string[] };

export function postingChoices(values: Values) {
  const impact = values.impact?.trim();
  if (impact !== undefined && impact !== "computed" && !(INCIDENT_IMPACTS as readonly string[]).includes(impact)) {
    throw new UsageError(`Unknown impact "${impact}". Valid impacts: ${INCIDENT_IMPACTS.join(", ")}, computed`);
  }
  let startedAt: Date | undefined;
  if (values["started-at"] !== undefined) {
    const text = values["started-at"].trim();
    // An offset is required: a bare time would be read in this machine's zone, not the page's.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
      throw new UsageError(`--started-at "${text}": write an ISO time with its offset, e.g. 2026-12-07T09:30:00+01:00`);
    }
    startedAt = new Date(text);
  }
  const channels = values.channel?.map((c) => c.trim());
  for (const c of channels ?? []) {
    if (!(CHANNELS as readonly string[]).includes(c)) throw new UsageError(`Unknown channel "${c}". Valid channels: ${CHANNELS.join(", ")}`);
  }
  return {
    ...(impact === undefined ? {} : { impactOverride: impact === "computed" ? null : (impact as (typeof INCIDENT_IMPACTS)[number]) }),
    ...(startedAt ? { startedAt } : {}),
    ...(values["x-post"] !== undefined ? { customTweet: values["x-post"] } : {}),
    ...(channels ? { channels: channels as Channel[] } : {}),
  };
}

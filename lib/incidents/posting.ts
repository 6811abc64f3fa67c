// What posting an incident or an update adds to the words: the impact an operator may choose
// instead of the computed one, the time it started (back-dated), their own X post, and which
// channels to notify. The schemas here are shared by createIncident, updateIncident and the preview,
// so the dashboard's preview refuses exactly what posting would.
import { z } from "zod";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import { CHANNELS, ChannelSchema, type Channel, type Impact } from "@/lib/vocabulary";

/** The impacts an operator may give an incident (maintenance is a maintenance's own). */
export const INCIDENT_IMPACTS = ["none", "minor", "major", "critical"] as const satisfies readonly Impact[];
export const IncidentImpactSchema = z.enum(INCIDENT_IMPACTS, { error: `Choose an impact: ${INCIDENT_IMPACTS.join(", ")}` });

/** Clocks differ a little between a browser, the web server and the database: a minute's grace. */
const FUTURE_GRACE_MS = 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

/** When the incident started: now or earlier (a back-dated incident), never in the future. */
export const StartedAtSchema = z.coerce
  .date({ error: "Enter the date and time the incident started" })
  .refine((d) => d.getTime() <= Date.now() + FUTURE_GRACE_MS, "Started at cannot be in the future")
  .refine((d) => d.getTime() >= EARLIEST, "Started at is too far in the past: check the year");

/** The channels to notify; omitted means every channel. Each at most once. */
export const ChannelsSchema = z
  .array(ChannelSchema, { error: `Channels are ${CHANNELS.join(", ")}` })
  .transform((cs) => CHANNELS.filter((c) => cs.includes(c)));

export const NO_CHANNEL = "Choose at least one channel to notify, or post without notifying subscribers";

/** A refinement for an input with `deliverNotifications` and `channels`: notifying nobody is not notifying. */
export function requireSomeChannel(data: { deliverNotifications: boolean; channels?: readonly Channel[] }, ctx: z.RefinementCtx): void {
  if (data.deliverNotifications && data.channels && data.channels.length === 0) {
    ctx.addIssue({ code: "custom", path: ["channels"], message: NO_CHANNEL });
  }
}

/** The notification's payload with the operator's choices: their X post, and the channels (absent: all). */
export function withPostingChoices(
  payload: IncidentNotificationPayload,
  choices: { customTweet?: string | null; channels?: readonly Channel[] },
): IncidentNotificationPayload {
  return {
    ...payload,
    update: { ...payload.update, customTweet: choices.customTweet ?? null },
    ...(choices.channels ? { channels: [...choices.channels] } : {}),
  };
}

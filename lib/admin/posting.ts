// Read-only: what the update form needs beyond the incident itself: the impact its components give
// it (to show "computed" live beside an override), its override, when it started (in the page's
// time zone, as the form shows it) and now, and the channels its last notice went to (an update
// notifies them again unless the operator changes it).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError, parseOrNotFound } from "@/lib/errors";
import { computedImpact } from "@/lib/incidents/update";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { instantToWallClock } from "@/lib/maintenance/wall-clock";
import { CHANNELS, type Channel, type Impact } from "@/lib/vocabulary";
import { recordId } from "@/lib/text";

export type UpdatePosting = {
  /** The impact computed from the components so far (before this update). */
  computedImpact: Impact;
  impactOverride: Impact | null;
  timeZone: string;
  /** datetime-local values in the page's time zone. */
  startedAtLocal: string;
  nowLocal: string;
  /** The channels of the incident's last notification (every channel when it named none). */
  channels: Channel[];
};

const Input = z.object({ incidentId: recordId("No such incident") });

export async function loadUpdatePosting({ actor, input }: { actor: Actor; input: z.input<typeof Input> }): Promise<UpdatePosting> {
  requirePermission(actor, "incident.write");
  const { incidentId } = parseOrNotFound(Input, input, "No incident with this id");
  const client = db();
  const [incident, timeZone, last] = await Promise.all([
    client.incident.findUnique({ where: { id: incidentId }, select: { id: true, kind: true, impact: true, impactOverride: true, startedAt: true } }),
    pageTimeZone(),
    client.notification.findFirst({ where: { incidentId }, orderBy: { createdAt: "desc" }, select: { payload: true } }),
  ]);
  const chosen = (last?.payload as { channels?: unknown } | null)?.channels;
  if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
  return {
    computedImpact: await computedImpact(client, incident),
    impactOverride: (incident.impactOverride as Impact | null) ?? null,
    timeZone,
    startedAtLocal: instantToWallClock(incident.startedAt, timeZone),
    nowLocal: instantToWallClock(new Date(), timeZone),
    channels: Array.isArray(chosen) ? CHANNELS.filter((c) => chosen.includes(c)) : [...CHANNELS],
  };
}

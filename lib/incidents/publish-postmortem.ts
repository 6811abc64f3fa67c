// Publish an incident's postmortem: the page, the API and webhooks show it from now on. As on
// Statuspage, the incident keeps its status (resolved) and the postmortem is marked with its
// publication time. Subscribers hear of it only when the operator asks: an incident_updated notice
// saying "Postmortem published", with the link, written to the outbox in the same transaction.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { incidentPayload } from "@/lib/incidents/updates";
import { lockIncidentForPostmortem, PostmortemBody, PostmortemIncidentId } from "@/lib/incidents/save-postmortem";
import { writeNotification } from "@/lib/notify/outbox";
import { CLOSED_STATUSES, type AnyIncidentStatus } from "@/lib/vocabulary";

export const PublishPostmortemInput = z.object({
  incidentId: PostmortemIncidentId,
  /** The text to publish, saved in the same step; omitted: the saved draft. */
  body: PostmortemBody.optional(),
  deliverNotifications: z.boolean().default(false),
});
export type PublishPostmortemInput = z.input<typeof PublishPostmortemInput>;

/** What the notice says: the news and where to read it. */
export function postmortemNotice(incidentUrl: string): string {
  return `Postmortem published: what happened and what we are changing. Read it at ${incidentUrl}`;
}

export async function publishPostmortem({ actor, input }: { actor: Actor; input: PublishPostmortemInput }) {
  requirePermission(actor, "incident.write");
  const data = PublishPostmortemInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await lockIncidentForPostmortem(tx, data.incidentId);
    const body = data.body ?? before.postmortemBody;
    if (!body) throw new ConflictError("Write the postmortem before publishing it");
    if (before.postmortemPublishedAt) throw new ConflictError("The postmortem is already published");
    // A postmortem looks back on an incident that is over.
    if (!CLOSED_STATUSES.includes(before.status as AnyIncidentStatus)) throw new ConflictError("Resolve the incident before publishing its postmortem");

    const now = new Date();
    const incident = await tx.incident.update({
      where: { id: before.id },
      data: {
        postmortemBody: body,
        postmortemUpdatedAt: body === before.postmortemBody ? (before.postmortemUpdatedAt ?? now) : now,
        postmortemPublishedAt: now,
        postmortemNotifiedAt: data.deliverNotifications ? now : before.postmortemNotifiedAt,
      },
      include: { components: { select: { componentId: true } } },
    });
    await recordChange(
      tx,
      actor,
      "incident.publish_postmortem",
      { type: "incident", id: incident.id },
      { postmortemBody: before.postmortemBody, postmortemPublishedAt: null, notified: false },
      { postmortemBody: body, postmortemPublishedAt: now.toISOString(), notified: data.deliverNotifications },
    );

    let notificationId: string | null = null;
    if (data.deliverNotifications) {
      const settings = await tx.pageSettings.findUnique({ where: { id: 1 }, select: { url: true } });
      const url = `${(settings?.url ?? "").replace(/\/+$/, "")}/incidents/${encodeURIComponent(incident.id)}`;
      // No update row is posted (the timeline stays as it was): the notice's "update" is the news itself.
      notificationId = await writeNotification(tx, {
        kind: "incident_updated",
        incidentId: incident.id,
        payload: incidentPayload(
          { ...incident, kind: "incident" },
          { id: `postmortem-${incident.id}`, status: incident.status as AnyIncidentStatus, body: postmortemNotice(url), displayAt: now },
          [],
          incident.components.map((c) => c.componentId),
        ),
      });
    }
    return { incident, notificationId };
  });
}

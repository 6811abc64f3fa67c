// Post a new incident: the incident, its first update, the component status changes (with their
// history rows), the audit row and the notification outbox, all in one transaction.
// An incident may be back-dated (started at): its first update shows at that time, and the
// components' history records the change from then on, but never before a component's last
// recorded change (its history stays in order).
import { z } from "zod";
import { type Actor, operatorIdOf, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { incidentPayload, readComponentChanges, writeIncidentUpdate, type ComponentChange } from "@/lib/incidents/updates";
import { ChannelsSchema, IncidentImpactSchema, requireSomeChannel, StartedAtSchema, withPostingChoices } from "@/lib/incidents/posting";
import { CustomTweetSchema } from "@/lib/incidents/x-text";
import { impactFromComponents } from "@/lib/status/rollup";
import { ComponentStatusSchema, IncidentStatusSchema, type Impact } from "@/lib/vocabulary";
import { hasNul, NUL_MESSAGE } from "@/lib/text";

export const CreateIncidentInput = z
  .object({
    name: z.string().trim().min(1, "Give the incident a name").max(200).refine((s) => !hasNul(s), NUL_MESSAGE),
    status: IncidentStatusSchema.default("investigating"),
    message: z.string().trim().min(1, "Write a first update for the page").max(20_000).refine((s) => !hasNul(s), NUL_MESSAGE),
    components: z
      .array(z.object({ componentId: z.string().min(1).refine((s) => !hasNul(s), "Unknown component"), status: ComponentStatusSchema }))
      .default([])
      .refine((cs) => new Set(cs.map((c) => c.componentId)).size === cs.length, "A component is listed twice"),
    /** Omitted: computed from the components' statuses. */
    impactOverride: IncidentImpactSchema.nullish(),
    /** Omitted: now. */
    startedAt: StartedAtSchema.optional(),
    /** The X post for this update, as written; omitted or empty: composed from the update. */
    customTweet: CustomTweetSchema,
    /** Omitted: every channel. */
    channels: ChannelsSchema.optional(),
    deliverNotifications: z.boolean().default(true),
  })
  .superRefine(requireSomeChannel);
export type CreateIncidentInput = z.input<typeof CreateIncidentInput>;
export type ParsedCreateIncident = z.output<typeof CreateIncidentInput>;

/** What a new incident will be, read without writing: shared by createIncident and the preview. */
export type NewIncidentPlan = {
  changes: ComponentChange[];
  impact: Impact;
  startedAt: Date;
  /** When the component changes enter their history. */
  historyAt: Date;
};

export async function planNewIncident(tx: Tx, data: ParsedCreateIncident, now: Date): Promise<NewIncidentPlan> {
  const changes = await readComponentChanges(tx, data.components);
  const impact = data.impactOverride ?? impactFromComponents(changes.map((c) => c.newStatus));
  const startedAt = data.startedAt && data.startedAt < now ? data.startedAt : now;
  let historyAt = startedAt;
  const changed = changes.filter((c) => c.oldStatus !== c.newStatus).map((c) => c.id);
  if (changed.length && startedAt < now) {
    const last = await tx.componentStatusChange.aggregate({ where: { componentId: { in: changed } }, _max: { at: true } });
    const lastAt = last._max.at;
    if (lastAt && lastAt > historyAt) historyAt = lastAt > now ? now : lastAt;
  }
  return { changes, impact, startedAt, historyAt };
}

export async function createIncident({ actor, input }: { actor: Actor; input: CreateIncidentInput }) {
  requirePermission(actor, "incident.write");
  const data = CreateIncidentInput.parse(input);
  const closed = data.status === "resolved" || data.status === "postmortem";

  return db().$transaction(async (tx) => {
    const ids = data.components.map((c) => c.componentId);
    const now = new Date();
    const { changes, impact, startedAt, historyAt } = await planNewIncident(tx, data, now);

    const incident = await tx.incident.create({
      data: {
        kind: "incident",
        name: data.name,
        status: data.status,
        impact,
        impactOverride: data.impactOverride ?? null,
        startedAt,
        monitoringAt: data.status === "monitoring" ? now : null,
        resolvedAt: closed ? now : null,
        createdById: operatorIdOf(actor),
        components: { create: ids.map((componentId) => ({ componentId })) },
      },
    });
    const update = await writeIncidentUpdate(tx, actor, {
      incidentId: incident.id,
      status: data.status,
      body: data.message,
      at: startedAt,
      historyAt,
      deliverNotifications: data.deliverNotifications,
      customTweet: data.customTweet ?? null,
      changes,
    });
    await recordChange(tx, actor, "incident.create", { type: "incident", id: incident.id }, null, {
      name: data.name,
      status: data.status,
      impact,
      impactOverride: data.impactOverride ?? null,
      startedAt: startedAt.toISOString(),
      updateId: update.id,
      message: data.message,
      customTweet: data.customTweet ?? null,
      components: changes.map((c) => ({ id: c.id, from: c.oldStatus, to: c.newStatus })),
      notify: data.deliverNotifications,
      ...(data.deliverNotifications ? { channels: data.channels ?? "all" } : {}),
    });
    const notificationId = data.deliverNotifications
      ? await writeNotification(tx, {
          kind: "incident_created",
          incidentId: incident.id,
          incidentUpdateId: update.id,
          payload: withPostingChoices(
            incidentPayload({ ...incident, kind: "incident", impact }, { id: update.id, status: data.status, body: data.message, displayAt: startedAt }, changes, ids),
            { customTweet: data.customTweet, channels: data.channels },
          ),
        })
      : null;
    return { incident, update, notificationId };
  });
}

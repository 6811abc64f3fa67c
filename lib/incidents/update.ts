// Post an update to an incident or maintenance: its new status, the update's text, component
// status changes (with their history rows), the audit row and the notification, in one
// transaction. Closing it (resolved, completed) also cancels the SMS and X messages of its earlier
// notices that are still queued: nobody should get "investigating" after "resolved".
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { writeNotification } from "@/lib/notify/outbox";
import { SUPERSEDED_ERROR, SUPERSEDED_ON_CLOSE } from "@/lib/notify/rules";
import { incidentPayload, readComponentChanges, writeIncidentUpdate } from "@/lib/incidents/updates";
import { impactFromComponents } from "@/lib/status/rollup";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import {
  CLOSED_STATUSES,
  ComponentStatusSchema,
  ImpactSchema,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type AnyIncidentStatus,
  type ComponentStatus,
  type Impact,
  type NotificationKind,
} from "@/lib/vocabulary";

export const ComponentChangesSchema = z
  .array(z.object({ componentId: z.string().min(1).refine((s) => !hasNul(s), "Unknown component"), status: ComponentStatusSchema }))
  .default([])
  .refine((cs) => new Set(cs.map((c) => c.componentId)).size === cs.length, "A component is listed twice");

export const UpdateIncidentInput = z.object({
  incidentId: z.string().trim().min(1).refine((s) => !hasNul(s), "No such incident or maintenance"),
  /** Omitted: the status stays as it is (an "Update" in Statuspage's words). */
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]).optional(),
  message: z.string().trim().min(1, "Write the update for the page").max(20_000).refine((s) => !hasNul(s), NUL_MESSAGE),
  components: ComponentChangesSchema,
  impactOverride: ImpactSchema.optional(),
  deliverNotifications: z.boolean().default(true),
});
export type UpdateIncidentInput = z.input<typeof UpdateIncidentInput>;
type ParsedUpdate = z.output<typeof UpdateIncidentInput>;


const IMPACT_ORDER: readonly Impact[] = ["none", "minor", "major", "critical"];
const isClosed = (s: AnyIncidentStatus) => CLOSED_STATUSES.includes(s);

export async function updateIncident({ actor, input }: { actor: Actor; input: UpdateIncidentInput }) {
  requirePermission(actor, "incident.write");
  const data = UpdateIncidentInput.parse(input);
  return db().$transaction((tx) => applyIncidentUpdate(tx, actor, data));
}

/**
 * The update itself, in the caller's transaction (the maintenance tick runs it for the system).
 * `now` is when the update happens (its display time, the components' history).
 */
export async function applyIncidentUpdate(tx: Tx, actor: Actor, data: ParsedUpdate, now: Date = new Date()) {
  // Updates of one incident (and the fan-outs checking whether it closed) take turns.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incident WHERE id = ${data.incidentId} FOR UPDATE`;
  if (!locked.length) throw new NotFoundError(`No incident or maintenance with id ${data.incidentId}`);
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: data.incidentId }, include: { components: { select: { componentId: true } } } });
  const previous = incident.status as AnyIncidentStatus;
  const status = (data.status ?? previous) as AnyIncidentStatus;
  const allowed: readonly string[] = incident.kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  if (!allowed.includes(status)) {
    // The database would refuse it too (incident_status_matches_kind); say it in words.
    throw new z.ZodError([
      { code: "custom", path: ["status"], message: `"${status}" is not a status of ${incident.kind === "maintenance" ? "a maintenance" : "an incident"}; use one of ${allowed.join(", ")}`, input: status },
    ]);
  }

  const ids = data.components.map((c) => c.componentId);
  const changes = await readComponentChanges(tx, data.components);
  // The incident touches every component any of its updates named.
  const touched = [...new Set([...incident.components.map((c) => c.componentId), ...ids])];
  const added = ids.filter((id) => !incident.components.some((c) => c.componentId === id));
  if (added.length) await tx.incidentComponent.createMany({ data: added.map((componentId) => ({ incidentId: incident.id, componentId })) });

  const closing = isClosed(status) && !isClosed(previous);
  const impactOverride = data.impactOverride ?? incident.impactOverride ?? null;
  const impact: Impact = impactOverride ?? (incident.kind === "maintenance" ? "maintenance" : worstImpact(incident.impact as Impact, changes));

  await tx.incident.update({
    where: { id: incident.id },
    data: {
      status,
      impact,
      impactOverride,
      // Statuspage keeps the first time an incident went to monitoring.
      monitoringAt: status === "monitoring" && !incident.monitoringAt ? now : incident.monitoringAt,
      // The database ties resolved_at to a closed status: a reopened incident loses it.
      resolvedAt: isClosed(status) ? (incident.resolvedAt ?? now) : null,
    },
  });
  const update = await writeIncidentUpdate(tx, actor, {
    incidentId: incident.id,
    status,
    body: data.message,
    at: now,
    deliverNotifications: data.deliverNotifications,
    changes,
  });

  // Earlier notices still waiting to go out by SMS or X are stale now. A delivery already being
  // sent ('sending') is left to finish: its outcome is the provider's to tell.
  const cancelled = closing
    ? await tx.$executeRaw`
        UPDATE delivery SET state = 'cancelled', last_error = ${SUPERSEDED_ERROR}, updated_at = now()
        WHERE channel::text = ANY(${SUPERSEDED_ON_CLOSE as string[]}::text[]) AND state IN ('pending', 'retrying')
          AND notification_id IN (SELECT id FROM notification WHERE incident_id = ${incident.id})`
    : 0;

  await recordAudit(tx, actor, "incident.update", { type: "incident", id: incident.id }, {
    updateId: update.id,
    from: previous,
    status,
    components: changes.map((c) => ({ id: c.id, from: c.oldStatus, to: c.newStatus })),
    ...(cancelled ? { cancelledDeliveries: cancelled } : {}),
  });

  const kind = notificationKind(incident.kind, previous, status);
  const notificationId = data.deliverNotifications
    ? await writeNotification(tx, {
        kind,
        incidentId: incident.id,
        incidentUpdateId: update.id,
        payload: incidentPayload({ ...incident, impact }, { id: update.id, status, body: data.message, displayAt: now }, changes, touched),
      })
    : null;
  return { incident: { ...incident, status, impact }, update, notificationId, kind, cancelledDeliveries: cancelled };
}

/** What the update announces: a closing, a maintenance's start, or an update. */
function notificationKind(kind: "incident" | "maintenance", previous: AnyIncidentStatus, status: AnyIncidentStatus): NotificationKind {
  if (isClosed(status) && !isClosed(previous)) return kind === "maintenance" ? "maintenance_completed" : "incident_resolved";
  if (kind === "maintenance" && status === "in_progress" && previous === "scheduled") return "maintenance_started";
  return "incident_updated";
}

/**
 * An incident's impact is the worst of the statuses its updates set on components: it rises with
 * an outage and does not fall when the components recover, so a resolved outage keeps its colour
 * in the history. (An operator who chose an impact overrides this.)
 */
function worstImpact(before: Impact, changes: { newStatus: ComponentStatus }[]): Impact {
  const now = impactFromComponents(changes.map((c) => c.newStatus));
  const rank = (i: Impact) => IMPACT_ORDER.indexOf(i);
  return rank(now) > rank(before) ? now : before;
}

// Post an update to an incident or maintenance: its new status, the update's text, component
// status changes (with their history rows), the audit row and the notification, in one
// transaction. Closing it (resolved, completed) also cancels the SMS and X messages of its earlier
// notices that are still queued: nobody should get "investigating" after "resolved".
// An incident's start may be corrected (back-dated) with an update: its first update, which
// announced the start, moves with it.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { writeNotification } from "@/lib/notify/outbox";
import { SUPERSEDED_ERROR, SUPERSEDED_ON_CLOSE } from "@/lib/notify/rules";
import { incidentPayload, readComponentChanges, writeIncidentUpdate } from "@/lib/incidents/updates";
import { ChannelsSchema, IncidentImpactSchema, requireSomeChannel, StartedAtSchema, withPostingChoices } from "@/lib/incidents/posting";
import { CustomTweetSchema } from "@/lib/incidents/x-text";
import { impactFromComponents } from "@/lib/status/rollup";
import { hasNul, NUL_MESSAGE } from "@/lib/text";
import {
  CLOSED_STATUSES,
  ComponentStatusSchema,
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

export const UpdateIncidentInput = z
  .object({
    incidentId: z.string().trim().min(1).refine((s) => !hasNul(s), "No such incident or maintenance"),
    /** Omitted: the status stays as it is (an "Update" in Statuspage's words). */
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]).optional(),
    message: z.string().trim().min(1, "Write the update for the page").max(20_000).refine((s) => !hasNul(s), NUL_MESSAGE),
    components: ComponentChangesSchema,
    /** Omitted: the incident keeps its override, if any; null: back to the impact computed from components. */
    impactOverride: IncidentImpactSchema.nullish(),
    /** Omitted: the incident's start stays as it is. Incidents only. */
    startedAt: StartedAtSchema.optional(),
    /** The X post for this update, as written; omitted or empty: composed from the update. */
    customTweet: CustomTweetSchema,
    /** Omitted: every channel. */
    channels: ChannelsSchema.optional(),
    deliverNotifications: z.boolean().default(true),
  })
  .superRefine(requireSomeChannel);
export type UpdateIncidentInput = z.input<typeof UpdateIncidentInput>;
export type ParsedUpdate = z.output<typeof UpdateIncidentInput>;


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
  const status = statusOfKind(incident.kind, data.status ?? previous);

  const ids = data.components.map((c) => c.componentId);
  const changes = await readComponentChanges(tx, data.components);
  const startedAt = await checkStartedAt(tx, incident, data.startedAt, now);
  // The incident touches every component any of its updates named.
  const touched = [...new Set([...incident.components.map((c) => c.componentId), ...ids])];
  const added = ids.filter((id) => !incident.components.some((c) => c.componentId === id));
  if (added.length) await tx.incidentComponent.createMany({ data: added.map((componentId) => ({ incidentId: incident.id, componentId })) });

  const closing = isClosed(status) && !isClosed(previous);
  const { impact, impactOverride } = await nextImpact(tx, incident, data.impactOverride, changes);

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
      startedAt,
    },
  });
  if (startedAt.getTime() !== incident.startedAt.getTime()) {
    // The first update announced the start: it shows at the start.
    const first = await tx.incidentUpdate.findFirst({ where: { incidentId: incident.id }, orderBy: [{ displayAt: "asc" }, { createdAt: "asc" }], select: { id: true } });
    if (first) await tx.incidentUpdate.update({ where: { id: first.id }, data: { displayAt: startedAt } });
  }
  const update = await writeIncidentUpdate(tx, actor, {
    incidentId: incident.id,
    status,
    body: data.message,
    at: now,
    deliverNotifications: data.deliverNotifications,
    customTweet: data.customTweet ?? null,
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

  await recordChange(
    tx,
    actor,
    "incident.update",
    { type: "incident", id: incident.id },
    { status: previous, impact: incident.impact, impactOverride: incident.impactOverride, startedAt: incident.startedAt.toISOString() },
    {
      status,
      impact,
      impactOverride,
      startedAt: startedAt.toISOString(),
      updateId: update.id,
      message: data.message,
      customTweet: data.customTweet ?? null,
      components: changes.map((c) => ({ id: c.id, from: c.oldStatus, to: c.newStatus })),
      notify: data.deliverNotifications,
      ...(data.deliverNotifications ? { channels: data.channels ?? "all" } : {}),
      ...(cancelled ? { cancelledDeliveries: cancelled } : {}),
    },
  );

  const kind = notificationKind(incident.kind, previous, status);
  const notificationId = data.deliverNotifications
    ? await writeNotification(tx, {
        kind,
        incidentId: incident.id,
        incidentUpdateId: update.id,
        payload: withPostingChoices(
          incidentPayload({ ...incident, impact }, { id: update.id, status, body: data.message, displayAt: now }, changes, touched),
          { customTweet: data.customTweet, channels: data.channels },
        ),
      })
    : null;
  return { incident: { ...incident, status, impact, impactOverride, startedAt }, update, notificationId, kind, cancelledDeliveries: cancelled };
}

type IncidentRow = { id: string; kind: "incident" | "maintenance"; impact: string; impactOverride: string | null; startedAt: Date };

/**
 * The incident's impact after this update. An operator's choice stands until they clear it (null);
 * a maintenance's is "maintenance"; otherwise the worst any of its updates set on components.
 */
export async function nextImpact(
  tx: Tx,
  incident: IncidentRow,
  requested: Impact | null | undefined,
  changes: readonly { newStatus: ComponentStatus }[],
): Promise<{ impact: Impact; impactOverride: Impact | null }> {
  const impactOverride = requested === undefined ? ((incident.impactOverride as Impact | null) ?? null) : requested;
  if (impactOverride) return { impact: impactOverride, impactOverride };
  if (incident.kind === "maintenance") return { impact: "maintenance", impactOverride: null };
  return { impact: worstImpact(await computedImpact(tx, incident), changes), impactOverride: null };
}

/** The impact the incident's components give it so far (its impact, unless an override hides it). */
export async function computedImpact(tx: Tx, incident: IncidentRow): Promise<Impact> {
  if (!incident.impactOverride) return incident.impact as Impact;
  const rows = await tx.incidentUpdateComponent.findMany({ where: { update: { incidentId: incident.id } }, select: { newStatus: true } });
  return impactFromComponents(rows.map((r) => r.newStatus as ComponentStatus));
}

/**
 * The incident's start after this update: unchanged when not given. A new start must not be in
 * the future (the schema says so), and must come before the incident's second update, since its
 * first update moves with it. A maintenance's start is its window, not this.
 */
export async function checkStartedAt(tx: Tx, incident: IncidentRow, requested: Date | undefined, now: Date): Promise<Date> {
  if (!requested || requested.getTime() === incident.startedAt.getTime()) return incident.startedAt;
  const refuse = (message: string) => new z.ZodError([{ code: "custom", path: ["startedAt"], message, input: requested }]);
  if (incident.kind === "maintenance") throw refuse("A maintenance starts at its window: change the window instead");
  if (requested > now) throw refuse("Started at cannot be in the future");
  const [, second] = await tx.incidentUpdate.findMany({
    where: { incidentId: incident.id },
    orderBy: [{ displayAt: "asc" }, { createdAt: "asc" }],
    take: 2,
    select: { displayAt: true },
  });
  if (second && requested >= second.displayAt) {
    throw refuse(`Started at must be before the incident's second update (${second.displayAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`);
  }
  return requested;
}

/** `status` when it is one of this kind's (the database would refuse it too: incident_status_matches_kind); say it in words. */
export function statusOfKind(kind: "incident" | "maintenance", status: AnyIncidentStatus): AnyIncidentStatus {
  const allowed: readonly string[] = kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  if (allowed.includes(status)) return status;
  throw new z.ZodError([
    { code: "custom", path: ["status"], message: `"${status}" is not a status of ${kind === "maintenance" ? "a maintenance" : "an incident"}; use one of ${allowed.join(", ")}`, input: status },
  ]);
}

/** What the update announces: a closing, a maintenance's start, or an update. */
export function notificationKind(kind: "incident" | "maintenance", previous: AnyIncidentStatus, status: AnyIncidentStatus): NotificationKind {
  if (isClosed(status) && !isClosed(previous)) return kind === "maintenance" ? "maintenance_completed" : "incident_resolved";
  if (kind === "maintenance" && status === "in_progress" && previous === "scheduled") return "maintenance_started";
  return "incident_updated";
}

/**
 * An incident's impact is the worst of the statuses its updates set on components: it rises with
 * an outage and does not fall when the components recover, so a resolved outage keeps its colour
 * in the history. (An operator who chose an impact overrides this.)
 */
function worstImpact(before: Impact, changes: readonly { newStatus: ComponentStatus }[]): Impact {
  const now = impactFromComponents(changes.map((c) => c.newStatus));
  const rank = (i: Impact) => IMPACT_ORDER.indexOf(i);
  return rank(now) > rank(before) ? now : before;
}

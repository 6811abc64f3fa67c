// The steps every incident write shares (posting, updating, scheduling maintenance): reading the
// components an update names, and writing the update with its component changes and their history.
import { operatorIdOf, type Actor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import type { AnyIncidentStatus, ComponentStatus } from "@/lib/vocabulary";

export type ComponentChange = { id: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus };

/**
 * The components an update names, as they are now, with the status each is to take (`status`
 * omitted: unchanged, as a maintenance announcement lists them). Unknown ids are refused.
 */
export async function readComponentChanges(tx: Tx, requested: readonly { componentId: string; status?: ComponentStatus }[]): Promise<ComponentChange[]> {
  const ids = requested.map((c) => c.componentId);
  const current = await tx.component.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, status: true } });
  const missing = ids.filter((id) => !current.some((c) => c.id === id));
  if (missing.length) throw new NotFoundError(`Unknown component: ${missing.join(", ")}`);
  const byId = new Map(current.map((c) => [c.id, c]));
  return requested.map((r) => {
    const before = byId.get(r.componentId)!;
    const oldStatus = before.status as ComponentStatus;
    return { id: r.componentId, name: before.name, oldStatus, newStatus: r.status ?? oldStatus };
  });
}

/** The update row with the components it names, then each component that changes, with its history row. */
export async function writeIncidentUpdate(
  tx: Tx,
  actor: Actor,
  u: {
    incidentId: string;
    status: AnyIncidentStatus;
    body: string;
    at: Date;
    deliverNotifications: boolean;
    changes: readonly ComponentChange[];
    customTweet?: string | null;
    /** When the component changes took effect in their history (default `at`). */
    historyAt?: Date;
  },
) {
  const update = await tx.incidentUpdate.create({
    data: {
      incidentId: u.incidentId,
      status: u.status,
      body: u.body,
      displayAt: u.at,
      deliverNotifications: u.deliverNotifications,
      customTweet: u.customTweet ?? null,
      authorId: operatorIdOf(actor),
      affectedComponents: { create: u.changes.map((c) => ({ componentId: c.id, oldStatus: c.oldStatus, newStatus: c.newStatus })) },
    },
  });
  for (const c of u.changes) {
    if (c.oldStatus === c.newStatus) continue;
    await tx.component.update({ where: { id: c.id }, data: { status: c.newStatus } });
    await tx.componentStatusChange.create({
      data: { componentId: c.id, oldStatus: c.oldStatus, newStatus: c.newStatus, at: u.historyAt ?? u.at, incidentUpdateId: update.id },
    });
  }
  return update;
}

/**
 * What a notification about an incident or maintenance says, frozen at the write: the incident
 * as the update leaves it, the update, its component changes, and every component it touches.
 */
export function incidentPayload(
  incident: { id: string; name: string; kind: "incident" | "maintenance"; impact: string; scheduledFor?: Date | null; scheduledUntil?: Date | null },
  update: { id: string; status: AnyIncidentStatus; body: string; displayAt: Date },
  changes: readonly ComponentChange[],
  componentIds: readonly string[],
): IncidentNotificationPayload {
  return {
    incident: {
      id: incident.id,
      name: incident.name,
      status: update.status,
      impact: incident.impact,
      kind: incident.kind,
      ...(incident.kind === "maintenance"
        ? { scheduledFor: incident.scheduledFor?.toISOString() ?? null, scheduledUntil: incident.scheduledUntil?.toISOString() ?? null }
        : {}),
    },
    update: { id: update.id, status: update.status, body: update.body, displayAt: update.displayAt.toISOString() },
    components: [...changes],
    componentIds: [...componentIds],
  };
}

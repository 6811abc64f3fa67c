// Read-only: one incident as the dashboard's update form needs it (status, kind, its components now),
// and as its page shows it (loadIncidentDetail).
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError, parseOrNotFound } from "@/lib/errors";
import { CLOSED_STATUSES, type AnyIncidentStatus, type ComponentStatus, type Impact, type IncidentKind } from "@/lib/vocabulary";
import { recordId } from "@/lib/text";

export type IncidentForUpdate = {
  id: string;
  name: string;
  kind: IncidentKind;
  status: AnyIncidentStatus;
  components: { id: string; name: string; status: ComponentStatus }[];
};

const Input = z.object({ incidentId: recordId("No such incident") });

export async function loadIncidentForUpdate({ actor, input }: { actor: Actor; input: z.input<typeof Input> }): Promise<IncidentForUpdate> {
  requirePermission(actor, "incident.write");
  const { incidentId } = parseOrNotFound(Input, input, "No incident or maintenance with this id");
  const incident = await db().incident.findUnique({
    where: { id: incidentId },
    select: { id: true, name: true, kind: true, status: true, components: { select: { component: { select: { id: true, name: true, status: true, position: true } } } } },
  });
  if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
  return {
    id: incident.id,
    name: incident.name,
    kind: incident.kind,
    status: incident.status as AnyIncidentStatus,
    components: incident.components
      .map((c) => c.component)
      .sort((a, b) => a.position - b.position)
      .map(({ id, name, status }) => ({ id, name, status: status as ComponentStatus })),
  };
}

export type IncidentDetail = {
  id: string;
  kind: IncidentKind;
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  open: boolean;
  createdAt: Date;
  startedAt: Date;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  /** Its components as they are now, in page order. */
  components: { id: string; name: string; status: ComponentStatus }[];
  /** Newest first, as the page shows them. */
  updates: {
    id: string;
    status: AnyIncidentStatus;
    body: string;
    displayAt: Date;
    editedAt: Date | null;
    deliverNotifications: boolean;
    author: string | null;
    changes: { name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
  }[];
  postmortem: { body: string | null; updatedAt: Date | null; publishedAt: Date | null; notifiedAt: Date | null };
};

/** One incident or maintenance as its dashboard page shows it: header, timeline, components, postmortem. */
export async function loadIncidentDetail({ actor, input }: { actor: Actor; input: z.input<typeof Input> }): Promise<IncidentDetail> {
  requirePermission(actor, "incident.write");
  const { incidentId } = parseOrNotFound(Input, input, "No incident or maintenance with this id");
  const incident = await db().incident.findUnique({
    where: { id: incidentId },
    include: {
      components: { select: { component: { select: { id: true, name: true, status: true, position: true } } } },
      updates: {
        orderBy: [{ displayAt: "desc" }, { createdAt: "desc" }],
        include: {
          author: { select: { email: true, name: true } },
          affectedComponents: { include: { component: { select: { name: true } } } },
        },
      },
    },
  });
  if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
  const status = incident.status as AnyIncidentStatus;
  return {
    id: incident.id,
    kind: incident.kind,
    name: incident.name,
    status,
    impact: incident.impact as Impact,
    open: !CLOSED_STATUSES.includes(status),
    createdAt: incident.createdAt,
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt,
    scheduledFor: incident.scheduledFor,
    scheduledUntil: incident.scheduledUntil,
    components: incident.components
      .map((c) => c.component)
      .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
      .map(({ id, name, status }) => ({ id, name, status: status as ComponentStatus })),
    updates: incident.updates.map((u) => ({
      id: u.id,
      status: u.status as AnyIncidentStatus,
      body: u.body,
      displayAt: u.displayAt,
      editedAt: u.editedAt,
      deliverNotifications: u.deliverNotifications,
      author: u.author ? (u.author.name ?? u.author.email) : null,
      changes: u.affectedComponents
        .filter((a) => a.oldStatus !== a.newStatus)
        .map((a) => ({ name: a.component.name, oldStatus: a.oldStatus as ComponentStatus, newStatus: a.newStatus as ComponentStatus })),
    })),
    postmortem: {
      body: incident.postmortemBody,
      updatedAt: incident.postmortemUpdatedAt,
      publishedAt: incident.postmortemPublishedAt,
      notifiedAt: incident.postmortemNotifiedAt,
    },
  };
}

// Read-only: maintenances as the dashboard's maintenance pages show them (the list, one with its
// timeline), with the page's time zone the windows are shown and typed in.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError, parseOrNotFound } from "@/lib/errors";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { instantToWallClock } from "@/lib/maintenance/wall-clock";
import { zoneLabel } from "@/lib/maintenance/window";
import type { AnyIncidentStatus, ComponentStatus, MaintenanceStatus } from "@/lib/vocabulary";
import { recordId } from "@/lib/text";

export const PAST_PAGE_SIZE = 20;

export type MaintenanceRow = {
  id: string;
  name: string;
  status: MaintenanceStatus;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  autoTransition: boolean;
  reminderMinutes: number | null;
  componentNames: string[];
  /** The latest update's text (a cancelled one says so). */
  latest: string | null;
};

export type MaintenanceList = {
  timeZone: string;
  upcoming: MaintenanceRow[];
  inProgress: MaintenanceRow[];
  past: MaintenanceRow[];
  /** 1-based page of `past`, and how many pages there are (at least 1). */
  page: number;
  pages: number;
  pastTotal: number;
};

const ListInput = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

const rowSelect = {
  id: true,
  name: true,
  status: true,
  scheduledFor: true,
  scheduledUntil: true,
  autoTransition: true,
  reminderMinutes: true,
  components: { select: { component: { select: { name: true, position: true } } } },
  updates: { orderBy: [{ displayAt: "desc" as const }, { createdAt: "desc" as const }], take: 1, select: { body: true } },
};

type RowData = {
  id: string;
  name: string;
  status: string;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  autoTransition: boolean;
  reminderMinutes: number | null;
  components: { component: { name: string; position: number } }[];
  updates: { body: string }[];
};

function toRow(m: RowData): MaintenanceRow {
  return {
    id: m.id,
    name: m.name,
    status: m.status as MaintenanceStatus,
    scheduledFor: m.scheduledFor,
    scheduledUntil: m.scheduledUntil,
    autoTransition: m.autoTransition,
    reminderMinutes: m.reminderMinutes,
    componentNames: m.components
      .map((c) => c.component)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.name),
    latest: m.updates[0]?.body ?? null,
  };
}

export async function listMaintenances({ actor, input }: { actor: Actor; input?: z.input<typeof ListInput> }): Promise<MaintenanceList> {
  requirePermission(actor, "incident.write");
  const { page: asked } = ListInput.parse(input ?? {});
  const client = db();
  const [timeZone, upcoming, inProgress, pastTotal] = await Promise.all([
    pageTimeZone(),
    client.incident.findMany({ where: { kind: "maintenance", status: "scheduled" }, orderBy: [{ scheduledFor: "asc" }, { id: "asc" }], select: rowSelect }),
    client.incident.findMany({ where: { kind: "maintenance", status: { in: ["in_progress", "verifying"] } }, orderBy: [{ scheduledFor: "asc" }, { id: "asc" }], select: rowSelect }),
    client.incident.count({ where: { kind: "maintenance", status: "completed" } }),
  ]);
  const pages = Math.max(1, Math.ceil(pastTotal / PAST_PAGE_SIZE));
  const page = Math.min(asked, pages);
  const past = await client.incident.findMany({
    where: { kind: "maintenance", status: "completed" },
    orderBy: [{ scheduledFor: "desc" }, { id: "desc" }],
    skip: (page - 1) * PAST_PAGE_SIZE,
    take: PAST_PAGE_SIZE,
    select: rowSelect,
  });
  return { timeZone, upcoming: upcoming.map(toRow), inProgress: inProgress.map(toRow), past: past.map(toRow), page, pages, pastTotal };
}

export type MaintenanceDetail = MaintenanceRow & {
  timeZone: string;
  createdAt: Date;
  resolvedAt: Date | null;
  reminderSentAt: Date | null;
  /** Completed by a cancellation (lib/maintenance/cancel.ts), not by running its course. */
  cancelled: boolean;
  components: { id: string; name: string; status: ComponentStatus }[];
  /** Newest first. */
  updates: {
    id: string;
    status: AnyIncidentStatus;
    body: string;
    displayAt: Date;
    deliverNotifications: boolean;
    editedAt: Date | null;
    /** The operator's email; null for the system (the tick) or the CLI. */
    author: string | null;
    componentChanges: { name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
  }[];
};

const LoadInput = z.object({ incidentId: recordId("No such maintenance") });

export async function loadMaintenance({ actor, input }: { actor: Actor; input: z.input<typeof LoadInput> }): Promise<MaintenanceDetail> {
  requirePermission(actor, "incident.write");
  const { incidentId } = parseOrNotFound(LoadInput, input, "No maintenance with this id");
  const [timeZone, cancellations, m] = await Promise.all([
    pageTimeZone(),
    db().auditLog.count({ where: { action: "maintenance.cancel", targetType: "incident", targetId: incidentId } }),
    db().incident.findFirst({
      where: { id: incidentId, kind: "maintenance" },
      include: {
        components: { select: { component: { select: { id: true, name: true, status: true, position: true } } } },
        updates: {
          orderBy: [{ displayAt: "desc" }, { createdAt: "desc" }],
          include: {
            author: { select: { email: true } },
            affectedComponents: { include: { component: { select: { name: true } } } },
          },
        },
      },
    }),
  ]);
  if (!m) throw new NotFoundError(`No maintenance with id ${incidentId}`);
  const components = m.components.map((c) => c.component).sort((a, b) => a.position - b.position);
  return {
    id: m.id,
    name: m.name,
    status: m.status as MaintenanceStatus,
    scheduledFor: m.scheduledFor,
    scheduledUntil: m.scheduledUntil,
    autoTransition: m.autoTransition,
    reminderMinutes: m.reminderMinutes,
    reminderSentAt: m.reminderSentAt,
    cancelled: cancellations > 0,
    componentNames: components.map((c) => c.name),
    latest: m.updates[0]?.body ?? null,
    timeZone,
    createdAt: m.createdAt,
    resolvedAt: m.resolvedAt,
    components: components.map(({ id, name, status }) => ({ id, name, status: status as ComponentStatus })),
    updates: m.updates.map((u) => ({
      id: u.id,
      status: u.status as AnyIncidentStatus,
      body: u.body,
      displayAt: u.displayAt,
      deliverNotifications: u.deliverNotifications,
      editedAt: u.editedAt,
      author: u.author?.email ?? null,
      componentChanges: u.affectedComponents
        .filter((c) => c.oldStatus !== c.newStatus)
        .map((c) => ({ name: c.component.name, oldStatus: c.oldStatus as ComponentStatus, newStatus: c.newStatus as ComponentStatus })),
    })),
  };
}

export type ScheduleFormDefaults = {
  timeZone: string;
  /** The zone as the form names it, "Europe/Paris (UTC+01:00)". */
  zone: string;
  /** A first window to edit (datetime-local values in the zone): tomorrow from the next whole hour, for an hour. */
  start: string;
  end: string;
};

const HOUR = 3_600_000;

export async function loadScheduleFormDefaults({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<ScheduleFormDefaults> {
  requirePermission(actor, "incident.write");
  const timeZone = await pageTimeZone();
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR);
  const end = new Date(start.getTime() + HOUR);
  return { timeZone, zone: zoneLabel(timeZone, start), start: instantToWallClock(start, timeZone), end: instantToWallClock(end, timeZone) };
}

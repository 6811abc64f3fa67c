// Everything the public sees, read from the database in one go: the page, groups, components,
// every incident and maintenance with its updates, 90 days of component status history, and the
// public metrics' definitions. The public page, /api/v2, feeds and badges are all computed from
// this one object (see cache.ts for how it is kept current on every web process).
import { db } from "@/lib/db/prisma";
import type { AnyIncidentStatus, ComponentStatus, Impact, IncidentKind } from "@/lib/vocabulary";

export type SnapPage = {
  id: string;
  name: string;
  url: string;
  timeZone: string;
  logoUrl: string | null;
  brandColor: string;
  supportUrl: string | null;
  xHandle: string | null;
  updatedAt: Date;
};

export type SnapGroup = {
  id: string;
  name: string;
  description: string | null;
  position: number;
  collapsed: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type SnapComponent = {
  id: string;
  groupId: string | null;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  /** "YYYY-MM-DD" or null. */
  startDate: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type SnapAffected = { componentId: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus };

export type SnapUpdate = {
  id: string;
  incidentId: string;
  status: AnyIncidentStatus;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  displayAt: Date;
  deliverNotifications: boolean;
  customTweet: string | null;
  tweetId: string | null;
  affectedComponents: SnapAffected[];
};

export type SnapPostmortem = { body: string; updatedAt: Date; publishedAt: Date; notifiedAt: Date | null };

export type SnapIncident = {
  id: string;
  kind: IncidentKind;
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  /** Published postmortems only: a draft never reaches the snapshot, so nothing public can show one. */
  postmortem: SnapPostmortem | null;
  componentIds: string[];
  /** Newest first (by display time). */
  updates: SnapUpdate[];
};

export type SnapStatusChange = { componentId: string; oldStatus: ComponentStatus | null; newStatus: ComponentStatus; at: Date };

export type SnapMetric = {
  id: string;
  name: string;
  suffix: string;
  description: string | null;
  decimalPlaces: number;
  yAxisMin: number | null;
  yAxisMax: number | null;
  yAxisHidden: boolean;
  transform: string;
  position: number;
  componentId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type PublicSnapshot = {
  /** Increases with every rebuild in this process; ETags come from the bytes, not from this. */
  version: number;
  builtAt: Date;
  page: SnapPage;
  /** In position order. */
  groups: SnapGroup[];
  /** In position order (within their level). */
  components: SnapComponent[];
  /** Incidents and maintenances, newest first (by creation). */
  incidents: SnapIncident[];
  /** Status changes since 90 days before builtAt, plus each component's last change before that, oldest first. */
  statusChanges: SnapStatusChange[];
  /** Public (displayed) metrics in position order. */
  metrics: SnapMetric[];
};

export const UPTIME_DAYS = 90;

const DEFAULT_PAGE: SnapPage = {
  id: "",
  name: "Herald",
  url: "",
  timeZone: "Etc/UTC",
  logoUrl: null,
  brandColor: "#2563eb",
  supportUrl: null,
  xHandle: null,
  updatedAt: new Date(0),
};

function isoDate(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

export async function loadPublicSnapshot(version: number): Promise<PublicSnapshot> {
  const builtAt = new Date();
  const since = new Date(builtAt.getTime() - (UPTIME_DAYS + 1) * 86_400_000);
  const client = db();
  // One repeatable-read transaction: every part of the snapshot sees the same moment.
  const [settings, groups, components, incidents, recentChanges, priorChanges, metrics] = await client.$transaction(
    [
      client.pageSettings.findUnique({ where: { id: 1 } }),
      client.componentGroup.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] }),
      client.component.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] }),
      client.incident.findMany({
        orderBy: { createdAt: "desc" },
        include: {
          components: { select: { componentId: true } },
          updates: {
            orderBy: [{ displayAt: "desc" }, { createdAt: "desc" }],
            include: { affectedComponents: { include: { component: { select: { name: true } } } } },
          },
        },
      }),
      client.componentStatusChange.findMany({ where: { at: { gte: since } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
      client.$queryRaw<{ component_id: string; old_status: ComponentStatus | null; new_status: ComponentStatus; at: Date }[]>`
        SELECT DISTINCT ON (component_id) component_id, old_status::text AS old_status, new_status::text AS new_status, at
        FROM component_status_change WHERE at < ${since} ORDER BY component_id, at DESC, id DESC`,
      client.metric.findMany({ where: { displayed: true }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    ],
    { isolationLevel: "RepeatableRead" },
  );

  const page: SnapPage = settings
    ? {
        id: settings.pageId,
        name: settings.name,
        url: settings.url,
        timeZone: settings.timeZone,
        logoUrl: settings.logoUrl,
        brandColor: settings.brandColor,
        supportUrl: settings.supportUrl,
        xHandle: settings.xHandle,
        updatedAt: settings.updatedAt,
      }
    : DEFAULT_PAGE;

  return {
    version,
    builtAt,
    page,
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      position: g.position,
      collapsed: g.collapsed,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
    })),
    components: components.map((c) => ({
      id: c.id,
      groupId: c.groupId,
      name: c.name,
      description: c.description,
      status: c.status,
      position: c.position,
      showcase: c.showcase,
      onlyShowIfDegraded: c.onlyShowIfDegraded,
      startDate: isoDate(c.startDate),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    })),
    incidents: incidents.map((i) => ({
      id: i.id,
      kind: i.kind,
      name: i.name,
      status: i.status,
      impact: i.impact,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      startedAt: i.startedAt,
      monitoringAt: i.monitoringAt,
      resolvedAt: i.resolvedAt,
      scheduledFor: i.scheduledFor,
      scheduledUntil: i.scheduledUntil,
      postmortem:
        i.postmortemPublishedAt && i.postmortemBody
          ? { body: i.postmortemBody, updatedAt: i.postmortemUpdatedAt ?? i.postmortemPublishedAt, publishedAt: i.postmortemPublishedAt, notifiedAt: i.postmortemNotifiedAt }
          : null,
      componentIds: i.components.map((c) => c.componentId),
      updates: i.updates.map((u) => ({
        id: u.id,
        incidentId: u.incidentId,
        status: u.status,
        body: u.body,
        createdAt: u.createdAt,
        updatedAt: u.updatedAt,
        displayAt: u.displayAt,
        deliverNotifications: u.deliverNotifications,
        customTweet: u.customTweet,
        tweetId: u.tweetId,
        affectedComponents: u.affectedComponents.map((a) => ({
          componentId: a.componentId,
          name: a.component.name,
          oldStatus: a.oldStatus,
          newStatus: a.newStatus,
        })),
      })),
    })),
    statusChanges: [
      ...priorChanges
        .map((c) => ({ componentId: c.component_id, oldStatus: c.old_status, newStatus: c.new_status, at: c.at }))
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
      ...recentChanges.map((c) => ({ componentId: c.componentId, oldStatus: c.oldStatus, newStatus: c.newStatus, at: c.at })),
    ],
    metrics: metrics.map((m) => ({
      id: m.id,
      name: m.name,
      suffix: m.suffix,
      description: m.description,
      decimalPlaces: m.decimalPlaces,
      yAxisMin: m.yAxisMin,
      yAxisMax: m.yAxisMax,
      yAxisHidden: m.yAxisHidden,
      transform: m.transform,
      position: m.position,
      componentId: m.componentId,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    })),
  };
}

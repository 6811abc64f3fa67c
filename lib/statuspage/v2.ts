// Statuspage public API v2, exactly as Statuspage serves it
// (docs/formats.md, "Public API v2"; captures in test/contract/fixtures).
// Pure: a PublicSnapshot in, plain objects out, with every key present and in Statuspage's order
// (JSON.stringify keeps insertion order, so the object literals below fix the key order).
import { pageStatus, activeMaintenances, openIncidents, upcomingMaintenances } from "@/lib/public/view";
import type { PublicSnapshot, SnapComponent, SnapGroup, SnapIncident, SnapUpdate } from "@/lib/public/snapshot";
import { worstStatus, type Rollup } from "@/lib/status/rollup";
import type { AnyIncidentStatus, ComponentStatus, Impact } from "@/lib/vocabulary";

/** How many incidents / maintenances the "most recent" lists hold. */
export const RECENT_LIMIT = 50;

export type V2Page = { id: string; name: string; url: string; time_zone: string; updated_at: string };
export type V2Status = Rollup;

export type V2Component = {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Group rows only: the children's ids, in order. */
  components?: string[];
};

export type V2AffectedComponent = { code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus };

export type V2IncidentUpdate = {
  id: string;
  status: AnyIncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: V2AffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
};

export type V2Incident = {
  id: string;
  name: string;
  status: AnyIncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
  /** Maintenances only. */
  scheduled_for?: string | null;
  scheduled_until?: string | null;
};

export type V2Summary = {
  page: V2Page;
  components: V2Component[];
  incidents: V2Incident[];
  scheduled_maintenances: V2Incident[];
  status: V2Status;
};

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** The page's public URL without a trailing slash ("" when the page has none). */
export function pageBaseUrl(s: PublicSnapshot): string {
  return s.page.url.replace(/\/+$/, "");
}

/** An incident's permanent public page: Herald has no shortener, so this is also its `shortlink`. */
export function incidentUrl(s: PublicSnapshot, id: string): string {
  return `${pageBaseUrl(s)}/incidents/${encodeURIComponent(id)}`;
}

export function v2Page(s: PublicSnapshot): V2Page {
  return { id: s.page.id, name: s.page.name, url: s.page.url, time_zone: s.page.timeZone, updated_at: iso(s.page.updatedAt) };
}

export function v2Status(s: PublicSnapshot): V2Status {
  const { indicator, description } = pageStatus(s);
  return { indicator, description };
}

function componentRow(s: PublicSnapshot, c: SnapComponent): V2Component {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: s.page.id,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
  };
}

function groupRow(s: PublicSnapshot, g: SnapGroup, children: SnapComponent[]): V2Component {
  // A group's status follows its children, so it "changes" whenever one of them does.
  let updated = g.updatedAt;
  for (const c of children) if (c.updatedAt > updated) updated = c.updatedAt;
  return {
    id: g.id,
    name: g.name,
    status: worstStatus(children.map((c) => c.status)),
    created_at: iso(g.createdAt),
    updated_at: iso(updated),
    position: g.position,
    description: g.description,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: s.page.id,
    group: true,
    only_show_if_degraded: false,
    components: children.map((c) => c.id),
  };
}

type Ordered = { row: V2Component; level: 0 | 1; parentPosition: number; name: string };

function compareOrdered(a: Ordered, b: Ordered): number {
  return (
    a.row.position - b.row.position ||
    a.level - b.level ||
    a.parentPosition - b.parentPosition ||
    a.name.localeCompare(b.name) ||
    (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0)
  );
}

/**
 * Every component and group as Statuspage lists them: one flat list ordered by position (which
 * counts within its level), a top-level item before a group's child of the same position.
 */
export function v2Components(s: PublicSnapshot): V2Component[] {
  const byPosition = (a: SnapComponent, b: SnapComponent) => a.position - b.position || a.name.localeCompare(b.name);
  const groupIds = new Set(s.groups.map((g) => g.id));
  const ordered: Ordered[] = [];
  for (const g of s.groups) {
    const children = s.components.filter((c) => c.groupId === g.id).sort(byPosition);
    ordered.push({ row: groupRow(s, g, children), level: 0, parentPosition: -1, name: g.name });
    for (const c of children) ordered.push({ row: componentRow(s, c), level: 1, parentPosition: g.position, name: c.name });
  }
  // Ungrouped components, and (defensively) any whose group is not in the snapshot.
  for (const c of s.components) {
    if (c.groupId && groupIds.has(c.groupId)) continue;
    ordered.push({ row: componentRow(s, c), level: 0, parentPosition: -1, name: c.name });
  }
  return ordered.sort(compareOrdered).map((o) => o.row);
}

export function v2IncidentUpdate(u: SnapUpdate): V2IncidentUpdate {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: u.incidentId,
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
    display_at: iso(u.displayAt),
    affected_components:
      u.affectedComponents.length > 0
        ? u.affectedComponents.map((a) => ({ code: a.componentId, name: a.name, old_status: a.oldStatus, new_status: a.newStatus }))
        : null,
    deliver_notifications: u.deliverNotifications,
    custom_tweet: u.customTweet,
    tweet_id: u.tweetId,
  };
}

/** Serialises incidents and maintenances; the component rows are shared across one call. */
function incidentSerializer(s: PublicSnapshot): (i: SnapIncident) => V2Incident {
  let rows: Map<string, { index: number; row: V2Component }> | undefined;
  const componentRows = () => {
    if (!rows) rows = new Map(v2Components(s).map((row, index) => [row.id, { index, row }]));
    return rows;
  };
  return (i) => {
    const all = componentRows();
    const components = i.componentIds
      .map((id) => all.get(id))
      .filter((x): x is { index: number; row: V2Component } => x !== undefined && !x.row.group)
      .sort((a, b) => a.index - b.index)
      .map((x) => x.row);
    const out: V2Incident = {
      id: i.id,
      name: i.name,
      status: i.status,
      created_at: iso(i.createdAt),
      updated_at: iso(i.updatedAt),
      monitoring_at: isoOrNull(i.monitoringAt),
      resolved_at: isoOrNull(i.resolvedAt),
      impact: i.impact,
      shortlink: incidentUrl(s, i.id),
      started_at: iso(i.startedAt),
      page_id: s.page.id,
      // The snapshot holds updates newest first (by display time); keep that order.
      incident_updates: i.updates.map(v2IncidentUpdate),
      components,
    };
    if (i.kind === "maintenance") {
      out.scheduled_for = isoOrNull(i.scheduledFor);
      out.scheduled_until = isoOrNull(i.scheduledUntil);
    }
    return out;
  };
}

export function v2Incident(s: PublicSnapshot, i: SnapIncident): V2Incident {
  return incidentSerializer(s)(i);
}

const time = (d: Date | null) => d?.getTime() ?? 0;
const bySchedule = (a: SnapIncident, b: SnapIncident) => time(a.scheduledFor) - time(b.scheduledFor) || time(a.createdAt) - time(b.createdAt);

// Selections -------------------------------------------------------------------------------------

/** The 50 most recent incidents (not maintenances), any status, newest first. */
export function recentIncidents(s: PublicSnapshot): SnapIncident[] {
  return s.incidents.filter((i) => i.kind === "incident").slice(0, RECENT_LIMIT);
}

/** The 50 most recent maintenances, completed included: latest window first. */
export function recentMaintenances(s: PublicSnapshot): SnapIncident[] {
  return s.incidents
    .filter((i) => i.kind === "maintenance")
    .sort((a, b) => bySchedule(b, a))
    .slice(0, RECENT_LIMIT);
}

/** Maintenances scheduled or under way (scheduled, in progress, verifying), soonest window first. */
export function openMaintenances(s: PublicSnapshot): SnapIncident[] {
  return s.incidents
    .filter((i) => i.kind === "maintenance" && (i.status === "scheduled" || i.status === "in_progress" || i.status === "verifying"))
    .sort(bySchedule);
}

// Documents (key order as Statuspage's) ----------------------------------------------------------

export function summaryDocument(s: PublicSnapshot): V2Summary {
  const incident = incidentSerializer(s);
  return {
    page: v2Page(s),
    components: v2Components(s),
    incidents: openIncidents(s).map(incident),
    scheduled_maintenances: openMaintenances(s).map(incident),
    status: v2Status(s),
  };
}

export function statusDocument(s: PublicSnapshot): { page: V2Page; status: V2Status } {
  return { page: v2Page(s), status: v2Status(s) };
}

export function componentsDocument(s: PublicSnapshot): { page: V2Page; components: V2Component[] } {
  return { page: v2Page(s), components: v2Components(s) };
}

export function incidentsDocument(s: PublicSnapshot): { page: V2Page; incidents: V2Incident[] } {
  return { page: v2Page(s), incidents: recentIncidents(s).map(incidentSerializer(s)) };
}

export function unresolvedIncidentsDocument(s: PublicSnapshot): { page: V2Page; incidents: V2Incident[] } {
  return { page: v2Page(s), incidents: openIncidents(s).map(incidentSerializer(s)) };
}

export function scheduledMaintenancesDocument(s: PublicSnapshot): { page: V2Page; scheduled_maintenances: V2Incident[] } {
  return { page: v2Page(s), scheduled_maintenances: recentMaintenances(s).map(incidentSerializer(s)) };
}

export function upcomingMaintenancesDocument(s: PublicSnapshot): { page: V2Page; scheduled_maintenances: V2Incident[] } {
  return { page: v2Page(s), scheduled_maintenances: upcomingMaintenances(s).map(incidentSerializer(s)) };
}

export function activeMaintenancesDocument(s: PublicSnapshot): { page: V2Page; scheduled_maintenances: V2Incident[] } {
  return { page: v2Page(s), scheduled_maintenances: [...activeMaintenances(s)].sort(bySchedule).map(incidentSerializer(s)) };
}

/** The eight documents by path. */
export const V2_DOCUMENTS = {
  "/api/v2/summary.json": summaryDocument,
  "/api/v2/status.json": statusDocument,
  "/api/v2/components.json": componentsDocument,
  "/api/v2/incidents.json": incidentsDocument,
  "/api/v2/incidents/unresolved.json": unresolvedIncidentsDocument,
  "/api/v2/scheduled-maintenances.json": scheduledMaintenancesDocument,
  "/api/v2/scheduled-maintenances/upcoming.json": upcomingMaintenancesDocument,
  "/api/v2/scheduled-maintenances/active.json": activeMaintenancesDocument,
} as const satisfies Record<string, (s: PublicSnapshot) => object>;

export type V2Path = keyof typeof V2_DOCUMENTS;

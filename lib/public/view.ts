// Views derived from the public snapshot, shared by the page, /api/v2, feeds and badges. Pure.
import { rollup, rollupFromImpacts, worstStatus, type Rollup } from "@/lib/status/rollup";
import { CLOSED_STATUSES, type ComponentStatus } from "@/lib/vocabulary";
import type { PublicSnapshot, SnapComponent, SnapGroup, SnapIncident } from "@/lib/public/snapshot";

export type GroupView = SnapGroup & { status: ComponentStatus; components: SnapComponent[] };
/** Top-level items in page order: a group with its children, or an ungrouped component. */
export type ItemView = { kind: "group"; group: GroupView } | { kind: "component"; component: SnapComponent };

export function pageStatus(s: PublicSnapshot): Rollup {
  // Groups are containers: the rollup follows the components themselves; a page without
  // components follows its open incidents.
  if (s.components.length > 0) return rollup(s.components.map((c) => c.status));
  return rollupFromImpacts(openIncidents(s).map((i) => i.impact));
}

export function groupViews(s: PublicSnapshot): GroupView[] {
  return s.groups.map((g) => {
    const children = s.components.filter((c) => c.groupId === g.id);
    return { ...g, status: worstStatus(children.map((c) => c.status)), components: children };
  });
}

export function items(s: PublicSnapshot): ItemView[] {
  const out: (ItemView & { position: number; name: string })[] = [
    ...groupViews(s).map((group) => ({ kind: "group" as const, group, position: group.position, name: group.name })),
    ...s.components.filter((c) => !c.groupId).map((component) => ({ kind: "component" as const, component, position: component.position, name: component.name })),
  ];
  out.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return out.map(({ position: _p, name: _n, ...item }) => item as ItemView);
}

export const isOpen = (i: SnapIncident) => !CLOSED_STATUSES.includes(i.status);

/** Unresolved incidents, newest first. */
export function openIncidents(s: PublicSnapshot): SnapIncident[] {
  return s.incidents.filter((i) => i.kind === "incident" && isOpen(i));
}

/** Maintenances under way (in progress or verifying). */
export function activeMaintenances(s: PublicSnapshot): SnapIncident[] {
  return s.incidents.filter((i) => i.kind === "maintenance" && (i.status === "in_progress" || i.status === "verifying"));
}

/** Maintenances scheduled and not started, soonest first. */
export function upcomingMaintenances(s: PublicSnapshot): SnapIncident[] {
  return s.incidents
    .filter((i) => i.kind === "maintenance" && i.status === "scheduled")
    .sort((a, b) => (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0));
}

/** Incidents and maintenances of the last `days` days that are closed, newest first. */
export function pastIncidents(s: PublicSnapshot, days = 14): SnapIncident[] {
  const since = s.builtAt.getTime() - days * 86_400_000;
  return s.incidents.filter((i) => !isOpen(i) && (i.resolvedAt ?? i.createdAt).getTime() >= since);
}

export function incidentById(s: PublicSnapshot, id: string): SnapIncident | undefined {
  return s.incidents.find((i) => i.id === id);
}

export function componentById(s: PublicSnapshot, id: string): SnapComponent | undefined {
  return s.components.find((c) => c.id === id);
}

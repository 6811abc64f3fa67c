// View models of the public pages, computed once per snapshot (memo) from the cached public
// snapshot. Everything here is a function of the snapshot alone (its builtAt is the only "now"),
// so the HTML rendered from it is the same for every visitor.
import { memo } from "@/lib/public/cache";
import type { PublicSnapshot, SnapIncident } from "@/lib/public/snapshot";
import { activeMaintenances, isOpen, items, openIncidents, pageStatus, pastIncidents, upcomingMaintenances, type ItemView } from "@/lib/public/view";
import type { Rollup } from "@/lib/status/rollup";
import { markdownToText, renderMarkdown, truncateText } from "@/lib/markdown/render";
import { computeUptime, formatPercent, type UptimeResult } from "@/lib/uptime/compute";
import {
  INCIDENT_STATUS_LABELS,
  UNCHANGED_STATUS_UPDATE_LABEL,
  type AnyIncidentStatus,
  type ComponentStatus,
  type Impact,
  type IncidentKind,
} from "@/lib/vocabulary";
import { addDays, dayIn, formatDay, formatMonth, validTimeZone } from "@/components/time-format";
import type { UptimeBarDay, UptimeBarsData } from "@/components/uptime-types";

export const PAST_DAYS = 14;
export const HISTORY_MONTHS_PER_PAGE = 3;

export type UpdateView = {
  id: string;
  status: AnyIncidentStatus;
  /** The status's name, or "Update" when the status did not change. */
  label: string;
  displayAt: Date;
  html: string;
  affected: { name: string; newStatus: ComponentStatus }[];
};

export type IncidentView = {
  id: string;
  kind: IncidentKind;
  name: string;
  status: AnyIncidentStatus;
  statusLabel: string;
  impact: Impact;
  open: boolean;
  startedAt: Date;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  componentNames: string[];
  /** Newest first. */
  updates: UpdateView[];
  postmortemHtml: string | null;
  /** The latest update as plain text, shortened (lists, og:description). */
  summary: string;
};

export function pageZone(s: PublicSnapshot): string {
  return memo(s, "zone", () => validTimeZone(s.page.timeZone));
}

export function status(s: PublicSnapshot): Rollup {
  return memo(s, "status", () => pageStatus(s));
}

export function homeTitle(s: PublicSnapshot): string {
  return `${s.page.name} — ${status(s).description}`;
}

export function incidentView(s: PublicSnapshot, incident: SnapIncident): IncidentView {
  return memo(s, `incident:${incident.id}`, () => {
    const names = new Map(s.components.map((c) => [c.id, c.name]));
    const updates: UpdateView[] = incident.updates.map((u, i) => {
      const older = incident.updates[i + 1];
      return {
        id: u.id,
        status: u.status,
        label: older && older.status === u.status ? UNCHANGED_STATUS_UPDATE_LABEL : INCIDENT_STATUS_LABELS[u.status],
        displayAt: u.displayAt,
        html: renderMarkdown(u.body),
        affected: u.affectedComponents.filter((a) => a.oldStatus !== a.newStatus).map((a) => ({ name: a.name, newStatus: a.newStatus })),
      };
    });
    const latest = incident.updates[0];
    return {
      id: incident.id,
      kind: incident.kind,
      name: incident.name,
      status: incident.status,
      statusLabel: INCIDENT_STATUS_LABELS[incident.status],
      impact: incident.impact,
      open: isOpen(incident),
      startedAt: incident.startedAt,
      resolvedAt: incident.resolvedAt,
      scheduledFor: incident.scheduledFor,
      scheduledUntil: incident.scheduledUntil,
      componentNames: incident.componentIds.map((id) => names.get(id)).filter((n): n is string => !!n),
      updates,
      postmortemHtml: incident.postmortem ? renderMarkdown(incident.postmortem.body) : null,
      summary: latest ? truncateText(markdownToText(latest.body), 200) : "",
    };
  });
}

export type HomeView = {
  status: Rollup;
  items: ItemView[];
  open: IncidentView[];
  activeMaintenance: IncidentView[];
  upcomingMaintenance: IncidentView[];
  past: { date: string; label: string; incidents: IncidentView[] }[];
};

/** When an incident "happened", for grouping by day or month: a maintenance's window start, else its start. */
function occurredAt(i: SnapIncident): Date {
  return i.kind === "maintenance" ? (i.scheduledFor ?? i.startedAt) : i.startedAt;
}

export function homeView(s: PublicSnapshot): HomeView {
  return memo(s, "home", () => {
    const zone = pageZone(s);
    const today = dayIn(s.builtAt, zone);
    const days = Array.from({ length: PAST_DAYS }, (_, i) => addDays(today, -i));
    const byDay = new Map<string, IncidentView[]>(days.map((d) => [d, []]));
    // Statuspage lists closed incidents under the day they happened; one that began before the
    // list's first day but ended within it goes under the day it ended.
    for (const i of pastIncidents(s, PAST_DAYS + 1)) {
      const list = byDay.get(dayIn(occurredAt(i), zone)) ?? byDay.get(dayIn(i.resolvedAt ?? i.createdAt, zone));
      list?.push(incidentView(s, i));
    }
    for (const list of byDay.values()) list.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    return {
      status: status(s),
      items: items(s),
      open: openIncidents(s).map((i) => incidentView(s, i)),
      activeMaintenance: activeMaintenances(s).map((i) => incidentView(s, i)),
      upcomingMaintenance: upcomingMaintenances(s).map((i) => incidentView(s, i)),
      past: days.map((date) => ({ date, label: formatDay(date), incidents: byDay.get(date)! })),
    };
  });
}

export type HistoryView = {
  page: number;
  pageCount: number;
  months: { month: string; label: string; incidents: IncidentView[] }[];
};

/** Every incident and maintenance by month (page time zone), newest first, `HISTORY_MONTHS_PER_PAGE` months a page. */
export function historyView(s: PublicSnapshot, requestedPage: number): HistoryView {
  const all = memo(s, "history:months", () => {
    const zone = pageZone(s);
    const byMonth = new Map<string, IncidentView[]>();
    for (const i of s.incidents) {
      const month = dayIn(occurredAt(i), zone).slice(0, 7);
      let list = byMonth.get(month);
      if (!list) byMonth.set(month, (list = []));
      list.push(incidentView(s, i));
    }
    const thisMonth = dayIn(s.builtAt, zone).slice(0, 7);
    const keys = [...byMonth.keys(), thisMonth].sort();
    const months: string[] = [];
    // Every month from the newest (this one, or a later one with maintenance planned) to the oldest.
    for (let m = keys.at(-1)!; m >= keys[0]!; m = previousMonth(m)) months.push(m);
    return months.map((month) => ({
      month,
      label: formatMonth(month),
      incidents: (byMonth.get(month) ?? []).sort((a, b) => occurredTime(b) - occurredTime(a)),
    }));
  });
  const pageCount = Math.max(1, Math.ceil(all.length / HISTORY_MONTHS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), pageCount);
  return { page, pageCount, months: all.slice((page - 1) * HISTORY_MONTHS_PER_PAGE, page * HISTORY_MONTHS_PER_PAGE) };
}

function occurredTime(v: IncidentView): number {
  return (v.kind === "maintenance" ? (v.scheduledFor ?? v.startedAt) : v.startedAt).getTime();
}

function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export function uptime(s: PublicSnapshot): UptimeResult {
  return memo(s, "uptime", () => computeUptime(s));
}

/** What a component's bars need in the browser: compact, zeros left out. */
export function uptimeBars(s: PublicSnapshot, componentId: string): UptimeBarsData | null {
  return memo(s, `uptime-bars:${componentId}`, () => {
    const u = uptime(s).components[componentId];
    if (!u) return null;
    const days: UptimeBarDay[] = u.days.map((d) => {
      const day: UptimeBarDay = { d: d.date, u: d.uptime === null ? null : Math.round(d.uptime * 10_000) / 10_000 };
      if (d.majorMinutes) day.maj = d.majorMinutes;
      if (d.partialMinutes) day.par = d.partialMinutes;
      if (d.degradedMinutes) day.deg = d.degradedMinutes;
      if (d.maintenanceMinutes) day.mnt = d.maintenanceMinutes;
      if (d.incidents.length) day.inc = d.incidents.map((i) => [i.id, i.name]);
      return day;
    });
    return { days, percent: formatPercent(u.percent) };
  });
}

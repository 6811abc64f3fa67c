// 90-day uptime per component and per group, from the public snapshot's status changes
// (docs/formats.md, "Uptime"). Pure: the page memoises it per snapshot.
//
// Rules:
// - Days are UTC days: the last `days` (90) of them, today included. Today counts up to the
//   snapshot's `builtAt` only.
// - A day's uptime = 1 − (major-outage time + 30 % of partial-outage time) / observed time.
//   Degraded performance and maintenance count as up.
// - A day before the component's start date (or, without one, before its creation) has no data;
//   the day it starts is observed from that moment (a start date starts at 00:00 UTC).
// - The period's percentage weighs every observed minute alike, over the days with data.
// - A group's uptime, per day and for the period, is the mean of its children that have data.
// - A day's related incidents: incidents and maintenances with an update that touched the
//   component that day, and incidents listing the component that were open during that day.
import { CLOSED_STATUSES, type ComponentStatus } from "@/lib/vocabulary";
import type { SnapComponent, SnapGroup, SnapIncident, SnapStatusChange } from "@/lib/public/snapshot";

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Share of a partial outage that counts as down time. */
export const PARTIAL_OUTAGE_WEIGHT = 0.3;

export type UptimeInput = {
  builtAt: Date;
  components: readonly Pick<SnapComponent, "id" | "groupId" | "status" | "startDate" | "createdAt" | "updatedAt">[];
  groups: readonly Pick<SnapGroup, "id">[];
  incidents: readonly Pick<SnapIncident, "id" | "kind" | "name" | "status" | "startedAt" | "resolvedAt" | "updatedAt" | "componentIds" | "updates">[];
  statusChanges: readonly SnapStatusChange[];
};

export type RelatedIncident = { id: string; name: string };

export type UptimeDay = {
  /** "YYYY-MM-DD", UTC. */
  date: string;
  /** Percent (0–100), or null when the day has no data. */
  uptime: number | null;
  /** Minutes observed (1440 for a full day; less for today and the first day). */
  observedMinutes: number;
  /** Minutes spent in each non-operational status (rounded). */
  majorMinutes: number;
  partialMinutes: number;
  degradedMinutes: number;
  maintenanceMinutes: number;
  /** Major + partial outage minutes. */
  outageMinutes: number;
  incidents: RelatedIncident[];
};

export type ComponentUptime = { componentId: string; days: UptimeDay[]; percent: number | null };
export type GroupUptime = { groupId: string; days: { date: string; uptime: number | null }[]; percent: number | null };

export type UptimeResult = {
  /** The days covered, oldest first ("YYYY-MM-DD"). */
  dates: string[];
  components: Record<string, ComponentUptime>;
  groups: Record<string, GroupUptime>;
};

type Segment = { from: number; to: number; status: ComponentStatus };

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

/** The component's status over time up to `end`: a list of segments from -∞ (as 0). */
export function statusTimeline(
  component: UptimeInput["components"][number],
  changes: readonly SnapStatusChange[],
  end: number,
): Segment[] {
  const own = changes.filter((c) => c.componentId === component.id).sort((a, b) => a.at.getTime() - b.at.getTime());
  const points: { at: number; status: ComponentStatus }[] = own.map((c) => ({ at: c.at.getTime(), status: c.newStatus }));
  // Before the first recorded change: what it changed from (a creation record has none: operational).
  const initial: ComponentStatus = own[0]?.oldStatus ?? "operational";
  const last = points.at(-1)?.status ?? initial;
  if (last !== component.status) {
    // The row says otherwise than the log: it changed at the row's last update at the latest.
    points.push({ at: Math.max(component.updatedAt.getTime(), points.at(-1)?.at ?? 0), status: component.status });
  }
  const segments: Segment[] = [];
  let from = 0;
  let status = initial;
  for (const p of points) {
    const at = Math.min(p.at, end);
    if (at > from) segments.push({ from, to: at, status });
    from = Math.max(from, at);
    status = p.status;
  }
  if (end > from) segments.push({ from, to: end, status });
  return segments;
}

function dataStart(component: UptimeInput["components"][number]): number {
  return component.startDate ? dayStart(component.startDate) : component.createdAt.getTime();
}

export function computeUptime(input: UptimeInput, days = 90): UptimeResult {
  const end = input.builtAt.getTime();
  const today = dayStart(utcDay(end));
  const dates: string[] = [];
  for (let i = days - 1; i >= 0; i--) dates.push(utcDay(today - i * DAY_MS));
  const first = dayStart(dates[0]!);
  const indexOf = new Map(dates.map((d, i) => [d, i]));

  // Related incidents per component per day, in one pass over the incidents.
  const related = new Map<string, Map<number, Map<string, RelatedIncident & { at: number }>>>();
  const relate = (componentId: string, dayIndex: number, incident: UptimeInput["incidents"][number]) => {
    let byDay = related.get(componentId);
    if (!byDay) related.set(componentId, (byDay = new Map()));
    let list = byDay.get(dayIndex);
    if (!list) byDay.set(dayIndex, (list = new Map()));
    if (!list.has(incident.id)) list.set(incident.id, { id: incident.id, name: incident.name, at: incident.startedAt.getTime() });
  };
  for (const incident of input.incidents) {
    for (const u of incident.updates) {
      const i = indexOf.get(utcDay(u.displayAt.getTime()));
      if (i === undefined) continue;
      for (const a of u.affectedComponents) relate(a.componentId, i, incident);
    }
    if (incident.kind === "incident") {
      const open = !CLOSED_STATUSES.includes(incident.status);
      const from = Math.max(incident.startedAt.getTime(), first);
      const to = Math.min(incident.resolvedAt?.getTime() ?? (open ? end : incident.updatedAt.getTime()), end);
      if (to < from) continue;
      for (let t = dayStart(utcDay(from)); t <= to; t += DAY_MS) {
        const i = indexOf.get(utcDay(t));
        if (i === undefined) continue;
        for (const componentId of incident.componentIds) relate(componentId, i, incident);
      }
    }
  }

  const components: Record<string, ComponentUptime> = {};
  for (const c of input.components) {
    const segments = statusTimeline(c, input.statusChanges, end);
    const start = dataStart(c);
    let observedTotal = 0;
    let downTotal = 0;
    const out: UptimeDay[] = dates.map((date, i) => {
      const d0 = dayStart(date);
      const from = Math.max(d0, start);
      const to = Math.min(d0 + DAY_MS, end);
      const incidents = [...(related.get(c.id)?.get(i)?.values() ?? [])].sort((a, b) => a.at - b.at).map(({ id, name }) => ({ id, name }));
      if (to <= from) {
        return { date, uptime: null, observedMinutes: 0, majorMinutes: 0, partialMinutes: 0, degradedMinutes: 0, maintenanceMinutes: 0, outageMinutes: 0, incidents };
      }
      const ms: Record<ComponentStatus, number> = { operational: 0, degraded_performance: 0, partial_outage: 0, major_outage: 0, under_maintenance: 0 };
      for (const s of segments) {
        const overlap = Math.min(s.to, to) - Math.max(s.from, from);
        if (overlap > 0) ms[s.status] += overlap;
      }
      const observed = to - from;
      const down = ms.major_outage + PARTIAL_OUTAGE_WEIGHT * ms.partial_outage;
      observedTotal += observed;
      downTotal += down;
      const minutes = (x: number) => Math.round(x / MINUTE_MS);
      return {
        date,
        uptime: 100 * (1 - down / observed),
        observedMinutes: minutes(observed),
        majorMinutes: minutes(ms.major_outage),
        partialMinutes: minutes(ms.partial_outage),
        degradedMinutes: minutes(ms.degraded_performance),
        maintenanceMinutes: minutes(ms.under_maintenance),
        outageMinutes: minutes(ms.major_outage + ms.partial_outage),
        incidents,
      };
    });
    components[c.id] = { componentId: c.id, days: out, percent: observedTotal > 0 ? 100 * (1 - downTotal / observedTotal) : null };
  }

  const groups: Record<string, GroupUptime> = {};
  for (const g of input.groups) {
    const children = input.components.filter((c) => c.groupId === g.id).map((c) => components[c.id]!);
    groups[g.id] = {
      groupId: g.id,
      days: dates.map((date, i) => ({ date, uptime: mean(children.map((c) => c.days[i]!.uptime)) })),
      percent: mean(children.map((c) => c.percent)),
    };
  }
  return { dates, components, groups };
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

export { formatPercent } from "@/lib/uptime/format";

// Read-only: what the dashboard's audit log page shows — a page of the log (lib/audit/list.ts) with
// each target's name and admin page, the choices of its filters, and the page's time zone (times
// are shown, and typed into the filter, in that zone).
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { auditTargetTypes, listAuditLog, type AuditEntry, type AuditPage, type ListAuditInput } from "@/lib/audit/list";
import { db } from "@/lib/db/prisma";

export type AuditTarget = { type: string; id: string | null; name: string | null; href: string | null };
export type AuditRow = Omit<AuditEntry, "target"> & { target: AuditTarget | null };

export type AuditView = Omit<AuditPage, "entries"> & {
  rows: AuditRow[];
  timeZone: string;
  operators: { id: string; email: string }[];
  targetTypes: string[];
};

/** The admin page of a target, where there is one. A maintenance is an incident row: its actions say which. */
export function targetHref(type: string, id: string | null, action: string): string | null {
  const at = (path: string) => (id ? `${path}/${encodeURIComponent(id)}` : path);
  switch (type) {
    case "incident":
      return at(action.startsWith("maintenance.") ? "/admin/maintenance" : "/admin/incidents");
    case "maintenance":
      return at("/admin/maintenance");
    case "component":
    case "component_group":
    case "group":
      return "/admin/components";
    case "metric":
      return id ? `/admin/metrics#metric-${encodeURIComponent(id)}` : "/admin/metrics";
    case "subscriber":
    case "subscriber_import":
      return "/admin/subscribers";
    case "template":
    case "incident_template":
      return "/admin/templates";
    case "settings":
    case "page_settings":
    case "demo":
      return "/admin/settings";
    case "operator":
      return "/admin/operators";
    case "api_key":
      return "/admin/api-keys";
    default:
      return null;
  }
}

/** Names of the targets on a page (those that still exist), by "type:id". */
async function targetNames(entries: AuditEntry[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(entries.filter((e) => e.target?.type === type && e.target.id).map((e) => e.target!.id!))];
  const client = db();
  const [incidents, components, metrics, keys, operators] = await Promise.all([
    ids("incident").length ? client.incident.findMany({ where: { id: { in: ids("incident") } }, select: { id: true, name: true } }) : [],
    ids("component").length ? client.component.findMany({ where: { id: { in: ids("component") } }, select: { id: true, name: true } }) : [],
    ids("metric").length ? client.metric.findMany({ where: { id: { in: ids("metric") } }, select: { id: true, name: true } }) : [],
    ids("api_key").length ? client.apiKey.findMany({ where: { id: { in: ids("api_key") } }, select: { id: true, name: true } }) : [],
    ids("operator").length ? client.operator.findMany({ where: { id: { in: ids("operator") } }, select: { id: true, email: true } }) : [],
  ]);
  const out = new Map<string, string>();
  for (const [type, list] of [
    ["incident", incidents],
    ["component", components],
    ["metric", metrics],
    ["api_key", keys],
  ] as const) {
    for (const x of list) out.set(`${type}:${x.id}`, x.name);
  }
  for (const o of operators) out.set(`operator:${o.id}`, o.email);
  return out;
}

export async function loadAuditView({ actor, input }: { actor: Actor; input: ListAuditInput }): Promise<AuditView> {
  requirePermission(actor, "audit.read");
  const [page, settings, operators, targetTypes] = await Promise.all([
    listAuditLog({ actor, input }),
    db().pageSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } }),
    db().operator.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true } }),
    auditTargetTypes({ actor }),
  ]);
  const names = await targetNames(page.entries);
  const rows = page.entries.map(({ target, ...e }) => ({
    ...e,
    target: target
      ? { ...target, name: target.id ? (names.get(`${target.type}:${target.id}`) ?? null) : null, href: targetHref(target.type, target.id, e.action) }
      : null,
  }));
  return { rows, newer: page.newer, older: page.older, timeZone: validTimeZone(settings?.timeZone), operators, targetTypes };
}

/** The page's time zone (for reading the filter before the log is listed). */
export async function pageTimeZone(): Promise<string> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } });
  return validTimeZone(settings?.timeZone);
}

/** A time zone the runtime knows, else UTC (a page saved with a zone this Node lacks still lists its log). */
function validTimeZone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

const parts = new Map<string, Intl.DateTimeFormat>();
/** How far a zone's wall clock is ahead of UTC at a moment (ms). */
function zoneOffset(ms: number, timeZone: string): number {
  let f = parts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    parts.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall-clock time as a datetime-local field gives it ("2026-12-07T14:30") in a time zone → the
 * moment, or null when it is not one. In a gap (clocks going forward) it lands after the gap.
 */
export function zonedLocalToDate(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  // The offset at the guess, then at the corrected guess: right on both sides of a change.
  let guess = wall - zoneOffset(wall, timeZone);
  guess = wall - zoneOffset(guess, timeZone);
  return new Date(guess);
}

/** A moment as a datetime-local value in a time zone ("2026-12-07T14:30"). */
export function dateToZonedLocal(date: Date, timeZone: string): string {
  return new Date(date.getTime() + zoneOffset(date.getTime(), timeZone)).toISOString().slice(0, 16);
}

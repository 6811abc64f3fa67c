// Read-only: what the dashboard's subscribers page shows (counts by state and channel, the
// filtered list, the components to filter by and subscribe to), and the list's filters as they
// come from a URL (the page and the CSV export read the same query string).
import { type Actor, can, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { listSubscribers, type SubscriberFilter, type SubscriberList } from "@/lib/subscribers/list";
import { SUBSCRIBER_CHANNELS, SUBSCRIBER_STATES, type SubscriberChannel, type SubscriberState } from "@/lib/vocabulary";

export type SubscriberCounts = {
  /** cells[state][channel]: how many subscribers are in that state on that channel. */
  cells: Record<SubscriberState, Record<SubscriberChannel, number>>;
  byState: Record<SubscriberState, number>;
  byChannel: Record<SubscriberChannel, number>;
  total: number;
};

/** A component as the forms offer it: its group's name, if any, to tell "API" of two groups apart. */
export type SubscribableComponent = { id: string; name: string; groupName: string | null };

export type SubscribersPage = {
  counts: SubscriberCounts;
  list: SubscriberList;
  components: SubscribableComponent[];
  /** Whether the operator may add, remove, import and export (subscriber.write). */
  canWrite: boolean;
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function param(params: Params, name: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === null || one === undefined ? undefined : one;
}

/**
 * The list's filters from a query string (q, channel, state, component, page). A value that is
 * not one of the choices (a hand-edited link) is no filter, rather than an error page.
 */
export function readSubscriberFilter(params: Params): SubscriberFilter & { page: number } {
  // PostgreSQL cannot compare text holding NUL: such a character is dropped, not sent.
  const q = param(params, "q")?.replaceAll("\0", "").trim().slice(0, 320);
  const channel = param(params, "channel");
  const state = param(params, "state");
  const component = param(params, "component")?.replaceAll("\0", "").trim();
  const page = Number.parseInt(param(params, "page") ?? "1", 10);
  return {
    q: q || undefined,
    channel: (SUBSCRIBER_CHANNELS as readonly string[]).includes(channel ?? "") ? (channel as SubscriberChannel) : undefined,
    state: (SUBSCRIBER_STATES as readonly string[]).includes(state ?? "") ? (state as SubscriberState) : undefined,
    componentId: component && component.length <= 100 ? component : undefined,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query string of a filter (and page), for links that keep it: "" when there is none. */
export function subscriberFilterQuery(filter: SubscriberFilter & { page?: number }): string {
  const p = new URLSearchParams();
  if (filter.q) p.set("q", filter.q);
  if (filter.channel) p.set("channel", filter.channel);
  if (filter.state) p.set("state", filter.state);
  if (filter.componentId) p.set("component", filter.componentId);
  if (filter.page && filter.page > 1) p.set("page", String(filter.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

export async function loadSubscriberCounts({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<SubscriberCounts> {
  requirePermission(actor, "subscriber.read");
  const rows = await db().subscriber.groupBy({ by: ["state", "channel"], _count: { _all: true } });
  const zeroByChannel = () => Object.fromEntries(SUBSCRIBER_CHANNELS.map((c) => [c, 0])) as Record<SubscriberChannel, number>;
  const cells = Object.fromEntries(SUBSCRIBER_STATES.map((s) => [s, zeroByChannel()])) as SubscriberCounts["cells"];
  const byState = Object.fromEntries(SUBSCRIBER_STATES.map((s) => [s, 0])) as Record<SubscriberState, number>;
  const byChannel = zeroByChannel();
  let total = 0;
  for (const r of rows) {
    const channel = r.channel as SubscriberChannel;
    if (!(SUBSCRIBER_CHANNELS as readonly string[]).includes(channel)) continue;
    const n = r._count._all;
    cells[r.state][channel] += n;
    byState[r.state] += n;
    byChannel[channel] += n;
    total += n;
  }
  return { cells, byState, byChannel, total };
}

export async function listSubscribableComponents({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<SubscribableComponent[]> {
  requirePermission(actor, "subscriber.read");
  const rows = await db().component.findMany({
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, position: true, group: { select: { name: true, position: true } } },
  });
  // Page order: a group's components where the group stands, ungrouped ones where they stand.
  return rows
    .map((c) => ({ c, key: c.group ? [c.group.position, c.position] : [c.position, -1] }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]!)
    .map(({ c }) => ({ id: c.id, name: c.name, groupName: c.group?.name ?? null }));
}

export async function loadSubscribersPage({ actor, input }: { actor: Actor; input: SubscriberFilter & { page: number } }): Promise<SubscribersPage> {
  const [counts, list, components] = await Promise.all([
    loadSubscriberCounts({ actor }),
    listSubscribers({ actor, input }),
    listSubscribableComponents({ actor }),
  ]);
  return { counts, list, components, canWrite: can(actor, "subscriber.write") };
}

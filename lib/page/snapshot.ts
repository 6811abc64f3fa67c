// The public page's read model: everything a visitor sees, read in one go.
// (The issue on the public page turns this into a cached snapshot invalidated on every write.)
import { db } from "@/lib/db/prisma";
import { CLOSED_STATUSES, type AnyIncidentStatus, type ComponentStatus, type Impact } from "@/lib/vocabulary";
import { rollup, worstStatus, type Rollup } from "@/lib/status/rollup";

export type PublicComponent = {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
};

export type PublicGroup = {
  id: string;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  components: PublicComponent[];
};

/** Top-level items in page order: a group (with its children) or an ungrouped component. */
export type PublicItem = { kind: "group"; group: PublicGroup } | { kind: "component"; component: PublicComponent };

export type PublicIncident = {
  id: string;
  kind: "incident" | "maintenance";
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  createdAt: Date;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  updates: { id: string; status: AnyIncidentStatus; body: string; displayAt: Date }[];
  componentNames: string[];
};

export type PageSnapshot = {
  page: { id: string; name: string; url: string; timeZone: string; logoUrl: string | null; brandColor: string; updatedAt: Date };
  status: Rollup;
  items: PublicItem[];
  activeIncidents: PublicIncident[];
  recentIncidents: PublicIncident[];
};

export async function loadPageSnapshot(): Promise<PageSnapshot> {
  const client = db();
  const [settings, groups, components, open, recent] = await Promise.all([
    client.pageSettings.findUnique({ where: { id: 1 } }),
    client.componentGroup.findMany({ orderBy: { position: "asc" } }),
    client.component.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] }),
    client.incident.findMany({
      where: { status: { notIn: [...CLOSED_STATUSES] } },
      orderBy: { createdAt: "desc" },
      include: { updates: { orderBy: { displayAt: "desc" } }, components: { include: { component: { select: { name: true } } } } },
    }),
    client.incident.findMany({
      where: { status: { in: [...CLOSED_STATUSES] }, createdAt: { gte: new Date(Date.now() - 14 * 86_400_000) } },
      orderBy: { createdAt: "desc" },
      take: 50,
      include: { updates: { orderBy: { displayAt: "desc" } }, components: { include: { component: { select: { name: true } } } } },
    }),
  ]);

  const toComponent = (c: (typeof components)[number]): PublicComponent => ({
    id: c.id,
    name: c.name,
    description: c.description,
    status: c.status,
    position: c.position,
    showcase: c.showcase,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
  });
  const items: (PublicItem & { position: number })[] = [];
  for (const g of groups) {
    const children = components.filter((c) => c.groupId === g.id).map(toComponent);
    items.push({
      kind: "group",
      position: g.position,
      group: { id: g.id, name: g.name, description: g.description, position: g.position, status: worstStatus(children.map((c) => c.status)), components: children },
    });
  }
  for (const c of components.filter((c) => !c.groupId)) items.push({ kind: "component", position: c.position, component: toComponent(c) });
  items.sort((a, b) => a.position - b.position);

  const toIncident = (i: (typeof open)[number]): PublicIncident => ({
    id: i.id,
    kind: i.kind,
    name: i.name,
    status: i.status,
    impact: i.impact,
    createdAt: i.createdAt,
    resolvedAt: i.resolvedAt,
    scheduledFor: i.scheduledFor,
    scheduledUntil: i.scheduledUntil,
    updates: i.updates.map((u) => ({ id: u.id, status: u.status, body: u.body, displayAt: u.displayAt })),
    componentNames: i.components.map((c) => c.component.name),
  });

  const s = settings ?? { pageId: "", name: "Herald", url: "", timeZone: "Etc/UTC", logoUrl: null, brandColor: "#2563eb", updatedAt: new Date(0) };
  return {
    page: { id: s.pageId, name: s.name, url: s.url, timeZone: s.timeZone, logoUrl: s.logoUrl, brandColor: s.brandColor, updatedAt: s.updatedAt },
    status: rollup(components.map((c) => c.status)),
    items: items.map(({ position: _p, ...item }) => item as PublicItem),
    activeIncidents: open.map(toIncident),
    recentIncidents: recent.map(toIncident),
  };
}

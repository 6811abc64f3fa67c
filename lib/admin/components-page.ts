// Read-only: the dashboard's components page and the CLI's `component list`. Every group with its
// components and every ungrouped component, in page order, with what each one's deletion would do.
import { type Actor, can, PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { deletionBlocker, describeComponentDeletion, type ComponentDeletionImpact } from "@/lib/components/delete";
import { isoDay } from "@/lib/components/fields";
import { CLOSED_STATUSES, type ComponentStatus, type IncidentKind } from "@/lib/vocabulary";

export type PageComponent = {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  groupId: string | null;
  position: number;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  /** YYYY-MM-DD */
  startDate: string | null;
  /** What deleting it would do (lib/components/delete.ts): refused with a reason, or a sentence to confirm. */
  deletion: { blocker: string | null; consequences: string; openIncidents: { id: string; name: string; kind: IncidentKind }[] };
};

export type PageGroup = { id: string; name: string; description: string | null; position: number; components: PageComponent[] };

/** A top-level item: a group with its components, or an ungrouped component. */
export type PageItem = { type: "group"; group: PageGroup } | { type: "component"; component: PageComponent };

export type ComponentsPage = {
  items: PageItem[];
  groups: { id: string; name: string }[];
  /** Whether the actor may change the structure (create, edit, reorder, delete). */
  canManage: boolean;
  /** Whether the actor may set a component's status. */
  canSetStatus: boolean;
};

export async function loadComponentsPage({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<ComponentsPage> {
  const canManage = can(actor, "component.manage");
  const canSetStatus = can(actor, "component.write");
  if (!canManage && !canSetStatus) throw new PermissionError("component.write");
  const client = db();
  const [groups, components, changes, subscribers, templates] = await Promise.all([
    client.componentGroup.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] }),
    client.component.findMany({
      orderBy: [{ position: "asc" }, { name: "asc" }],
      include: { incidents: { select: { incident: { select: { id: true, name: true, kind: true, status: true } } } } },
    }),
    client.componentStatusChange.groupBy({ by: ["componentId"], _count: { _all: true } }),
    // Per component, the live subscribers who chose it among others, and those who chose it alone.
    client.$queryRaw<{ component_id: string; kept: bigint; alone: bigint }[]>`
      SELECT sc.component_id,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subscriber_component o WHERE o.subscriber_id = s.id AND o.component_id <> sc.component_id)) AS kept,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM subscriber_component o WHERE o.subscriber_id = s.id AND o.component_id <> sc.component_id)) AS alone
      FROM subscriber_component sc JOIN subscriber s ON s.id = sc.subscriber_id
      WHERE s.state <> 'unsubscribed'
      GROUP BY sc.component_id`,
    client.$queryRaw<{ component_id: string; n: bigint }[]>`
      SELECT e->>'componentId' AS component_id, count(DISTINCT t.id) AS n
      FROM incident_template t CROSS JOIN LATERAL jsonb_array_elements(t.components) e
      GROUP BY 1`,
  ]);
  const changeCount = new Map(changes.map((c) => [c.componentId, c._count._all]));
  const subscriberCount = new Map(subscribers.map((r) => [r.component_id, { kept: Number(r.kept), alone: Number(r.alone) }]));
  const templateCount = new Map(templates.map((r) => [r.component_id, Number(r.n)]));
  const deletion = (c: (typeof components)[number]): PageComponent["deletion"] => {
    const linked = c.incidents.map((l) => l.incident);
    const open = linked.filter((i) => !CLOSED_STATUSES.includes(i.status)).map(({ id, name, kind }) => ({ id, name, kind }));
    const impact: ComponentDeletionImpact = {
      component: { id: c.id, name: c.name },
      openIncidents: open,
      statusChanges: changeCount.get(c.id) ?? 0,
      pastIncidents: linked.length - open.length,
      subscribersKept: subscriberCount.get(c.id)?.kept ?? 0,
      subscribersUnsubscribed: subscriberCount.get(c.id)?.alone ?? 0,
      templates: templateCount.get(c.id) ?? 0,
    };
    return { blocker: deletionBlocker(impact), consequences: describeComponentDeletion(impact), openIncidents: open };
  };
  const view = (c: (typeof components)[number]): PageComponent => ({
    id: c.id,
    name: c.name,
    description: c.description,
    status: c.status,
    groupId: c.groupId,
    position: c.position,
    showcase: c.showcase,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
    startDate: isoDay(c.startDate),
    deletion: deletion(c),
  });

  // Ordered as the public page orders them (lib/public/view.ts): position, then name.
  const items: (PageItem & { position: number; name: string })[] = [
    ...groups.map((g) => ({
      type: "group" as const,
      position: g.position,
      name: g.name,
      group: { id: g.id, name: g.name, description: g.description, position: g.position, components: components.filter((c) => c.groupId === g.id).map(view) },
    })),
    ...components.filter((c) => !c.groupId).map((c) => ({ type: "component" as const, position: c.position, name: c.name, component: view(c) })),
  ];
  items.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return {
    items: items.map(({ position: _p, name: _n, ...item }) => item as PageItem),
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    canManage,
    canSetStatus,
  };
}

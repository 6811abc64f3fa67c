// Read-only: every component in page order, grouped, for the dashboard's incident form.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import type { ComponentStatus } from "@/lib/vocabulary";

export type FormComponent = { id: string; name: string; status: ComponentStatus };
/** A top-level item: a group with its components, or one ungrouped component (group null). */
export type FormComponentSection = { group: { id: string; name: string } | null; components: FormComponent[] };

export async function listComponentsForIncidentForm({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<FormComponentSection[]> {
  requirePermission(actor, "incident.write");
  const client = db();
  const [groups, components] = await Promise.all([
    client.componentGroup.findMany({ orderBy: { position: "asc" }, select: { id: true, name: true, position: true } }),
    client.component.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, status: true, groupId: true, position: true } }),
  ]);
  const sections: (FormComponentSection & { position: number })[] = [];
  for (const g of groups) {
    const children = components.filter((c) => c.groupId === g.id).map(({ id, name, status }) => ({ id, name, status }));
    if (children.length) sections.push({ position: g.position, group: { id: g.id, name: g.name }, components: children });
  }
  for (const c of components.filter((c) => !c.groupId)) {
    sections.push({ position: c.position, group: null, components: [{ id: c.id, name: c.name, status: c.status }] });
  }
  sections.sort((a, b) => a.position - b.position);
  return sections.map(({ position: _p, ...s }) => s);
}

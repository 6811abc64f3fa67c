// Read-only: incident templates for the dashboard (the templates pages, and "Start from a
// template" on the new incident page). A template's components are kept as JSON ids: a component
// deleted since is left out here, so a form never offers one that no longer exists.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError, parseOrNotFound } from "@/lib/errors";
import { hasNul, recordId } from "@/lib/text";
import { CHANNELS, COMPONENT_STATUSES, INCIDENT_STATUSES, type Channel, type ComponentStatus, type IncidentStatus } from "@/lib/vocabulary";

export type TemplateComponent = { componentId: string; status: ComponentStatus };

export type TemplateView = {
  id: string;
  name: string;
  title: string;
  body: string;
  status: IncidentStatus;
  components: TemplateComponent[];
  channels: Channel[];
  updatedAt: Date;
};

export type TemplateListItem = TemplateView & { componentNames: string[] };

/** The stored JSON, read defensively: only well-formed entries of components that exist. */
function readComponents(json: unknown, existing: ReadonlySet<string>): TemplateComponent[] {
  if (!Array.isArray(json)) return [];
  const out: TemplateComponent[] = [];
  for (const entry of json) {
    const e = entry as { componentId?: unknown; status?: unknown } | null;
    if (!e || typeof e.componentId !== "string" || typeof e.status !== "string") continue;
    if (!existing.has(e.componentId) || !(COMPONENT_STATUSES as readonly string[]).includes(e.status)) continue;
    if (out.some((c) => c.componentId === e.componentId)) continue;
    out.push({ componentId: e.componentId, status: e.status as ComponentStatus });
  }
  return out;
}

type Row = { id: string; name: string; title: string; body: string; status: string; components: unknown; channels: string[]; updatedAt: Date };

function view(row: Row, existing: ReadonlySet<string>): TemplateView {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    body: row.body,
    status: ((INCIDENT_STATUSES as readonly string[]).includes(row.status) ? row.status : "investigating") as IncidentStatus,
    components: readComponents(row.components, existing),
    channels: CHANNELS.filter((c) => row.channels.includes(c)),
    updatedAt: row.updatedAt,
  };
}

async function componentNames(): Promise<Map<string, string>> {
  const rows = await db().component.findMany({ select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every template, by name. */
export async function listTemplates({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<TemplateListItem[]> {
  requirePermission(actor, "template.write");
  const [rows, names] = await Promise.all([db().incidentTemplate.findMany({ orderBy: { name: "asc" } }), componentNames()]);
  const existing = new Set(names.keys());
  return rows.map((r) => {
    const v = view(r, existing);
    return { ...v, componentNames: v.components.map((c) => names.get(c.componentId)!) };
  });
}

const ById = z.object({ templateId: recordId("No such template") });

/** A template id from a URL: one PostgreSQL cannot even compare (a NUL) names no template. */
const NO_SUCH = (id: string) => new NotFoundError(`No template with id ${id.replace(/\u0000/g, "")}`);

/** One template, to edit it. */
export async function loadTemplate({ actor, input }: { actor: Actor; input: z.input<typeof ById> }): Promise<TemplateView> {
  requirePermission(actor, "template.write");
  const { templateId } = parseOrNotFound(ById, input, "No template with this id");
  if (hasNul(templateId)) throw NO_SUCH(templateId);
  const [row, names] = await Promise.all([db().incidentTemplate.findUnique({ where: { id: templateId } }), componentNames()]);
  if (!row) throw NO_SUCH(templateId);
  return view(row, new Set(names.keys()));
}

/** The templates to start an incident from: whoever may post incidents may use them. */
export async function templatesForIncidentForm({ actor }: { actor: Actor; input?: Record<string, never> }): Promise<TemplateView[]> {
  requirePermission(actor, "incident.write");
  const [rows, names] = await Promise.all([db().incidentTemplate.findMany({ orderBy: { name: "asc" } }), componentNames()]);
  const existing = new Set(names.keys());
  return rows.map((r) => view(r, existing));
}

// Remove a component from the page. Refused while an open incident or a maintenance not yet
// completed names it: the incident would lose what it is about (resolve it first). Otherwise the
// component goes with its status history, its links to past incidents and its pending
// component-change notices (all cascade); metrics tied to it stay, untied.
//
// Subscribers who chose components keep the others. One who chose this component alone would
// otherwise be left with no choice, which means "everything" (lib/notify/fanout.ts): rather than
// start sending them news they never asked for, they are unsubscribed. Templates forget it.
// The impact is computed by one function, so the dashboard and the CLI confirm exactly what the
// use case will do.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { componentAudit } from "@/lib/components/fields";
import { compactLevel, lockStructure } from "@/lib/components/levels";
import { CLOSED_STATUSES, INCIDENT_KIND_LABELS, type IncidentKind } from "@/lib/vocabulary";
import { recordId } from "@/lib/text";

export const DeleteComponentInput = z.object({ componentId: recordId("Unknown component", "Say which component") });
export type DeleteComponentInput = z.input<typeof DeleteComponentInput>;

export type ComponentDeletionImpact = {
  component: { id: string; name: string };
  /** Open incidents and maintenance not completed that name it: each one blocks the deletion. */
  openIncidents: { id: string; name: string; kind: IncidentKind }[];
  /** Its status history rows (the uptime bars' source). */
  statusChanges: number;
  /** Past incidents and maintenance that name it (they stay, without it). */
  pastIncidents: number;
  /** Subscribers (not unsubscribed) who chose it among others. */
  subscribersKept: number;
  /** Subscribers (not unsubscribed) who chose it alone: they are unsubscribed. */
  subscribersUnsubscribed: number;
  /** Incident templates that list it. */
  templates: number;
};

type Reader = Pick<Tx, "component" | "incidentComponent" | "componentStatusChange" | "$queryRaw">;

export async function componentDeletionImpact(componentId: string, client: Reader = db()): Promise<ComponentDeletionImpact> {
  const component = await client.component.findUnique({ where: { id: componentId }, select: { id: true, name: true } });
  if (!component) throw new NotFoundError(`Unknown component: ${componentId}`);
  const [links, statusChanges, subscribers, templates] = await Promise.all([
    client.incidentComponent.findMany({
      where: { componentId },
      select: { incident: { select: { id: true, name: true, kind: true, status: true, createdAt: true } } },
      orderBy: { incident: { createdAt: "asc" } },
    }),
    client.componentStatusChange.count({ where: { componentId } }),
    client.$queryRaw<{ alone: boolean }[]>`
      SELECT NOT EXISTS (SELECT 1 FROM subscriber_component o WHERE o.subscriber_id = s.id AND o.component_id <> ${componentId}) AS alone
      FROM subscriber s JOIN subscriber_component sc ON sc.subscriber_id = s.id AND sc.component_id = ${componentId}
      WHERE s.state <> 'unsubscribed'`,
    client.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM incident_template t
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(t.components) e WHERE e->>'componentId' = ${componentId})`,
  ]);
  const open = links.map((l) => l.incident).filter((i) => !CLOSED_STATUSES.includes(i.status));
  return {
    component,
    openIncidents: open.map(({ id, name, kind }) => ({ id, name, kind })),
    statusChanges,
    pastIncidents: links.length - open.length,
    subscribersKept: subscribers.filter((s) => !s.alone).length,
    subscribersUnsubscribed: subscribers.filter((s) => s.alone).length,
    templates: Number(templates[0]?.n ?? 0),
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Why the deletion is refused, or null when it may go ahead. */
export function deletionBlocker(impact: ComponentDeletionImpact): string | null {
  if (!impact.openIncidents.length) return null;
  const named = impact.openIncidents.map((i) => `${INCIDENT_KIND_LABELS[i.kind].toLowerCase()} "${i.name}" (${i.id})`).join(", ");
  return `"${impact.component.name}" cannot be deleted while the open ${named} names it: resolve or complete it first`;
}

/** What deleting it removes and changes, in one sentence for a confirmation. */
export function describeComponentDeletion(impact: ComponentDeletionImpact): string {
  const parts = [`its status history (${plural(impact.statusChanges, "change")})`];
  if (impact.pastIncidents) parts.push(`its place in ${plural(impact.pastIncidents, "past incident")}`);
  let text = `Deleting "${impact.component.name}" removes ${parts.join(" and ")}.`;
  if (impact.subscribersKept) text += ` ${plural(impact.subscribersKept, "subscriber")} who chose it among others keep${impact.subscribersKept === 1 ? "s" : ""} the others.`;
  if (impact.subscribersUnsubscribed) {
    text += ` ${plural(impact.subscribersUnsubscribed, "subscriber")} who chose only it ${impact.subscribersUnsubscribed === 1 ? "is" : "are"} unsubscribed.`;
  }
  if (impact.templates) text += ` ${plural(impact.templates, "incident template")} stop${impact.templates === 1 ? "s" : ""} listing it.`;
  return text;
}

export async function deleteComponent({ actor, input }: { actor: Actor; input: DeleteComponentInput }) {
  requirePermission(actor, "component.manage");
  const data = DeleteComponentInput.parse(input);
  return db().$transaction(async (tx) => {
    await lockStructure(tx);
    const before = await tx.component.findUnique({ where: { id: data.componentId }, include: { group: { select: { name: true } } } });
    if (!before) throw new NotFoundError(`Unknown component: ${data.componentId}`);
    // Incidents are linked and closed under row locks of their own: take this component's row so
    // that a concurrent incident naming it either commits first (and is seen) or waits.
    await tx.$queryRaw`SELECT id FROM component WHERE id = ${before.id} FOR UPDATE`;
    const impact = await componentDeletionImpact(before.id, tx);
    const blocker = deletionBlocker(impact);
    if (blocker) throw new ConflictError(blocker);

    const alone = await tx.$queryRaw<{ id: string; state: string }[]>`
      SELECT s.id, s.state::text AS state FROM subscriber s
      JOIN subscriber_component sc ON sc.subscriber_id = s.id AND sc.component_id = ${before.id}
      WHERE s.state <> 'unsubscribed'
        AND NOT EXISTS (SELECT 1 FROM subscriber_component o WHERE o.subscriber_id = s.id AND o.component_id <> ${before.id})
      FOR UPDATE OF s`;
    const now = new Date();
    for (const s of alone) {
      await tx.subscriber.update({ where: { id: s.id }, data: { state: "unsubscribed", unsubscribedAt: now, confirmToken: null } });
      await recordChange(tx, actor, "subscriber.unsubscribe", { type: "subscriber", id: s.id }, { state: s.state, reason: null }, {
        state: "unsubscribed",
        reason: `the only component they chose, "${before.name}", was deleted`,
      });
    }
    await tx.$executeRaw`
      UPDATE incident_template
      SET components = (SELECT coalesce(jsonb_agg(e ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(components) WITH ORDINALITY AS x(e, n) WHERE e->>'componentId' IS DISTINCT FROM ${before.id})
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(components) e WHERE e->>'componentId' = ${before.id})`;
    await tx.component.delete({ where: { id: before.id } });
    await compactLevel(tx, before.groupId);
    await recordChange(
      tx,
      actor,
      "component.delete",
      { type: "component", id: before.id },
      { ...componentAudit(before, before.group), status: before.status, statusChanges: impact.statusChanges, unsubscribed: alone.map((s) => s.id) },
      null,
    );
    return { component: before, impact };
  });
}

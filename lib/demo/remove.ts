// "Start fresh": remove the first-run demo content in one transaction: every component and group,
// incident and maintenance (with their updates and status history), metric (with its points),
// subscriber, notification (with its deliveries), captured message and incident template. The
// operators, their sessions, the API keys and the audit log stay. Herald's own metrics (herald.*,
// with a key) stay too: they are not demo content, and running workers write to them.
// It works only while the page is marked demo: once removed, a second click (or a page that was
// never the demo) is refused, so it can never wipe a real page.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { DEMO_PAGE_NAME } from "@/lib/seed/demo";
import { DEFAULT_PAGE_NAME } from "@/lib/settings/get";

export type DemoContent = {
  components: number;
  groups: number;
  incidents: number;
  maintenance: number;
  metrics: number;
  subscribers: number;
  notifications: number;
  capturedMessages: number;
  templates: number;
};

/** Each kind in words: one, several. */
export const DEMO_CONTENT_LABELS: Record<keyof DemoContent, [string, string]> = {
  components: ["component", "components"],
  groups: ["component group", "component groups"],
  incidents: ["incident", "incidents"],
  maintenance: ["maintenance", "maintenances"],
  metrics: ["metric", "metrics"],
  subscribers: ["subscriber", "subscribers"],
  notifications: ["notification", "notifications"],
  capturedMessages: ["captured message", "captured messages"],
  templates: ["incident template", "incident templates"],
};

export const NOT_DEMO =
  "The page holds no demo content (it was removed already, or this page was never the demo): nothing was removed. Delete components and incidents one by one instead.";

/** What "Start fresh" would remove now. */
export async function countDemoContent(client: Pick<Tx, "component" | "componentGroup" | "incident" | "metric" | "subscriber" | "notification" | "capturedMessage" | "incidentTemplate"> = db()): Promise<DemoContent> {
  const [components, groups, incidents, maintenance, metrics, subscribers, notifications, capturedMessages, templates] = await Promise.all([
    client.component.count(),
    client.componentGroup.count(),
    client.incident.count({ where: { kind: "incident" } }),
    client.incident.count({ where: { kind: "maintenance" } }),
    client.metric.count({ where: { key: null } }),
    client.subscriber.count(),
    client.notification.count(),
    client.capturedMessage.count(),
    client.incidentTemplate.count(),
  ]);
  return { components, groups, incidents, maintenance, metrics, subscribers, notifications, capturedMessages, templates };
}

/** "6 components, 1 component group, …" (the kinds with none left out). */
export function describeDemoContent(c: DemoContent): string {
  const parts = (Object.keys(DEMO_CONTENT_LABELS) as (keyof DemoContent)[])
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${DEMO_CONTENT_LABELS[k][c[k] === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(", ") : "nothing but the demo mark";
}

export async function removeDemo({ actor }: { actor: Actor }): Promise<{ removed: DemoContent; name: string }> {
  requirePermission(actor, "settings.write");
  return db().$transaction(
    async (tx) => {
      // A second "Start fresh" at the same moment waits here, then finds demo = false.
      const rows = await tx.$queryRaw<{ page_id: string; name: string; demo: boolean }[]>`
        SELECT page_id, name, demo FROM page_settings WHERE id = 1 FOR UPDATE`;
      const page = rows[0];
      if (!page?.demo) throw new ConflictError(NOT_DEMO);
      const removed = await countDemoContent(tx);

      // Children before parents where a key restricts (groups hold components); the rest cascades:
      // deliveries and attempts with notifications, updates and links with incidents, status
      // history with components, points with metrics.
      await tx.notification.deleteMany();
      await tx.subscriber.deleteMany();
      await tx.incident.deleteMany();
      await tx.metric.deleteMany({ where: { key: null } });
      await tx.component.deleteMany();
      await tx.componentGroup.deleteMany();
      await tx.capturedMessage.deleteMany();
      await tx.incidentTemplate.deleteMany();

      // A name the operator already chose stays; the demo's own becomes a neutral one.
      const name = page.name === DEMO_PAGE_NAME ? DEFAULT_PAGE_NAME : page.name;
      await tx.pageSettings.update({ where: { id: 1 }, data: { demo: false, name } });
      const none = Object.fromEntries(Object.keys(removed).map((k) => [k, 0]));
      await recordChange(tx, actor, "demo.remove", { type: "page_settings", id: "1" }, { demo: true, name: page.name, ...removed }, { demo: false, name, ...none });
      return { removed, name };
    },
    // A demo page's month of metric points takes a moment to delete.
    { timeout: 60_000 },
  );
}

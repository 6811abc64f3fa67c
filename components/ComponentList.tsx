import type { ReactNode } from "react";
import type { PublicComponent, PublicItem } from "@/lib/page/snapshot";
import { StatusPill } from "@/components/StatusPill";

/** Components marked "only show if degraded" stay hidden while operational. */
function visible(c: PublicComponent): boolean {
  return !(c.onlyShowIfDegraded && c.status === "operational");
}

function Row({ name, description, children, nested = false }: { name: string; description: string | null; children: ReactNode; nested?: boolean }) {
  return (
    <div className={`flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3 ${nested ? "pl-6" : ""}`}>
      <span title={description ?? undefined} className={nested ? "text-zinc-700 dark:text-zinc-300" : "font-medium"}>
        {name}
        {description ? <span className="sr-only">: {description}</span> : null}
      </span>
      {children}
    </div>
  );
}

/** The page's components in order, groups with their children (a group shows its worst status). */
export function ComponentList({ items }: { items: PublicItem[] }) {
  const shown = items.filter((item) => (item.kind === "component" ? visible(item.component) : item.group.components.some(visible)));
  if (shown.length === 0) return <p className="text-zinc-600 dark:text-zinc-400">No components to show.</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white px-4 dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {shown.map((item) =>
        item.kind === "component" ? (
          <li key={item.component.id} data-component={item.component.name}>
            <Row name={item.component.name} description={item.component.description}>
              <StatusPill status={item.component.status} />
            </Row>
          </li>
        ) : (
          <li key={item.group.id} data-group={item.group.name}>
            <Row name={item.group.name} description={item.group.description}>
              <StatusPill status={item.group.status} />
            </Row>
            <ul aria-label={`${item.group.name} components`} className="divide-y divide-zinc-100 border-t border-zinc-100 pb-1 dark:divide-zinc-800/70 dark:border-zinc-800/70">
              {item.group.components.filter(visible).map((c) => (
                <li key={c.id} data-component={c.name}>
                  <Row name={c.name} description={c.description} nested>
                    <StatusPill status={c.status} />
                  </Row>
                </li>
              ))}
            </ul>
          </li>
        ),
      )}
    </ul>
  );
}

import type { SnapComponent } from "@/lib/public/snapshot";
import type { ItemView } from "@/lib/public/view";
import { InfoTip } from "@/components/InfoTip";
import { StatusPill } from "@/components/StatusPill";
import { UptimeBars } from "@/components/UptimeBars";
import type { UptimeBarsData } from "@/components/uptime-types";

/** Components marked "only show if degraded" stay hidden while operational. */
export function isVisible(c: SnapComponent): boolean {
  return !(c.onlyShowIfDegraded && c.status === "operational");
}

function ComponentRow({ component, bars }: { component: SnapComponent; bars: UptimeBarsData | null }) {
  return (
    <>
      <div className="relative flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <span className="flex min-w-0 items-center gap-1.5">
          <span className="font-medium break-words">{component.name}</span>
          {component.description ? <InfoTip id={`component-desc-${component.id}`} label={`About ${component.name}`} text={component.description} /> : null}
        </span>
        <StatusPill status={component.status} />
      </div>
      {component.showcase && bars ? <UptimeBars name={component.name} data={bars} /> : null}
    </>
  );
}

/**
 * The page's components in order; groups are collapsible (open unless marked collapsed) and show
 * their worst child's status. `bars` gives each showcased component's uptime bars.
 */
export function ComponentList({ items, bars }: { items: ItemView[]; bars: (componentId: string) => UptimeBarsData | null }) {
  const shown = items.filter((item) => (item.kind === "component" ? isVisible(item.component) : item.group.components.some(isVisible)));
  if (shown.length === 0) return <p className="text-zinc-600 dark:text-zinc-400">No components to show.</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white shadow-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {shown.map((item) => {
        if (item.kind === "component") {
          const c = item.component;
          return (
            <li key={c.id} data-component={c.name} className="px-4 py-3.5">
              <ComponentRow component={c} bars={bars(c.id)} />
            </li>
          );
        }
        const g = item.group;
        const children = g.components.filter(isVisible);
        const descId = `group-desc-${g.id}`;
        return (
          <li key={g.id} data-group={g.name}>
            <details open={!g.collapsed} className="group/details">
              <summary
                title={g.description ?? undefined}
                aria-describedby={g.description ? descId : undefined}
                className="flex cursor-pointer list-none flex-wrap items-center justify-between gap-x-4 gap-y-1 rounded-lg px-4 py-3.5 hover:bg-zinc-50 dark:hover:bg-zinc-800/60 [&::-webkit-details-marker]:hidden"
              >
                <span className="flex min-w-0 items-center gap-2">
                  <svg viewBox="0 0 16 16" aria-hidden focusable={false} className="size-4 shrink-0 text-zinc-500 transition-transform group-open/details:rotate-90 dark:text-zinc-400">
                    <path d="M6 3.5L10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  <span className="font-semibold break-words">{g.name}</span>
                  <span className="hidden text-sm text-zinc-600 sm:inline dark:text-zinc-400">
                    {children.length} {children.length === 1 ? "component" : "components"}
                  </span>
                </span>
                <StatusPill status={g.status} />
              </summary>
              {g.description ? (
                <span id={descId} className="sr-only">
                  {g.description}
                </span>
              ) : null}
              <ul aria-label={`${g.name} components`} className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800">
                {children.map((c) => (
                  <li key={c.id} data-component={c.name} className="py-3.5 pr-4 pl-8 sm:pl-10">
                    <ComponentRow component={c} bars={bars(c.id)} />
                  </li>
                ))}
              </ul>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

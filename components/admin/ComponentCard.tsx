// One component on the dashboard's components page: what the page shows of it, its status form,
// and (for those who may change the structure) its move buttons, edit panel and delete step.
import type { PageComponent } from "@/lib/admin/components-page";
import { StatusPill } from "@/components/StatusPill";
import { ComponentDeleteForm } from "@/components/admin/ComponentDeleteForm";
import { ComponentEditForm, type ComponentFormGroup } from "@/components/admin/ComponentForm";
import { SUMMARY_BUTTON } from "@/components/admin/ComponentFormParts";
import { ComponentMoveButtons } from "@/components/admin/ComponentMoveButtons";
import { ComponentStatusForm } from "@/components/admin/ComponentStatusForm";

export type LevelPlace = { groupId: string | null; order: string[]; index: number };

export function ComponentCard({ component: c, groups, place, canManage, canSetStatus, heading }: {
  component: PageComponent;
  groups: ComponentFormGroup[];
  /** Where it sits in its level, for the move buttons. */
  place: LevelPlace;
  canManage: boolean;
  canSetStatus: boolean;
  heading: "h3" | "h4";
}) {
  const H = heading;
  const titleId = `component-${c.id}-title`;
  const facts = [
    c.showcase ? "Uptime bars shown" : "Uptime bars hidden",
    c.onlyShowIfDegraded ? "Only shown if degraded" : null,
    c.startDate ? `History from ${c.startDate}` : null,
  ].filter(Boolean);
  return (
    <article id={`component-${c.id}`} aria-labelledby={titleId} className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <H id={titleId} className="font-semibold break-words">
            {c.name}
          </H>
          <StatusPill status={c.status} />
          {c.description ? <p className="text-sm break-words text-zinc-700 dark:text-zinc-300">{c.description}</p> : null}
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{facts.join(" · ")}</p>
        </div>
        {canManage ? <ComponentMoveButtons groupId={place.groupId} order={place.order} index={place.index} name={c.name} /> : null}
      </div>
      {canSetStatus ? <ComponentStatusForm component={c} /> : null}
      {canManage ? (
        <div className="space-y-2">
          <details>
            <summary className={SUMMARY_BUTTON}>Edit {c.name}</summary>
            <div className="mt-3 max-w-xl">
              <ComponentEditForm
                component={{
                  id: c.id,
                  name: c.name,
                  description: c.description ?? "",
                  groupId: c.groupId ?? "",
                  showcase: c.showcase,
                  onlyShowIfDegraded: c.onlyShowIfDegraded,
                  startDate: c.startDate ?? "",
                }}
                groups={groups}
              />
            </div>
          </details>
          <ComponentDeleteForm component={c} deletion={c.deletion} />
        </div>
      ) : null}
    </article>
  );
}

// One group on the dashboard's components page: its name and description, its move buttons, edit
// panel and delete step, and its components as a list of their own (reordered within the group).
import type { PageGroup } from "@/lib/admin/components-page";
import { ComponentCard, type LevelPlace } from "@/components/admin/ComponentCard";
import type { ComponentFormGroup } from "@/components/admin/ComponentForm";
import { SUMMARY_BUTTON } from "@/components/admin/ComponentFormParts";
import { ComponentMoveButtons } from "@/components/admin/ComponentMoveButtons";
import { ComponentOrderList } from "@/components/admin/ComponentOrderList";
import { GroupEditForm } from "@/components/admin/GroupForm";
import { GroupDeleteForm } from "@/components/admin/GroupDeleteForm";

export function GroupCard({ group: g, groups, place, canManage, canSetStatus, deletion }: {
  group: PageGroup;
  groups: ComponentFormGroup[];
  place: LevelPlace;
  canManage: boolean;
  canSetStatus: boolean;
  /** What deleting it does, in words (lib/groups/delete.ts). */
  deletion: string;
}) {
  const titleId = `group-${g.id}-title`;
  const order = g.components.map((c) => `component:${c.id}`);
  const cards = g.components.map((c, index) => ({
    key: `component:${c.id}`,
    name: c.name,
    content: <ComponentCard component={c} groups={groups} place={{ groupId: g.id, order, index }} canManage={canManage} canSetStatus={canSetStatus} heading="h4" />,
  }));
  const count = g.components.length;
  return (
    <section id={`group-${g.id}`} aria-labelledby={titleId} className="space-y-3 rounded-lg border-2 border-zinc-300 bg-zinc-50 p-4 dark:border-zinc-700 dark:bg-zinc-950">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 id={titleId} className="text-lg font-semibold break-words">
            {g.name}
          </h3>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Group · {count === 1 ? "1 component" : `${count} components`}
          </p>
          {g.description ? <p className="text-sm break-words text-zinc-700 dark:text-zinc-300">{g.description}</p> : null}
        </div>
        {canManage ? <ComponentMoveButtons groupId={null} order={place.order} index={place.index} name={g.name} /> : null}
      </div>
      {canManage ? (
        <div className="space-y-2">
          <details>
            <summary className={SUMMARY_BUTTON}>Edit group {g.name}</summary>
            <div className="mt-3 max-w-xl">
              <GroupEditForm group={g} />
            </div>
          </details>
          <GroupDeleteForm group={g} consequences={deletion} />
        </div>
      ) : null}
      {count === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No components in this group yet: create one in it, or move one here with its Group field.</p>
      ) : canManage ? (
        <ComponentOrderList groupId={g.id} label={`Components of ${g.name}`} items={cards} />
      ) : (
        <ol aria-label={`Components of ${g.name}`} className="space-y-3">
          {cards.map((c) => (
            <li key={c.key}>{c.content}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

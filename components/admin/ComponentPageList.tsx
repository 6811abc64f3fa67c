// The page's components and groups in page order, as the dashboard shows them: each top-level item
// (a group with its components, or an ungrouped component) with its forms. Those who may change
// the structure get the drag-and-drop list and the move buttons; others, the same cards in a list.
import type { ComponentsPage, PageItem } from "@/lib/admin/components-page";
import { describeGroupDeletion } from "@/lib/groups/delete";
import { ComponentCard } from "@/components/admin/ComponentCard";
import { ComponentOrderList } from "@/components/admin/ComponentOrderList";
import { GroupCard } from "@/components/admin/GroupCard";

function itemKey(item: PageItem): string {
  return item.type === "group" ? `group:${item.group.id}` : `component:${item.component.id}`;
}

const LABEL = "Top level of the status page";

export function ComponentPageList({ page }: { page: ComponentsPage }) {
  const { items, groups, canManage, canSetStatus } = page;
  const order = items.map(itemKey);
  const entries = items.map((item, index) => ({
    key: itemKey(item),
    name: item.type === "group" ? item.group.name : item.component.name,
    content:
      item.type === "group" ? (
        <GroupCard
          group={item.group}
          groups={groups}
          place={{ groupId: null, order, index }}
          canManage={canManage}
          canSetStatus={canSetStatus}
          deletion={describeGroupDeletion({ group: item.group, components: item.group.components.map((c) => c.name) })}
        />
      ) : (
        <ComponentCard component={item.component} groups={groups} place={{ groupId: null, order, index }} canManage={canManage} canSetStatus={canSetStatus} heading="h3" />
      ),
  }));
  if (canManage) return <ComponentOrderList groupId={null} label={LABEL} items={entries} />;
  return (
    <ol aria-label={LABEL} className="space-y-3">
      {entries.map((e) => (
        <li key={e.key}>{e.content}</li>
      ))}
    </ol>
  );
}

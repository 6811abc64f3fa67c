import type { Metadata } from "next";
import { loadComponentsPage } from "@/lib/admin/components-page";
import { COMPONENT_STATUS_LABELS } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { UNREADABLE_FORM } from "@/app/_lib/form";
import { ComponentCreateForm } from "@/components/admin/ComponentForm";
import { ComponentPageList } from "@/components/admin/ComponentPageList";
import { GroupCreateForm } from "@/components/admin/GroupForm";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Components · Herald" };

/** Fixed notices, chosen by key; `name` is read from the database by the id in the link, never from the link. */
const NOTICES: Record<string, (name: string, status: string) => string> = {
  "component-created": (name) => `Component ${name} added at the end of its level.`,
  "component-saved": (name) => `${name} saved.`,
  "component-deleted": () => "Component deleted.",
  "group-created": (name) => `Group ${name} added at the end of the page. Move components into it with their Group field.`,
  "group-saved": (name) => `Group ${name} saved.`,
  "group-deleted": () => "Group deleted. Its components are now on the top level, where it was.",
  "status-set": (name, status) => `${name} is now ${status}. The change is recorded in its history.`,
  "status-unchanged": (name, status) => `${name} was already ${status}: nothing changed.`,
  moved: (name) => `${name} moved. The page shows the new order.`,
  unchanged: () => "Nothing to save: nothing changed.",
};

const ERRORS: Record<string, string> = {
  "stale-order": "The order was not saved: the page changed meanwhile. This is the order as it stands now; try again.",
  "not-allowed": "Your account is not allowed to reorder components.",
  unreadable: UNREADABLE_FORM,
};

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

export default async function ComponentsAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice, error, id } = await searchParams;
  const page = await loadComponentsPage({ actor });
  const { items, groups, canManage } = page;

  const components = items.flatMap((i) => (i.type === "group" ? i.group.components : [i.component]));
  const namedComponent = typeof id === "string" ? components.find((c) => c.id === id) : undefined;
  const named = namedComponent ?? (typeof id === "string" ? groups.find((g) => g.id === id) : undefined);
  const namedStatus = namedComponent ? COMPONENT_STATUS_LABELS[namedComponent.status].toLowerCase() : "";
  const noticeText = typeof notice === "string" && NOTICES[notice] ? NOTICES[notice](named?.name ?? "The item", namedStatus) : undefined;
  const errorText = typeof error === "string" ? ERRORS[error] : undefined;

  return (
    <div className="space-y-8">
      <Notice text={noticeText} />
      {errorText ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 font-medium text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {errorText}
        </p>
      ) : null}

      <h1 className="text-2xl font-bold tracking-tight">Components</h1>

      <section aria-labelledby="order-heading" className="space-y-3">
        <h2 id="order-heading" className="text-lg font-semibold">
          On the status page
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          In the order the status page shows them.{" "}
          {canManage
            ? "Drag an item by its handle (⠿), or use its Move up and Move down buttons; a group's components move within the group. New components and groups are added below the list."
            : null}
        </p>
        {items.length === 0 ? (
          <p className={`${CARD} text-zinc-600 dark:text-zinc-400`}>No components yet.{canManage ? " Add the first one below." : ""}</p>
        ) : (
          <ComponentPageList page={page} />
        )}
      </section>

      {canManage ? (
        <div className="grid gap-6 md:grid-cols-2">
          <section id="new-component" aria-labelledby="new-component-heading" className={`${CARD} space-y-4`}>
            <h2 id="new-component-heading" className="text-lg font-semibold">
              New component
            </h2>
            <ComponentCreateForm groups={groups} />
          </section>
          <section id="new-group" aria-labelledby="new-group-heading" className={`${CARD} space-y-4 self-start`}>
            <h2 id="new-group-heading" className="text-lg font-semibold">
              New group
            </h2>
            <GroupCreateForm />
          </section>
        </div>
      ) : null}
    </div>
  );
}

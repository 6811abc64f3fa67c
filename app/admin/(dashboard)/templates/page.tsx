import type { Metadata } from "next";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { TemplateDeleteForm } from "@/components/admin/TemplateDeleteForm";
import { listTemplates } from "@/lib/admin/templates";
import { can } from "@/lib/auth/actor";
import { CHANNELS, CHANNEL_LABELS, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Templates · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  "template-created": "Template created",
  "template-saved": "Template saved",
  "template-deleted": "Template deleted",
};

const BUTTON = "rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500";

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  if (!can(actor, "template.write")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">Templates</h1>
        <p>Your account is not allowed to manage incident templates.</p>
      </div>
    );
  }
  const templates = await listTemplates({ actor });
  return (
    <div className="space-y-6">
      <Notice text={noticeText} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Templates</h1>
        <Link href="/admin/templates/new" className={BUTTON}>
          New template
        </Link>
      </div>
      <p className="max-w-2xl text-zinc-700 dark:text-zinc-300">
        The incidents you expect, written ahead: a title, a first message, the components they affect and the channels to notify. Start one from{" "}
        <Link href="/admin/incidents/new">New incident</Link>, check it, and post.
      </p>
      {templates.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">No templates yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Incident templates</caption>
            <thead>
              <tr className="border-b border-zinc-300 dark:border-zinc-700">
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Name
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Incident
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Components
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Channels
                </th>
                <th scope="col" className="py-2 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id} className="border-b border-zinc-200 align-top dark:border-zinc-800">
                  <th scope="row" className="py-3 pr-4 font-medium">
                    <Link href={`/admin/templates/${t.id}`}>{t.name}</Link>
                  </th>
                  <td className="py-3 pr-4">
                    <span className="block">{t.title}</span>
                    <span className="text-zinc-600 dark:text-zinc-400">{INCIDENT_STATUS_LABELS[t.status]}</span>
                  </td>
                  <td className="py-3 pr-4">{t.componentNames.length ? t.componentNames.join(", ") : <span className="text-zinc-600 dark:text-zinc-400">none</span>}</td>
                  <td className="py-3 pr-4">{t.channels.length === CHANNELS.length ? "All" : t.channels.map((c) => CHANNEL_LABELS[c]).join(", ")}</td>
                  <td className="py-3">
                    <div className="flex flex-wrap items-center gap-3">
                      <Link href={`/admin/incidents/new?template=${encodeURIComponent(t.id)}`}>Start an incident</Link>
                      <Link href={`/admin/templates/${t.id}`} aria-label={`Edit template ${t.name}`}>
                        Edit
                      </Link>
                      <TemplateDeleteForm template={{ id: t.id, name: t.name }} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import type { IncidentFormValues } from "@/app/_actions/incidents";
import { requireOperator } from "@/app/admin/_lib/auth";
import { NewIncidentForm } from "@/components/admin/NewIncidentForm";
import { TemplatePicker } from "@/components/admin/TemplatePicker";
import { listComponentsForIncidentForm } from "@/lib/admin/components";
import { templatesForIncidentForm, type TemplateView } from "@/lib/admin/templates";
import { can } from "@/lib/auth/actor";
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { instantToWallClock } from "@/lib/maintenance/wall-clock";
import { CHANNELS } from "@/lib/vocabulary";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New incident · Herald" };

/** The form's starting values: a template's, or blank; it starts now and notifies every channel. */
function defaults(template: TemplateView | null, nowLocal: string): IncidentFormValues {
  return {
    name: template?.title ?? "",
    status: template?.status ?? "investigating",
    message: template?.body ?? "",
    notify: true,
    components: Object.fromEntries((template?.components ?? []).map((c) => [c.componentId, c.status])),
    impact: "computed",
    startedAt: nowLocal,
    startedAtShown: nowLocal,
    customTweet: "",
    channels: template ? template.channels : [...CHANNELS],
  };
}

export default async function NewIncidentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { template: templateParam } = await searchParams;
  const [sections, templates, timeZone] = await Promise.all([listComponentsForIncidentForm({ actor }), templatesForIncidentForm({ actor }), pageTimeZone()]);
  const templateId = typeof templateParam === "string" && templateParam !== "" ? templateParam : null;
  const template = templateId ? (templates.find((t) => t.id === templateId) ?? null) : null;
  const nowLocal = instantToWallClock(new Date(), timeZone);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">New incident</h1>
      {templates.length ? (
        <TemplatePicker templates={templates.map((t) => ({ id: t.id, name: t.name }))} chosen={template?.id ?? null} />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No incident templates yet.{" "}
          {can(actor, "template.write") ? <Link href="/admin/templates/new">Write one</Link> : null} to start the incidents you expect in a few clicks.
        </p>
      )}
      {templateId && !template ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          That template no longer exists: the form starts blank.
        </p>
      ) : null}
      {/* Keyed by the template: choosing another starts the form again from it. */}
      <NewIncidentForm key={template?.id ?? "blank"} sections={sections} defaults={defaults(template, nowLocal)} timeZone={timeZone} nowLocal={nowLocal} />
    </div>
  );
}

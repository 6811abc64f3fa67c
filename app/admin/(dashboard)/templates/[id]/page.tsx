import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { TemplateDeleteForm } from "@/components/admin/TemplateDeleteForm";
import { TemplateForm } from "@/components/admin/TemplateForm";
import { listComponentsForIncidentForm } from "@/lib/admin/components";
import { loadTemplate, type TemplateView } from "@/lib/admin/templates";
import { NotFoundError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Template · Herald" };

export default async function EditTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireOperator();
  const { id } = await params;
  let template: TemplateView;
  try {
    template = await loadTemplate({ actor, input: { templateId: id } });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const sections = await listComponentsForIncidentForm({ actor });
  return (
    <div className="max-w-2xl space-y-6">
      <p className="text-sm">
        <Link href="/admin/templates">← Templates</Link>
      </p>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight break-words">Template: {template.name}</h1>
        <Link href={`/admin/incidents/new?template=${encodeURIComponent(template.id)}`}>Start an incident from it</Link>
      </div>
      <TemplateForm
        template={{
          id: template.id,
          name: template.name,
          title: template.title,
          body: template.body,
          status: template.status,
          components: Object.fromEntries(template.components.map((c) => [c.componentId, c.status])),
          channels: template.channels,
        }}
        sections={sections}
      />
      <section aria-labelledby="delete-heading" className="space-y-2 rounded-lg border border-red-300 p-4 dark:border-red-900">
        <h2 id="delete-heading" className="font-semibold text-red-800 dark:text-red-300">
          Delete this template
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">Incidents started from it are not touched.</p>
        <TemplateDeleteForm template={{ id: template.id, name: template.name }} />
      </section>
    </div>
  );
}

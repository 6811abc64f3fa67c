import type { Metadata } from "next";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { TemplateForm } from "@/components/admin/TemplateForm";
import { listComponentsForIncidentForm } from "@/lib/admin/components";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New template · Herald" };

export default async function NewTemplatePage() {
  const actor = await requireOperator();
  const sections = await listComponentsForIncidentForm({ actor });
  return (
    <div className="max-w-2xl space-y-6">
      <p className="text-sm">
        <Link href="/admin/templates">← Templates</Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">New template</h1>
      <TemplateForm template={null} sections={sections} />
    </div>
  );
}

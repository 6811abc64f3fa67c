import type { Metadata } from "next";
import { listComponentsForIncidentForm } from "@/lib/admin/components";
import { requireOperator } from "@/app/admin/_lib/auth";
import { NewIncidentForm } from "@/components/admin/NewIncidentForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New incident · Herald" };

export default async function NewIncidentPage() {
  const actor = await requireOperator();
  const sections = await listComponentsForIncidentForm({ actor });
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">New incident</h1>
      <NewIncidentForm sections={sections} />
    </div>
  );
}

import type { Metadata } from "next";
import { requireOperator } from "@/app/admin/_lib/auth";
import { MaintenanceScheduleForm } from "@/components/admin/MaintenanceScheduleForm";
import { listComponentsForIncidentForm } from "@/lib/admin/components";
import { loadScheduleFormDefaults } from "@/lib/admin/maintenance";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Schedule maintenance · Herald" };

export default async function NewMaintenancePage() {
  const actor = await requireOperator();
  const [sections, defaults] = await Promise.all([listComponentsForIncidentForm({ actor }), loadScheduleFormDefaults({ actor })]);
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Schedule maintenance</h1>
      <MaintenanceScheduleForm sections={sections} zone={defaults.zone} start={defaults.start} end={defaults.end} />
    </div>
  );
}

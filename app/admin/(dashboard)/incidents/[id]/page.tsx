import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AutoRefresh } from "@/components/admin/AutoRefresh";
import { FanoutTable } from "@/components/admin/FanoutTable";
import { UpdateIncidentForm } from "@/components/admin/UpdateIncidentForm";
import { loadIncidentForUpdate, type IncidentForUpdate } from "@/lib/admin/incident";
import { NotFoundError } from "@/lib/errors";
import { fanoutStatus, type FanoutStatus } from "@/lib/notify/fanout-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident · Herald" };

export default async function IncidentAdminPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireOperator();
  const { id } = await params;
  const { notice } = await searchParams;
  let status: FanoutStatus;
  let incident: IncidentForUpdate;
  try {
    [status, incident] = await Promise.all([fanoutStatus({ actor, input: { incidentId: id } }), loadIncidentForUpdate({ actor, input: { incidentId: id } })]);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <div className="space-y-6">
      <AutoRefresh active={!status.settled} />
      {notice === "update-posted" ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
          Update posted
        </p>
      ) : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">{status.incident.name}</h1>
        <Link href={`/incidents/${status.incident.id}`}>Public page</Link>
      </div>
      <section aria-labelledby="fanout-heading" className="space-y-3">
        <h2 id="fanout-heading" className="text-lg font-semibold">
          Notifications {status.settled ? <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(all settled)</span> : <span className="text-sm font-normal text-amber-700 dark:text-amber-400">(sending — updates every 2 s)</span>}
        </h2>
        <FanoutTable status={status} />
      </section>
      <section aria-labelledby="update-heading" className="max-w-2xl space-y-3">
        <h2 id="update-heading" className="text-lg font-semibold">
          Post an update
        </h2>
        <UpdateIncidentForm incident={incident} />
      </section>
    </div>
  );
}

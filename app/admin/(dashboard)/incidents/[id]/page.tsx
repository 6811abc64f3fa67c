import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AutoRefresh } from "@/components/admin/AutoRefresh";
import { FanoutTable } from "@/components/admin/FanoutTable";
import { NotFoundError } from "@/lib/errors";
import { fanoutStatus, type FanoutStatus } from "@/lib/notify/fanout-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident · Herald" };

export default async function IncidentAdminPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireOperator();
  const { id } = await params;
  let status: FanoutStatus;
  try {
    status = await fanoutStatus({ actor, input: { incidentId: id } });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <div className="space-y-6">
      <AutoRefresh active={!status.settled} />
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
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { MaintenanceList } from "@/components/admin/MaintenanceList";
import { listMaintenances } from "@/lib/admin/maintenance";
import { zoneLabel } from "@/lib/maintenance/window";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Maintenance · Herald" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function MaintenancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const params = await searchParams;
  const list = await listMaintenances({ actor, input: { page: one(params.page) } });
  const pageLink = (page: number) => (page === 1 ? "/admin/maintenance#past-heading" : `/admin/maintenance?page=${page}#past-heading`);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Maintenance</h1>
        <Link href="/admin/maintenance/new" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          Schedule maintenance
        </Link>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Times are in {zoneLabel(list.timeZone, new Date())}, the page&apos;s time zone.</p>

      <section aria-labelledby="in-progress-heading" className="space-y-3">
        <h2 id="in-progress-heading" className="text-lg font-semibold">
          In progress
        </h2>
        <MaintenanceList rows={list.inProgress} timeZone={list.timeZone} empty="No maintenance is in progress." />
      </section>

      <section aria-labelledby="upcoming-heading" className="space-y-3">
        <h2 id="upcoming-heading" className="text-lg font-semibold">
          Upcoming
        </h2>
        <MaintenanceList rows={list.upcoming} timeZone={list.timeZone} empty="Nothing is scheduled." />
      </section>

      <section aria-labelledby="past-heading" className="space-y-3">
        <h2 id="past-heading" className="text-lg font-semibold">
          Past <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">({list.pastTotal})</span>
        </h2>
        <MaintenanceList rows={list.past} timeZone={list.timeZone} empty="No maintenance has completed yet." />
        {list.pages > 1 ? (
          <nav aria-label="Past maintenance pages" className="flex items-center gap-4 text-sm">
            {list.page > 1 ? <Link href={pageLink(list.page - 1)}>Newer</Link> : null}
            <span>
              Page {list.page} of {list.pages}
            </span>
            {list.page < list.pages ? <Link href={pageLink(list.page + 1)}>Older</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

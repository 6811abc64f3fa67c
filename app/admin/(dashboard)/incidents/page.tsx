import type { Metadata } from "next";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { IncidentList } from "@/components/admin/IncidentList";
import { listIncidents } from "@/lib/admin/incidents";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = { "incident-deleted": "Incident deleted" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const params = await searchParams;
  const noticeText = NOTICES[one(params.notice) ?? ""];
  const list = await listIncidents({ actor, input: { q: one(params.q), filter: one(params.filter), page: one(params.page) } });
  return (
    <div className="space-y-6">
      <Notice text={noticeText} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Incidents</h1>
        <Link href="/admin/incidents/new" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          New incident
        </Link>
      </div>
      <IncidentList list={list} />
    </div>
  );
}

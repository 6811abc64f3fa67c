// The dashboard's incidents: the search box (a GET form: the URL is the state, so a search can be
// bookmarked and the Back button works), the open/past filter, the table, and Newer/Older links.
import Link from "next/link";
import { INCIDENTS_PER_PAGE, type IncidentFilter, type IncidentList as List } from "@/lib/admin/incidents";
import { IMPACT_LABELS, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { IMPACT_TEXT } from "@/components/status-styles";
import { Time } from "@/components/Time";
import { INPUT, LABEL } from "@/components/admin/fields";

const FILTER_LABELS: Record<IncidentFilter, string> = { all: "All", open: "Open", past: "Past" };

/** The list's URL for these choices; defaults are left out so the plain URL is the first page of all. */
export function incidentListHref(l: { q: string; filter: IncidentFilter; page: number }): string {
  const params = new URLSearchParams();
  if (l.q) params.set("q", l.q);
  if (l.filter !== "all") params.set("filter", l.filter);
  if (l.page > 1) params.set("page", String(l.page));
  const query = params.toString();
  return query ? `/admin/incidents?${query}` : "/admin/incidents";
}

const PAGER = "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export function IncidentList({ list }: { list: List }) {
  const first = (list.page - 1) * INCIDENTS_PER_PAGE + 1;
  return (
    <div className="space-y-4">
      <form method="get" action="/admin/incidents" role="search" className="flex flex-wrap items-end gap-3">
        <div className="min-w-[14rem] flex-1">
          <label htmlFor="incident-search" className={LABEL}>
            Search incidents
          </label>
          <input
            id="incident-search"
            name="q"
            type="search"
            defaultValue={list.q}
            maxLength={200}
            aria-describedby="incident-search-help"
            className={`mt-1 ${INPUT}`}
          />
          <p id="incident-search-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Matches the name and the text of every update.
          </p>
        </div>
        {list.filter !== "all" ? <input type="hidden" name="filter" value={list.filter} /> : null}
        <button type="submit" className="mb-6 rounded-md bg-blue-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          Search
        </button>
      </form>

      <nav aria-label="Filter incidents" className="flex flex-wrap gap-1">
        {(Object.keys(FILTER_LABELS) as IncidentFilter[]).map((f) => {
          const current = f === list.filter;
          return (
            <Link
              key={f}
              href={incidentListHref({ q: list.q, filter: f, page: 1 })}
              aria-current={current ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium no-underline ${
                current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
              }`}
            >
              {FILTER_LABELS[f]}
            </Link>
          );
        })}
      </nav>

      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        {list.total === 0
          ? list.q
            ? `No incidents match “${list.q}”.`
            : list.filter === "open"
              ? "No open incidents."
              : "No incidents yet."
          : list.rows.length === 0
            ? `No incidents on this page (${list.total} in all).`
            : `${first}–${first + list.rows.length - 1} of ${list.total} ${list.total === 1 ? "incident" : "incidents"}${list.q ? ` matching “${list.q}”` : ""}`}
      </p>

      {list.rows.length ? (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Incidents, open first, then newest first</caption>
            <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 font-medium">Impact</th>
                <th scope="col" className="px-3 py-2 font-medium">Started</th>
                <th scope="col" className="px-3 py-2 font-medium">Resolved</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-900">
              {list.rows.map((i) => (
                <tr key={i.id}>
                  <td className="px-3 py-2 font-medium break-words">
                    <Link href={`/admin/incidents/${i.id}`}>{i.name}</Link>
                    {i.postmortemPublished ? <span className="ml-2 text-xs font-normal text-zinc-600 dark:text-zinc-400">(postmortem)</span> : null}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {i.open ? (
                      <strong className="font-semibold text-amber-800 dark:text-amber-300">{INCIDENT_STATUS_LABELS[i.status]}</strong>
                    ) : (
                      INCIDENT_STATUS_LABELS[i.status]
                    )}
                  </td>
                  <td className={`px-3 py-2 whitespace-nowrap ${IMPACT_TEXT[i.impact]}`}>{IMPACT_LABELS[i.impact]}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time date={i.startedAt} />
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{i.resolvedAt ? <Time date={i.resolvedAt} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {list.hasNewer || list.hasOlder ? (
        <nav aria-label="Pages" className="flex justify-between gap-3">
          {list.hasNewer ? (
            <Link href={incidentListHref({ ...list, page: list.page - 1 })} rel="prev" className={PAGER}>
              <span aria-hidden>← </span>Newer
            </Link>
          ) : (
            <span />
          )}
          {list.hasOlder ? (
            <Link href={incidentListHref({ ...list, page: list.page + 1 })} rel="next" className={PAGER}>
              Older<span aria-hidden> →</span>
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

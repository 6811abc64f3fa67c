// Every incident and maintenance, by month, newest first, a few months a page (?page=N). Rendered
// from the cached snapshot; the server caches one render per page number.
import type { Metadata } from "next";
import { PublicLink } from "@/components/PublicLink";
import { getSnapshot } from "@/app/_lib/snapshot";
import { HISTORY_MONTHS_PER_PAGE, historyView, status } from "@/app/_lib/public";
import { IncidentSummary } from "@/components/IncidentCard";
import { faviconHref } from "@/components/live-events";
import { PublicPage } from "@/components/PublicPage";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ page?: string | string[] }> };

function pageNumber(raw: string | string[] | undefined): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function title(name: string, page: number): string {
  return page > 1 ? `Incident history, page ${page} — ${name}` : `Incident history — ${name}`;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const snapshot = await getSnapshot();
  const view = historyView(snapshot, pageNumber((await searchParams).page));
  return {
    title: title(snapshot.page.name, view.page),
    description: `Past incidents and maintenance of ${snapshot.page.name}.`,
    icons: { icon: [{ url: faviconHref(status(snapshot).indicator), type: "image/svg+xml" }] },
    alternates: { types: { "application/atom+xml": "/history.atom", "application/rss+xml": "/history.rss" } },
  };
}

const pageHref = (n: number) => (n <= 1 ? "/history" : `/history?page=${n}`);

export default async function HistoryPage({ searchParams }: Props) {
  const snapshot = await getSnapshot();
  const view = historyView(snapshot, pageNumber((await searchParams).page));
  const first = view.months[0];
  const last = view.months.at(-1);
  return (
    <PublicPage snapshot={snapshot} title={title(snapshot.page.name, view.page)}>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Incident history</h1>
        {first && last ? (
          <p className="text-zinc-600 dark:text-zinc-400">
            {view.months.length > 1 ? `${last.label} – ${first.label}` : first.label}
            {view.pageCount > 1 ? ` · page ${view.page} of ${view.pageCount}` : null}
          </p>
        ) : null}
      </div>
      {view.months.map((m) => (
        <section key={m.month} aria-labelledby={`month-${m.month}`} data-month={m.month} className="space-y-1">
          <h2 id={`month-${m.month}`} className="border-b border-zinc-200 pb-1.5 text-xl font-semibold tracking-tight dark:border-zinc-800">
            {m.label}
          </h2>
          {m.incidents.length === 0 ? (
            <p className="pt-2 text-zinc-600 dark:text-zinc-400">No incidents reported this month.</p>
          ) : (
            <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {m.incidents.map((incident) => (
                <IncidentSummary key={incident.id} incident={incident} headingLevel={3} />
              ))}
            </div>
          )}
        </section>
      ))}
      {view.pageCount > 1 ? (
        <nav aria-label={`History pages (${HISTORY_MONTHS_PER_PAGE} months a page)`} className="flex items-center justify-between gap-4 text-sm font-medium">
          {view.page > 1 ? (
            <PublicLink href={pageHref(view.page - 1)} rel="prev" className="text-blue-700 underline underline-offset-2 dark:text-blue-300">
              ← Newer
            </PublicLink>
          ) : (
            <span />
          )}
          <span className="text-zinc-600 dark:text-zinc-400">
            Page {view.page} of {view.pageCount}
          </span>
          {view.page < view.pageCount ? (
            <PublicLink href={pageHref(view.page + 1)} rel="next" className="text-blue-700 underline underline-offset-2 dark:text-blue-300">
              Older →
            </PublicLink>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </PublicPage>
  );
}

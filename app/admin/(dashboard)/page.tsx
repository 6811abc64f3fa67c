import type { Metadata } from "next";
import Link from "next/link";
import { loadDashboardSummary } from "@/lib/admin/dashboard";
import { CHANNEL_LABELS, DELIVERY_STATES, INCIDENT_STATUS_LABELS, SUBSCRIBER_STATES } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { IMPACT_BORDER } from "@/components/status-styles";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = { "incident-posted": "Incident posted" };

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  const summary = await loadDashboardSummary({ actor });

  return (
    <div className="space-y-8">
      {noticeText ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
          {noticeText}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
        <Link href="/admin/incidents/new" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          New incident
        </Link>
      </div>

      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-lg font-semibold">
          Open incidents
        </h2>
        {summary.openIncidents.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">No open incidents.</p>
        ) : (
          <ul className="space-y-3">
            {summary.openIncidents.map((i) => (
              <li key={i.id} className={`${CARD} border-l-4 ${IMPACT_BORDER[i.impact]}`}>
                <p className="font-semibold">
                  <Link href={`/admin/incidents/${i.id}`}>{i.name}</Link>
                </p>
                <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <span>
                    Status: <strong className="font-medium text-zinc-900 dark:text-zinc-100">{INCIDENT_STATUS_LABELS[i.status]}</strong>
                  </span>
                  <span>
                    Started <Time date={i.startedAt} />
                  </span>
                  <span>
                    {i.updateCount} {i.updateCount === 1 ? "update" : "updates"}
                  </span>
                  {i.componentNames.length ? <span>Affects: {i.componentNames.join(", ")}</span> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="subscribers-heading" className={CARD}>
          <h2 id="subscribers-heading" className="text-lg font-semibold">
            Subscribers
          </h2>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            {SUBSCRIBER_STATES.map((s) => (
              <div key={s} className="contents">
                <dt className="text-zinc-600 capitalize dark:text-zinc-400">{s}</dt>
                <dd className="text-right font-medium tabular-nums">{summary.subscribers[s]}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="deliveries-heading" className={CARD}>
          <h2 id="deliveries-heading" className="text-lg font-semibold">
            Deliveries in the last 24 hours
          </h2>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            {DELIVERY_STATES.map((s) => (
              <div key={s} className="contents">
                <dt className="text-zinc-600 capitalize dark:text-zinc-400">{s}</dt>
                <dd className="text-right font-medium tabular-nums">{summary.deliveries24h[s]}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <section aria-labelledby="recent-deliveries-heading" className="space-y-3">
        <h2 id="recent-deliveries-heading" className="text-lg font-semibold">
          Recent deliveries
        </h2>
        {summary.recentDeliveries.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">No deliveries yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Created</th>
                  <th scope="col" className="px-3 py-2 font-medium">Channel</th>
                  <th scope="col" className="px-3 py-2 font-medium">Recipient</th>
                  <th scope="col" className="px-3 py-2 font-medium">Message</th>
                  <th scope="col" className="px-3 py-2 font-medium">State</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-900">
                {summary.recentDeliveries.map((d) => (
                  <tr key={d.id}>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Time date={d.createdAt} />
                    </td>
                    <td className="px-3 py-2">{CHANNEL_LABELS[d.channel]}</td>
                    <td className="px-3 py-2 break-all">{d.recipient ?? "—"}</td>
                    <td className="px-3 py-2 font-mono text-xs">{d.kind}</td>
                    <td className="px-3 py-2" title={d.lastError ?? undefined}>
                      {d.state}
                      {d.attemptCount > 1 ? ` (${d.attemptCount} attempts)` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

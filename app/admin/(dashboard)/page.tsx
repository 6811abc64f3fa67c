import type { Metadata } from "next";
import Link from "next/link";
import { loadDashboardSummary } from "@/lib/admin/dashboard";
import { CHANNEL_LABELS, CHANNELS, COMPONENT_STATUS_LABELS, DELIVERY_STATES, INCIDENT_STATUS_LABELS, SUBSCRIBER_STATES } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AutoRefresh } from "@/components/admin/AutoRefresh";
import { FanoutBar } from "@/components/admin/FanoutTable";
import { StatusIcon } from "@/components/StatusIcon";
import { IMPACT_BORDER } from "@/components/status-styles";
import { Time } from "@/components/Time";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = { "incident-posted": "Incident posted" };

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

/** "4 s", "12 min", "3 h 5 min": how long the oldest message has waited. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  const summary = await loadDashboardSummary({ actor });

  const sending = summary.fanoutsInProgress.length > 0;
  const q = summary.queue;

  return (
    <div className="space-y-8">
      <AutoRefresh active={sending} everyMs={5_000} />
      <Notice text={noticeText} />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
        <Link href="/admin/incidents/new" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white no-underline shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          New incident
        </Link>
      </div>

      <section aria-labelledby="queue-heading" className={CARD}>
        <h2 id="queue-heading" className="text-lg font-semibold">
          Delivery queue
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Waiting to send</dt>
            <dd className="text-2xl font-semibold tabular-nums">{q.waiting}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Sending now</dt>
            <dd className="text-2xl font-semibold tabular-nums">{q.sending}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Oldest waiting</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${q.oldestWaitingMs > 60_000 ? "text-red-700 dark:text-red-400" : ""}`}>
              {q.oldestWaitingMs > 0 ? duration(q.oldestWaitingMs) : "—"}
            </dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Workers running</dt>
            <dd className={`text-2xl font-semibold tabular-nums ${q.workersAlive === 0 ? "text-red-700 dark:text-red-400" : ""}`}>{q.workersAlive}</dd>
          </div>
        </dl>
        {q.workersAlive === 0 && q.waiting > 0 ? (
          <p role="alert" className="mt-3 text-sm font-medium text-red-700 dark:text-red-400">
            No worker is running: nothing will be sent until one starts (npm run start:worker).
          </p>
        ) : null}
      </section>

      {sending ? (
        <section aria-labelledby="fanouts-heading" className="space-y-3">
          <h2 id="fanouts-heading" className="text-lg font-semibold">
            Sending now <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(updates every 5 s)</span>
          </h2>
          <ul className="space-y-3">
            {summary.fanoutsInProgress.map((f) => (
              <li key={f.notificationId} className={CARD}>
                <p className="font-medium">
                  {f.incident ? (
                    <Link href={f.incident.kind === "maintenance" ? `/admin/maintenance/${f.incident.id}` : `/admin/incidents/${f.incident.id}`}>{f.incident.name}</Link>
                  ) : (
                    "Component status"
                  )}{" "}
                  <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
                    · {f.kind.replaceAll("_", " ")} · <Time date={f.createdAt} />
                    {f.expanding ? " · still finding subscribers…" : ""}
                  </span>
                </p>
                <table className="mt-2 text-sm tabular-nums">
                  <tbody>
                    {CHANNELS.filter((ch) => f.channels[ch]).map((ch) => {
                      const c = f.channels[ch]!;
                      return (
                        <tr key={ch}>
                          <th scope="row" className="py-0.5 pr-3 text-left font-medium">
                            {CHANNEL_LABELS[ch]}
                          </th>
                          <td className="py-0.5 pr-3">
                            <FanoutBar c={c} />
                          </td>
                          <td className="py-0.5 pr-3">
                            {c.sent + c.failed + c.cancelled} of {c.total} done
                          </td>
                          <td className="py-0.5 text-zinc-600 dark:text-zinc-400">
                            {c.failed ? `${c.failed} failed · ` : ""}
                            {c.retrying ? `${c.retrying} retrying · ` : ""}
                            {c.pending} waiting
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="components-heading" className="space-y-3">
        <h2 id="components-heading" className="text-lg font-semibold">
          Components not operational
        </h2>
        {summary.componentsNotOperational.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">Every component is operational.</p>
        ) : (
          <ul className="space-y-1">
            {summary.componentsNotOperational.map((c) => (
              <li key={c.id} className="flex items-center gap-2">
                <StatusIcon status={c.status} />
                <span className="font-medium">{c.groupName ? `${c.groupName} › ${c.name}` : c.name}</span>
                <span className="text-sm text-zinc-600 dark:text-zinc-400">{COMPONENT_STATUS_LABELS[c.status]}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm">
          <Link href="/admin/components">Manage components</Link>
        </p>
      </section>

      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-lg font-semibold">
          Open incidents and maintenance in progress
        </h2>
        {summary.openIncidents.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">No open incidents.</p>
        ) : (
          <ul className="space-y-3">
            {summary.openIncidents.map((i) => (
              <li key={i.id} className={`${CARD} border-l-4 ${IMPACT_BORDER[i.impact]}`}>
                <p className="font-semibold">
                  <Link href={i.kind === "maintenance" ? `/admin/maintenance/${i.id}` : `/admin/incidents/${i.id}`}>{i.name}</Link>
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

      <section aria-labelledby="upcoming-heading" className="space-y-3">
        <h2 id="upcoming-heading" className="text-lg font-semibold">
          Upcoming maintenance
        </h2>
        {summary.upcomingMaintenance.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">
            None scheduled. <Link href="/admin/maintenance/new">Schedule a maintenance</Link>
          </p>
        ) : (
          <ul className="space-y-1">
            {summary.upcomingMaintenance.map((m) => (
              <li key={m.id}>
                <Link href={`/admin/maintenance/${m.id}`} className="font-medium">
                  {m.name}
                </Link>{" "}
                <span className="text-sm text-zinc-600 dark:text-zinc-400">
                  {m.scheduledFor ? <Time date={m.scheduledFor} /> : null}
                  {m.scheduledUntil ? (
                    <>
                      {" – "}
                      <Time date={m.scheduledUntil} />
                    </>
                  ) : null}
                </span>
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

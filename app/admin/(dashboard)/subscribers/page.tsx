import type { Metadata } from "next";
import Link from "next/link";
import { loadSubscribersPage, subscriberFilterQuery, readSubscriberFilter } from "@/lib/admin/subscribers";
import type { SubscriberRow } from "@/lib/subscribers/list";
import { CHANNEL_LABELS, SUBSCRIBER_CHANNELS, SUBSCRIBER_STATES, type SubscriberState } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { INPUT, LABEL } from "@/components/admin/fields";
import { SubscriberAddForm } from "@/components/admin/SubscriberAddForm";
import { SubscriberImportForm } from "@/components/admin/SubscriberImportForm";
import { SubscriberRowActions } from "@/components/admin/SubscriberRowActions";
import { Time } from "@/components/Time";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Subscribers · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  removed: "Subscriber removed: marked unsubscribed, and sent nothing more.",
  reactivated: "Subscriber reactivated: the next notification tries it afresh.",
};

const STATE_LABELS: Record<SubscriberState, string> = {
  unconfirmed: "Unconfirmed",
  active: "Active",
  quarantined: "Quarantined",
  unsubscribed: "Unsubscribed",
};

const STATE_STYLES: Record<SubscriberState, string> = {
  unconfirmed: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  active: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  quarantined: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  unsubscribed: "bg-zinc-100 text-zinc-600 line-through dark:bg-zinc-800 dark:text-zinc-400",
};

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
const TH = "px-3 py-2 font-medium";
const BUTTON_LINK =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

function Delivery({ s }: { s: SubscriberRow }) {
  if (s.state === "quarantined") {
    return (
      <>
        Quarantined{s.quarantinedAt ? <> <Time date={s.quarantinedAt} /></> : null}
        {s.consecutiveFailures ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">after {s.consecutiveFailures} failures in a row</span> : null}
      </>
    );
  }
  if (s.consecutiveFailures) return <>{s.consecutiveFailures} failed in a row</>;
  return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SubscribersPage({ searchParams }: Props) {
  const actor = await requireOperator();
  const params = await searchParams;
  const filter = readSubscriberFilter(params);
  const { counts, list, components, canWrite } = await loadSubscribersPage({ actor, input: filter });
  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  const current = { ...filter, page: list.page };
  const returnTo = subscriberFilterQuery(current);
  const filtered = Boolean(filter.q || filter.channel || filter.state || filter.componentId);
  const exportHref = `/admin/subscribers/export${subscriberFilterQuery({ ...filter, page: 1 })}`;
  const first = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.page * list.pageSize, list.total);

  return (
    <div className="space-y-8">
      <Notice text={notice} />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Subscribers</h1>
        {canWrite ? (
          <a href={exportHref} download className={BUTTON_LINK}>
            Export CSV{filtered ? " (filtered)" : ""}
          </a>
        ) : null}
      </div>

      <section aria-labelledby="counts-heading" className={CARD}>
        <h2 id="counts-heading" className="sr-only">
          Counts
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[28rem] text-right text-sm tabular-nums">
            <caption className="mb-2 text-left text-sm text-zinc-600 dark:text-zinc-400">Subscribers by state and channel</caption>
            <thead className="text-zinc-700 dark:text-zinc-300">
              <tr>
                <th scope="col" className={`${TH} text-left`}>
                  State
                </th>
                {SUBSCRIBER_CHANNELS.map((c) => (
                  <th key={c} scope="col" className={TH}>
                    {CHANNEL_LABELS[c]}
                  </th>
                ))}
                <th scope="col" className={TH}>
                  Total
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {SUBSCRIBER_STATES.map((s) => (
                <tr key={s}>
                  <th scope="row" className={`${TH} text-left`}>
                    <Link href={`/admin/subscribers?state=${s}`}>{STATE_LABELS[s]}</Link>
                  </th>
                  {SUBSCRIBER_CHANNELS.map((c) => (
                    <td key={c} className="px-3 py-2">
                      {counts.cells[s][c]}
                    </td>
                  ))}
                  <td className="px-3 py-2 font-semibold">{counts.byState[s]}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t-2 border-zinc-300 font-semibold dark:border-zinc-700">
              <tr>
                <th scope="row" className={`${TH} text-left`}>
                  Total
                </th>
                {SUBSCRIBER_CHANNELS.map((c) => (
                  <td key={c} className="px-3 py-2">
                    {counts.byChannel[c]}
                  </td>
                ))}
                <td className="px-3 py-2">{counts.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section aria-labelledby="list-heading" className="space-y-4">
        <h2 id="list-heading" className="text-lg font-semibold">
          List
        </h2>
        <form method="get" action="/admin/subscribers" role="search" aria-label="Filter subscribers" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1.5fr_auto] lg:items-end">
          <div>
            <label htmlFor="filter-q" className={LABEL}>
              Search addresses
            </label>
            <input id="filter-q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={320} className={`mt-1 ${INPUT}`} />
          </div>
          <div>
            <label htmlFor="filter-channel" className={LABEL}>
              Filter by channel
            </label>
            <select id="filter-channel" name="channel" defaultValue={filter.channel ?? ""} className={`mt-1 ${INPUT}`}>
              <option value="">Any</option>
              {SUBSCRIBER_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-state" className={LABEL}>
              Filter by state
            </label>
            <select id="filter-state" name="state" defaultValue={filter.state ?? ""} className={`mt-1 ${INPUT}`}>
              <option value="">Any</option>
              {SUBSCRIBER_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-component" className={LABEL}>
              Filter by component
            </label>
            <select id="filter-component" name="component" defaultValue={filter.componentId ?? ""} aria-describedby="filter-component-help" className={`mt-1 ${INPUT}`}>
              <option value="">Any</option>
              {components.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.groupName ? `${c.name} (${c.groupName})` : c.name}
                </option>
              ))}
            </select>
            <p id="filter-component-help" className="sr-only">
              Subscribers who hear about it: those who chose it and those subscribed to every component.
            </p>
          </div>
          <div className="flex gap-2">
            <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
              Filter
            </button>
            {filtered ? (
              <Link href="/admin/subscribers" className={`${BUTTON_LINK} self-center`}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>

        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {list.total === 0
            ? filtered
              ? "No subscribers match these filters."
              : "No subscribers yet."
            : `Showing ${first}–${last} of ${list.total}${filtered ? " matching" : ""}, newest first. A component filter includes those subscribed to every component.`}
        </p>

        {list.rows.length ? (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full min-w-[56rem] text-left text-sm">
              <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                <tr>
                  <th scope="col" className={TH}>Channel</th>
                  <th scope="col" className={TH}>Address</th>
                  <th scope="col" className={TH}>State</th>
                  <th scope="col" className={TH}>Components</th>
                  <th scope="col" className={TH}>Created</th>
                  <th scope="col" className={TH}>Confirmed</th>
                  <th scope="col" className={TH}>Delivery failures</th>
                  {canWrite ? <th scope="col" className={TH}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 bg-white align-top dark:divide-zinc-800 dark:bg-zinc-900">
                {list.rows.map((s) => (
                  <tr key={s.id}>
                    <td className="px-3 py-2">{CHANNEL_LABELS[s.channel]}</td>
                    <td className="px-3 py-2 break-all">{s.address}</td>
                    <td className="px-3 py-2">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLES[s.state]}`}>{STATE_LABELS[s.state]}</span>
                      {s.unsubscribedAt ? (
                        <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
                          <Time date={s.unsubscribedAt} />
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">{s.components.length ? s.components.map((c) => c.name).join(", ") : <span className="text-zinc-600 dark:text-zinc-400">All</span>}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Time date={s.createdAt} />
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">via {s.source}</span>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{s.confirmedAt ? <Time date={s.confirmedAt} /> : <span className="text-zinc-500 dark:text-zinc-400">—</span>}</td>
                    <td className="px-3 py-2">
                      <Delivery s={s} />
                    </td>
                    {canWrite ? (
                      <td className="px-3 py-2">
                        <SubscriberRowActions subscriber={{ id: s.id, address: s.address, channel: s.channel, state: s.state }} returnTo={returnTo} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}

        {list.pageCount > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm">
            {list.page > 1 ? (
              <Link href={`/admin/subscribers${subscriberFilterQuery({ ...filter, page: list.page - 1 })}`} rel="prev" className={BUTTON_LINK}>
                Previous page
              </Link>
            ) : (
              <span />
            )}
            <span>
              Page {list.page} of {list.pageCount}
            </span>
            {list.page < list.pageCount ? (
              <Link href={`/admin/subscribers${subscriberFilterQuery({ ...filter, page: list.page + 1 })}`} rel="next" className={BUTTON_LINK}>
                Next page
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>

      {canWrite ? (
        <div className="grid gap-8 lg:grid-cols-2">
          <section aria-labelledby="add-heading" className={`${CARD} space-y-4`}>
            <h2 id="add-heading" className="text-lg font-semibold">
              Add a subscriber
            </h2>
            <SubscriberAddForm components={components} />
          </section>
          <section aria-labelledby="import-heading" className={`${CARD} space-y-4`}>
            <h2 id="import-heading" className="text-lg font-semibold">
              Import from CSV
            </h2>
            <SubscriberImportForm />
          </section>
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Your role may see subscribers; an owner or admin can add, remove, import and export them.</p>
      )}
    </div>
  );
}

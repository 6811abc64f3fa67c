import type { Metadata } from "next";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { can } from "@/lib/auth/actor";
import { loadAuditView, pageTimeZone, zonedLocalToDate, type AuditView } from "@/lib/admin/audit";
import { ACTOR_LABELS, AUDIT_ACTOR_TYPES, ListAuditInput, type AuditActorType } from "@/lib/audit/list";
import { formatInZone, zoneName } from "@/components/time-format";
import { AuditDiff } from "@/components/admin/AuditDiff";
import { INPUT, LABEL } from "@/components/admin/fields";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log · Herald" };

type Search = Record<string, string | string[] | undefined>;

const PAGE_SIZE = 50;
const FILTERS = ["who", "type", "id", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** The filters as typed, and the query they make (times typed in the page's zone), or why they make none. */
function readFilters(sp: Search, timeZone: string): { filters: Filters; input: ListAuditInput | null; problem: string | null } {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, one(sp[f]).trim()])) as Filters;
  const from = filters.from ? zonedLocalToDate(filters.from, timeZone) : undefined;
  const to = filters.to ? zonedLocalToDate(filters.to, timeZone) : undefined;
  if (from === null || to === null) return { filters, input: null, problem: "Enter the times as a date and a time of day." };
  const who = filters.who;
  const isType = (AUDIT_ACTOR_TYPES as readonly string[]).includes(who);
  const before = one(sp.before);
  const after = one(sp.after);
  const input: ListAuditInput = {
    operatorId: who && !isType ? who : undefined,
    actorType: isType ? (who as AuditActorType) : undefined,
    targetType: filters.type || undefined,
    targetId: filters.id || undefined,
    from,
    // The end minute is included: "to 14:30" reads as up to 14:30:59.
    to: to ? new Date(to.getTime() + 59_999) : undefined,
    before: before || undefined,
    after: after || undefined,
    limit: PAGE_SIZE,
  };
  const parsed = ListAuditInput.safeParse(input);
  if (!parsed.success) return { filters, input: null, problem: parsed.error.issues.map((i) => i.message).join("; ") };
  return { filters, input, problem: null };
}

function pageHref(filters: Filters, cursor: { before?: string; after?: string }): string {
  const q = new URLSearchParams();
  for (const f of FILTERS) if (filters[f]) q.set(f, filters[f]);
  if (cursor.before) q.set("before", cursor.before);
  if (cursor.after) q.set("after", cursor.after);
  const s = q.toString();
  return s ? `/admin/audit?${s}` : "/admin/audit";
}

const WHO_TYPES: { value: Exclude<AuditActorType, "operator">; label: string }[] = [
  { value: "api_key", label: "Any API key" },
  { value: "cli", label: ACTOR_LABELS.cli },
  { value: "system", label: ACTOR_LABELS.system },
  { value: "public", label: "Visitors" },
];

function FilterForm({ filters, view, timeZone }: { filters: Filters; view: Pick<AuditView, "operators" | "targetTypes">; timeZone: string }) {
  const types = filters.type && !view.targetTypes.includes(filters.type) ? [...view.targetTypes, filters.type] : view.targetTypes;
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" className="grid gap-4 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div>
        <label htmlFor="audit-who" className={LABEL}>
          Who
        </label>
        <select id="audit-who" name="who" defaultValue={filters.who} className={`mt-1 ${INPUT}`}>
          <option value="">Anyone</option>
          <optgroup label="Operators (with their API keys)">
            {view.operators.map((o) => (
              <option key={o.id} value={o.id}>
                {o.email}
              </option>
            ))}
          </optgroup>
          <optgroup label="Others">
            {WHO_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div>
        <label htmlFor="audit-type" className={LABEL}>
          Entity type
        </label>
        <select id="audit-type" name="type" defaultValue={filters.type} className={`mt-1 ${INPUT}`}>
          <option value="">Any</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-id" className={LABEL}>
          Entity id
        </label>
        <input id="audit-id" name="id" type="text" defaultValue={filters.id} maxLength={100} spellCheck={false} className={`mt-1 ${INPUT}`} />
      </div>
      <div>
        <label htmlFor="audit-from" className={LABEL}>
          From <span className="font-normal text-zinc-600 dark:text-zinc-400">({zoneName(timeZone)})</span>
        </label>
        <input id="audit-from" name="from" type="datetime-local" defaultValue={filters.from} className={`mt-1 ${INPUT}`} />
      </div>
      <div>
        <label htmlFor="audit-to" className={LABEL}>
          To <span className="font-normal text-zinc-600 dark:text-zinc-400">({zoneName(timeZone)})</span>
        </label>
        <input id="audit-to" name="to" type="datetime-local" defaultValue={filters.to} className={`mt-1 ${INPUT}`} />
      </div>
      <div className="flex items-end gap-3">
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-500">
          Filter
        </button>
        <Link href="/admin/audit" className="py-2 text-sm">
          Clear
        </Link>
      </div>
    </form>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireOperator();
  if (!can(actor, "audit.read")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <p className="text-zinc-700 dark:text-zinc-300">Your account cannot read the audit log: an owner or admin can.</p>
      </div>
    );
  }
  const sp = await searchParams;
  const timeZone = await pageTimeZone();
  const { filters, input, problem } = readFilters(sp, timeZone);
  const view = await loadAuditView({ actor, input: input ?? { limit: PAGE_SIZE } });
  const rows = input ? view.rows : [];
  const filtered = FILTERS.some((f) => filters[f]);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Every change, newest first: who made it, from where, and what it was before and after. The log cannot be edited. Times in {zoneName(view.timeZone)}.
        </p>
      </div>

      <FilterForm filters={filters} view={view} timeZone={view.timeZone} />

      {problem ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
          The filter could not be applied: {problem}
        </p>
      ) : null}

      {input && rows.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">{filtered ? "Nothing in the log matches these filters." : "The log is empty."}</p>
      ) : null}

      {rows.length ? (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[56rem] text-left text-sm">
            <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">When</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 font-medium">What</th>
                <th scope="col" className="px-3 py-2 font-medium">Target</th>
                <th scope="col" className="px-3 py-2 font-medium">From</th>
                <th scope="col" className="px-3 py-2 font-medium">Before → after</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-900">
              {rows.map((r) => (
                <tr key={r.id} className="align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={r.at.toISOString()}>{formatInZone(r.at, view.timeZone)}</time>
                  </td>
                  <td className="px-3 py-2 break-words">{r.actor.label}</td>
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{r.action}</td>
                  <td className="px-3 py-2">
                    {r.target ? (
                      <>
                        <span className="text-zinc-600 dark:text-zinc-400">{r.target.type}</span>{" "}
                        {r.target.href ? <Link href={r.target.href}>{r.target.name ?? r.target.id ?? r.target.type}</Link> : <span>{r.target.name ?? r.target.id}</span>}
                        {r.target.name && r.target.id ? <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{r.target.id}</span> : null}
                      </>
                    ) : (
                      <span className="text-zinc-500 dark:text-zinc-400">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{r.ip ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>}</td>
                  <td className="max-w-md px-3 py-2">
                    <AuditDiff before={r.before} after={r.after} details={r.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {input && (view.newer || view.older) ? (
        <nav aria-label="Audit log pages" className="flex justify-between gap-3">
          {view.newer ? (
            <Link href={pageHref(filters, { after: view.newer })} rel="prev">
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          {view.older ? (
            <Link href={pageHref(filters, { before: view.older })} rel="next">
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

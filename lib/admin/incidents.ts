// Read-only: the dashboard's list of incidents (maintenance has its own list): open ones first,
// then past ones, newest first within each; searched by name and update text; 25 a page.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { hasNul } from "@/lib/text";
import { CLOSED_STATUSES, type AnyIncidentStatus, type Impact } from "@/lib/vocabulary";

export const INCIDENTS_PER_PAGE = 25;
export const INCIDENT_FILTERS = ["all", "open", "past"] as const;
export type IncidentFilter = (typeof INCIDENT_FILTERS)[number];

/** Lenient on purpose: it reads a query string, where anything odd means "the default". */
export const IncidentListInput = z.object({
  q: z
    .string()
    .optional()
    .transform((s) => (s && !hasNul(s) ? s.trim().slice(0, 200) : "")),
  filter: z
    .string()
    .optional()
    .transform((f): IncidentFilter => ((INCIDENT_FILTERS as readonly string[]).includes(f ?? "") ? (f as IncidentFilter) : "all")),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type IncidentListInput = z.input<typeof IncidentListInput>;

export type IncidentListRow = {
  id: string;
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  startedAt: Date;
  resolvedAt: Date | null;
  open: boolean;
  postmortemPublished: boolean;
};

export type IncidentList = {
  q: string;
  filter: IncidentFilter;
  page: number;
  /** Incidents matching the search and filter, over every page. */
  total: number;
  rows: IncidentListRow[];
  hasNewer: boolean;
  hasOlder: boolean;
};

export async function listIncidents({ actor, input }: { actor: Actor; input: IncidentListInput }): Promise<IncidentList> {
  requirePermission(actor, "incident.write");
  const { q, filter, page } = IncidentListInput.parse(input);
  const closed = CLOSED_STATUSES as string[];
  const offset = (page - 1) * INCIDENTS_PER_PAGE;
  const isOpen = Prisma.sql`NOT (i.status::text = ANY(${closed}::text[]))`;
  // strpos on lower-cased text: a plain substring search, where % and _ typed by the operator mean themselves.
  const where = Prisma.sql`
    i.kind = 'incident'
    AND (${filter} = 'all' OR (${filter} = 'open') = ${isOpen})
    AND (${q} = '' OR strpos(lower(i.name), lower(${q})) > 0
         OR EXISTS (SELECT 1 FROM incident_update u WHERE u.incident_id = i.id AND strpos(lower(u.body), lower(${q})) > 0))`;
  const rows = await db().$queryRaw<
    { id: string; name: string; status: AnyIncidentStatus; impact: Impact; started_at: Date; resolved_at: Date | null; open: boolean; postmortem_published: boolean; total: bigint }[]
  >`
    SELECT i.id, i.name, i.status::text AS status, i.impact::text AS impact, i.started_at, i.resolved_at,
           ${isOpen} AS open, i.postmortem_published_at IS NOT NULL AS postmortem_published, count(*) OVER () AS total
    FROM incident i WHERE ${where}
    ORDER BY open DESC, i.started_at DESC, i.id DESC
    LIMIT ${INCIDENTS_PER_PAGE + 1} OFFSET ${offset}`;
  let total = Number(rows[0]?.total ?? 0);
  if (!rows.length && page > 1) {
    // Past the last page the window function saw no rows: count on its own.
    const [c] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM incident i WHERE ${where}`;
    total = Number(c?.n ?? 0);
  }
  return {
    q,
    filter,
    page,
    total,
    rows: rows.slice(0, INCIDENTS_PER_PAGE).map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      impact: r.impact,
      startedAt: r.started_at,
      resolvedAt: r.resolved_at,
      open: r.open,
      postmortemPublished: r.postmortem_published,
    })),
    hasNewer: page > 1,
    hasOlder: rows.length > INCIDENTS_PER_PAGE,
  };
}

// The permanent page of one incident or maintenance, whatever its age (the snapshot holds them
// all): its whole timeline, shareable, with Open Graph tags. Emails link here.
import type { Metadata } from "next";
import { PublicLink } from "@/components/PublicLink";
import { notFound } from "next/navigation";
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { incidentById } from "@/lib/public/view";
import { getSnapshot } from "@/app/_lib/snapshot";
import { incidentView, status, type IncidentView } from "@/app/_lib/public";
import { IMPACT_LABELS, INCIDENT_KIND_LABELS } from "@/lib/vocabulary";
import { IncidentCard } from "@/components/IncidentCard";
import { faviconHref } from "@/components/live-events";
import { PublicPage } from "@/components/PublicPage";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

function find(snapshot: PublicSnapshot, id: string): IncidentView | null {
  const incident = incidentById(snapshot, id);
  return incident ? incidentView(snapshot, incident) : null;
}

function title(snapshot: PublicSnapshot, incident: IncidentView): string {
  return `${incident.name} (${incident.statusLabel}) — ${snapshot.page.name}`;
}

/** The page's public base URL, when page settings give a valid one. */
function baseUrl(snapshot: PublicSnapshot): URL | null {
  try {
    const u = new URL(snapshot.page.url);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const snapshot = await getSnapshot();
  const incident = find(snapshot, id);
  const icons = { icon: [{ url: faviconHref(status(snapshot).indicator), type: "image/svg+xml" }] };
  if (!incident) return { title: `Not found — ${snapshot.page.name}`, icons, robots: { index: false } };
  const base = baseUrl(snapshot);
  const url = base ? new URL(`/incidents/${incident.id}`, base).toString() : undefined;
  const description = incident.summary || `${INCIDENT_KIND_LABELS[incident.kind]} on ${snapshot.page.name}: ${incident.statusLabel}`;
  return {
    ...(base ? { metadataBase: base } : {}),
    title: title(snapshot, incident),
    description,
    icons,
    ...(url ? { alternates: { canonical: url } } : {}),
    openGraph: {
      type: "article",
      title: incident.name,
      description,
      siteName: snapshot.page.name,
      ...(url ? { url } : {}),
      publishedTime: incident.startedAt.toISOString(),
      modifiedTime: (incident.updates[0]?.displayAt ?? incident.startedAt).toISOString(),
    },
    twitter: { card: "summary", title: incident.name, description },
  };
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  const snapshot = await getSnapshot();
  const incident = find(snapshot, id);
  if (!incident) notFound();
  const isMaintenance = incident.kind === "maintenance";
  return (
    <PublicPage snapshot={snapshot} title={title(snapshot, incident)}>
      <nav aria-label="Breadcrumb" className="text-sm">
        <PublicLink href="/" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
          ← Current status
        </PublicLink>
        <span aria-hidden className="px-2 text-zinc-400">
          /
        </span>
        <PublicLink href="/history" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
          Incident history
        </PublicLink>
      </nav>
      <IncidentCard incident={incident} headingLevel={1} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-lg border border-zinc-200 bg-white p-4 text-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <dt className="text-zinc-600 dark:text-zinc-400">Type</dt>
        <dd>{INCIDENT_KIND_LABELS[incident.kind]}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
        <dd>{incident.statusLabel}</dd>
        {!isMaintenance ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Impact</dt>
            <dd>{IMPACT_LABELS[incident.impact]}</dd>
          </>
        ) : null}
        <dt className="text-zinc-600 dark:text-zinc-400">{isMaintenance ? "Window" : "Started"}</dt>
        <dd>
          {isMaintenance && incident.scheduledFor ? (
            <>
              <Time date={incident.scheduledFor} withPageZone />
              {incident.scheduledUntil ? (
                <>
                  {" – "}
                  <Time date={incident.scheduledUntil} withPageZone />
                </>
              ) : null}
            </>
          ) : (
            <Time date={incident.startedAt} withPageZone />
          )}
        </dd>
        {incident.resolvedAt ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">{isMaintenance ? "Completed" : "Resolved"}</dt>
            <dd>
              <Time date={incident.resolvedAt} withPageZone />
            </dd>
          </>
        ) : null}
        {incident.componentNames.length > 0 ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Components</dt>
            <dd>{incident.componentNames.join(", ")}</dd>
          </>
        ) : null}
      </dl>
    </PublicPage>
  );
}

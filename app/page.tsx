// The public status page: overall status, open incidents and maintenance, components with their
// uptime, system metrics, the last 14 days, subscribe. Rendered from the cached public snapshot
// only (the same HTML for every visitor: the server caches one render per snapshot).
import type { Metadata } from "next";
import { PublicLink } from "@/components/PublicLink";
import { getSnapshot } from "@/app/_lib/snapshot";
import { homeTitle, homeView, uptimeBars } from "@/app/_lib/public";
import { ComponentList } from "@/components/ComponentList";
import { IncidentCard, IncidentSummary } from "@/components/IncidentCard";
import { faviconHref } from "@/components/live-events";
import { MetricsSection } from "@/components/metrics/MetricsSection";
import { PublicPage } from "@/components/PublicPage";
import { StatusBanner } from "@/components/StatusBanner";
import { SubscribeForm } from "@/components/SubscribeForm";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const snapshot = await getSnapshot();
  const { status } = homeView(snapshot);
  return {
    title: homeTitle(snapshot),
    description: `${snapshot.page.name} status: ${status.description}. Current status, incidents and scheduled maintenance.`,
    icons: { icon: [{ url: faviconHref(status.indicator), type: "image/svg+xml" }] },
    alternates: { types: { "application/atom+xml": "/history.atom", "application/rss+xml": "/history.rss" } },
  };
}

const H2 = "text-xl font-semibold tracking-tight";

export default async function StatusPage() {
  const snapshot = await getSnapshot();
  const view = homeView(snapshot);
  return (
    <PublicPage snapshot={snapshot} titleIsHeading>
      <StatusBanner status={view.status} />

      {view.open.length > 0 ? (
        <section aria-labelledby="active-heading" className="space-y-4">
          <h2 id="active-heading" className={H2}>
            Active incidents
          </h2>
          {view.open.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </section>
      ) : null}

      {view.activeMaintenance.length > 0 ? (
        <section aria-labelledby="maintenance-heading" className="space-y-4">
          <h2 id="maintenance-heading" className={H2}>
            Maintenance in progress
          </h2>
          {view.activeMaintenance.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </section>
      ) : null}

      {view.upcomingMaintenance.length > 0 ? (
        <section aria-labelledby="upcoming-heading" className="space-y-4">
          <h2 id="upcoming-heading" className={H2}>
            Scheduled maintenance
          </h2>
          {view.upcomingMaintenance.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="components-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="components-heading" className={H2}>
            Components
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Uptime over the past 90 days (UTC)</p>
        </div>
        <ComponentList items={view.items} bars={(id) => uptimeBars(snapshot, id)} />
      </section>

      <MetricsSection />

      <section aria-labelledby="past-heading" className="space-y-4">
        <h2 id="past-heading" className={H2}>
          Past incidents
        </h2>
        <div className="space-y-6">
          {view.past.map((day) => (
            <section key={day.date} aria-labelledby={`day-${day.date}`} data-day={day.date}>
              <h3 id={`day-${day.date}`} className="border-b border-zinc-200 pb-1.5 font-semibold dark:border-zinc-800">
                <time dateTime={day.date}>{day.label}</time>
              </h3>
              {day.incidents.length === 0 ? (
                <p className="pt-2 text-zinc-600 dark:text-zinc-400">No incidents reported.</p>
              ) : (
                <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {day.incidents.map((incident) => (
                    <IncidentSummary key={incident.id} incident={incident} headingLevel={4} />
                  ))}
                </div>
              )}
            </section>
          ))}
        </div>
        <p>
          <PublicLink href="/history" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
            Incident history →
          </PublicLink>
        </p>
      </section>

      <section
        id="subscribe"
        aria-labelledby="subscribe-heading"
        className="scroll-mt-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h2 id="subscribe-heading" className={H2}>
          Subscribe to updates
        </h2>
        <SubscribeForm />
      </section>
    </PublicPage>
  );
}

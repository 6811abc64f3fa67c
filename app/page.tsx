// The public status page: overall status, active incidents, components, recent history, subscribe.
import type { Metadata } from "next";
import { getSnapshot } from "@/app/_lib/snapshot";
import { ComponentList } from "@/components/ComponentList";
import { IncidentCard } from "@/components/IncidentCard";
import { PageHeader } from "@/components/PageHeader";
import { StatusBanner } from "@/components/StatusBanner";
import { SubscribeForm } from "@/components/SubscribeForm";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const snapshot = await getSnapshot();
  return { title: `${snapshot.page.name} Status`, description: `${snapshot.page.name}: ${snapshot.status.description}` };
}

export default async function StatusPage() {
  const snapshot = await getSnapshot();
  const { page, status, items, activeIncidents, recentIncidents } = snapshot;
  return (
    <>
      <PageHeader name={page.name} logoUrl={page.logoUrl} brandColor={page.brandColor} />
      <main id="main" className="mx-auto max-w-3xl space-y-10 px-4 py-8">
        <StatusBanner status={status} />

        {activeIncidents.length > 0 ? (
          <section aria-labelledby="active-heading" className="space-y-4">
            <h2 id="active-heading" className="text-xl font-semibold">
              Active incidents
            </h2>
            {activeIncidents.map((incident) => (
              <IncidentCard key={incident.id} incident={incident} />
            ))}
          </section>
        ) : null}

        <section aria-labelledby="components-heading" className="space-y-4">
          <h2 id="components-heading" className="text-xl font-semibold">
            Components
          </h2>
          <ComponentList items={items} />
        </section>

        <section aria-labelledby="past-heading" className="space-y-4">
          <h2 id="past-heading" className="text-xl font-semibold">
            Past incidents
          </h2>
          {recentIncidents.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No incidents in the last 14 days.</p>
          ) : (
            recentIncidents.map((incident) => <IncidentCard key={incident.id} incident={incident} />)
          )}
        </section>

        <section aria-labelledby="subscribe-heading" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="subscribe-heading" className="text-xl font-semibold">
            Subscribe to updates
          </h2>
          <SubscribeForm />
        </section>
      </main>
      <footer className="mx-auto max-w-3xl px-4 pb-10 text-sm text-zinc-500 dark:text-zinc-400">
        Powered by Herald
      </footer>
    </>
  );
}

// One incident with its full timeline (the "Follow this incident" link in notification emails).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { PageSnapshot } from "@/lib/page/snapshot";
import { getSnapshot } from "@/app/_lib/snapshot";
import { IncidentCard } from "@/components/IncidentCard";
import { PageHeader } from "@/components/PageHeader";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

function find(snapshot: PageSnapshot, id: string) {
  return snapshot.activeIncidents.find((i) => i.id === id) ?? snapshot.recentIncidents.find((i) => i.id === id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const snapshot = await getSnapshot();
  const incident = find(snapshot, id);
  return { title: incident ? `${incident.name} · ${snapshot.page.name} Status` : `${snapshot.page.name} Status` };
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  const snapshot = await getSnapshot();
  // The snapshot holds open incidents and those of the last 14 days, which is what emails link to.
  const incident = find(snapshot, id);
  if (!incident) notFound();
  return (
    <>
      <PageHeader name={snapshot.page.name} logoUrl={snapshot.page.logoUrl} brandColor={snapshot.page.brandColor} titleIsHeading={false} />
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <p>
          <Link href="/" className="text-sm font-medium text-blue-700 underline dark:text-blue-400">
            ← Current status
          </Link>
        </p>
        <IncidentCard incident={incident} headingLevel={1} />
      </main>
    </>
  );
}

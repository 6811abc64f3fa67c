import Link from "next/link";
import type { PublicIncident } from "@/lib/page/snapshot";
import { INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { IMPACT_BORDER, IMPACT_TEXT } from "@/components/status-styles";
import { Time } from "@/components/Time";

/** An incident with its update timeline, newest first. Bodies are plain text (line breaks kept). */
export function IncidentCard({ incident, headingLevel = 3, linkName = headingLevel !== 1 }: { incident: PublicIncident; headingLevel?: 1 | 2 | 3; linkName?: boolean }) {
  const Heading = headingLevel === 1 ? "h1" : headingLevel === 2 ? "h2" : "h3";
  const isMaintenance = incident.kind === "maintenance";
  return (
    <article
      aria-labelledby={`incident-${incident.id}`}
      className={`rounded-lg border border-l-4 border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900 ${IMPACT_BORDER[incident.impact]}`}
    >
      <header className="mb-3">
        <Heading id={`incident-${incident.id}`} className={`font-semibold ${headingLevel === 1 ? "text-2xl" : "text-lg"} ${IMPACT_TEXT[incident.impact]}`}>
          {linkName ? (
            <Link href={`/incidents/${incident.id}`} className="hover:underline">
              {incident.name}
            </Link>
          ) : (
            incident.name
          )}
        </Heading>
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          {isMaintenance ? <span>Scheduled maintenance</span> : null}
          {incident.componentNames.length > 0 ? <span>Affects: {incident.componentNames.join(", ")}</span> : null}
          {isMaintenance && incident.scheduledFor ? (
            <span>
              Scheduled for <Time date={incident.scheduledFor} />
              {incident.scheduledUntil ? (
                <>
                  {" "}
                  until <Time date={incident.scheduledUntil} />
                </>
              ) : null}
            </span>
          ) : null}
        </p>
      </header>
      <ol className="space-y-4 border-l-2 border-zinc-200 pl-4 dark:border-zinc-700">
        {incident.updates.map((u) => (
          <li key={u.id} className="relative">
            <span aria-hidden className="absolute top-1.5 -left-[1.3rem] size-2.5 rounded-full bg-zinc-400 ring-4 ring-white dark:bg-zinc-500 dark:ring-zinc-900" />
            <p className="text-sm">
              <strong className="font-semibold">{INCIDENT_STATUS_LABELS[u.status]}</strong>
              <span className="text-zinc-500 dark:text-zinc-400"> · </span>
              <Time date={u.displayAt} className="text-zinc-600 dark:text-zinc-400" />
            </p>
            <p className="mt-1 break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{u.body}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}

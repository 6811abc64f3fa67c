import { PublicLink } from "@/components/PublicLink";
import type { IncidentView } from "@/app/_lib/public";
import { INCIDENT_KIND_LABELS } from "@/lib/vocabulary";
import { IMPACT_BORDER, IMPACT_TEXT } from "@/components/status-styles";
import { Markdown } from "@/components/Markdown";
import { Time, TimeRange } from "@/components/Time";

/** A maintenance's window: "from … until …". */
export function MaintenanceWindow({ incident }: { incident: Pick<IncidentView, "scheduledFor" | "scheduledUntil"> }) {
  if (!incident.scheduledFor) return null;
  return (
    <span>
      Scheduled for <Time date={incident.scheduledFor} withPageZone />
      {incident.scheduledUntil ? (
        <>
          {" "}
          until <Time date={incident.scheduledUntil} withPageZone />
        </>
      ) : null}
    </span>
  );
}

/** An incident or maintenance with its whole update timeline, newest first; bodies are Markdown. */
export function IncidentCard({ incident, headingLevel = 3, linkName = headingLevel !== 1 }: { incident: IncidentView; headingLevel?: 1 | 2 | 3; linkName?: boolean }) {
  const Heading = headingLevel === 1 ? "h1" : headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 1 ? "h2" : headingLevel === 2 ? "h3" : "h4";
  const isMaintenance = incident.kind === "maintenance";
  return (
    <article
      aria-labelledby={`incident-${incident.id}`}
      data-incident={incident.id}
      className={`rounded-lg border border-l-4 border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900 ${IMPACT_BORDER[incident.impact]}`}
    >
      <header className="mb-4">
        <Heading id={`incident-${incident.id}`} className={`font-semibold break-words ${headingLevel === 1 ? "text-2xl sm:text-3xl" : "text-lg"} ${IMPACT_TEXT[incident.impact]}`}>
          {linkName ? (
            <PublicLink href={`/incidents/${incident.id}`} className="underline-offset-4 hover:underline">
              {incident.name}
            </PublicLink>
          ) : (
            incident.name
          )}
        </Heading>
        <p className="mt-1.5 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="inline-flex items-center rounded-full border border-zinc-300 px-2 py-0.5 text-xs font-semibold text-zinc-800 dark:border-zinc-600 dark:text-zinc-200">
            {incident.statusLabel}
          </span>
          {isMaintenance ? <span>{INCIDENT_KIND_LABELS.maintenance}</span> : null}
          {incident.componentNames.length > 0 ? <span>Affects: {incident.componentNames.join(", ")}</span> : null}
          {isMaintenance ? <MaintenanceWindow incident={incident} /> : null}
        </p>
      </header>
      <ol className="space-y-5 border-l-2 border-zinc-200 pl-4 dark:border-zinc-700" aria-label="Updates, newest first">
        {incident.updates.map((u) => (
          <li key={u.id} className="relative">
            <span aria-hidden className="absolute top-1.5 -left-[1.3rem] size-2.5 rounded-full bg-zinc-400 ring-4 ring-white dark:bg-zinc-500 dark:ring-zinc-900" />
            <p className="text-sm">
              <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{u.label}</strong>
              <span aria-hidden className="text-zinc-500 dark:text-zinc-400">
                {" "}
                ·{" "}
              </span>
              <Time date={u.displayAt} withPageZone className="text-zinc-600 dark:text-zinc-400" />
            </p>
            <Markdown html={u.html} className="mt-1 text-zinc-800 dark:text-zinc-200" />
          </li>
        ))}
      </ol>
      {incident.postmortemHtml ? (
        <section aria-labelledby={`postmortem-${incident.id}`} className="mt-6 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <SubHeading id={`postmortem-${incident.id}`} className="font-semibold">
            Postmortem
          </SubHeading>
          <Markdown html={incident.postmortemHtml} className="mt-2 text-zinc-800 dark:text-zinc-200" />
        </section>
      ) : null}
    </article>
  );
}

/** One line per incident in lists (past days, history): name, latest update, when. */
export function IncidentSummary({ incident, headingLevel }: { incident: IncidentView; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const isMaintenance = incident.kind === "maintenance";
  return (
    <article aria-labelledby={`summary-${incident.id}`} data-incident={incident.id} className="py-3">
      <Heading id={`summary-${incident.id}`} className={`font-semibold break-words ${IMPACT_TEXT[incident.impact]}`}>
        <PublicLink href={`/incidents/${incident.id}`} className="underline-offset-4 hover:underline">
          {incident.name}
        </PublicLink>
      </Heading>
      {incident.summary ? <p className="mt-1 text-zinc-700 dark:text-zinc-300">{incident.summary}</p> : null}
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {incident.open || isMaintenance ? (
          <>
            <span className="font-medium">{incident.statusLabel}</span>
            <span aria-hidden> · </span>
          </>
        ) : null}
        {isMaintenance && incident.scheduledFor ? (
          incident.scheduledUntil ? (
            <TimeRange from={incident.scheduledFor} to={incident.scheduledUntil} />
          ) : (
            <Time date={incident.scheduledFor} />
          )
        ) : incident.resolvedAt ? (
          <TimeRange from={incident.startedAt} to={incident.resolvedAt} />
        ) : (
          <>
            Since <Time date={incident.startedAt} />
          </>
        )}
      </p>
    </article>
  );
}

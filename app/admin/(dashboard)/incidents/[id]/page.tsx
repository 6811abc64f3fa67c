import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AutoRefresh } from "@/components/admin/AutoRefresh";
import { DeleteIncidentForm } from "@/components/admin/DeleteIncidentForm";
import { EditUpdateForm } from "@/components/admin/EditUpdateForm";
import { FanoutTable } from "@/components/admin/FanoutTable";
import { PostmortemForm } from "@/components/admin/PostmortemForm";
import { ResolveIncidentForm } from "@/components/admin/ResolveIncidentForm";
import { UpdateIncidentForm } from "@/components/admin/UpdateIncidentForm";
import { Markdown } from "@/components/Markdown";
import { IMPACT_TEXT } from "@/components/status-styles";
import { Time } from "@/components/Time";
import { can } from "@/lib/auth/actor";
import { loadIncidentDetail, loadIncidentForUpdate, type IncidentDetail, type IncidentForUpdate } from "@/lib/admin/incident";
import { NotFoundError } from "@/lib/errors";
import { COMPLETED_MESSAGE, RESOLVED_MESSAGE } from "@/lib/incidents/resolve";
import { renderMarkdown } from "@/lib/markdown/render";
import { fanoutStatus, type FanoutStatus } from "@/lib/notify/fanout-status";
import { COMPONENT_STATUS_LABELS, IMPACT_LABELS, INCIDENT_KIND_LABELS, INCIDENT_STATUS_LABELS, UNCHANGED_STATUS_UPDATE_LABEL } from "@/lib/vocabulary";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  "update-posted": "Update posted",
  "incident-resolved": "Incident resolved",
  "maintenance-completed": "Maintenance completed",
  "update-edited": "Update text saved. Subscribers were not notified again.",
  "postmortem-saved": "Postmortem saved",
  "postmortem-published": "Postmortem published",
  "postmortem-reverted": "Postmortem taken off the page: it is a draft again",
};

const SECTION = "space-y-3";
const H2 = "text-lg font-semibold";

export default async function IncidentAdminPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireOperator();
  const { id } = await params;
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  let status: FanoutStatus;
  let incident: IncidentForUpdate;
  let detail: IncidentDetail;
  try {
    [status, incident, detail] = await Promise.all([
      fanoutStatus({ actor, input: { incidentId: id } }),
      loadIncidentForUpdate({ actor, input: { incidentId: id } }),
      loadIncidentDetail({ actor, input: { incidentId: id } }),
    ]);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const maintenance = detail.kind === "maintenance";
  const canDelete = can(actor, "incident.delete");
  return (
    <div className="space-y-8">
      <AutoRefresh active={!status.settled} />
      <Notice text={noticeText} />

      <header className="space-y-2">
        <p className="text-sm">
          <Link href={maintenance ? "/admin/maintenance" : "/admin/incidents"}>{maintenance ? "← Maintenance" : "← All incidents"}</Link>
        </p>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-bold tracking-tight break-words">{detail.name}</h1>
          <Link href={`/incidents/${detail.id}`}>Public page</Link>
        </div>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          <div className="flex gap-1.5">
            <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
            <dd className={detail.open ? "font-semibold text-amber-800 dark:text-amber-300" : "font-semibold"}>{INCIDENT_STATUS_LABELS[detail.status]}</dd>
          </div>
          <div className="flex gap-1.5">
            <dt className="text-zinc-600 dark:text-zinc-400">Impact</dt>
            <dd className={`font-semibold ${IMPACT_TEXT[detail.impact]}`}>{IMPACT_LABELS[detail.impact]}</dd>
          </div>
          {maintenance ? (
            <div className="flex gap-1.5">
              <dt className="text-zinc-600 dark:text-zinc-400">Kind</dt>
              <dd>{INCIDENT_KIND_LABELS.maintenance}</dd>
            </div>
          ) : null}
          {maintenance && detail.scheduledFor ? (
            <div className="flex gap-1.5">
              <dt className="text-zinc-600 dark:text-zinc-400">Window</dt>
              <dd>
                <Time date={detail.scheduledFor} withPageZone />
                {detail.scheduledUntil ? (
                  <>
                    {" – "}
                    <Time date={detail.scheduledUntil} withPageZone />
                  </>
                ) : null}
              </dd>
            </div>
          ) : null}
          <div className="flex gap-1.5">
            <dt className="text-zinc-600 dark:text-zinc-400">Started</dt>
            <dd>
              <Time date={detail.startedAt} />
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt className="text-zinc-600 dark:text-zinc-400">{maintenance ? "Completed" : "Resolved"}</dt>
            <dd>{detail.resolvedAt ? <Time date={detail.resolvedAt} /> : "not yet"}</dd>
          </div>
          {detail.components.length ? (
            <div className="flex gap-1.5">
              <dt className="text-zinc-600 dark:text-zinc-400">Components</dt>
              <dd>{detail.components.map((c) => `${c.name} (${COMPONENT_STATUS_LABELS[c.status].toLowerCase()})`).join(", ")}</dd>
            </div>
          ) : null}
        </dl>
      </header>

      <section aria-labelledby="fanout-heading" className={SECTION}>
        <h2 id="fanout-heading" className={H2}>
          Notifications {status.settled ? <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(all settled)</span> : <span className="text-sm font-normal text-amber-700 dark:text-amber-400">(sending — updates every 2 s)</span>}
        </h2>
        <FanoutTable status={status} />
      </section>

      <section aria-labelledby="updates-heading" className={SECTION}>
        <h2 id="updates-heading" className={H2}>
          Updates
        </h2>
        <ol className="space-y-5 border-l-2 border-zinc-200 pl-4 dark:border-zinc-700" aria-label="Updates, newest first">
          {detail.updates.map((u, i) => {
            const older = detail.updates[i + 1];
            return (
              <li key={u.id} id={`update-${u.id}`} className="scroll-mt-4">
                <p className="flex flex-wrap gap-x-2 text-sm text-zinc-600 dark:text-zinc-400">
                  <strong className="font-semibold text-zinc-900 dark:text-zinc-100">
                    {older && older.status === u.status ? UNCHANGED_STATUS_UPDATE_LABEL : INCIDENT_STATUS_LABELS[u.status]}
                  </strong>
                  <Time date={u.displayAt} />
                  {u.author ? <span>by {u.author}</span> : null}
                  {u.editedAt ? (
                    <span>
                      (edited <Time date={u.editedAt} />)
                    </span>
                  ) : null}
                  {u.deliverNotifications ? null : <span>(not notified)</span>}
                </p>
                <Markdown html={renderMarkdown(u.body)} className="mt-1 text-zinc-800 dark:text-zinc-200" />
                {u.changes.length ? (
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    {u.changes.map((c) => `${c.name}: ${COMPONENT_STATUS_LABELS[c.oldStatus]} → ${COMPONENT_STATUS_LABELS[c.newStatus]}`).join("; ")}
                  </p>
                ) : null}
                {/* Keyed by the text: a saved edit comes back closed, showing the new text. */}
                <EditUpdateForm key={`${u.id}:${u.editedAt?.getTime() ?? 0}`} update={{ id: u.id, body: u.body }} />
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="update-heading" className={`max-w-2xl ${SECTION}`}>
        <h2 id="update-heading" className={H2}>
          Post an update
        </h2>
        <UpdateIncidentForm incident={incident} />
      </section>

      {detail.open ? (
        <section aria-labelledby="resolve-heading" className={`max-w-2xl ${SECTION}`}>
          <h2 id="resolve-heading" className={H2}>
            {maintenance ? "Complete" : "Resolve"}
          </h2>
          <ResolveIncidentForm
            incident={{ id: detail.id, kind: detail.kind, components: detail.components }}
            defaultMessage={maintenance ? COMPLETED_MESSAGE : RESOLVED_MESSAGE}
          />
        </section>
      ) : null}

      {maintenance ? null : (
        <section id="postmortem" aria-labelledby="postmortem-heading" className={`max-w-3xl scroll-mt-4 ${SECTION}`}>
          <h2 id="postmortem-heading" className={H2}>
            Postmortem
          </h2>
          {/* Keyed by the saved state: after each save, publish or revert the form starts from what is stored. */}
          <PostmortemForm
            key={`${detail.postmortem.updatedAt?.getTime() ?? 0}:${detail.postmortem.publishedAt?.getTime() ?? 0}`}
            incident={{ id: detail.id, open: detail.open }}
            postmortem={detail.postmortem}
          />
        </section>
      )}

      <section aria-labelledby="delete-heading" className={`max-w-2xl rounded-lg border border-red-300 p-4 dark:border-red-900 ${SECTION}`}>
        <h2 id="delete-heading" className={`${H2} text-red-800 dark:text-red-300`}>
          Delete {maintenance ? "maintenance" : "incident"}
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Removes it, its updates{maintenance ? "" : " and postmortem"} from the page and the API for good, and cancels its messages not yet sent. Components keep
          their current status. This cannot be undone.
        </p>
        {canDelete ? (
          <DeleteIncidentForm incident={{ id: detail.id, name: detail.name, kind: detail.kind }} />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Only an owner or an admin can delete it.</p>
        )}
      </section>
    </div>
  );
}

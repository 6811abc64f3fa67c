import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AutoRefresh } from "@/components/admin/AutoRefresh";
import { FanoutTable } from "@/components/admin/FanoutTable";
import { MaintenanceCancelForm } from "@/components/admin/MaintenanceCancelForm";
import { MaintenanceEditForm } from "@/components/admin/MaintenanceEditForm";
import { MaintenanceStatusBadge } from "@/components/admin/MaintenanceList";
import { MaintenanceUpdateForm } from "@/components/admin/MaintenanceUpdateForm";
import { listComponentsForIncidentForm } from "@/lib/admin/components";
import { loadMaintenance, type MaintenanceDetail } from "@/lib/admin/maintenance";
import { can } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import { MAINTENANCE_CANCELLED_MESSAGE } from "@/lib/maintenance/cancel";
import { describeLeadTime } from "@/lib/maintenance/reminder";
import { instantToWallClock } from "@/lib/maintenance/wall-clock";
import { describeWindow, formatWallClock, zoneLabel } from "@/lib/maintenance/window";
import { fanoutStatus, type FanoutStatus } from "@/lib/notify/fanout-status";
import { COMPONENT_STATUS_LABELS, INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Maintenance · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  scheduled: "Maintenance scheduled",
  saved: "Changes saved",
  unchanged: "Nothing changed",
  "update-posted": "Update posted",
  cancelled: "Maintenance cancelled",
};

const H2 = "text-lg font-semibold";
const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

function reminderText(m: MaintenanceDetail): string {
  if (m.reminderMinutes === null) return "None";
  const lead = `${describeLeadTime(m.reminderMinutes)} before it starts`;
  if (m.status !== "scheduled") return lead;
  if (!m.reminderSentAt) return `${lead} (not sent yet)`;
  return `${lead} (sent ${formatWallClock(m.reminderSentAt, m.timeZone)})`;
}

export default async function MaintenanceAdminPage({
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
  let m: MaintenanceDetail;
  try {
    m = await loadMaintenance({ actor, input: { incidentId: id } });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const [sections, fanout] = await Promise.all([
    m.status === "scheduled" ? listComponentsForIncidentForm({ actor }) : Promise.resolve([]),
    can(actor, "outbox.read") ? fanoutStatus({ actor, input: { incidentId: m.id } }) : Promise.resolve(null as FanoutStatus | null),
  ]);
  const open = m.status !== "completed";
  const started = m.status !== "scheduled";
  const zone = zoneLabel(m.timeZone, m.scheduledFor ?? new Date());

  return (
    <div className="space-y-8">
      <AutoRefresh active={fanout !== null && !fanout.settled} />
      <Notice text={noticeText} />

      <header className="space-y-2">
        <p className="text-sm">
          <Link href="/admin/maintenance">← Maintenance</Link>
        </p>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-bold tracking-tight break-words">{m.name}</h1>
          <Link href={`/incidents/${m.id}`}>Public page</Link>
        </div>
        <p className="flex flex-wrap items-center gap-2">
          <MaintenanceStatusBadge status={m.status} />
          {m.cancelled ? <span className="text-sm text-zinc-600 dark:text-zinc-400">(cancelled)</span> : null}
        </p>
      </header>

      <section aria-labelledby="details-heading" className={CARD}>
        <h2 id="details-heading" className={H2}>
          Details
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">Window</dt>
          <dd>{m.scheduledFor && m.scheduledUntil ? describeWindow(m.scheduledFor, m.scheduledUntil, m.timeZone) : "None"}</dd>
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">Automatic start and completion</dt>
          <dd>{m.autoTransition ? "Yes: it starts and completes on schedule" : "No: post the updates by hand"}</dd>
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">Reminder</dt>
          <dd>{reminderText(m)}</dd>
          <dt className="font-medium text-zinc-600 dark:text-zinc-400">Components</dt>
          <dd>
            {m.components.length ? (
              <ul>
                {m.components.map((c) => (
                  <li key={c.id}>
                    {c.name} <span className="text-zinc-600 dark:text-zinc-400">({COMPONENT_STATUS_LABELS[c.status].toLowerCase()} now)</span>
                  </li>
                ))}
              </ul>
            ) : (
              "None"
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className={H2}>
          Timeline <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(times in {zone})</span>
        </h2>
        <ol className="space-y-3">
          {m.updates.map((u) => (
            <li key={u.id} className={CARD}>
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <strong className="font-semibold">{INCIDENT_STATUS_LABELS[u.status]}</strong>
                <span className="text-zinc-600 dark:text-zinc-400">
                  {formatWallClock(u.displayAt, m.timeZone)} · {u.author ?? "Herald"}
                  {u.deliverNotifications ? "" : " · not notified"}
                  {u.editedAt ? " · edited" : ""}
                </span>
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words">{u.body}</p>
              {u.componentChanges.length ? (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  {u.componentChanges.map((c) => `${c.name}: ${COMPONENT_STATUS_LABELS[c.oldStatus]} → ${COMPONENT_STATUS_LABELS[c.newStatus]}`).join("; ")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {fanout ? (
        <section aria-labelledby="fanout-heading" className="space-y-3">
          <h2 id="fanout-heading" className={H2}>
            Notifications{" "}
            {fanout.settled ? (
              <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">(all settled)</span>
            ) : (
              <span className="text-sm font-normal text-amber-700 dark:text-amber-400">(sending — updates every 2 s)</span>
            )}
          </h2>
          <FanoutTable status={fanout} />
        </section>
      ) : null}

      {open ? (
        <>
          <section aria-labelledby="edit-heading" className="max-w-2xl space-y-3">
            <h2 id="edit-heading" className={H2}>
              Edit the maintenance
            </h2>
            <MaintenanceEditForm
              maintenance={{
                id: m.id,
                name: m.name,
                started,
                start: m.scheduledFor ? instantToWallClock(m.scheduledFor, m.timeZone) : "",
                end: m.scheduledUntil ? instantToWallClock(m.scheduledUntil, m.timeZone) : "",
                startText: m.scheduledFor ? `${formatWallClock(m.scheduledFor, m.timeZone)} (it has started: the start cannot move)` : "",
                components: m.components.map((c) => c.id),
                autoTransition: m.autoTransition,
                reminderMinutes: m.reminderMinutes,
              }}
              sections={sections}
              zone={zone}
            />
          </section>

          <section aria-labelledby="update-heading" className="max-w-2xl space-y-3">
            <h2 id="update-heading" className={H2}>
              Post an update
            </h2>
            <MaintenanceUpdateForm incidentId={m.id} status={m.status} hasComponents={m.components.length > 0} />
          </section>

          <section aria-labelledby="cancel-heading" className="max-w-2xl space-y-3">
            <h2 id="cancel-heading" className={H2}>
              Cancel
            </h2>
            <MaintenanceCancelForm incidentId={m.id} name={m.name} started={started} defaultMessage={MAINTENANCE_CANCELLED_MESSAGE} />
          </section>
        </>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This maintenance has completed: it can no longer be edited or cancelled.</p>
      )}
    </div>
  );
}

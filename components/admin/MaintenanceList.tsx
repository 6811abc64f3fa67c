// A list of maintenances for the dashboard (server component): each with its window in the page's
// time zone, its status, its components and what happens by itself.
import Link from "next/link";
import type { MaintenanceRow } from "@/lib/admin/maintenance";
import { describeLeadTime } from "@/lib/maintenance/reminder";
import { describeWindow } from "@/lib/maintenance/window";
import { INCIDENT_STATUS_LABELS, type MaintenanceStatus } from "@/lib/vocabulary";

const STATUS_STYLE: Record<MaintenanceStatus, string> = {
  scheduled: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200",
  in_progress: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  verifying: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  completed: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

export function MaintenanceStatusBadge({ status }: { status: MaintenanceStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[status]}`}>{INCIDENT_STATUS_LABELS[status]}</span>;
}

export function MaintenanceList({ rows, timeZone, empty }: { rows: MaintenanceRow[]; timeZone: string; empty: string }) {
  if (!rows.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {rows.map((m) => (
        <li key={m.id} className="space-y-1 p-4">
          <p className="flex flex-wrap items-baseline gap-2">
            <Link href={`/admin/maintenance/${m.id}`} className="font-medium">
              {m.name}
            </Link>
            <MaintenanceStatusBadge status={m.status} />
          </p>
          <p className="text-sm">{m.scheduledFor && m.scheduledUntil ? describeWindow(m.scheduledFor, m.scheduledUntil, timeZone) : "No window"}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {m.componentNames.length ? m.componentNames.join(", ") : "No components"}
            {m.status === "completed"
              ? ""
              : ` · ${m.autoTransition ? "starts and completes automatically" : "started and completed by hand"}${
                  m.status === "scheduled" ? ` · ${m.reminderMinutes === null ? "no reminder" : `reminder ${describeLeadTime(m.reminderMinutes)} before`}` : ""
                }`}
          </p>
          {m.status === "completed" && m.latest ? <p className="line-clamp-1 text-sm text-zinc-600 dark:text-zinc-400">{m.latest}</p> : null}
        </li>
      ))}
    </ul>
  );
}

// Where every message of an incident stands, per update and channel: the dashboard's view of
// lib/notify/fanout-status.ts (the same figures as `npm run herald -- fanout status`).
import type { ChannelCounts, FanoutStatus } from "@/lib/notify/fanout-status";
import { CHANNEL_LABELS, CHANNELS } from "@/lib/vocabulary";
import { Time } from "@/components/Time";

const COLUMNS: { key: keyof ChannelCounts; label: string }[] = [
  { key: "total", label: "Total" },
  { key: "sent", label: "Sent" },
  { key: "failed", label: "Failed" },
  { key: "retrying", label: "Retrying" },
  { key: "pending", label: "Pending" },
  { key: "unknown", label: "Sending / unknown" },
  { key: "cancelled", label: "Cancelled" },
];

const KIND_LABELS: Record<string, string> = {
  incident_created: "Incident posted",
  incident_updated: "Update",
  incident_resolved: "Resolved",
  maintenance_scheduled: "Maintenance scheduled",
  maintenance_reminder: "Maintenance reminder",
  maintenance_started: "Maintenance started",
  maintenance_completed: "Maintenance completed",
  component_status_changed: "Component status",
};

export function FanoutBar({ c }: { c: ChannelCounts }) {
  const pct = (n: number) => (c.total ? (100 * n) / c.total : 0);
  return (
    <div className="flex h-2 w-32 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-700" aria-hidden="true">
      <div className="bg-green-600" style={{ width: `${pct(c.sent)}%` }} />
      <div className="bg-red-600" style={{ width: `${pct(c.failed)}%` }} />
      <div className="bg-amber-500" style={{ width: `${pct(c.retrying + c.unknown)}%` }} />
    </div>
  );
}

export function FanoutTable({ status }: { status: FanoutStatus }) {
  if (status.notifications.length === 0) return <p className="text-zinc-600 dark:text-zinc-400">No notifications were sent for this incident.</p>;
  return (
    <div className="space-y-6">
      {status.notifications.map((n) => (
        <section key={n.id} aria-label={`${KIND_LABELS[n.kind] ?? n.kind} notification`} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <h3 className="font-semibold">
            {KIND_LABELS[n.kind] ?? n.kind} · <Time date={n.createdAt} />
            {n.expanding ? <span className="ml-2 text-sm font-normal text-amber-700 dark:text-amber-400">still finding subscribers…</span> : null}
          </h3>
          {Object.keys(n.channels).length === 0 ? (
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No deliveries {n.expanding ? "yet" : "(no subscriber wanted it)"}.</p>
          ) : (
            <table className="mt-3 w-full text-sm tabular-nums">
              <thead>
                <tr className="text-left text-zinc-600 dark:text-zinc-400">
                  <th scope="col" className="py-1 pr-3 font-medium">Channel</th>
                  {COLUMNS.map((col) => (
                    <th key={col.key} scope="col" className="py-1 pr-3 text-right font-medium">
                      {col.label}
                    </th>
                  ))}
                  <th scope="col" className="py-1 font-medium">
                    <span className="sr-only">Progress</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {CHANNELS.filter((ch) => n.channels[ch]).map((ch) => {
                  const c = n.channels[ch]!;
                  return (
                    <tr key={ch} className="border-t border-zinc-100 dark:border-zinc-800">
                      <th scope="row" className="py-1 pr-3 text-left font-medium">
                        {CHANNEL_LABELS[ch]}
                      </th>
                      {COLUMNS.map((col) => (
                        <td key={col.key} className="py-1 pr-3 text-right">
                          {c[col.key]}
                        </td>
                      ))}
                      <td className="py-1">
                        <FanoutBar c={c} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}

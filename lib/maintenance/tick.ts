// The maintenance clock. The worker calls runMaintenanceTick() every 30 s (MAINTENANCE_TICK_MS);
// each call does what is due at `now`:
//  - a maintenance_reminder reminder_minutes before a scheduled maintenance starts (once:
//    reminder_sent_at; none when reminder_minutes is null), unless it was announced less than that
//    lead time ahead (the announcement is reminder enough);
//  - with auto-transition, scheduled → in_progress at scheduled_for (its components under
//    maintenance, maintenance_started) and in_progress/verifying → completed at scheduled_until
//    (components still under maintenance back to operational, maintenance_completed), each as an
//    update written by the system actor through the same code as an operator's update.
// Safe with any number of workers ticking at once: a reminder is claimed by a conditional UPDATE
// … RETURNING, a transition by SELECT … FOR UPDATE SKIP LOCKED re-checked under the lock, and the
// claim commits together with the notification it leads to, or not at all.
import type { Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db/prisma";
import { applyIncidentUpdate } from "@/lib/incidents/update";
import { componentMovesFor } from "@/lib/maintenance/components";
import { incidentPayload } from "@/lib/incidents/updates";
import { writeNotification } from "@/lib/notify/outbox";
import type { ComponentStatus, MaintenanceStatus } from "@/lib/vocabulary";

/** How often the worker should call runMaintenanceTick. */
export const MAINTENANCE_TICK_MS = 30_000;

export const MAINTENANCE_STARTED_MESSAGE = "Scheduled maintenance is currently in progress. We will provide updates as necessary.";
export const MAINTENANCE_COMPLETED_MESSAGE = "The scheduled maintenance has been completed.";

const system: Actor = { type: "system" };

export type MaintenanceTickResult = {
  /** Ids of the maintenances each step acted on. */
  reminded: string[];
  started: string[];
  completed: string[];
  /** Maintenances a step failed for (left as they were; the next tick tries again). */
  failed: { id: string; step: "start" | "complete"; error: string }[];
};

export async function runMaintenanceTick(now: Date = new Date()): Promise<MaintenanceTickResult> {
  const result: MaintenanceTickResult = { reminded: [], started: [], completed: [], failed: [] };
  result.reminded = await sendReminders(now);
  // Start before complete: a window that passed entirely while no worker ran still opens and
  // closes (the completion cancels the start's SMS if it has not gone out yet).
  await transition(now, "start", result);
  await transition(now, "complete", result);
  return result;
}

async function sendReminders(now: Date): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      UPDATE incident SET reminder_sent_at = ${now}
      WHERE kind = 'maintenance' AND status = 'scheduled' AND reminder_sent_at IS NULL AND reminder_minutes IS NOT NULL
        AND scheduled_for > ${now} AND scheduled_for <= ${now}::timestamptz + make_interval(mins => reminder_minutes)
        AND created_at < scheduled_for - make_interval(mins => reminder_minutes)
      RETURNING id`;
    for (const { id } of due) await writeReminder(tx, id);
    return due.map((r) => r.id);
  });
}

/** A reminder is no update of its own: it repeats the latest one, with the window. */
async function writeReminder(tx: Tx, incidentId: string): Promise<void> {
  const m = await tx.incident.findUniqueOrThrow({
    where: { id: incidentId },
    include: {
      components: { include: { component: { select: { name: true, status: true } } } },
      updates: { orderBy: [{ displayAt: "desc" }, { createdAt: "desc" }], take: 1 },
    },
  });
  const latest = m.updates[0];
  if (!latest) return;
  await writeNotification(tx, {
    kind: "maintenance_reminder",
    incidentId: m.id,
    payload: incidentPayload(
      { ...m, kind: "maintenance" },
      // Reminders go out while the maintenance is scheduled, so its latest update says "scheduled" too.
      { id: latest.id, status: latest.status, body: latest.body, displayAt: latest.displayAt },
      m.components.map((c) => ({ id: c.componentId, name: c.component.name, oldStatus: c.component.status as ComponentStatus, newStatus: c.component.status as ComponentStatus })),
      m.components.map((c) => c.componentId),
    ),
  });
}

async function transition(now: Date, step: "start" | "complete", result: MaintenanceTickResult): Promise<void> {
  const skip: string[] = [];
  // One maintenance per transaction, so one that fails does not hold back the others.
  for (;;) {
    let id: string | null = null;
    try {
      id = await db().$transaction(async (tx) => {
        const rows =
          step === "start"
            ? await tx.$queryRaw<{ id: string }[]>`
                SELECT id FROM incident
                WHERE kind = 'maintenance' AND auto_transition AND status = 'scheduled' AND scheduled_for <= ${now}
                  AND NOT (id = ANY(${skip}::text[]))
                ORDER BY scheduled_for, id LIMIT 1 FOR UPDATE SKIP LOCKED`
            : await tx.$queryRaw<{ id: string }[]>`
                SELECT id FROM incident
                WHERE kind = 'maintenance' AND auto_transition AND status IN ('in_progress', 'verifying') AND scheduled_until <= ${now}
                  AND NOT (id = ANY(${skip}::text[]))
                ORDER BY scheduled_until, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
        const claimed = rows[0]?.id;
        if (!claimed) return null;
        id = claimed;
        const components = await tx.incidentComponent.findMany({
          where: { incidentId: claimed },
          include: { component: { select: { status: true } } },
        });
        const status: MaintenanceStatus = step === "start" ? "in_progress" : "completed";
        // Completing restores only what the maintenance itself put under maintenance (lib/maintenance/components.ts).
        const moved = componentMovesFor(
          status,
          components.map((c) => ({ componentId: c.componentId, status: c.component.status as ComponentStatus })),
        );
        await applyIncidentUpdate(
          tx,
          system,
          {
            incidentId: claimed,
            status,
            message: step === "start" ? MAINTENANCE_STARTED_MESSAGE : MAINTENANCE_COMPLETED_MESSAGE,
            components: moved,
            deliverNotifications: true,
          },
          now,
        );
        return claimed;
      });
    } catch (e) {
      if (!id) throw e;
      skip.push(id);
      result.failed.push({ id, step, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (!id) return;
    (step === "start" ? result.started : result.completed).push(id);
  }
}

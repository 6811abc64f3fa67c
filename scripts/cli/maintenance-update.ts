// npm run herald -- maintenance update
import { pageTimeZone } from "@/lib/maintenance/page-zone";
import { MAX_REMINDER_MINUTES } from "@/lib/maintenance/reminder";
import { updateMaintenance } from "@/lib/maintenance/update";
import { describeWindow } from "@/lib/maintenance/window";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";
import { checkTime, parseReminder, readTimes, TIME_HELP } from "./maintenance-args";

function prepareMaintenanceUpdate(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    {
      start: { type: "string" },
      end: { type: "string" },
      name: { type: "string" },
      reminder: { type: "string" },
      message: { type: "string" },
      auto: { type: "boolean" },
      "no-auto": { type: "boolean" },
      "no-notify": { type: "boolean" },
    },
    true,
  );
  const incidentId = onePositional(positionals, "maintenance id");
  const start = checkTime(values.start, "--start");
  const end = checkTime(values.end, "--end");
  const reminderMinutes = parseReminder(values.reminder);
  if (values.auto && values["no-auto"]) throw new UsageError("Give --auto or --no-auto, not both");
  const autoTransition = values.auto ? true : values["no-auto"] ? false : undefined;
  if (values.name !== undefined && values.name.trim() === "") throw new UsageError("--name is empty");
  if ([start, end, values.name, reminderMinutes, autoTransition, values.message].every((v) => v === undefined)) {
    throw new UsageError("Say what to change: --start, --end, --name, --reminder, --auto/--no-auto or --message");
  }

  return async () => {
    const times = await readTimes({ start, end });
    const r = await updateMaintenance({
      actor,
      input: {
        incidentId,
        name: values.name,
        scheduledFor: times.start,
        scheduledUntil: times.end,
        reminderMinutes,
        autoTransition,
        message: values.message,
        deliverNotifications: !values["no-notify"],
      },
    });
    const m = r.incident;
    const window = m.scheduledFor && m.scheduledUntil ? `: ${describeWindow(m.scheduledFor, m.scheduledUntil, await pageTimeZone())}` : "";
    console.log(r.changed || r.update ? `Updated "${m.name}"${window}` : `"${m.name}" already reads so: nothing changed`);
    if (r.update) console.log(`Posted update ${r.update.id}${r.notificationId ? " (subscribers notified)" : ""}`);
    return 0;
  };
}

export default {
  name: "maintenance update",
  summary: "change a maintenance's window, title, reminder or automatic start",
  usage: `Usage: npm run herald -- maintenance update MAINTENANCE_ID [options]

Edits a maintenance that has not completed, as the dashboard's "Edit" form does. Once it has
started, its start can no longer move. A moved window resets the reminder so it goes out before
the new start, and subscribers are told of the new window ("Rescheduled: …") unless --no-notify.
${TIME_HELP}

Options:
  --start TIME          move the start (not into the past)
  --end TIME            move the end (after the start, not into the past)
  --name TEXT           rename it
  --reminder MINUTES    remind subscribers this long before the start, 1 to ${MAX_REMINDER_MINUTES}, or "none"
  --auto, --no-auto     start and complete it on schedule, or leave that to an operator
  --message TEXT        the update posted with the change (default for a moved window:
                        "Rescheduled: <the new window>")
  --no-notify           change it without notifying subscribers
  -h, --help            show this help`,
  prepare: prepareMaintenanceUpdate,
} satisfies Command;

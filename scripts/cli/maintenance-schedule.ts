// npm run herald -- maintenance schedule
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { DEFAULT_REMINDER_MINUTES, MAX_REMINDER_MINUTES } from "@/lib/maintenance/reminder";
import { actor, parse, required, type Command, type Prepared } from "./command";
import { resolveComponents } from "./components";
import { checkTime, parseReminder, readTimes, TIME_HELP } from "./maintenance-args";

function prepareMaintenanceSchedule(args: string[]): Prepared {
  const { values } = parse(args, {
    name: { type: "string" },
    message: { type: "string" },
    start: { type: "string" },
    end: { type: "string" },
    component: { type: "string", multiple: true },
    "no-auto": { type: "boolean" },
    reminder: { type: "string" },
    "no-notify": { type: "boolean" },
  });
  const name = required(values.name, "--name");
  const message = required(values.message, "--message");
  const start = checkTime(required(values.start, "--start"), "--start")!;
  const end = checkTime(required(values.end, "--end"), "--end")!;
  const reminderMinutes = parseReminder(values.reminder);
  const refs = (values.component ?? []).map((c) => c.trim());

  return async () => {
    const times = await readTimes({ start, end });
    const found = await resolveComponents(refs);
    const { incident } = await scheduleMaintenance({
      actor,
      input: {
        name,
        message,
        scheduledFor: times.start!,
        scheduledUntil: times.end!,
        components: [...new Set(refs.map((r) => found.get(r)!.id))],
        autoTransition: !values["no-auto"],
        reminderMinutes: reminderMinutes === undefined ? DEFAULT_REMINDER_MINUTES : reminderMinutes,
        deliverNotifications: !values["no-notify"],
      },
    });
    console.log(incident.id);
    return 0;
  };
}

export default {
  name: "maintenance schedule",
  summary: "schedule a maintenance (prints its id)",
  usage: `Usage: npm run herald -- maintenance schedule --name TEXT --message TEXT --start TIME --end TIME [options]

Schedules a maintenance, exactly as the dashboard's form does, and prints its id on stdout.
Subscribers get the announcement, a reminder before it starts, and (with automatic start and
completion) a notice when it starts and when it completes.
${TIME_HELP}

Options:
  --name TEXT           the maintenance's title (required)
  --message TEXT        what will happen, shown on the page (required)
  --start TIME          when the window opens (required)
  --end TIME            when it closes (required)
  --component NAME      a component it puts under maintenance, by name (any case) or id;
                        repeat for several
  --no-auto             do not start and complete it on schedule (an operator posts the updates)
  --reminder MINUTES    remind subscribers this long before the start, 1 to ${MAX_REMINDER_MINUTES}
                        (default ${DEFAULT_REMINDER_MINUTES}), or "none"
  --no-notify           schedule without notifying subscribers
  -h, --help            show this help`,
  prepare: prepareMaintenanceSchedule,
} satisfies Command;

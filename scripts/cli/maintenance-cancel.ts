// npm run herald -- maintenance cancel
import { cancelMaintenance, MAINTENANCE_CANCELLED_MESSAGE } from "@/lib/maintenance/cancel";
import { actor, onePositional, parse, UsageError, type Command, type Prepared } from "./command";

function prepareMaintenanceCancel(args: string[]): Prepared {
  const { values, positionals } = parse(args, { message: { type: "string" }, "no-notify": { type: "boolean" } }, true);
  const incidentId = onePositional(positionals, "maintenance id");
  if (values.message !== undefined && values.message.trim() === "") throw new UsageError("--message is empty");
  return async () => {
    const r = await cancelMaintenance({ actor, input: { incidentId, message: values.message, deliverNotifications: !values["no-notify"] } });
    console.log(`Cancelled "${r.incident.name}"${r.notificationId ? " (subscribers notified)" : ""}`);
    if (r.restored.length) console.log(`${r.restored.length} component(s) back to operational`);
    return 0;
  };
}

export default {
  name: "maintenance cancel",
  summary: "cancel a scheduled or in-progress maintenance",
  usage: `Usage: npm run herald -- maintenance cancel MAINTENANCE_ID [--message TEXT] [--no-notify]

Cancels a maintenance: it completes with a closing update ("${MAINTENANCE_CANCELLED_MESSAGE}"
unless --message says otherwise) and, if it had started, its components still under maintenance
go back to operational. A completed maintenance cannot be cancelled (exit code 1).

Options:
  --message TEXT    the closing update shown on the page and sent to subscribers
  --no-notify       cancel without notifying subscribers
  -h, --help        show this help`,
  prepare: prepareMaintenanceCancel,
} satisfies Command;

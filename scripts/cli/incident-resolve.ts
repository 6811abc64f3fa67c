// npm run herald -- incident resolve
import { COMPLETED_MESSAGE, RESOLVED_MESSAGE, resolveIncident } from "@/lib/incidents/resolve";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

function prepareIncidentResolve(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    { message: { type: "string" }, "keep-components": { type: "boolean" }, "no-notify": { type: "boolean" } },
    true,
  );
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError("Give one incident id");
  if (values.message !== undefined && values.message.trim() === "") throw new UsageError("--message is empty");
  return async () => {
    const { update, cancelledDeliveries } = await resolveIncident({
      actor,
      input: {
        incidentId,
        message: values.message,
        restoreComponents: !values["keep-components"],
        deliverNotifications: !values["no-notify"],
      },
    });
    console.log(update.id);
    if (cancelledDeliveries) console.error(`Cancelled ${cancelledDeliveries} queued SMS/X message(s) of earlier updates.`);
    return 0;
  };
}

export default {
  name: "incident resolve",
  summary: "resolve an incident, or complete a maintenance",
  usage: `Usage: npm run herald -- incident resolve INCIDENT_ID [--message TEXT] [options]

Resolves an incident (or completes a maintenance) and prints the update's id. Its components that
are not operational are set back to operational, unless --keep-components is given. SMS and X
messages of its earlier updates that have not gone out yet are cancelled. An incident already
resolved is left as it is (exit code 1).

Options:
  --message TEXT        the closing update (default: "${RESOLVED_MESSAGE}", or for a
                        maintenance "${COMPLETED_MESSAGE}")
  --keep-components     leave the components' statuses as they are
  --no-notify           resolve without notifying subscribers
  -h, --help            show this help`,
  prepare: prepareIncidentResolve,
} satisfies Command;

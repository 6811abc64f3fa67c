// npm run herald -- incident update
import { updateIncident } from "@/lib/incidents/update";
import { COMPONENT_STATUSES, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type AnyIncidentStatus } from "@/lib/vocabulary";
import { POSTING_OPTIONS, POSTING_USAGE, postingChoices } from "./posting";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";
import { parseComponentSpecs, resolveComponents } from "./components";

function prepareIncidentUpdate(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    { status: { type: "string" }, message: { type: "string" }, component: { type: "string", multiple: true }, "no-notify": { type: "boolean" }, ...POSTING_OPTIONS },
    true,
  );
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError("Give one incident id");
  const message = required(values.message, "--message");
  const status = values.status?.trim();
  const statuses: readonly string[] = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES];
  if (status !== undefined && !statuses.includes(status)) {
    throw new UsageError(`Unknown status "${status}". Valid statuses: ${INCIDENT_STATUSES.join(", ")} (incidents); ${MAINTENANCE_STATUSES.join(", ")} (maintenances)`);
  }
  const wanted = parseComponentSpecs(values.component ?? []);
  const choices = postingChoices(values);
  return async () => {
    const found = await resolveComponents(wanted.map((w) => w.name));
    const { update } = await updateIncident({
      actor,
      input: {
        incidentId,
        status: status as AnyIncidentStatus | undefined,
        message,
        components: wanted.map((w) => ({ componentId: found.get(w.name)!.id, status: w.status })),
        deliverNotifications: !values["no-notify"],
        ...choices,
      },
    });
    console.log(update.id);
    return 0;
  };
}

export default {
  name: "incident update",
  summary: "post an update to an incident or maintenance (prints the update's id)",
  usage: `Usage: npm run herald -- incident update INCIDENT_ID --message TEXT [options]

Posts an update to an incident or maintenance, exactly as the dashboard does, and prints the
update's id. Resolving (or completing a maintenance) this way also cancels the SMS and X messages
of its earlier updates that have not gone out yet.

Options:
  --message TEXT              the update shown on the page (required)
  --status STATUS             incidents: ${INCIDENT_STATUSES.join(" | ")}
                              maintenances: ${MAINTENANCE_STATUSES.join(" | ")}
                              (default: the status stays as it is)
  --component "NAME=STATUS"   set a component's status; repeat for several. NAME is a
                              component's name (any case) or id; STATUS is one of
                              ${COMPONENT_STATUSES.join(", ")}
${POSTING_USAGE}
  --no-notify                 post without notifying subscribers
  -h, --help                  show this help`,
  prepare: prepareIncidentUpdate,
} satisfies Command;

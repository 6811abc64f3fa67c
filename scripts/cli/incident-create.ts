// npm run herald -- incident create
import { describeLookupProblems, findComponentsByName } from "@/lib/components/find-by-name";
import { createIncident } from "@/lib/incidents/create";
import { COMPONENT_STATUSES, INCIDENT_STATUSES, type IncidentStatus } from "@/lib/vocabulary";
import { POSTING_OPTIONS, POSTING_USAGE, postingChoices } from "./posting";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";
import { parseComponentSpecs } from "./components";

function prepareIncidentCreate(args: string[]): Prepared {
  const { values } = parse(args, {
    name: { type: "string" },
    status: { type: "string" },
    message: { type: "string" },
    component: { type: "string", multiple: true },
    "no-notify": { type: "boolean" },
    ...POSTING_OPTIONS,
  });
  const name = required(values.name, "--name");
  const message = required(values.message, "--message");
  const status = (values.status ?? "investigating").trim();
  if (!(INCIDENT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`Unknown status "${status}". Valid statuses: ${INCIDENT_STATUSES.join(", ")}`);
  }
  const wanted = parseComponentSpecs(values.component ?? []);
  const choices = postingChoices(values);

  return async () => {
    const lookup = await findComponentsByName(wanted.map((w) => w.name));
    const problem = describeLookupProblems(lookup);
    if (problem) throw new UsageError(problem);
    const { incident } = await createIncident({
      actor,
      input: {
        name,
        message,
        status: status as IncidentStatus,
        components: wanted.map((w) => ({ componentId: lookup.found.get(w.name)!.id, status: w.status })),
        deliverNotifications: !values["no-notify"],
        ...choices,
      },
    });
    console.log(incident.id);
    return 0;
  };
}

export default {
  name: "incident create",
  summary: "post a new incident (prints its id)",
  usage: `Usage: npm run herald -- incident create --name TEXT --message TEXT [options]

Posts a new incident, exactly as the dashboard's form does, and prints its id on stdout.

Options:
  --name TEXT                 the incident's title (required)
  --message TEXT              the first update shown on the page (required)
  --status STATUS             ${INCIDENT_STATUSES.join(" | ")} (default investigating)
  --component "NAME=STATUS"   set an affected component's status; repeat for several.
                              NAME is a component's name (any case); STATUS is one of
                              ${COMPONENT_STATUSES.join(", ")}
${POSTING_USAGE}
  --no-notify                 post without notifying subscribers
  -h, --help                  show this help`,
  prepare: prepareIncidentCreate,
} satisfies Command;

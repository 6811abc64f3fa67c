// npm run herald -- component set-status
import { setComponentStatus } from "@/lib/components/set-status";
import { COMPONENT_STATUS_LABELS, COMPONENT_STATUSES } from "@/lib/vocabulary";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";
import { parseComponentStatus, resolveComponents } from "./components";

function prepareComponentSetStatus(args: string[]): Prepared {
  const { values, positionals } = parse(args, { "no-notify": { type: "boolean" } }, true);
  if (positionals.length !== 2) throw new UsageError("Give the component (name or id) and its new status");
  const ref = positionals[0]!.trim();
  const status = parseComponentStatus(positionals[1]!.trim());
  return async () => {
    const found = await resolveComponents([ref]);
    const component = found.get(ref)!;
    const r = await setComponentStatus({ actor, input: { componentId: component.id, status, deliverNotifications: !values["no-notify"] } });
    console.log(
      r.changed
        ? `${component.name}: ${COMPONENT_STATUS_LABELS[component.status]} -> ${COMPONENT_STATUS_LABELS[status]}`
        : `${component.name} is already ${COMPONENT_STATUS_LABELS[status]}: nothing changed`,
    );
    return 0;
  };
}

export default {
  name: "component set-status",
  summary: "set a component's status outside any incident",
  usage: `Usage: npm run herald -- component set-status COMPONENT STATUS [--no-notify]

Sets a component's status outside any incident. COMPONENT is its name (any case) or id; STATUS is
one of ${COMPONENT_STATUSES.join(", ")}. Webhook subscribers are notified (Statuspage sends
component changes to webhooks only).

Options:
  --no-notify   change it without notifying webhook subscribers
  -h, --help    show this help`,
  prepare: prepareComponentSetStatus,
} satisfies Command;

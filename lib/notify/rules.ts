// Which channels carry which notifications. SMS is costly and intrusive: like Statuspage, it goes
// out on an incident's creation and resolution and a maintenance's start only (and for the
// confirmation that must precede any notice). The page's X account posts every public update of
// an incident or maintenance. A component's status change outside any incident goes to webhooks
// only, as Statuspage sends component updates to webhook subscribers only.
import type { Channel, NotificationKind } from "@/lib/vocabulary";
import { NOTIFICATION_KINDS } from "@/lib/vocabulary";

/** Incident and maintenance notifications: what a person reads on the page. */
const INCIDENT_NOTICES = NOTIFICATION_KINDS.filter((k) => k !== "subscription_confirmation" && k !== "component_status_changed");

export const CHANNEL_EVENTS: { readonly [C in Channel]: readonly NotificationKind[] } = {
  email: ["subscription_confirmation", ...INCIDENT_NOTICES],
  webhook: [...INCIDENT_NOTICES, "component_status_changed"],
  sms: ["subscription_confirmation", "incident_created", "incident_resolved", "maintenance_started"],
  x: INCIDENT_NOTICES,
};

/** The channels among `on` that carry a notification of this kind. */
export function channelsFor(kind: NotificationKind, on: readonly Channel[]): Channel[] {
  return on.filter((c) => CHANNEL_EVENTS[c].includes(kind));
}

/** Channels whose queued messages of an incident are dropped once it is closed (stale news is worse than none). */
export const SUPERSEDED_ON_CLOSE: readonly Channel[] = ["sms", "x"];

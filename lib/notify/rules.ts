// Which channels carry which notifications. SMS is costly and intrusive: like Statuspage, it goes
// out on an incident's creation and resolution and a maintenance's start only (and for the
// confirmation that must precede any notice). The page's X account posts every public update.
import type { Channel, NotificationKind } from "@/lib/vocabulary";
import { NOTIFICATION_KINDS } from "@/lib/vocabulary";

const PUBLIC_UPDATES = NOTIFICATION_KINDS.filter((k) => k !== "subscription_confirmation");

export const CHANNEL_EVENTS: { readonly [C in Channel]: readonly NotificationKind[] } = {
  email: NOTIFICATION_KINDS,
  webhook: NOTIFICATION_KINDS.filter((k) => k !== "subscription_confirmation"),
  sms: ["subscription_confirmation", "incident_created", "incident_resolved", "maintenance_started"],
  x: PUBLIC_UPDATES,
};

/** The channels among `on` that carry a notification of this kind. */
export function channelsFor(kind: NotificationKind, on: readonly Channel[]): Channel[] {
  return on.filter((c) => CHANNEL_EVENTS[c].includes(kind));
}

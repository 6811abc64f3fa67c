// Which channels carry which notifications. Email and webhooks carry every notice. SMS is costly
// and intrusive: by default, like Statuspage, it goes out on an incident's creation and resolution
// and a maintenance's start only; the page's X account posts every public update of an incident or
// maintenance. The operator chooses both lists in the settings (page_settings.sms_events and
// x_events, read at fan-out time), among the incident and maintenance notices only. A confirmation
// always goes by SMS to an SMS subscriber (it must precede any notice), and a component's status
// change outside any incident goes to webhooks only, as Statuspage sends component updates to
// webhook subscribers only.
import type { AnyIncidentStatus, Channel, NotificationKind } from "@/lib/vocabulary";
import { CLOSED_STATUSES, NOTIFICATION_KINDS } from "@/lib/vocabulary";

/** Incident and maintenance notifications: what a person reads on the page. */
const INCIDENT_NOTICES = NOTIFICATION_KINDS.filter((k) => k !== "subscription_confirmation" && k !== "component_status_changed");

export const CHANNEL_EVENTS: { readonly [C in Channel]: readonly NotificationKind[] } = {
  email: ["subscription_confirmation", ...INCIDENT_NOTICES],
  webhook: [...INCIDENT_NOTICES, "component_status_changed"],
  sms: ["subscription_confirmation", "incident_created", "incident_resolved", "maintenance_started"],
  x: INCIDENT_NOTICES,
};

/** The notices an operator may send by SMS or X (the settings' choices). */
export const CHOOSABLE_EVENTS: readonly NotificationKind[] = INCIDENT_NOTICES;

/** The settings' choices in plain words. */
export const EVENT_LABELS: Record<NotificationKind, string> = {
  subscription_confirmation: "Subscription confirmation",
  incident_created: "Incident created",
  incident_updated: "Incident updated",
  incident_resolved: "Incident resolved",
  maintenance_scheduled: "Maintenance scheduled",
  maintenance_reminder: "Maintenance reminder",
  maintenance_started: "Maintenance started",
  maintenance_completed: "Maintenance completed",
  component_status_changed: "Component status changed",
};

/** Which notices go out by SMS and by X: the page's settings (CHANNEL_EVENTS when not given). */
export type ChannelEvents = { sms: readonly NotificationKind[]; x: readonly NotificationKind[] };

/** The channels among `on` that carry a notification of this kind. */
export function channelsFor(kind: NotificationKind, on: readonly Channel[], events?: ChannelEvents): Channel[] {
  return on.filter((c) => {
    if ((c === "sms" || c === "x") && events) {
      // A confirmation by SMS is not a notice: it precedes them, whatever the page sends by SMS.
      if (c === "sms" && kind === "subscription_confirmation") return true;
      return CHOOSABLE_EVENTS.includes(kind) && events[c].includes(kind);
    }
    return CHANNEL_EVENTS[c].includes(kind);
  });
}

/** Channels whose queued messages of an incident are dropped once it is closed (stale news is worse than none). */
export const SUPERSEDED_ON_CLOSE: readonly Channel[] = ["sms", "x"];

/** Why an SMS or X message was not sent, as `fanout status` and the dashboard show it. */
export const SUPERSEDED_ERROR = "superseded by the resolution";

/**
 * Whether a notice is stale news for SUPERSEDED_ON_CLOSE channels: it was written while its
 * incident was open (its update's status is an open one) and the incident is closed now. The
 * closing notice itself, and notices written after the closing, are not.
 */
export function isSuperseded(noticeStatus: AnyIncidentStatus | undefined, incidentStatus: AnyIncidentStatus | undefined): boolean {
  if (!incidentStatus || (noticeStatus && CLOSED_STATUSES.includes(noticeStatus))) return false;
  return CLOSED_STATUSES.includes(incidentStatus);
}

// Herald's one vocabulary: every status, impact and channel name, defined once.
// Imported by the public page, the API, the dashboard and the notifier alike, so this file
// must never import server code. The database enums (prisma/schema.prisma) are checked
// against these lists by test/unit/vocabulary.test.ts.
import { z } from "zod";

export const COMPONENT_STATUSES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
] as const;
export const ComponentStatusSchema = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};

/** Worse statuses have higher rank; a group shows its worst child. */
export const COMPONENT_STATUS_RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const MaintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatusSchema>;

export type AnyIncidentStatus = IncidentStatus | MaintenanceStatus;

export const INCIDENT_STATUS_LABELS: Record<AnyIncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  postmortem: "Postmortem",
  scheduled: "Scheduled",
  in_progress: "In progress",
  verifying: "Verifying",
  completed: "Completed",
};

/** Statuses after which an incident or maintenance is no longer "open". */
export const CLOSED_STATUSES: readonly AnyIncidentStatus[] = ["resolved", "postmortem", "completed"];

export const INCIDENT_KINDS = ["incident", "maintenance"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const IMPACTS = ["none", "minor", "major", "critical", "maintenance"] as const;
export const ImpactSchema = z.enum(IMPACTS);
export type Impact = z.infer<typeof ImpactSchema>;

/** The page-level indicator uses the same words as impact. */
export const INDICATORS = IMPACTS;
export type Indicator = Impact;

export const CHANNELS = ["email", "sms", "webhook", "x"] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: "Email",
  sms: "SMS",
  webhook: "Webhook",
  x: "X (Twitter)",
};

/** Channels a person subscribes to with an address; X is the page's own account, followed on X. */
export const SUBSCRIBER_CHANNELS = ["email", "sms", "webhook"] as const satisfies readonly Channel[];
export const SubscriberChannelSchema = z.enum(SUBSCRIBER_CHANNELS);
export type SubscriberChannel = z.infer<typeof SubscriberChannelSchema>;

export const SUBSCRIBER_STATES = ["unconfirmed", "active", "quarantined", "unsubscribed"] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

export const NOTIFICATION_KINDS = [
  "subscription_confirmation",
  "incident_created",
  "incident_updated",
  "incident_resolved",
  "maintenance_scheduled",
  "maintenance_reminder",
  "maintenance_started",
  "maintenance_completed",
  "component_status_changed",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_STATES = ["pending", "sending", "sent", "retrying", "failed", "cancelled", "unknown"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const OPERATOR_ROLES = ["owner", "admin", "editor"] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** An incident's impact in words (public page, incident pages). */
export const IMPACT_LABELS: Record<Impact, string> = {
  none: "No impact",
  minor: "Minor",
  major: "Major",
  critical: "Critical",
  maintenance: "Maintenance",
};

/** The label of an incident update that did not change the incident's status (as Statuspage shows it). */
export const UNCHANGED_STATUS_UPDATE_LABEL = "Update";

/** How an incident or maintenance is named to visitors. */
export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  incident: "Incident",
  maintenance: "Scheduled maintenance",
};

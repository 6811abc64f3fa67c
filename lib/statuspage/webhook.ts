// Subscriber webhook payloads in Statuspage's shape (docs/formats.md, "Subscriber webhooks"):
// `meta`, `page`, and either the full `incident` with its updates or a `component` with its
// `component_update`.
// Receivers tell the two apart by which key is present. The body is built once per notification
// from a snapshot taken at fan-out (so every subscriber, and every retry, gets the same body);
// `meta.unsubscribe` is the subscriber's own.
import { pageStatus } from "@/lib/public/view";
import type { PublicSnapshot, SnapComponent, SnapIncident } from "@/lib/public/snapshot";
import { v2Incident, type V2IncidentUpdate } from "@/lib/statuspage/v2";
import type { ComponentStatus } from "@/lib/vocabulary";

// Herald signs its webhooks per Standard Webhooks: that is the documentation receivers need.
export const WEBHOOK_DOCUMENTATION = "https://www.standardwebhooks.com/";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The subscriber-independent part: `page` and `incident`, exactly the capture's keys and order. */
export function webhookIncidentBody(s: PublicSnapshot, i: SnapIncident) {
  const status = pageStatus(s);
  const v2 = v2Incident(s, i);
  const updates = v2.incident_updates.map((u: V2IncidentUpdate) => ({
    status: u.status,
    body: u.body,
    created_at: u.created_at,
    wants_twitter_update: false,
    twitter_updated_at: null,
    updated_at: u.updated_at,
    display_at: u.display_at,
    affected_components: u.affected_components,
    custom_tweet: u.custom_tweet,
    deliver_notifications: u.deliver_notifications,
    id: u.id,
    incident_id: u.incident_id,
  }));
  return {
    page: { id: s.page.id, status_indicator: status.indicator, status_description: status.description },
    incident: {
      name: v2.name,
      status: v2.status,
      created_at: v2.created_at,
      updated_at: v2.updated_at,
      monitoring_at: v2.monitoring_at,
      resolved_at: v2.resolved_at,
      impact: v2.impact,
      shortlink: v2.shortlink,
      postmortem_ignored: false,
      postmortem_body: i.postmortem?.body ?? null,
      postmortem_body_last_updated_at: iso(i.postmortem?.updatedAt ?? null),
      postmortem_published_at: iso(i.postmortem?.publishedAt ?? null),
      postmortem_notified_subscribers: !!i.postmortem?.notifiedAt,
      postmortem_notified_twitter: false,
      backfilled: false,
      scheduled_for: iso(i.scheduledFor),
      scheduled_until: iso(i.scheduledUntil),
      scheduled_remind_prior: false,
      scheduled_reminded_at: null,
      impact_override: null,
      scheduled_auto_in_progress: false,
      scheduled_auto_completed: false,
      id: v2.id,
      page_id: v2.page_id,
      incident_updates: updates,
      components: v2.components,
    },
  };
}

export type WebhookIncidentBody = ReturnType<typeof webhookIncidentBody>;

/** A component's status change: the change as it was written, the component and page as they are now. */
export type WebhookComponentChange = { id: string; componentId: string; oldStatus: ComponentStatus; newStatus: ComponentStatus; at: string };

/** The subscriber-independent part: `page`, `component` and `component_update`, the capture's keys and order. */
export function webhookComponentBody(s: PublicSnapshot, c: SnapComponent, change: WebhookComponentChange) {
  const status = pageStatus(s);
  return {
    page: { id: s.page.id, status_indicator: status.indicator, status_description: status.description },
    component: {
      status: c.status,
      name: c.name,
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
      position: c.position,
      description: c.description,
      showcase: c.showcase,
      id: c.id,
      page_id: s.page.id,
      group_id: c.groupId,
    },
    component_update: {
      old_status: change.oldStatus,
      new_status: change.newStatus,
      created_at: change.at,
      component_type: "Component" as const,
      id: change.id,
      component_id: change.componentId,
    },
  };
}

export type WebhookComponentBody = ReturnType<typeof webhookComponentBody>;

/** A subscriber's `meta`: where to unsubscribe, the documentation, when the body was made. */
export function webhookMeta(opts: { unsubscribeUrl: string; generatedAt: string }) {
  return { unsubscribe: opts.unsubscribeUrl, documentation: WEBHOOK_DOCUMENTATION, generated_at: opts.generatedAt };
}

/** The full payload for one subscriber: `meta` first, then the body's keys in their order. */
export function webhookPayload<B extends WebhookIncidentBody | WebhookComponentBody>(body: B, opts: { unsubscribeUrl: string; generatedAt: string }) {
  return { meta: webhookMeta(opts), ...body };
}

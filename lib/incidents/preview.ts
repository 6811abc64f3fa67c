// What posting would send, before it is sent: each channel's message composed by the code the
// notifier runs (compose.ts, then each channel's own body: the SMS text, the X post, the webhook
// JSON built from the page as it would be), and how many subscribers of each channel would get it,
// matched as the fan-out matches them (active, their components, the channels that carry the
// notice, the channels the operator chose, the channels that are on). Reads only: nothing is written.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { CreateIncidentInput, planNewIncident } from "@/lib/incidents/create";
import { checkStartedAt, nextImpact, notificationKind, statusOfKind, UpdateIncidentInput } from "@/lib/incidents/update";
import { withPostingChoices } from "@/lib/incidents/posting";
import { incidentPayload, readComponentChanges, type ComponentChange } from "@/lib/incidents/updates";
import { channelStates } from "@/lib/notify/channels/registry";
import { composeSmsBody } from "@/lib/notify/channels/sms";
import { tweetLength, X_MAX_WEIGHTED_LENGTH, xPostText } from "@/lib/notify/channels/x";
import { compose } from "@/lib/notify/compose";
import { notificationChannels } from "@/lib/notify/fanout";
import type { IncidentNotificationPayload } from "@/lib/notify/outbox";
import { CHANNEL_EVENTS } from "@/lib/notify/rules";
import { loadPublicSnapshot, type PublicSnapshot, type SnapIncident, type SnapUpdate } from "@/lib/public/snapshot";
import { channelEvents } from "@/lib/settings/get";
import { fromHeader } from "@/lib/settings/sender";
import { webhookIncidentBody } from "@/lib/statuspage/webhook";
import { CHANNELS, CLOSED_STATUSES, type AnyIncidentStatus, type Channel, type Impact, type NotificationKind } from "@/lib/vocabulary";

/** Stand-ins for ids that do not exist yet: the same length as real ones, so lengths are counted right. */
const NEW_INCIDENT_ID = "newincident0";
const NEW_UPDATE_ID = "newupdate000";
const SAMPLE_DELIVERY_ID = "preview00000";
const SAMPLE_MANAGE_TOKEN = "your-own-unsubscribe-token";

export type SmsPreview = { body: string; characters: number; encoding: "GSM-7" | "UCS-2"; segments: number };
export type XPreview = { text: string; weightedLength: number; max: number; custom: boolean };

export type ChannelPreview = {
  channel: Channel;
  /** Whether this notice goes out on the channel; when not, why (a sentence). */
  sends: boolean;
  reason: string | null;
  /** Subscribers who would get it (X: the page's own account, 1). 0 when it is not sent. */
  recipients: number;
  email?: { from: string; subject: string; text: string; html: string };
  sms?: SmsPreview;
  x?: XPreview;
  /** The JSON body one subscriber would receive (its own `meta`), indented for reading. */
  webhook?: { json: string };
};

export type IncidentPreview = {
  kind: NotificationKind;
  notify: boolean;
  impact: Impact;
  channels: ChannelPreview[];
};

type PreviewOptions = {
  /** The channels on (configured); default: this process's configuration, as the worker's. */
  channelsOn?: readonly Channel[];
};

/** What posting this new incident would send. Refuses what createIncident refuses. */
export async function previewNewIncident({ actor, input, options = {} }: { actor: Actor; input: CreateIncidentInput; options?: PreviewOptions }): Promise<IncidentPreview> {
  requirePermission(actor, "incident.write");
  const data = CreateIncidentInput.parse(input);
  const client = db();
  const now = new Date();
  const { changes, impact, startedAt } = await planNewIncident(client, data, now);
  const ids = data.components.map((c) => c.componentId);
  const closed = CLOSED_STATUSES.includes(data.status);
  const payload = withPostingChoices(
    incidentPayload({ id: NEW_INCIDENT_ID, name: data.name, kind: "incident", impact }, { id: NEW_UPDATE_ID, status: data.status, body: data.message, displayAt: startedAt }, changes, ids),
    { customTweet: data.customTweet, channels: data.channels },
  );
  const snapshot = await loadPublicSnapshot(0);
  const update: SnapUpdate = snapUpdate(NEW_INCIDENT_ID, NEW_UPDATE_ID, data.status, data.message, startedAt, now, data, changes);
  const incident: SnapIncident = {
    id: NEW_INCIDENT_ID,
    kind: "incident",
    name: data.name,
    status: data.status,
    impact,
    createdAt: now,
    updatedAt: now,
    startedAt,
    monitoringAt: data.status === "monitoring" ? now : null,
    resolvedAt: closed ? now : null,
    scheduledFor: null,
    scheduledUntil: null,
    postmortem: null,
    componentIds: ids,
    updates: [update],
  };
  return previewFor({
    kind: "incident_created",
    notify: data.deliverNotifications,
    impact,
    payload,
    snapshot: withIncident(snapshot, incident, changes),
    incident,
    options,
  });
}

/** What posting this update would send. Refuses what updateIncident refuses. */
export async function previewIncidentUpdate({ actor, input, options = {} }: { actor: Actor; input: UpdateIncidentInput; options?: PreviewOptions }): Promise<IncidentPreview> {
  requirePermission(actor, "incident.write");
  const data = UpdateIncidentInput.parse(input);
  const client = db();
  const now = new Date();
  const row = await client.incident.findUnique({ where: { id: data.incidentId }, include: { components: { select: { componentId: true } } } });
  if (!row) throw new NotFoundError(`No incident or maintenance with id ${data.incidentId}`);
  const previous = row.status as AnyIncidentStatus;
  const status = statusOfKind(row.kind, data.status ?? previous);
  const changes = await readComponentChanges(client, data.components);
  const startedAt = await checkStartedAt(client, row, data.startedAt, now);
  const { impact } = await nextImpact(client, row, data.impactOverride, changes);
  const kind = notificationKind(row.kind, previous, status);
  const ids = data.components.map((c) => c.componentId);
  const touched = [...new Set([...row.components.map((c) => c.componentId), ...ids])];
  const payload = withPostingChoices(
    incidentPayload({ ...row, impact }, { id: NEW_UPDATE_ID, status, body: data.message, displayAt: now }, changes, touched),
    { customTweet: data.customTweet, channels: data.channels },
  );

  const snapshot = await loadPublicSnapshot(0);
  const before = snapshot.incidents.find((i) => i.id === row.id);
  const update = snapUpdate(row.id, NEW_UPDATE_ID, status, data.message, now, now, data, changes);
  const earlier = (before?.updates ?? []).map((u, i, all) => (i === all.length - 1 && startedAt.getTime() !== row.startedAt.getTime() ? { ...u, displayAt: startedAt } : u));
  const closed = CLOSED_STATUSES.includes(status);
  const incident: SnapIncident = {
    ...(before ?? { postmortem: null }),
    id: row.id,
    kind: row.kind,
    name: row.name,
    status,
    impact,
    createdAt: row.createdAt,
    updatedAt: now,
    startedAt,
    monitoringAt: status === "monitoring" && !row.monitoringAt ? now : row.monitoringAt,
    resolvedAt: closed ? (row.resolvedAt ?? now) : null,
    scheduledFor: row.scheduledFor,
    scheduledUntil: row.scheduledUntil,
    componentIds: touched,
    updates: [update, ...earlier],
  };
  return previewFor({ kind, notify: data.deliverNotifications, impact, payload, snapshot: withIncident(snapshot, incident, changes), incident, options });
}

function snapUpdate(
  incidentId: string,
  id: string,
  status: AnyIncidentStatus,
  body: string,
  displayAt: Date,
  now: Date,
  data: { deliverNotifications: boolean; customTweet?: string | null },
  changes: readonly ComponentChange[],
): SnapUpdate {
  return {
    id,
    incidentId,
    status,
    body,
    createdAt: now,
    updatedAt: now,
    displayAt,
    deliverNotifications: data.deliverNotifications,
    customTweet: data.customTweet ?? null,
    tweetId: null,
    affectedComponents: changes.map((c) => ({ componentId: c.id, name: c.name, oldStatus: c.oldStatus, newStatus: c.newStatus })),
  };
}

/** The page as it would be after the post: the incident in it, its components' new statuses. */
function withIncident(s: PublicSnapshot, incident: SnapIncident, changes: readonly ComponentChange[]): PublicSnapshot {
  const next = new Map(changes.map((c) => [c.id, c.newStatus]));
  return {
    ...s,
    components: s.components.map((c) => (next.has(c.id) ? { ...c, status: next.get(c.id)! } : c)),
    incidents: [incident, ...s.incidents.filter((i) => i.id !== incident.id)],
  };
}

async function previewFor(p: {
  kind: NotificationKind;
  notify: boolean;
  impact: Impact;
  payload: IncidentNotificationPayload;
  snapshot: PublicSnapshot;
  incident: SnapIncident;
  options: PreviewOptions;
}): Promise<IncidentPreview> {
  const config = getConfig();
  const states = channelStates(config);
  const channelsOn = p.options.channelsOn ?? CHANNELS.filter((c) => states[c].on);
  const [events, settings] = await Promise.all([channelEvents(), db().pageSettings.findUnique({ where: { id: 1 }, select: { emailSenderName: true } })]);
  const sending = p.notify ? notificationChannels(p.kind, channelsOn, p.payload, events) : [];
  const counts = await recipientCounts(sending, p.payload.componentIds);

  // The webhook body as the fan-out freezes it (fanout.ts freezeWebhookBody), from the page as it would be.
  const frozen = JSON.stringify({ ...webhookIncidentBody(p.snapshot, p.incident), generatedAt: p.snapshot.builtAt.toISOString() });
  const notification = { id: SAMPLE_DELIVERY_ID, kind: p.kind, payload: { ...p.payload, webhook: frozen }, incidentId: p.incident.id };
  const page = { name: p.snapshot.page.name, emailSenderName: settings?.emailSenderName ?? null };
  const sample = { address: "subscriber@example.com", confirmToken: null, manageToken: SAMPLE_MANAGE_TOKEN, webhookSecret: null };
  const message = (channel: Channel) =>
    compose({ delivery: { id: SAMPLE_DELIVERY_ID, channel }, notification, subscriber: channel === "x" ? null : sample, page, publicUrl: config.publicUrl });

  const channels = CHANNELS.map((channel): ChannelPreview => {
    const sends = sending.includes(channel);
    const reason = sends ? null : whyNot(channel, p, channelsOn, events, states[channel]);
    const out: ChannelPreview = { channel, sends, reason, recipients: sends ? (channel === "x" ? 1 : (counts.get(channel) ?? 0)) : 0 };
    const m = message(channel);
    if (channel === "email") {
      const from = fromHeader(config.SMTP_FROM, m.fromName);
      out.email = { from: typeof from === "string" ? from : `${from.name} <${from.address}>`, subject: m.subject, text: m.text, html: m.html };
    }
    if (channel === "sms") out.sms = smsPreview(composeSmsBody(m));
    if (channel === "x") {
      const text = xPostText(m);
      out.x = { text, weightedLength: tweetLength(text), max: X_MAX_WEIGHTED_LENGTH, custom: !!m.post };
    }
    if (channel === "webhook" && m.json) out.webhook = { json: JSON.stringify(JSON.parse(m.json), null, 2) };
    return out;
  });
  return { kind: p.kind, notify: p.notify, impact: p.impact, channels };
}

function whyNot(
  channel: Channel,
  p: { kind: NotificationKind; notify: boolean; payload: IncidentNotificationPayload },
  channelsOn: readonly Channel[],
  events: { sms: readonly NotificationKind[]; x: readonly NotificationKind[] },
  state: { on: boolean; reason?: string },
): string {
  if (!p.notify) return "Subscribers are not notified of this post.";
  if (p.payload.channels && !p.payload.channels.includes(channel)) return "Not chosen for this post.";
  if (!channelsOn.includes(channel)) return `The channel is off${state.on ? "" : `: ${state.reason}`}.`;
  const carried = channel === "sms" || channel === "x" ? events[channel] : CHANNEL_EVENTS[channel];
  if (!carried.includes(p.kind)) return channel === "sms" || channel === "x" ? "The page's settings do not send this kind of notice on this channel." : "This channel does not carry this kind of notice.";
  return "Not sent.";
}

/** Active subscribers per channel who would get a notice about these components: the fan-out's own match. */
async function recipientCounts(channels: readonly Channel[], componentIds: readonly string[]): Promise<Map<Channel, number>> {
  const subscribed = channels.filter((c) => c !== "x");
  if (!subscribed.length) return new Map();
  const rows = await db().$queryRaw<{ channel: Channel; n: number }[]>`
    SELECT s.channel::text AS channel, count(*)::int AS n FROM subscriber s
    WHERE s.channel::text = ANY(${subscribed as Channel[]}::text[]) AND s.state = 'active'
      AND (
        NOT EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id)
        OR EXISTS (SELECT 1 FROM subscriber_component sc WHERE sc.subscriber_id = s.id AND sc.component_id = ANY(${componentIds as string[]}::text[]))
      )
    GROUP BY s.channel`;
  return new Map(rows.map((r) => [r.channel, r.n]));
}

// GSM 03.38: the characters an SMS carries at 7 bits each (the extension table's count twice).
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/** An SMS body's length and how many segments it is sent in: 160/153 GSM-7 characters, else 70/67 UCS-2 units. */
export function smsPreview(body: string): SmsPreview {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { body, characters: septets, encoding: "GSM-7", segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = body.length;
  return { body, characters: units, encoding: "UCS-2", segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

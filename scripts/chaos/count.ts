// Counting at the fakes, and the rules: per channel, who received the notification (distinct
// recipients) against who should have, how many copies, and with which ids; then the delivery
// rows, which must all end sent, or failed where a failure was planned.
//   lost        = expected recipients (planned failures aside) that received nothing: must be 0
//   duplicates  = copies beyond the first, per recipient. SMS and X: must be 0. Email and webhooks:
//                 at most the number of their deliveries caught mid-send (in flight when a worker
//                 was killed or Postgres stopped), each one of those, and every copy of one message
//                 with the same id (Message-ID, webhook-id).
import { db } from "@/lib/db/prisma";
import type { Channel } from "@/lib/vocabulary";
import { CHANNELS, type Fakes, type Seeded } from "./harness";

export type Disruption = {
  label: string;
  /** Seconds since the scenario started. */
  at: number;
  /** Share of the deliveries final when it happened. */
  progress: number;
  /** Deliveries in "sending" just before it, per channel (the worker's own when known). */
  before: Partial<Record<Channel, number>>;
  /** Deliveries it caught mid-send (still "sending" under the stopped worker afterwards). */
  inFlight: Partial<Record<Channel, number>>;
  ids: string[];
  /** May email and webhook messages be sent twice because of it (SIGKILL, Postgres down)? */
  mayRepeat: boolean;
  note?: string;
};

/** Failures the scenario planned (faults): which failed deliveries are expected. */
export type PlannedFailures = {
  /** SMS numbers the fake Twilio answers 21610 (opted out) for. */
  smsOptedOut?: string[];
  /** Twilio 21211 (invalid number) answers injected. */
  sms21211?: number;
  /** Webhook 410 Gone answers injected. */
  webhook410?: number;
};

export type ChannelReport = {
  channel: Channel;
  expected: number;
  received: number;
  lost: number;
  copies: number;
  duplicates: number;
  /** Duplicates allowed (email, webhook: deliveries caught mid-send); 0 for SMS and X. */
  allowed: number;
  inFlight: number;
  failedPlanned: number;
  failedOther: number;
  notFinal: number;
};

type DeliveryRow = { id: string; channel: Channel; state: string; subscriber_id: string | null; last_error: string | null };

export async function countScenario(opts: {
  notificationId: string;
  incident: { id: string; name: string };
  seeded: Seeded;
  fakes: Fakes;
  disruptions: Disruption[];
  planned: PlannedFailures;
}): Promise<{ channels: ChannelReport[]; violations: string[]; notes: string[] }> {
  const { notificationId, incident, seeded, fakes, disruptions, planned } = opts;
  const violations: string[] = [];
  const notes: string[] = [];
  const deliveries = await db().$queryRaw<DeliveryRow[]>`
    SELECT id, channel::text AS channel, state::text AS state, subscriber_id, last_error FROM delivery WHERE notification_id = ${notificationId}`;
  const bySubscriber = new Map(deliveries.filter((d) => d.subscriber_id).map((d) => [d.subscriber_id!, d]));
  const xDelivery = deliveries.find((d) => d.channel === "x");

  // Who should receive, keyed the way each fake identifies a recipient.
  const expectedKeys: Record<Channel, Map<string, DeliveryRow | undefined>> = {
    email: new Map(seeded.email.map((s) => [s.address, bySubscriber.get(s.id)])),
    sms: new Map(seeded.sms.map((s) => [s.address, bySubscriber.get(s.id)])),
    webhook: new Map(seeded.webhook.map((s) => [s.manageToken, bySubscriber.get(s.id)])),
    x: new Map([["page", xDelivery]]),
  };

  // What each fake received: per recipient, the accepted copies and every id seen.
  type Got = { copies: number; ids: Set<string> };
  const got: Record<Channel, Map<string, Got>> = { email: new Map(), sms: new Map(), webhook: new Map(), x: new Map() };
  const add = (channel: Channel, key: string, id: string | null, accepted: boolean) => {
    const g = got[channel].get(key) ?? { copies: 0, ids: new Set<string>() };
    if (accepted) g.copies++;
    if (id !== null) g.ids.add(id);
    got[channel].set(key, g);
  };

  const mail = await db().capturedMessage.findMany({
    where: { channel: "email", subject: { contains: incident.name } },
    select: { recipient: true, providerId: true },
  });
  for (const m of mail) add("email", m.recipient, m.providerId ?? "(none)", true);

  for (const m of fakes.twilio.messages) if (m.body.includes(incident.name)) add("sms", m.to, null, true);
  for (const p of fakes.x.posts) if (p.text.includes(incident.name)) add("x", "page", p.id, true);

  let badSignatures = 0;
  fakes.hooks.received.forEach((r, i) => {
    const body = r.body as { incident?: { id?: string }; meta?: { unsubscribe?: string } } | string;
    if (typeof body !== "object" || body?.incident?.id !== incident.id) return;
    if (!r.signatureValid) badSignatures++;
    const token = /\/subscriptions\/unsubscribe\/([^/?#]+)/.exec(body.meta?.unsubscribe ?? "")?.[1] ?? `(no unsubscribe link ${i})`;
    const status = fakes.hookAnswer(i);
    add("webhook", token, r.id ?? "(none)", status >= 200 && status < 300);
  });
  if (badSignatures) violations.push(`webhook: ${badSignatures} request(s) with an invalid signature`);

  const inFlightIds = new Set(disruptions.filter((d) => d.mayRepeat).flatMap((d) => d.ids));
  const optedOut = new Set(planned.smsOptedOut ?? []);
  const smsAddress = new Map(seeded.sms.map((s) => [s.id, s.address]));

  const channels: ChannelReport[] = [];
  for (const channel of CHANNELS) {
    const expected = expectedKeys[channel];
    const rows = deliveries.filter((d) => d.channel === channel);
    const inFlight = disruptions
      .filter((d) => d.mayRepeat)
      .reduce((s, d) => s + (d.inFlight[channel] ?? 0), 0);
    const allowed = channel === "email" || channel === "webhook" ? inFlight : 0;

    // Delivery rows: one per expected recipient, all final; failures only where planned.
    if (rows.length !== expected.size) violations.push(`${channel}: ${rows.length} delivery rows for ${expected.size} recipients`);
    const notFinal = rows.filter((d) => d.state !== "sent" && d.state !== "failed");
    if (notFinal.length) {
      const states = countBy(notFinal.map((d) => d.state));
      violations.push(`${channel}: ${notFinal.length} deliveries not finished (${fmtCounts(states)})`);
    }
    const plannedFailure = (d: DeliveryRow): boolean => {
      if (channel === "sms") return optedOut.has(smsAddress.get(d.subscriber_id ?? "") ?? "") || /\b21211\b/.test(d.last_error ?? "");
      if (channel === "webhook") return /\b410\b/.test(d.last_error ?? "") && (planned.webhook410 ?? 0) > 0;
      return false;
    };
    const failed = rows.filter((d) => d.state === "failed");
    const failedPlanned = failed.filter(plannedFailure);
    const failedOther = failed.filter((d) => !plannedFailure(d));
    for (const d of failedOther.slice(0, 3)) violations.push(`${channel}: delivery ${d.id} failed: ${d.last_error ?? "(no error)"}`);
    if (failedOther.length > 3) violations.push(`${channel}: ${failedOther.length - 3} more unexpected failures`);
    if (channel === "sms") {
      const n21211 = failedPlanned.filter((d) => /\b21211\b/.test(d.last_error ?? "")).length;
      // Each injected 21211 answers one POST, so it fails exactly one delivery (possibly the opted-out one).
      if (n21211 !== (planned.sms21211 ?? 0)) violations.push(`sms: ${n21211} deliveries failed with 21211, ${planned.sms21211 ?? 0} injected`);
      for (const address of optedOut) {
        const sub = seeded.sms.find((s) => s.address === address);
        const d = sub ? bySubscriber.get(sub.id) : undefined;
        if (d && d.state !== "failed") violations.push(`sms: the opted-out number ${address} ended ${d.state}, not failed`);
      }
    }
    if (channel === "webhook" && (planned.webhook410 ?? 0) !== failedPlanned.length) {
      violations.push(`webhook: ${failedPlanned.length} deliveries failed with 410 Gone, ${planned.webhook410 ?? 0} injected`);
    }
    const plannedIds = new Set(failedPlanned.map((d) => d.id));
    for (const d of failedPlanned) notes.push(`${channel} failed as planned: ${(d.last_error ?? "").slice(0, 120)}`);

    // At the fake.
    let received = 0;
    let lost = 0;
    let copies = 0;
    let duplicates = 0;
    const lostKeys: string[] = [];
    const dupKeys: string[] = [];
    for (const [key, row] of expected) {
      const g = got[channel].get(key);
      const accepted = g?.copies ?? 0;
      copies += accepted;
      if (row && plannedIds.has(row.id)) {
        if (accepted) violations.push(`${channel}: ${key} received a message whose delivery failed as planned`);
        continue;
      }
      if (accepted > 0) received++;
      else {
        lost++;
        lostKeys.push(`${key}${row ? ` (delivery ${row.id}, ${row.state})` : " (no delivery row)"}`);
      }
      if (accepted > 1) {
        duplicates += accepted - 1;
        dupKeys.push(`${key} ×${accepted}${row ? ` (delivery ${row.id})` : ""}`);
        if (allowed > 0 && row && !inFlightIds.has(row.id)) {
          violations.push(`${channel}: ${key} received ${accepted} copies, but its delivery ${row.id} was not in flight at any kill`);
        }
      }
      if (g && g.ids.size > 1) violations.push(`${channel}: ${key} received ${g.ids.size} different ids (${[...g.ids].slice(0, 3).join(", ")})`);
      if (g && row && channel === "email") {
        // Herald's Message-ID names the delivery (<delivery.notification@host>).
        for (const id of g.ids) if (!id.includes(row.id)) violations.push(`email: ${key} received Message-ID ${id}, which does not name its delivery ${row.id}`);
      }
    }
    for (const [key, g] of got[channel]) {
      if (!expected.has(key)) violations.push(`${channel}: ${g.copies} message(s) to ${key}, who is not a recipient`);
    }
    const some = (keys: string[]) => `${keys.slice(0, 3).join(", ")}${keys.length > 3 ? `, and ${keys.length - 3} more` : ""}`;
    if (lost) violations.push(`${channel}: ${lost} recipient(s) received nothing: ${some(lostKeys)}`);
    if (duplicates > allowed) {
      violations.push(
        channel === "sms" || channel === "x"
          ? `${channel}: ${duplicates} duplicate(s), must be 0: ${some(dupKeys)}`
          : `${channel}: ${duplicates} duplicate(s), more than the ${allowed} in flight when interrupted: ${some(dupKeys)}`,
      );
    }
    channels.push({
      channel,
      expected: expected.size,
      received,
      lost,
      copies,
      duplicates,
      allowed,
      inFlight,
      failedPlanned: failedPlanned.length,
      failedOther: failedOther.length,
      notFinal: notFinal.length,
    });
  }
  return { channels, violations, notes };
}

export function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function fmtCounts(c: Partial<Record<string, number>>): string {
  const parts = Object.entries(c)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join(", ") : "none";
}

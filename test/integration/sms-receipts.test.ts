// Twilio status callbacks end to end: the SMS channel (real twilio SDK) sends through the fake
// Twilio with a StatusCallback; the fake POSTs signed status reports to Herald's route handler
// (app/api/webhooks/twilio/status/route.ts, served here by a plain node:http adapter standing in for
// Next and for a proxy that strips a path prefix), which records them on the delivery
// (lib/notify/receipts.ts). test/unit/sms-status-callback.test.ts checks the signatures themselves.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/twilio/status/route";
import { parseConfig, type Config } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { startFakeTwilio, twilioSignature, type FakeTwilio } from "@/lib/fakes/twilio";
import { sms } from "@/lib/notify/channels/sms";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";
import { recordSmsReceipt } from "@/lib/notify/receipts";
import { randomToken } from "@/lib/tokens";
import { setupTestDatabase } from "@/test/helpers/db";

setupTestDatabase();

const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const AUTH_TOKEN = "fake-auth-token-receipts";
const PREFIX = "/herald"; // the public URL's path, which the "proxy" strips

let fake: FakeTwilio;
let web: http.Server;
let config: Config;
let sender: ChannelSender;
/** What the route answered, in order. */
const answers: number[] = [];

beforeAll(async () => {
  // Herald's web server behind a proxy: the public URL has a path the server never sees.
  web = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").startsWith(PREFIX) ? (req.url ?? "/").slice(PREFIX.length) : (req.url ?? "/");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://internal.invalid:8080${path}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      POST(request)
        .then(async (response) => {
          answers.push(response.status);
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((e: Error) => {
          answers.push(500);
          res.writeHead(500);
          res.end(e.message);
        });
    });
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  const port = (web.address() as { port: number }).port;
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 5 });
  const env = {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: "+15005550006",
    TWILIO_API_URL: fake.url,
    HERALD_PUBLIC_URL: `http://127.0.0.1:${port}${PREFIX}`,
  };
  // The route reads the process's configuration (getConfig, parsed on first use).
  Object.assign(process.env, env);
  config = parseConfig(env);
  const state = sms.configure(config);
  if (!state.on) throw new Error(state.reason);
  sender = state.open();
});

afterAll(async () => {
  await sender?.close();
  await fake?.close();
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
});

async function smsDelivery(address = "+14155550123") {
  const n = await db().notification.create({ data: { kind: "incident_created", fanoutState: "done", payload: {} } });
  const s = await db().subscriber.create({
    data: { channel: "sms", address, state: "active", manageToken: randomToken(), confirmedAt: new Date() },
  });
  return db().delivery.create({ data: { notificationId: n.id, channel: "sms", subscriberId: s.id } });
}

function message(deliveryId: string, to: string): OutboundMessage {
  return {
    deliveryId,
    notificationId: "n1",
    channel: "sms",
    to,
    subject: "[Acme] API outage (Investigating)",
    text: "Requests to the API fail.",
    html: "",
    idempotencyKey: `<${deliveryId}@status.acme.test>`,
    threadKey: null,
    links: { unsubscribe: null, oneClick: null, page: "https://status.acme.test/incidents/i1" },
  };
}

/** Sends as the worker would: the message, then the delivery marked sent with Twilio's sid. */
async function send(deliveryId: string, to: string): Promise<string> {
  const outcome = await sender.send(message(deliveryId, to));
  if (outcome.kind !== "sent" || !outcome.providerId) throw new Error(`not sent: ${JSON.stringify(outcome)}`);
  await db().delivery.update({ where: { id: deliveryId }, data: { state: "sent", sentAt: new Date(), providerId: outcome.providerId } });
  return outcome.providerId;
}

function callbackUrl(deliveryId: string) {
  return `${config.publicUrl}/api/webhooks/twilio/status?delivery=${deliveryId}`;
}

/** A status report as Twilio would POST it, through the "proxy", signed (or not). */
async function report(deliveryId: string, params: Record<string, string>, signature = twilioSignature(AUTH_TOKEN, callbackUrl(deliveryId), params)) {
  const res = await fetch(callbackUrl(deliveryId), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: new URLSearchParams(params),
  });
  await res.arrayBuffer();
  return res.status;
}

function statusParams(sid: string, status: string, extra: Record<string, string> = {}) {
  return { AccountSid: ACCOUNT_SID, ApiVersion: "2010-04-01", From: "+15005550006", To: "+14155550123", MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, ...extra };
}

describe("Twilio status callbacks", () => {
  it("records queued, sent, delivered on the delivery as the fake Twilio reports them", async () => {
    const d = await smsDelivery();
    const sid = await send(d.id, "+14155550123");
    await fake.callbacksSettled();
    const made = fake.callbacks.filter((c) => c.params.MessageSid === sid);
    expect(made.map((c) => c.params.MessageStatus)).toEqual(["queued", "sent", "delivered"]);
    expect(made.map((c) => c.answer)).toEqual([204, 204, 204]);
    expect(made[0]!.url).toBe(callbackUrl(d.id));
    const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.providerStatus).toBe("delivered");
    expect(row.providerStatusAt).toBeInstanceOf(Date);
    expect(Date.now() - row.providerStatusAt!.getTime()).toBeLessThan(60_000);
    expect(row.state).toBe("sent");
    expect(row.lastError).toBeNull();
  });

  it("records undelivered with Twilio's error code", async () => {
    fake.deliveryFailures.set("+14155550188", { status: "undelivered", errorCode: 30003 });
    const d = await smsDelivery("+14155550188");
    const sid = await send(d.id, "+14155550188");
    await fake.callbacksSettled();
    expect(fake.callbacks.filter((c) => c.params.MessageSid === sid).map((c) => [c.params.MessageStatus, c.params.ErrorCode])).toEqual([
      ["queued", undefined],
      ["sent", undefined],
      ["undelivered", "30003"],
    ]);
    const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.providerStatus).toBe("undelivered");
    expect(row.lastError).toContain("30003");
    expect(fake.messages.find((m) => m.sid === sid)).toMatchObject({ status: "undelivered", errorCode: 30003 });
  });

  it("refuses a report with a bad signature (403) and records nothing", async () => {
    const d = await smsDelivery();
    const sid = "SM" + "1".repeat(32);
    await db().delivery.update({ where: { id: d.id }, data: { state: "sent", sentAt: new Date(), providerId: sid } });
    const params = statusParams(sid, "delivered");
    expect(await report(d.id, params, "not-a-signature")).toBe(403);
    expect(await report(d.id, params, "")).toBe(403);
    // Signed by someone with another token.
    expect(await report(d.id, params, twilioSignature("another-token", callbackUrl(d.id), params))).toBe(403);
    // Signed for the address the server was reached at rather than the public URL Twilio was given.
    expect(await report(d.id, params, twilioSignature(AUTH_TOKEN, `http://internal.invalid:8080/api/webhooks/twilio/status?delivery=${d.id}`, params))).toBe(403);
    // Signed for another delivery.
    expect(await report(d.id, params, twilioSignature(AUTH_TOKEN, callbackUrl("other"), params))).toBe(403);
    const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.providerStatus).toBeNull();
    expect(await report(d.id, params)).toBe(204);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).providerStatus).toBe("delivered");
  });

  it("ignores an older status arriving late, and a repeated one", async () => {
    const d = await smsDelivery();
    const sid = "SM" + "2".repeat(32);
    await db().delivery.update({ where: { id: d.id }, data: { state: "sent", sentAt: new Date(), providerId: sid } });
    expect(await report(d.id, statusParams(sid, "sent"))).toBe(204);
    expect(await report(d.id, statusParams(sid, "delivered"))).toBe(204);
    const delivered = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(await report(d.id, statusParams(sid, "queued"))).toBe(204);
    expect(await report(d.id, statusParams(sid, "sent"))).toBe(204);
    expect(await report(d.id, statusParams(sid, "failed", { ErrorCode: "30008" }))).toBe(204);
    const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.providerStatus).toBe("delivered");
    expect(row.providerStatusAt).toEqual(delivered.providerStatusAt);
    expect(row.lastError).toBeNull();
  });

  it("records a report that beats the worker's own record of the send, not one about another message", async () => {
    const d = await smsDelivery();
    const sid = "SM" + "3".repeat(32);
    expect(await report(d.id, statusParams(sid, "queued"))).toBe(204);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).providerStatus).toBe("queued");
    await db().delivery.update({ where: { id: d.id }, data: { state: "sent", sentAt: new Date(), providerId: sid } });
    // Another message's report (an earlier attempt's, say) does not count for this delivery.
    expect(await recordSmsReceipt({ config, url: callbackUrl(d.id), params: statusParams("SM" + "4".repeat(32), "delivered"), signature: twilioSignature(AUTH_TOKEN, callbackUrl(d.id), statusParams("SM" + "4".repeat(32), "delivered")) })).toEqual({ ok: true, recorded: false, reason: "stale" });
    expect((await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).providerStatus).toBe("queued");
  });

  it("answers 204 for an unknown delivery or status, so Twilio does not retry", async () => {
    const sid = "SM" + "5".repeat(32);
    expect(await report("no-such-delivery", statusParams(sid, "delivered"))).toBe(204);
    const params = statusParams(sid, "delivered");
    expect(await recordSmsReceipt({ config, url: callbackUrl("no-such-delivery"), params, signature: twilioSignature(AUTH_TOKEN, callbackUrl("no-such-delivery"), params) })).toEqual({
      ok: true,
      recorded: false,
      reason: "no-delivery",
    });
    const d = await smsDelivery();
    const odd = statusParams(sid, "teleported");
    expect(await recordSmsReceipt({ config, url: callbackUrl(d.id), params: odd, signature: twilioSignature(AUTH_TOKEN, callbackUrl(d.id), odd) })).toMatchObject({
      ok: true,
      recorded: false,
      reason: "unknown-status",
    });
    expect(answers.every((a) => a === 204 || a === 403)).toBe(true);
  });
});

// The SMS channel end to end: the real twilio SDK against the local fake Twilio API
// (lib/fakes/twilio.ts), no mocks. Covers sending, configuration, and how each failure is classified.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { startFakeTwilio, type FakeTwilio } from "@/lib/fakes/twilio";
import { listRecentMessages, sms, SMS_MAX_LENGTH, SMS_VALIDITY_SECONDS } from "@/lib/notify/channels/sms";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";

const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const AUTH_TOKEN = "fake-auth-token";
const FROM = "+15005550006";

let fake: FakeTwilio;
let sender: ChannelSender;

function config(overrides: Record<string, string | undefined> = {}) {
  return parseConfig({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: FROM,
    TWILIO_API_URL: fake.url,
    // Status callbacks go nowhere here (test/integration/sms-receipts.test.ts follows them).
    HERALD_PUBLIC_URL: "http://127.0.0.1:9/status",
    ...overrides,
  });
}

function open(overrides: Record<string, string | undefined> = {}): ChannelSender {
  const state = sms.configure(config(overrides));
  if (!state.on) throw new Error(`sms is off: ${state.reason}`);
  return state.open();
}

function message(to: string, over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: "d1",
    notificationId: "n1",
    channel: "sms",
    to,
    subject: "[Acme] API outage (Investigating)",
    text: "API outage\n\nInvestigating: Requests to the API fail for some customers.\n\nFollow this incident: https://status.acme.test/incidents/i1",
    html: "<p>unused</p>",
    idempotencyKey: "<d1@status.acme.test>",
    threadKey: null,
    links: { unsubscribe: "https://status.acme.test/u/x", oneClick: null, page: "https://status.acme.test/incidents/i1" },
    ...over,
  };
}

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sender = open();
});

afterAll(async () => {
  await sender?.close();
  await fake?.close();
});

afterEach(() => {
  fake.messages.length = 0;
  fake.optedOut.clear();
});

describe("sms channel configuration", () => {
  it("is off without credentials, naming the missing variables", () => {
    const state = sms.configure(parseConfig({}));
    expect(state.on).toBe(false);
    if (!state.on) {
      expect(state.reason).toContain("TWILIO_ACCOUNT_SID");
      expect(state.reason).toContain("TWILIO_AUTH_TOKEN");
      expect(state.reason).toContain("TWILIO_FROM");
    }
    const partial = sms.configure(parseConfig({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "t" }));
    expect(partial).toEqual({ on: false, reason: "TWILIO_FROM is not set" });
  });

  it("is off with an account SID the SDK would reject", () => {
    const state = sms.configure(parseConfig({ TWILIO_ACCOUNT_SID: "XY123", TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: FROM }));
    expect(state.on).toBe(false);
    if (!state.on) expect(state.reason).toContain("TWILIO_ACCOUNT_SID");
  });

  it("is on with the three variables", () => {
    expect(sms.configure(config()).on).toBe(true);
    expect(sms.concurrency(config())).toBeGreaterThan(0);
  });
});

describe("sms channel sending", () => {
  it("sends through the fake with To, From, Body and a 15-minute validity period", async () => {
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("sent");
    expect(fake.messages).toHaveLength(1);
    const m = fake.messages[0]!;
    expect(outcome).toEqual({ kind: "sent", providerId: m.sid });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m.to).toBe("+14155550123");
    expect(m.from).toBe(FROM);
    expect(m.validityPeriod).toBe(SMS_VALIDITY_SECONDS);
    expect(m.validityPeriod).toBe(900);
    expect(m.statusCallback).toBe("http://127.0.0.1:9/status/api/webhooks/twilio/status?delivery=d1");
    expect(m.body).toBe(
      "[Acme] API outage (Investigating)\nInvestigating: Requests to the API fail for some customers.\nhttps://status.acme.test/incidents/i1",
    );
    expect(m.body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  });

  it("fails (no retry) an invalid number, and sends nothing", async () => {
    const outcome = await sender.send(message("0412 345 678"));
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") expect(outcome.error).toContain("21211");
    expect(fake.messages).toHaveLength(0);
  });

  it("fails an opted-out recipient (21610)", async () => {
    fake.optedOut.add("+14155550199");
    const outcome = await sender.send(message("+14155550199"));
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") expect(outcome.error).toContain("21610");
  });

  it("fails a message with no recipient", async () => {
    expect((await sender.send(message("", { to: null }))).kind).toBe("failed");
  });

  it("retries a 429 after the Retry-After the API gave", async () => {
    fake.failNext(1, { status: 429, retryAfter: 3 });
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("retry");
    if (outcome.kind === "retry") expect(outcome.retryAfterMs).toBe(3000);
    expect(fake.messages).toHaveLength(0);
    // The next attempt goes through.
    expect((await sender.send(message("+14155550123"))).kind).toBe("sent");
  });

  it("retries a 429 without Retry-After, with no delay of its own", async () => {
    fake.failNext(1, { status: 429 });
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("retry");
    if (outcome.kind === "retry") expect(outcome.retryAfterMs).toBeUndefined();
  });

  it("retries a 500", async () => {
    fake.failNext(1, { status: 500 });
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("retry");
    if (outcome.kind === "retry") expect(outcome.error).toContain("500");
  });

  it("retries a dropped connection", async () => {
    fake.failNext(1, { drop: true });
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("retry");
    expect(fake.messages).toHaveLength(0);
  });

  it("retries when the connection is dropped after Twilio stored the message (listRecentMessages finds it)", async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(1, { drop: true, keep: true });
    const outcome = await sender.send(message("+14155550124"));
    expect(outcome.kind).toBe("retry");
    expect(fake.messages).toHaveLength(1);
    const found = await listRecentMessages(config(), { to: "+14155550124", since });
    expect(found.map((m) => m.sid)).toEqual([fake.messages[0]!.sid]);
  });

  it("retries when Twilio cannot be reached at all", async () => {
    const nowhere = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const url = nowhere.url;
    await nowhere.close();
    const s = open({ TWILIO_API_URL: url });
    try {
      const outcome = await s.send(message("+14155550123"));
      expect(outcome.kind).toBe("retry");
      if (outcome.kind === "retry") expect(outcome.error).toContain("ECONNREFUSED");
    } finally {
      await s.close();
    }
  });

  it("completes a slow answer", async () => {
    fake.failNext(1, { delayMs: 1500 });
    const started = Date.now();
    const outcome = await sender.send(message("+14155550123"));
    expect(outcome.kind).toBe("sent");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(fake.messages).toHaveLength(1);
  });

  it("fails with wrong credentials (401 is a 4xx)", async () => {
    const s = open({ TWILIO_AUTH_TOKEN: "wrong" });
    try {
      const outcome = await s.send(message("+14155550123"));
      expect(outcome.kind).toBe("failed");
      if (outcome.kind === "failed") expect(outcome.error).toContain("401");
    } finally {
      await s.close();
    }
  });

  it("keeps each concurrent send's own Retry-After", async () => {
    fake.failNext(1, { status: 429, retryAfter: 5, delayMs: 200 });
    const [a, b] = await Promise.all([sender.send(message("+14155550123")), sender.send(message("+14155550125"))]);
    const outcomes = [a, b];
    expect(outcomes.filter((o) => o.kind === "sent")).toHaveLength(1);
    const retry = outcomes.find((o) => o.kind === "retry");
    expect(retry).toMatchObject({ kind: "retry", retryAfterMs: 5000 });
  });
});

describe("listRecentMessages", () => {
  it("finds a sent message by recipient and date", async () => {
    const since = new Date(Date.now() - 2000);
    const outcome = await sender.send(message("+14155550123"));
    await sender.send(message("+14155550999"));
    expect(outcome.kind).toBe("sent");
    const found = await listRecentMessages(config(), { to: "+14155550123", since });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      sid: outcome.kind === "sent" ? outcome.providerId : "",
      to: "+14155550123",
      body: fake.messages[0]!.body,
    });
    expect(found[0]!.dateCreated).toBeInstanceOf(Date);
    expect(found[0]!.dateCreated.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1000);
  });

  it("does not list messages sent before `since`", async () => {
    await sender.send(message("+14155550123"));
    const found = await listRecentMessages(config(), { to: "+14155550123", since: new Date(Date.now() + 60_000) });
    expect(found).toEqual([]);
  });

  it("throws when SMS is not configured", async () => {
    await expect(listRecentMessages(parseConfig({}), { to: "+14155550123", since: new Date() })).rejects.toThrow(/TWILIO_ACCOUNT_SID/);
  });
});

describe("findSent (crash reconciliation)", () => {
  it("finds the message with the exact body sent to the number after `since`, and null otherwise", async () => {
    const since = new Date(Date.now() - 2000);
    const m = message("+14155550123");
    const outcome = await sender.send(m);
    if (outcome.kind !== "sent") throw new Error("not sent");
    // Another message to the same number, and the same message to another number.
    await sender.send(message("+14155550123", { subject: "[Acme] API outage (Resolved)" }));
    await sender.send(message("+14155550124"));
    expect(await sender.findSent!(m, since)).toBe(outcome.providerId);
    expect(await sender.findSent!(message("+14155550123", { subject: "[Acme] API outage (Monitoring)" }), since)).toBeNull();
    expect(await sender.findSent!(message("+14155550125"), since)).toBeNull();
    expect(await sender.findSent!(m, new Date(Date.now() + 60_000))).toBeNull();
  });

  it("finds a message Twilio stored when the answer was lost", async () => {
    const since = new Date(Date.now() - 1000);
    const m = message("+14155550126");
    fake.failNext(1, { drop: true, keep: true });
    expect((await sender.send(m)).kind).toBe("retry");
    expect(await sender.findSent!(m, since)).toBe(fake.messages[0]!.sid);
  });

  it("follows next_page_uri (PageToken) to an older message, with the To and DateSent> filters on every page", async () => {
    const paged = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, maxPageSize: 2 });
    const s = open({ TWILIO_API_URL: paged.url });
    try {
      const since = new Date(Date.now() - 2000);
      const first = message("+14155550127");
      const outcome = await s.send(first);
      if (outcome.kind !== "sent") throw new Error("not sent");
      for (let i = 0; i < 5; i++) await s.send(message("+14155550127", { subject: `[Acme] Update ${i}` }));
      await s.send(message("+14155550128"));
      const before = paged.requestCount();
      expect(await s.findSent!(first, since)).toBe(outcome.providerId);
      expect(paged.requestCount() - before).toBe(3); // 6 messages to that number, 2 a page
    } finally {
      await s.close();
      await paged.close();
    }
  });

  it("throws when Twilio cannot be asked", async () => {
    fake.failNext(1, { status: 500 });
    await expect(sender.findSent!(message("+14155550123"), new Date())).rejects.toThrow(/500/);
    const nowhere = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const url = nowhere.url;
    await nowhere.close();
    const s = open({ TWILIO_API_URL: url });
    try {
      await expect(s.findSent!(message("+14155550123"), new Date())).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await s.close();
    }
  });
});

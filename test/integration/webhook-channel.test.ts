// The webhook channel over real HTTP against Herald's local receiver (127.0.0.1, so allowPrivate),
// plus the SSRF guard refusing that same address when private targets are not allowed.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { startWebhookReceiver, type WebhookReceiver } from "@/lib/fakes/webhook-receiver";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";
import { createWebhookSender, webhook } from "@/lib/notify/channels/webhook";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const payload = {
  meta: { unsubscribe: "https://status.example.com/u/x", documentation: "https://status.example.com/docs", generated_at: "2026-01-01T00:00:00Z" },
  page: { id: "pg1", status_indicator: "minor", status_description: "Partially Degraded Service" },
  incident: { id: "inc1", name: "Database slow", status: "investigating", incident_updates: [] },
};

function message(url: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: "dlv1",
    notificationId: "ntf1",
    channel: "webhook",
    to: url,
    subject: "Database slow",
    text: "",
    html: "",
    idempotencyKey: "<dlv1.ntf1@status.example.com>",
    threadKey: null,
    links: { unsubscribe: null, oneClick: null, page: "https://status.example.com" },
    json: JSON.stringify(payload),
    webhookSecret: secret,
    ...overrides,
  };
}

let receiver: WebhookReceiver | undefined;
let sender: ChannelSender | undefined;
afterEach(async () => {
  await sender?.close();
  await receiver?.close();
  sender = undefined;
  receiver = undefined;
});

async function setup(options: { allowPrivate?: boolean; timeoutMs?: number } = {}) {
  receiver = await startWebhookReceiver({ secret });
  sender = createWebhookSender({ allowPrivate: options.allowPrivate ?? true, timeoutMs: options.timeoutMs });
  return { receiver, sender };
}

describe("webhook delivery", () => {
  it("POSTs the JSON signed with Standard Webhooks headers, verified by the receiver", async () => {
    const { receiver, sender } = await setup();
    const before = Math.floor(Date.now() / 1000);
    const outcome = await sender.send(message(receiver.url));
    expect(outcome).toEqual({ kind: "sent", providerId: "200" });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.signatureValid).toBe(true);
    expect(got.body).toEqual(payload);
    expect(got.raw).toBe(JSON.stringify(payload));
    expect(got.id).toMatch(/^msg_[A-Za-z0-9_-]+$/);
    expect(Number(got.timestamp)).toBeGreaterThanOrEqual(before);
    expect(got.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["user-agent"]).toBe("Herald-Webhooks/1");
  });

  it("the receiver rejects a signature made with another secret", async () => {
    const { receiver, sender } = await setup();
    await sender.send(message(receiver.url, { webhookSecret: `whsec_${randomBytes(32).toString("base64")}` }));
    expect(receiver.received[0]!.signatureValid).toBe(false);
  });

  it("a resend of the same delivery carries the same webhook-id; another delivery a different one", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { status: 500 });
    expect((await sender.send(message(receiver.url))).kind).toBe("retry");
    expect((await sender.send(message(receiver.url))).kind).toBe("sent");
    await sender.send(message(receiver.url, { deliveryId: "dlv2", idempotencyKey: "<dlv2.ntf1@status.example.com>" }));
    const [a, b, c] = receiver.received;
    expect(a!.id).toBe(b!.id);
    expect(c!.id).not.toBe(a!.id);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it("500 → retry", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { status: 500 });
    expect(await sender.send(message(receiver.url))).toEqual({ kind: "retry", error: "HTTP 500" });
  });

  it("429 with Retry-After: 7 → retry after 7000 ms", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { status: 429, retryAfter: 7 });
    expect(await sender.send(message(receiver.url))).toEqual({ kind: "retry", error: "HTTP 429", retryAfterMs: 7000 });
  });

  it("410 Gone → failed for good", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { status: 410 });
    const outcome = await sender.send(message(receiver.url));
    expect(outcome.kind).toBe("failed");
  });

  it("a redirect is not followed", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { redirectTo: `${receiver.url}/elsewhere` });
    const outcome = await sender.send(message(receiver.url));
    expect(outcome.kind).toBe("retry");
    expect(outcome.kind === "retry" && outcome.error).toMatch(/HTTP 302: redirects are not followed/);
    expect(receiver.received).toHaveLength(1);
  });

  it("an answer slower than the timeout → retry", async () => {
    const { receiver, sender } = await setup({ timeoutMs: 300 });
    receiver.failNext(1, { status: 200, delayMs: 2_000 });
    const started = Date.now();
    const outcome = await sender.send(message(receiver.url));
    expect(outcome.kind).toBe("retry");
    expect(outcome.kind === "retry" && outcome.error).toMatch(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("a dropped connection → retry", async () => {
    const { receiver, sender } = await setup();
    receiver.failNext(1, { drop: true });
    expect((await sender.send(message(receiver.url))).kind).toBe("retry");
  });

  it("a huge response body is capped (connection dropped) and the 2xx still counts as sent", async () => {
    const { receiver, sender } = await setup({ timeoutMs: 5_000 });
    receiver.failNext(1, { status: 200, bodyBytes: 50 * 1024 * 1024 });
    const started = Date.now();
    expect(await sender.send(message(receiver.url))).toEqual({ kind: "sent", providerId: "200" });
    expect(Date.now() - started).toBeLessThan(3_000);
    // The sender still works afterwards.
    expect((await sender.send(message(receiver.url))).kind).toBe("sent");
  });

  it("nothing to send, no URL, bad URL, no secret → failed", async () => {
    const { receiver, sender } = await setup();
    expect(await sender.send(message(receiver.url, { json: undefined }))).toMatchObject({ kind: "failed", error: expect.stringMatching(/nothing to send/) });
    expect((await sender.send(message("", {}))).kind).toBe("failed");
    expect((await sender.send(message("not a url"))).kind).toBe("failed");
    expect((await sender.send(message("ftp://example.com/x"))).kind).toBe("failed");
    expect((await sender.send(message(receiver.url, { webhookSecret: null }))).kind).toBe("failed");
    expect(receiver.received).toHaveLength(0);
  });

  it("with allowPrivate=false the same 127.0.0.1 URL is refused, permanently, naming the address", async () => {
    const { receiver, sender } = await setup({ allowPrivate: false });
    const outcome = await sender.send(message(receiver.url));
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.error).toContain("127.0.0.1");
    const byName = await sender.send(message(receiver.url.replace("127.0.0.1", "localhost")));
    expect(byName.kind).toBe("failed");
    expect(byName.kind === "failed" && byName.error).toMatch(/127\.0\.0\.1|::1/);
    // Numeric spellings of loopback are canonicalised by the URL parser and refused too.
    const numeric = await sender.send(message(receiver.url.replace("127.0.0.1", "2130706433")));
    expect(numeric.kind).toBe("failed");
    expect(receiver.received).toHaveLength(0);
  });

  it("the guard covers https and every spelling of loopback: refused before any request", async () => {
    const { receiver, sender } = await setup({ allowPrivate: false });
    const port = new URL(receiver.url).port;
    for (const url of [
      `https://127.0.0.1:${port}/hook`,
      `https://localhost:${port}/hook`,
      `https://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::1]:${port}/hook`,
    ]) {
      const outcome = await sender.send(message(url));
      expect(outcome, url).toMatchObject({ kind: "failed", error: expect.stringMatching(/not a public unicast address/) });
    }
    expect(receiver.received).toHaveLength(0);
  });

  it("credentials in the URL are sent as Basic auth", async () => {
    const { receiver, sender } = await setup();
    const url = new URL(receiver.url);
    url.username = "hooks";
    url.password = "p@ss word";
    expect((await sender.send(message(url.toString()))).kind).toBe("sent");
    expect(receiver.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from("hooks:p@ss word").toString("base64")}`);
  });

  it("the channel definition honours HERALD_WEBHOOK_ALLOW_PRIVATE", async () => {
    receiver = await startWebhookReceiver({ secret });
    const on = webhook.configure(parseConfig({ HERALD_WEBHOOK_ALLOW_PRIVATE: "true" }));
    const off = webhook.configure(parseConfig({}));
    if (!on.on || !off.on) throw new Error("webhook channel should be on");
    const allowed = on.open();
    const guarded = off.open();
    try {
      expect((await allowed.send(message(receiver.url))).kind).toBe("sent");
      expect((await guarded.send(message(receiver.url))).kind).toBe("failed");
    } finally {
      await allowed.close();
      await guarded.close();
    }
  });
});

// The webhook channel's pure parts: status verdicts, Retry-After, the stable webhook-id, the schedule.
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import {
  WEBHOOK_RETRY_SCHEDULE_MS,
  classifyWebhookStatus,
  parseRetryAfter,
  webhook,
  webhookIdFor,
} from "@/lib/notify/channels/webhook";

describe("classifyWebhookStatus", () => {
  it("2xx is sent, with the status as provider id", () => {
    expect(classifyWebhookStatus(200)).toEqual({ kind: "sent", providerId: "200" });
    expect(classifyWebhookStatus(204)).toEqual({ kind: "sent", providerId: "204" });
  });
  it("3xx is a failed attempt (retry): redirects are not followed", () => {
    const o = classifyWebhookStatus(301);
    expect(o.kind).toBe("retry");
    expect(o.kind === "retry" && o.error).toMatch(/redirects are not followed/);
  });
  it("410 Gone is permanent", () => {
    expect(classifyWebhookStatus(410).kind).toBe("failed");
  });
  it.each([400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504])("%i is retried", (s) => {
    expect(classifyWebhookStatus(s)).toEqual({ kind: "retry", error: `HTTP ${s}` });
  });
  it("honours Retry-After on any retryable status", () => {
    expect(classifyWebhookStatus(429, "7")).toEqual({ kind: "retry", error: "HTTP 429", retryAfterMs: 7000 });
    expect(classifyWebhookStatus(503, "120")).toMatchObject({ retryAfterMs: 120_000 });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads seconds and HTTP-dates", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter(["5", "9"], now)).toBe(5000);
  });
  it("clamps past dates to 0 and far futures to 24 h; ignores junk", () => {
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("99999999", now)).toBe(24 * 3_600_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });
});

describe("webhookIdFor", () => {
  it("is stable and free of '.' for Herald's keys", () => {
    const key = "<dlv_123.ntf_456@status.example.com>";
    const id = webhookIdFor(key);
    expect(id).toBe(webhookIdFor(key));
    expect(id).toMatch(/^msg_[A-Za-z0-9_-]+$/);
    expect(id).not.toBe(webhookIdFor("<dlv_124.ntf_456@status.example.com>"));
  });
  it("uses a plain key as it is, without <>", () => {
    expect(webhookIdFor("<msg_2KWPBgLlAfxdpx2AI54pPJ85f4W>")).toBe("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
  });
});

describe("the webhook channel", () => {
  it("is always on", () => {
    expect(webhook.configure(parseConfig({})).on).toBe(true);
    expect(webhook.channel).toBe("webhook");
  });
  it("exports the Standard Webhooks retry schedule", () => {
    expect(WEBHOOK_RETRY_SCHEDULE_MS).toEqual([0, 5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
  });
});

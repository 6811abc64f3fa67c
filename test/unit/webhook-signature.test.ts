// Herald signs webhooks with node:crypto (lib/notify/channels/webhook.ts); the Standard Webhooks
// reference library must accept every signature, and secrets the library would refuse are refused.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signWebhook, webhookSigningKey } from "@/lib/notify/channels/webhook";
import { newWebhookSecret } from "@/lib/tokens";

describe("webhook signatures", () => {
  it("the reference library verifies Herald's signatures, for any secret and body", () => {
    for (let i = 0; i < 50; i++) {
      const secret = i % 2 ? newWebhookSecret() : `whsec_${randomBytes(8 + i).toString("base64")}`;
      const body = JSON.stringify({ n: i, text: "é ✓ 🚒".repeat(i), filler: randomBytes(i * 7).toString("hex") });
      const id = `msg_${i}`;
      const ts = Math.floor(Date.now() / 1000) - i;
      const headers = { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": signWebhook(webhookSigningKey(secret), id, ts, body) };
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      // The library's own signature is the same string.
      expect(headers["webhook-signature"]).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));
    }
  });

  it("the whsec_ prefix is optional, as in the library", () => {
    const b64 = randomBytes(24).toString("base64");
    expect(webhookSigningKey(b64).equals(webhookSigningKey(`whsec_${b64}`))).toBe(true);
  });

  it("refuses a secret that is not base64, or is empty", () => {
    expect(() => webhookSigningKey("whsec_not base64!")).toThrow(/base64/);
    expect(() => webhookSigningKey("whsec_abc")).toThrow(/base64/);
    expect(() => webhookSigningKey("whsec_")).toThrow(/empty/);
  });
});

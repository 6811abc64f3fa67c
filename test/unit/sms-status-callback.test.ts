// The StatusCallback the SMS channel gives Twilio, and the signatures Twilio (and the fake Twilio)
// put on what it POSTs there: computed by hand in lib/fakes/twilio.ts, validated by the twilio SDK.
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { twilioSignature } from "@/lib/fakes/twilio";
import { statusCallbackUrl, verifyTwilioSignature } from "@/lib/notify/channels/sms";
import { SMS_STATUS_RANK } from "@/lib/notify/receipts";

const TOKEN = "fake-auth-token";
const config = parseConfig({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: "+15005550006", HERALD_PUBLIC_URL: "https://status.acme.test/" });

describe("statusCallbackUrl", () => {
  it("is the public URL's status route, naming the delivery", () => {
    expect(statusCallbackUrl(config, "d1 2")).toBe("https://status.acme.test/api/webhooks/twilio/status?delivery=d1%202");
    expect(statusCallbackUrl(parseConfig({ HERALD_PUBLIC_URL: "https://acme.test/status" }), "d1")).toBe("https://acme.test/status/api/webhooks/twilio/status?delivery=d1");
  });

  it("is left out when the real Twilio could not reach it (localhost), unless TWILIO_API_URL points elsewhere", () => {
    expect(statusCallbackUrl(parseConfig({ PORT: "3000" }), "d1")).toBeUndefined();
    expect(statusCallbackUrl(parseConfig({ HERALD_PUBLIC_URL: "http://127.0.0.1:8080" }), "d1")).toBeUndefined();
    expect(statusCallbackUrl(parseConfig({ PORT: "3000", TWILIO_API_URL: "http://127.0.0.1:4010" }), "d1")).toBe(
      "http://localhost:3000/api/webhooks/twilio/status?delivery=d1",
    );
  });
});

describe("Twilio signatures", () => {
  const url = "https://status.acme.test/api/webhooks/twilio/status?delivery=abc";
  const params = { MessageSid: "SM123", MessageStatus: "undelivered", ErrorCode: "30003", To: "+14155550123", From: "+15005550006" };

  it("the fake's are what the SDK validates, for this URL, these parameters and this token only", () => {
    const signature = twilioSignature(TOKEN, url, params);
    expect(verifyTwilioSignature(config, signature, url, params)).toBe(true);
    expect(verifyTwilioSignature(config, signature, url.replace("abc", "abd"), params)).toBe(false);
    expect(verifyTwilioSignature(config, signature, url, { ...params, MessageStatus: "delivered" })).toBe(false);
    expect(verifyTwilioSignature(parseConfig({ TWILIO_AUTH_TOKEN: "other" }), signature, url, params)).toBe(false);
    expect(verifyTwilioSignature(config, "", url, params)).toBe(false);
    expect(verifyTwilioSignature(config, null, url, params)).toBe(false);
    expect(verifyTwilioSignature(parseConfig({}), signature, url, params)).toBe(false);
  });

  it("match Twilio's documented example", () => {
    // https://www.twilio.com/docs/usage/security#validating-requests
    const docUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const docParams = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };
    expect(twilioSignature("12345", docUrl, docParams)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(verifyTwilioSignature(parseConfig({ TWILIO_AUTH_TOKEN: "12345" }), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", docUrl, docParams)).toBe(true);
  });
});

describe("SMS_STATUS_RANK", () => {
  it("orders a message's life: queued < sending < sent < delivered | undelivered | failed", () => {
    const r = SMS_STATUS_RANK;
    expect(r.queued!).toBeLessThan(r.sending!);
    expect(r.sending!).toBeLessThan(r.sent!);
    expect(r.sent!).toBeLessThan(r.delivered!);
    expect(r.delivered).toBe(r.undelivered);
    expect(r.delivered).toBe(r.failed);
  });
});

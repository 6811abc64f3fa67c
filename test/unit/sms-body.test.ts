// The SMS body (subject + first words of the text + page link, at most 320 characters), and the
// SMS channel's pure helpers: Twilio error classification, Retry-After, the API URL rewrite.
import { describe, expect, it } from "vitest";
import {
  classifyTwilioError,
  composeSmsBody,
  parseRetryAfter,
  rewriteApiUrl,
  SMS_MAX_LENGTH,
} from "@/lib/notify/channels/sms";

const link = "https://status.example.com/incidents/cm9x0abcdef123456";

function msg(subject: string, text: string, page = link) {
  return { subject, text, links: { page, unsubscribe: null, oneClick: null } };
}

/** Every word of the body (link aside) is a whole word of the source. */
function wordsAreWhole(body: string, source: string) {
  const words = new Set(source.split(/\s+/));
  const bodyWords = body.split("\n").slice(0, -1).join(" ").replace(/\.\.\.$/, "").split(/\s+/).filter(Boolean);
  for (const w of bodyWords) expect(words.has(w), `"${w}" is a cut word`).toBe(true);
}

describe("composeSmsBody", () => {
  it("keeps a short message whole: subject, details, link", () => {
    const body = composeSmsBody(
      msg(
        "[Acme] API outage (Investigating)",
        "API outage\n\nInvestigating: Requests fail.\n\nFollow this incident: https://x.test/i/1\n\nUnsubscribe: https://x.test/u/1",
      ),
    );
    expect(body).toBe(`[Acme] API outage (Investigating)\nInvestigating: Requests fail.\n${link}`);
  });

  it("fits a long message in 320 characters without cutting words and keeps the link", () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const subject = "[Acme] Database degradation (Identified)";
    const text = `Database degradation\n\nIdentified: ${long}\n\nFollow this incident: ${link}`;
    const body = composeSmsBody(msg(subject, text));
    expect(body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(body.length).toBeGreaterThan(SMS_MAX_LENGTH - 15);
    expect(body.startsWith(`${subject}\n`)).toBe(true);
    expect(body.endsWith(`...\n${link}`)).toBe(true);
    wordsAreWhole(body, `${subject} Identified: ${long}`);
  });

  it("cuts before a word even when a word ends exactly at the limit", () => {
    for (let n = 0; n < 40; n++) {
      const text = `${"x".repeat(n)} ${"lorem ipsum dolor sit amet ".repeat(20)}`;
      const body = composeSmsBody(msg("Subject", text));
      expect(body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
      expect(body.endsWith(link)).toBe(true);
      wordsAreWhole(body, `Subject ${text}`);
    }
  });

  it("uses only GSM-7 friendly characters for the cut (no …)", () => {
    const body = composeSmsBody(msg("S", "a ".repeat(400)));
    expect(body).not.toContain("…");
  });

  it("cuts an overlong single word rather than exceed the limit", () => {
    const body = composeSmsBody(msg("x".repeat(500), ""));
    expect(body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(body.endsWith(`...\n${link}`)).toBe(true);
  });

  it("honours a smaller limit", () => {
    const body = composeSmsBody(msg("Hello world subject", "more words here and there"), 80);
    expect(body.length).toBeLessThanOrEqual(80);
    expect(body.endsWith(link)).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(["7"])).toBe(7000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("classifyTwilioError", () => {
  const rest = (status: number, code?: number) => Object.assign(new Error("boom"), { status, code });

  it("fails invalid, unreachable and opted-out recipients", () => {
    for (const code of [21211, 21214, 21217, 21610, 21612, 21614]) {
      expect(classifyTwilioError(rest(400, code)).kind).toBe("failed");
    }
  });

  it("retries 429 with Retry-After, 408 and 5xx", () => {
    expect(classifyTwilioError(rest(429, 20429), "3")).toMatchObject({ kind: "retry", retryAfterMs: 3000 });
    const noHeader = classifyTwilioError(rest(429, 20429));
    expect(noHeader.kind).toBe("retry");
    expect("retryAfterMs" in noHeader).toBe(false);
    expect(classifyTwilioError(rest(408)).kind).toBe("retry");
    expect(classifyTwilioError(rest(500, 20500)).kind).toBe("retry");
    expect(classifyTwilioError(rest(503)).kind).toBe("retry");
  });

  it("fails other 4xx", () => {
    expect(classifyTwilioError(rest(400, 21602)).kind).toBe("failed");
    expect(classifyTwilioError(rest(401, 20003)).kind).toBe("failed");
  });

  it("retries network errors", () => {
    expect(classifyTwilioError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({
      kind: "retry",
      error: "ECONNRESET: socket hang up",
    });
    expect(classifyTwilioError(Object.assign(new Error("timeout of 30000ms exceeded"), { code: "ECONNABORTED" })).kind).toBe("retry");
  });
});

describe("rewriteApiUrl", () => {
  it("sends api.twilio.com (and regional hosts) to the configured URL", () => {
    const path = "/2010-04-01/Accounts/AC1/Messages.json";
    expect(rewriteApiUrl(`https://api.twilio.com${path}`, "http://127.0.0.1:4010/")).toBe(`http://127.0.0.1:4010${path}`);
    expect(rewriteApiUrl(`https://api.dublin.ie1.twilio.com${path}`, "http://h:1")).toBe(`http://h:1${path}`);
    expect(rewriteApiUrl(`https://messaging.twilio.com/v1/x`, "http://h:1")).toBe("https://messaging.twilio.com/v1/x");
    expect(rewriteApiUrl(`https://api.twilio.com.evil.test${path}`, "http://h:1")).toBe(`https://api.twilio.com.evil.test${path}`);
  });
});

// How the X channel classifies what the SDK throws, and how it finds its way to X_API_URL.
import { describe, expect, it } from "vitest";
import { classifyXError, retryAfterFromHeaders, rewriteXApiUrl } from "@/lib/notify/channels/x";

// Shaped like twitter-api-v2's errors (tests do not import the SDK: eslint keeps it in x.ts).
// The integration test (test/integration/x-channel.test.ts) classifies the SDK's real errors.
function responseError(code: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Request failed with code ${code}`), { type: "response", error: true, code, data, headers });
}

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

describe("classifyXError", () => {
  it("retries a 429 until x-rate-limit-reset", () => {
    const e = responseError(429, { title: "Too Many Requests" }, { "x-rate-limit-reset": String(NOW / 1000 + 90) });
    expect(classifyXError(e, NOW)).toEqual({ kind: "retry", error: "HTTP 429: Too Many Requests", retryAfterMs: 90_000 });
  });

  it("retries a 429 after Retry-After, or without a delay when there is none", () => {
    expect(classifyXError(responseError(429, {}, { "retry-after": "15" }), NOW)).toMatchObject({ kind: "retry", retryAfterMs: 15_000 });
    const bare = classifyXError(responseError(429, {}), NOW);
    expect(bare.kind).toBe("retry");
    expect("retryAfterMs" in bare).toBe(false);
  });

  it("never gives a negative delay for a reset in the past", () => {
    expect(retryAfterFromHeaders({ "x-rate-limit-reset": String(NOW / 1000 - 10) }, NOW)).toBe(0);
    expect(retryAfterFromHeaders({}, NOW)).toBeUndefined();
  });

  it("retries 5xx and 408", () => {
    for (const code of [500, 502, 503, 504, 408]) expect(classifyXError(responseError(code, { title: "x" }), NOW).kind).toBe("retry");
  });

  it("fails a duplicate with a clear reason", () => {
    const e = responseError(403, { detail: "You are not allowed to create a Tweet with duplicate content.", title: "Forbidden", status: 403 });
    const outcome = classifyXError(e, NOW);
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") expect(outcome.error).toMatch(/^X refused a duplicate of an earlier post \(HTTP 403: You are not allowed/);
    const v1 = classifyXError(responseError(403, { errors: [{ code: 187, message: "Status is a duplicate." }] }), NOW);
    expect(v1.kind === "failed" && v1.error.includes("duplicate")).toBe(true);
  });

  it("fails other 4xx with X's words", () => {
    expect(classifyXError(responseError(401, { title: "Unauthorized", detail: "Unauthorized" }), NOW)).toEqual({ kind: "failed", error: "HTTP 401: Unauthorized" });
    expect(classifyXError(responseError(403, { detail: "You are not permitted to perform this action." }), NOW)).toMatchObject({ kind: "failed" });
    expect(classifyXError(responseError(400, { errors: [{ message: "text too long" }], title: "Invalid Request" }), NOW)).toEqual({
      kind: "failed",
      error: "HTTP 400: text too long",
    });
  });

  it("retries when no answer came (network, timeout, cut-short answer)", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const req = Object.assign(new Error("Request failed."), { type: "request", error: true, _options: { error: refused } });
    expect(classifyXError(req, NOW)).toEqual({ kind: "retry", error: "X could not be reached: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1" });
    const partial = Object.assign(new Error("Request failed with partial response"), { type: "partial-response", error: true });
    expect(classifyXError(partial, NOW).kind).toBe("retry");
    expect(classifyXError(new Error("Request timeout."), NOW)).toEqual({ kind: "retry", error: "Request timeout." });
  });
});

describe("rewriteXApiUrl", () => {
  it("sends api.x.com and api.twitter.com to X_API_URL, keeping the path and query", () => {
    expect(rewriteXApiUrl("https://api.x.com/2/tweets", "https://127.0.0.1:8443/")).toBe("https://127.0.0.1:8443/2/tweets");
    expect(rewriteXApiUrl("https://api.twitter.com/2/users/1/tweets?max_results=5", "https://proxy.test/x")).toBe(
      "https://proxy.test/x/2/users/1/tweets?max_results=5",
    );
    expect(rewriteXApiUrl("https://upload.x.com/1.1/media/upload.json", "https://p.test")).toBe("https://upload.x.com/1.1/media/upload.json");
  });
});

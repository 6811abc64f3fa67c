import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryPolicy } from "@/lib/notify/deliver";

describe("retry policies", () => {
  it("webhooks follow the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h", () => {
    const p = retryPolicy("webhook");
    expect(p.maxAttempts).toBe(10);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => p.delayMs(a))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
    ]);
    // A receiver's Retry-After wins when it asks for longer.
    expect(p.delayMs(1, 60_000)).toBe(60_000);
  });

  it("other channels back off exponentially with jitter, capped at an hour, honouring Retry-After", () => {
    const p = retryPolicy("email");
    expect(p).toBe(DEFAULT_RETRY);
    for (let i = 0; i < 50; i++) {
      const first = p.delayMs(1);
      expect(first).toBeGreaterThanOrEqual(15_000);
      expect(first).toBeLessThanOrEqual(30_000);
      expect(p.delayMs(20)).toBeLessThanOrEqual(3_600_000);
    }
    expect(p.delayMs(1, 120_000)).toBe(120_000);
  });
});

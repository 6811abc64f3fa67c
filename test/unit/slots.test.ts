import { describe, expect, it } from "vitest";
import { Slots } from "@/lib/notify/slots";

describe("Slots", () => {
  it("hands out every free slot up to the asked maximum", async () => {
    const s = new Slots(10);
    expect(await s.acquire(5, 3)).toBe(3);
    expect(await s.acquire(5, 100)).toBe(7);
    expect(s.inUse).toBe(10);
  });

  it("waits until the asked minimum is free, first come first served", async () => {
    const s = new Slots(4);
    await s.acquire(1, 4);
    const order: string[] = [];
    const a = s.acquire(2, 4).then((n) => order.push(`a${n}`));
    const b = s.acquire(1, 4).then((n) => order.push(`b${n}`));
    s.release(1);
    await Promise.resolve();
    expect(order).toEqual([]);
    s.release(1);
    await a;
    s.release(1);
    await b;
    expect(order).toEqual(["a2", "b1"]);
  });

  it("never asks for more than its capacity, and gives up a wait on abort", async () => {
    const s = new Slots(2);
    expect(await s.acquire(50, 50)).toBe(2);
    const abort = new AbortController();
    const waiting = s.acquire(1, 1, abort.signal);
    abort.abort();
    expect(await waiting).toBe(0);
    s.release(2);
    expect(s.inUse).toBe(0);
  });
});

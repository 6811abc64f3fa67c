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

describe("Slots and a long-lived abort signal", () => {
  it("leaves no listener behind on the signal once a waiter is woken", async () => {
    const s = new Slots(1);
    const abort = new AbortController();
    let added = 0;
    let removed = 0;
    const add = abort.signal.addEventListener.bind(abort.signal);
    const remove = abort.signal.removeEventListener.bind(abort.signal);
    abort.signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    abort.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    await s.acquire(1, 1, abort.signal);
    for (let i = 0; i < 20; i++) {
      const next = s.acquire(1, 1, abort.signal);
      s.release(1);
      expect(await next).toBe(1);
    }
    expect(added).toBe(20);
    expect(removed).toBe(20);
  });
});

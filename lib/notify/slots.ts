// How many messages of each channel one worker has in flight. Shared by every deliver job the
// worker runs at once, so two jobs for two notifications (or two jobs for one notification, which
// graphile-worker allows while the first is running) never exceed the channel's setting.
import type { Channel } from "@/lib/vocabulary";

export class Slots {
  private free: number;
  private waiters: { min: number; max: number; resolve: (n: number) => void }[] = [];

  constructor(readonly capacity: number) {
    this.free = capacity;
  }

  /**
   * Waits until at least `min` slots are free (or all of them, if fewer), then takes every free
   * slot up to `max`. Claiming a few deliveries at once instead of one per free slot keeps the
   * database round trips per message low.
   */
  acquire(min: number, max: number, signal?: AbortSignal): Promise<number> {
    const need = Math.max(1, Math.min(min, this.capacity));
    if (this.free >= need && this.waiters.length === 0) return Promise.resolve(this.take(max));
    return new Promise<number>((resolve) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          resolve(0);
        }
      };
      // The signal lives as long as the worker: remove the listener once woken, or they pile up.
      const waiter = {
        min: need,
        max,
        resolve: (n: number) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(n);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      // A waiter may have been queued while slots were free but held by an earlier waiter.
      this.wake();
    });
  }

  release(n: number): void {
    if (n <= 0) return;
    this.free = Math.min(this.capacity, this.free + n);
    this.wake();
  }

  get inUse(): number {
    return this.capacity - this.free;
  }

  private take(max: number): number {
    const n = Math.min(this.free, Math.max(1, max));
    this.free -= n;
    return n;
  }

  private wake(): void {
    while (this.waiters.length && this.free >= this.waiters[0]!.min) {
      const w = this.waiters.shift()!;
      w.resolve(this.take(w.max));
    }
  }
}

export type ChannelSlots = Partial<Record<Channel, Slots>>;

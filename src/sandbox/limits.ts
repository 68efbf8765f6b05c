// Exchange's per-mailbox limits, as small in-memory counters: concurrent sessions, a sliding window of
// recipients, and the 30-a-minute message rate that Exchange Online carries over to later minutes.

/** Events per key in a sliding time window. */
export class SlidingWindow {
  private events = new Map<string, { at: number; count: number }[]>();
  constructor(private windowMs: number) {}

  total(key: string, now = Date.now()): number {
    const list = this.prune(key, now);
    return list.reduce((sum, e) => sum + e.count, 0);
  }

  add(key: string, count = 1, now = Date.now()): void {
    this.prune(key, now).push({ at: now, count });
  }

  /** Milliseconds until the oldest event leaves the window. */
  retryAfterMs(key: string, now = Date.now()): number {
    const oldest = this.prune(key, now)[0];
    return oldest ? Math.max(0, oldest.at + this.windowMs - now) : 0;
  }

  private prune(key: string, now: number): { at: number; count: number }[] {
    const list = (this.events.get(key) ?? []).filter((e) => e.at > now - this.windowMs);
    this.events.set(key, list);
    return list;
  }
}

/** Who holds a slot, in arrival order: the first `limit` are in, later ones wait (432 4.3.2 / 429). */
export class ConcurrencyTracker {
  private holders = new Map<string, string[]>();

  enter(key: string, holder: string): void {
    const list = this.holders.get(key) ?? [];
    if (!list.includes(holder)) list.push(holder);
    this.holders.set(key, list);
  }

  leave(key: string, holder: string): void {
    const list = (this.holders.get(key) ?? []).filter((h) => h !== holder);
    if (list.length) this.holders.set(key, list);
    else this.holders.delete(key);
  }

  /** 0-based place of the holder; -1 when it holds nothing. */
  rank(key: string, holder: string): number {
    return (this.holders.get(key) ?? []).indexOf(holder);
  }

  count(key: string): number {
    return this.holders.get(key)?.length ?? 0;
  }
}

/**
 * Message rate: accepted at once, but each message after the first `perMinute` in a minute is delivered
 * a minute after the one `perMinute` places before it ("carried over to the following minutes").
 */
export class CarryOver {
  private deliveries = new Map<string, number[]>();

  schedule(key: string, perMinute: number, now = Date.now()): number {
    const times = (this.deliveries.get(key) ?? []).filter((t) => t > now - 60_000);
    const at = perMinute > 0 && times.length >= perMinute ? Math.max(now, times[times.length - perMinute] + 60_000) : now;
    times.push(at);
    this.deliveries.set(key, times);
    return at;
  }
}

// Exchange's per-mailbox limits, kept from the client side: at most N at once per key (3 SMTP connections per
// mailbox, 4 Graph requests per app and mailbox) and a token bucket of 30 messages a minute per mailbox.
// Hand-written: a FIFO semaphore and a bucket are a few lines each, and no limiter package is installed.

/** At most `limit` holders at a time, served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try { return await work(); } finally { release(); }
  }
}

/** One semaphore per key (mailbox), created on first use and dropped when idle. */
export class KeyedSemaphore {
  private readonly byKey = new Map<string, { semaphore: Semaphore; users: number }>();

  constructor(readonly limit: number) {}

  async acquire(key: string): Promise<() => void> {
    const entry = this.byKey.get(key) ?? { semaphore: new Semaphore(this.limit), users: 0 };
    entry.users++;
    this.byKey.set(key, entry);
    const release = await entry.semaphore.acquire();
    return () => {
      release();
      if (--entry.users === 0) this.byKey.delete(key);
    };
  }

  async use<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try { return await work(); } finally { release(); }
  }
}

/** `perMinute` messages a minute per key, with a burst of as many; `take` waits for a token or says when it cannot. */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Milliseconds until a token is free for `key` (0: now). */
  waitMs(key: string): number {
    const bucket = this.refill(key);
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) * 60_000) / this.perMinute);
  }

  /** Take a token, waiting for one when needed; false when the wait would pass `deadline` (nothing taken). */
  async take(key: string, deadline: number): Promise<boolean> {
    for (;;) {
      const wait = this.waitMs(key);
      if (wait === 0) {
        this.refill(key).tokens -= 1;
        return true;
      }
      if (this.now() + wait > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private refill(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

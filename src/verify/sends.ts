// At most one test message per path per run. The first item to reach DATA (or sendMail) for a path owns it;
// items with the same path wait for its outcome and report it. The owner may try again only after a reply that
// proves nothing was taken (4xx/429 before the message was accepted); after an unknown outcome — the connection
// broke once the message was handed over — it never resends, because the first copy may already be delivered.

export type SendState = 'sent' | 'refused' | 'unknown';

/** What the owner's send check reported, for the items that share its path. */
export interface SendDetail {
  status: 'pass' | 'fail' | 'warn' | 'skipped';
  reply: string | null;
  code: string | null;
  diagnosis: string | null;
  hint: string | null;
}

export interface SendRecord {
  owner: string;              // item id
  testId: string;
  state: SendState;
  at: number | null;          // when the message was handed over
  detail: SendDetail;
}

interface Entry {
  owner: string;
  testId: string;
  final: SendRecord | null;
  last: SendDetail | null;
  done: Promise<SendRecord>;
  settle(record: SendRecord): void;
}

export type Claim = { mine: true } | { mine: false; owner: string; done: Promise<SendRecord> };

export class SendLedger {
  private readonly entries = new Map<string, Entry>();

  /** May this item send for `key` now? Owners get `mine` until their outcome is final. */
  claim(key: string, itemId: string, testId: string): Claim {
    const entry = this.entries.get(key);
    if (!entry) {
      let settle!: (record: SendRecord) => void;
      const done = new Promise<SendRecord>((resolve) => { settle = resolve; });
      this.entries.set(key, { owner: itemId, testId, final: null, last: null, done, settle });
      return { mine: true };
    }
    if (entry.owner === itemId && !entry.final) return { mine: true };
    return { mine: false, owner: entry.owner, done: entry.done };
  }

  /** The owner's outcome; `retryable` (a refusal that took nothing) leaves the claim open for the owner's retry. */
  record(key: string, state: SendState, at: number | null, detail: SendDetail, retryable = false): void {
    const entry = this.entries.get(key);
    if (!entry || entry.final) return;
    entry.last = detail;
    if (state === 'refused' && retryable) return;
    entry.final = { owner: entry.owner, testId: entry.testId, state, at, detail };
    entry.settle(entry.final);
  }

  /** The owner gave up (deadline) with its claim open: waiters learn nothing was sent. */
  release(itemId: string): void {
    for (const entry of this.entries.values()) {
      if (entry.owner !== itemId || entry.final) continue;
      const detail = entry.last ?? { status: 'skipped', reply: null, code: null, diagnosis: 'the owner of this path gave up before sending', hint: null };
      entry.final = { owner: entry.owner, testId: entry.testId, state: 'refused', at: null, detail };
      entry.settle(entry.final);
    }
  }

  /** How many messages were handed over (or may have been) in this run. */
  get sent(): number {
    return [...this.entries.values()].filter((e) => e.final && e.final.state !== 'refused').length;
  }
}

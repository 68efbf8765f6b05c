// Removed queue ids: what pflogsumm still counts with after a message is gone (its size and deferral flag),
// for the last 100,000 to 200,000 ids, in typed arrays keyed by the id's bytes. A Map of objects cost a
// microsecond per insert at this size and kept every message alive until it was forgotten.
import type { InFlight } from './postfix-queue.js';

const REMOVED_GENERATION = 100_000;

/**
 * Removed queue ids in two generations: the older one is dropped whole when the newer fills (no per-id
 * eviction), so between REMOVED_GENERATION and twice that many are remembered.
 */
export class RemovedIds {
  private current = new RemovedTable(REMOVED_GENERATION);
  private previous = new RemovedTable(0);

  get size(): number { return this.current.live + this.previous.live; }

  get(b: Uint8Array, s: number, e: number, h: number): InFlight | undefined {
    let index = this.current.find(b, s, e, h);
    if (index >= 0) return this.current.peek(index);
    index = this.previous.find(b, s, e, h);
    return index >= 0 ? this.previous.peek(index) : undefined;
  }

  /** Flag a removed id deferred: true when it was not yet; undefined when the id is not here. */
  flagDeferred(b: Uint8Array, s: number, e: number, h: number): boolean | undefined {
    let index = this.current.find(b, s, e, h);
    if (index >= 0) return this.current.flagDeferred(index);
    index = this.previous.find(b, s, e, h);
    return index >= 0 ? this.previous.flagDeferred(index) : undefined;
  }

  /** The state of a removed id, which is no longer removed. */
  take(b: Uint8Array, s: number, e: number, h: number): InFlight | undefined {
    let index = this.current.find(b, s, e, h);
    if (index >= 0) return this.current.take(index);
    index = this.previous.find(b, s, e, h);
    return index >= 0 ? this.previous.take(index) : undefined;
  }

  add(b: Uint8Array, s: number, e: number, h: number, st: InFlight): void {
    const old = this.previous.find(b, s, e, h);
    if (old >= 0) this.previous.take(old); // a reused id removed again: one entry, the newest
    if (this.current.count >= REMOVED_GENERATION) {
      this.previous = this.current;
      this.current = new RemovedTable(REMOVED_GENERATION);
    }
    this.current.add(b, s, e, h, st);
  }
}

const SIZED = 1;
const DEFERRED = 2;
const TAKEN = 4;

const FILTER_BITS = 1 << 20;

/**
 * One generation of removed ids. A bit per hashed id (128 KB, in cache, unlike the 1 MB of slots) answers
 * most lookups — a new queue id is nearly never a removed one — without touching the table.
 */
class RemovedTable {
  count = 0;
  live = 0;
  private readonly slots: Int32Array;   // entry + 1; 0 when free
  private readonly hashes: Int32Array;
  private readonly keyAt: Int32Array;   // entry i's id is arena[keyAt[i], keyAt[i + 1])
  private arena: Uint8Array;
  private readonly sizes: Float64Array;
  private readonly flags: Uint8Array;
  private readonly seen: Int32Array;
  private readonly relays: InFlight['relay'][] = [];
  private readonly rcvd = new Map<number, string>(); // the rare id removed before its from= line
  private readonly filter = new Int32Array(FILTER_BITS >> 5);

  constructor(capacity: number) {
    let slots = 1 << 4;
    while (slots < capacity * 2) slots <<= 1;
    this.slots = new Int32Array(slots);
    this.hashes = new Int32Array(capacity);
    this.keyAt = new Int32Array(capacity + 1);
    this.arena = new Uint8Array(capacity * 12);
    this.sizes = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.seen = new Int32Array(capacity);
  }

  /** The live entry for this id, or -1. */
  find(b: Uint8Array, s: number, e: number, h: number): number {
    const bit = (h >>> 7) & (FILTER_BITS - 1); // other bits of the hash than the slot's
    if (!(this.filter[bit >>> 5] & (1 << (bit & 31)))) return -1;
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === h && !(this.flags[entry] & TAKEN) && this.holds(entry, b, s, e)) return entry;
    }
  }

  add(b: Uint8Array, s: number, e: number, h: number, st: InFlight): void {
    const entry = this.count++;
    this.live++;
    const at = this.keyAt[entry];
    if (at + e - s > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, at + e - s));
      bigger.set(this.arena);
      this.arena = bigger;
    }
    const arena = this.arena;
    for (let i = s, j = at; i < e; i++, j++) arena[j] = b[i];
    this.keyAt[entry + 1] = at + e - s;
    this.hashes[entry] = h;
    this.sizes[entry] = st.sizeBytes;
    this.flags[entry] = (st.sized ? SIZED : 0) | (st.deferred ? DEFERRED : 0);
    this.seen[entry] = st.seen;
    this.relays[entry] = st.relay;
    if (st.rcvd !== null) this.rcvd.set(entry, st.rcvd);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
    const bit = (h >>> 7) & (FILTER_BITS - 1);
    this.filter[bit >>> 5] |= 1 << (bit & 31);
  }

  /** The entry as state (a fresh object: the table keeps none). */
  peek(entry: number): InFlight {
    const flags = this.flags[entry];
    return {
      rcvd: this.rcvd.get(entry) ?? null, sized: (flags & SIZED) !== 0, sizeBytes: this.sizes[entry], deferred: (flags & DEFERRED) !== 0,
      sender: null, day: null, fromSeen: false, rcpt: -1, rcpts: null, seen: this.seen[entry], relay: this.relays[entry],
    };
  }

  flagDeferred(entry: number): boolean {
    if (this.flags[entry] & DEFERRED) return false;
    this.flags[entry] |= DEFERRED;
    return true;
  }

  take(entry: number): InFlight {
    this.flags[entry] |= TAKEN;
    this.live--;
    return this.peek(entry);
  }

  private holds(entry: number, b: Uint8Array, s: number, e: number): boolean {
    const at = this.keyAt[entry];
    if (this.keyAt[entry + 1] - at !== e - s) return false;
    for (let i = s, j = at; i < e; i++, j++) if (this.arena[j] !== b[i]) return false;
    return true;
  }
}

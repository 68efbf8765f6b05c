// What the Postfix parser remembers per queue id. pflogsumm never forgets a queue id (sizes and deferral flags
// live for the whole run); we keep messages in flight, plus the last 100,000 to 200,000 removed ones, so late
// lines and reused ids count as pflogsumm counts them while memory stays bounded. Removed ids live apart
// (RemovedIds): nearly every line is about a message in flight, and that map stays small and in cache.
import type { SenderState } from '../aggregate.js';
import { doubledSlots } from '../byte-map.js';
import type { Connections } from './postfix-connections.js';
import { RemovedIds } from './postfix-removed.js';

export interface Relay { name: string; connections: Connections; clock: number }

export interface InFlight {
  rcvd: string | null;          // pflogsumm's rcvdMsg: where it came from, until its first `from=` line
  sized: boolean;               // pflogsumm's msgSizes, as Perl truthiness (a size of "0" is false)
  sizeBytes: number;
  deferred: boolean;            // pflogsumm's msgDfrdFlgs
  sender: SenderState | null;   // the client that handed it over, for the sender table
  day: string | null;
  fromSeen: boolean;
  rcpt: number;                 // the first recipient counted (a Recipients id), -1 before it
  rcpts: number[] | Set<number> | null; // the ones after it: a list while short, then a set
  seen: number;                 // epoch minute of the last line about it
  relay: Relay;                 // the relay that received it (its clock decides staleness)
}

const STALE_MINUTES = 6 * 24 * 60;     // longer than Postfix's maximal_queue_lifetime (5 days)
const MAX_IN_FLIGHT = 400_000;
const SPARE = 1024;

/** Record a recipient of a message; true the first time it is seen. */
export function firstSight(st: InFlight, recipient: number): boolean {
  if (st.rcpt < 0) { st.rcpt = recipient; return true; } // most messages have one: no list for them
  if (st.rcpt === recipient) return false;
  const seen = st.rcpts;
  if (seen === null) { st.rcpts = [recipient]; return true; }
  if (Array.isArray(seen)) {
    if (seen.includes(recipient)) return false;
    if (seen.length < 32) seen.push(recipient);
    else st.rcpts = new Set([...seen, recipient]);
    return true;
  }
  if (seen.has(recipient)) return false;
  seen.add(recipient);
  return true;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Longer ids are not Postfix's (its long queue ids have 17 characters): kept apart, in a Map by text. */
const MAX_QUEUE_ID = 40;

/** The hash of a queue id's bytes, shared by the in-flight and the removed tables. */
export function queueIdHash(b: Uint8Array, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return h ^ (h >>> 15);
}

/** Messages by queue id, given as bytes `b[s, e)` (the string path writes its id into a scratch buffer). */
export class QueueState {
  private readonly active = new ActiveIds();
  private readonly long = new Map<string, InFlight>();
  private readonly removedIds = new RemovedIds();
  private readonly spare: InFlight[] = [];

  get inFlight(): number { return this.active.size + this.long.size; }
  get removed(): number { return this.removedIds.size; }

  /** The state of a queue id, in flight or recently removed (a removed one: a copy, to read). */
  lookup(b: Uint8Array, s: number, e: number): InFlight | undefined {
    const h = queueIdHash(b, s, e);
    return this.inFlightState(b, s, e, h) ?? this.removedIds.get(b, s, e, h);
  }

  /** The state of a queue id, created on first sight; a removed one comes back (late lines, reused ids). */
  message(b: Uint8Array, s: number, e: number, relay: Relay, minute: number): InFlight {
    const h = queueIdHash(b, s, e);
    return this.inFlightState(b, s, e, h) ?? this.revive(b, s, e, h, relay, minute);
  }

  /** A deferral: true for the queue id's first (pflogsumm's msgDfrdFlgs), which also creates an unknown id. */
  deferred(b: Uint8Array, s: number, e: number, relay: Relay, minute: number): boolean {
    const h = queueIdHash(b, s, e);
    let st = this.inFlightState(b, s, e, h);
    if (!st) {
      const removed = this.removedIds.flagDeferred(b, s, e, h);
      if (removed !== undefined) return removed;
      st = this.revive(b, s, e, h, relay, minute);
    }
    if (st.deferred) return false;
    st.deferred = true;
    return true;
  }

  /** `removed`: keep only what pflogsumm would still count with (size, deferred flag). */
  remove(b: Uint8Array, s: number, e: number): void {
    const h = queueIdHash(b, s, e);
    let st: InFlight | undefined;
    if (e - s <= MAX_QUEUE_ID) st = this.active.delete(b, s, e, h);
    else {
      const id = text(b, s, e);
      st = this.long.get(id);
      this.long.delete(id);
    }
    if (st) {
      this.removedIds.add(b, s, e, h, st);
      if (this.spare.length < SPARE) this.spare.push(st); // nothing else holds a removed message's state
    }
  }

  /** A new message's state: a removed one's object again when there is one (a message each, at 100,000s a log). */
  private fresh(relay: Relay, minute: number): InFlight {
    const st = this.spare.pop();
    if (!st) return { rcvd: null, sized: false, sizeBytes: 0, deferred: false, sender: null, day: null, fromSeen: false, rcpt: -1, rcpts: null, seen: minute, relay };
    st.rcvd = null; st.sized = false; st.sizeBytes = 0; st.deferred = false; st.sender = null; st.day = null; st.fromSeen = false;
    st.rcpt = -1; st.rcpts = null; st.seen = minute; st.relay = relay;
    return st;
  }

  /** Forget messages in flight no line has mentioned for longer than Postfix keeps one, and cap the rest. */
  sweep(): void {
    this.active.forget((st) => st.seen < st.relay.clock - STALE_MINUTES);
    for (const [id, st] of this.long) if (st.seen < st.relay.clock - STALE_MINUTES) this.long.delete(id);
    if (this.active.size > MAX_IN_FLIGHT) {
      // Pathological (nothing is ever removed): drop the least recently mentioned fifth.
      const seen = this.active.all().map((st) => st.seen).sort((x, y) => x - y);
      const cut = seen[Math.floor(seen.length * 0.2)];
      this.active.forget((st) => st.seen <= cut);
    }
  }

  private revive(b: Uint8Array, s: number, e: number, h: number, relay: Relay, minute: number): InFlight {
    const st = this.removedIds.take(b, s, e, h) ?? this.fresh(relay, minute);
    if (e - s <= MAX_QUEUE_ID) this.active.set(b, s, e, h, st);
    else this.long.set(text(b, s, e), st);
    return st;
  }

  private inFlightState(b: Uint8Array, s: number, e: number, h: number): InFlight | undefined {
    return e - s <= MAX_QUEUE_ID ? this.active.get(b, s, e, h) : this.long.get(text(b, s, e));
  }
}

function text(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/** Ids in flight: open addressing on [hash, entry + 1] pairs, keys in fixed-width rows, deletion by backward shift. */
class ActiveIds {
  size = 0;
  private slots = new Int32Array(2 << 10);
  private keys = new Uint8Array(512 * MAX_QUEUE_ID);
  private lengths = new Uint8Array(512);
  private states: (InFlight | null)[] = [];
  private free: number[] = [];
  private used = 0;

  get(b: Uint8Array, s: number, e: number, h: number): InFlight | undefined {
    const slot = this.slotOf(b, s, e, h);
    return this.slots[2 * slot + 1] === 0 ? undefined : this.states[this.slots[2 * slot + 1] - 1]!;
  }

  set(b: Uint8Array, s: number, e: number, h: number, st: InFlight): void {
    if ((this.size + 1) * 4 > this.slots.length) this.grow();
    const slot = this.slotOf(b, s, e, h);
    let entry = this.free.pop();
    if (entry === undefined) {
      entry = this.used++;
      if (entry >= this.lengths.length) {
        const keys = new Uint8Array(this.keys.length * 2);
        keys.set(this.keys);
        this.keys = keys;
        const lengths = new Uint8Array(this.lengths.length * 2);
        lengths.set(this.lengths);
        this.lengths = lengths;
      }
    }
    const keys = this.keys;
    for (let i = s, j = entry * MAX_QUEUE_ID; i < e; i++, j++) keys[j] = b[i];
    this.lengths[entry] = e - s;
    this.states[entry] = st;
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = entry + 1;
    this.size++;
  }

  /** Remove an id; its state, or undefined when it was not in flight. */
  delete(b: Uint8Array, s: number, e: number, h: number): InFlight | undefined {
    const slot = this.slotOf(b, s, e, h);
    const entry = this.slots[2 * slot + 1] - 1;
    if (entry < 0) return undefined;
    const st = this.states[entry]!;
    this.release(slot, entry);
    return st;
  }

  all(): InFlight[] {
    return this.states.filter((st): st is InFlight => st !== null && st !== undefined);
  }

  /** Remove every id whose state matches. */
  forget(stale: (st: InFlight) => boolean): void {
    for (let slot = 0; slot < this.slots.length >> 1;) {
      const entry = this.slots[2 * slot + 1] - 1;
      // A backward shift may move another entry into this slot: look at it again.
      if (entry >= 0 && stale(this.states[entry]!)) this.release(slot, entry);
      else slot++;
    }
  }

  /** The slot holding this id, or the free slot where it would go. */
  private slotOf(b: Uint8Array, s: number, e: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = e - s;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1] - 1;
      if (entry < 0) return slot;
      if (slots[2 * slot] !== h || this.lengths[entry] !== length) continue;
      const at = entry * MAX_QUEUE_ID;
      let i = 0;
      while (i < length && this.keys[at + i] === b[s + i]) i++;
      if (i === length) return slot;
    }
  }

  private release(slot: number, entry: number): void {
    this.states[entry] = null;
    this.free.push(entry);
    this.size--;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    // Backward-shift deletion: pull later entries of the probe run into the hole.
    let hole = slot;
    for (let next = (hole + 1) & mask; slots[2 * next + 1] !== 0; next = (next + 1) & mask) {
      const home = slots[2 * next] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[2 * hole] = slots[2 * next];
        slots[2 * hole + 1] = slots[2 * next + 1];
        hole = next;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
  }

  private grow(): void {
    this.slots = doubledSlots(this.slots);
  }
}

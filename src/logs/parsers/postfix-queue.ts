// What the Postfix parser remembers per queue id. pflogsumm never forgets a queue id (sizes and deferral flags
// live for the whole run); we keep messages in flight, plus the last MAX_REMOVED removed ones, so late lines
// and reused ids count as pflogsumm counts them while memory stays bounded.
import { detach, type SenderState } from '../aggregate.js';

export interface Relay { name: string; connections: Map<number, Connection>; clock: number }
export interface Connection { tls: string | null; seen: number }

export interface InFlight {
  rcvd: string | null;          // pflogsumm's rcvdMsg: where it came from, until its first `from=` line
  size: string | null;          // pflogsumm's msgSizes (a string: Perl truthiness of "0" matters)
  sizeBytes: number;
  deferred: boolean;            // pflogsumm's msgDfrdFlgs
  sender: SenderState | null;   // the client that handed it over, for the sender table
  day: string | null;
  fromSeen: boolean;
  rcpts: string[] | Set<string> | null; // recipients already counted: a list while short, then a set
  seen: number;                 // epoch minute of the last line about it
  relay: Relay;                 // the relay that received it (its clock decides staleness)
  removed: boolean;
  ringSlot: number;
}

const STALE_MINUTES = 6 * 24 * 60;     // longer than Postfix's maximal_queue_lifetime (5 days)
const MAX_REMOVED = 100_000;
const MAX_IN_FLIGHT = 400_000;

/** Record a recipient of a message; true the first time it is seen. */
export function firstSight(st: InFlight, addr: string): boolean {
  const seen = st.rcpts;
  if (seen === null) { st.rcpts = [addr]; return true; }
  if (Array.isArray(seen)) {
    if (seen.includes(addr)) return false;
    if (seen.length < 32) seen.push(addr);
    else st.rcpts = new Set([...seen, addr]);
    return true;
  }
  if (seen.has(addr)) return false;
  seen.add(addr);
  return true;
}

export class QueueState {
  private readonly messages = new Map<string, InFlight>();
  // Removed entries stay in `messages`, marked; this ring decides which to forget. (A Map used as a FIFO
  // queue slows down as deleted slots pile up at its front.)
  private readonly ring: (InFlight | undefined)[] = [];
  private readonly ringIds: string[] = [];
  private head = 0;
  private removedCount = 0;

  get inFlight(): number { return this.messages.size - this.removedCount; }
  get removed(): number { return this.removedCount; }

  /** The state of a queue id, in flight or recently removed. */
  lookup(qid: string): InFlight | undefined {
    return this.messages.get(qid);
  }

  /** The state of a queue id, created on first sight; a removed one comes back (late lines, reused ids). */
  message(qid: string, relay: Relay, minute: number): InFlight {
    let st = this.messages.get(qid);
    if (!st) {
      st = { rcvd: null, size: null, sizeBytes: 0, deferred: false, sender: null, day: null, fromSeen: false, rcpts: null, seen: minute, relay, removed: false, ringSlot: -1 };
      this.messages.set(detach(qid), st);
    } else if (st.removed) {
      st.removed = false;
      st.ringSlot = -1;
      this.removedCount--;
    }
    return st;
  }

  /** `removed`: keep only what pflogsumm would still count with (size, deferred flag). */
  remove(qid: string): void {
    const st = this.messages.get(qid);
    if (!st || st.removed) return;
    st.sender = null;
    st.rcpts = null;
    st.removed = true;
    this.removedCount++;
    const slot = this.head;
    const old = this.ring[slot];
    if (old && old.removed && old.ringSlot === slot && this.messages.get(this.ringIds[slot]) === old) {
      this.messages.delete(this.ringIds[slot]);
      this.removedCount--;
    }
    this.ring[slot] = st;
    this.ringIds[slot] = detach(qid);
    st.ringSlot = slot;
    this.head = (slot + 1) % MAX_REMOVED;
  }

  /** Forget messages no line has mentioned for longer than Postfix keeps a message, and cap the rest. */
  sweep(): void {
    for (const [qid, st] of this.messages) {
      if (st.seen >= st.relay.clock - STALE_MINUTES) continue;
      this.messages.delete(qid);
      if (st.removed) this.removedCount--;
    }
    if (this.inFlight > MAX_IN_FLIGHT) {
      let excess = this.inFlight - MAX_IN_FLIGHT * 0.8;
      for (const [qid, st] of this.messages) {
        if (excess <= 0) break;
        if (st.removed) continue;
        this.messages.delete(qid);
        excess--;
      }
    }
  }
}

// A map keyed by byte ranges of a log chunk: a lookup hashes and compares bytes in place, so a line's
// address or client needs no string of its own. Hand-written because Map only takes strings (one per line,
// which is what made garbage collection a quarter of the run). Open addressing; keys copied into blocks
// that are never moved (growing one arena meant copying megabytes, page by fresh page).

import { latin1 } from './read.js';

const EMPTY = 0;
const FIRST_BLOCK = 1 << 12;
const LAST_BLOCK = 1 << 20;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** How keys compare: as bytes, or with ASCII case ignored after the first '@' (pflogsumm's `s/(@.+)/\L$1/`). */
export type KeyFold = 'exact' | 'domain';

export class ByteMap<T> {
  /** Pairs per slot: [hash, entry index + 1] (EMPTY when free) — a probe touches one cache line, not two arrays. */
  private slots = new Int32Array(2 << 10);
  /** Per entry: [block, key start, key end, ...fields] — where its key is and the caller's numbers, in one cache line. */
  private records: Int32Array;
  private readonly stride: number;
  private blocks: Buffer[] = [Buffer.allocUnsafe(FIRST_BLOCK)];
  private used = 0; // bytes used in the last block
  private values: T[] = [];
  private missHash = 0;
  private missSlot = -1;
  /** Where folding starts in the key last looked up (after its first '@'); its end when nothing folds. */
  private foldFrom = 0;
  size = 0;

  /**
   * Past `maxEntries` every entry is dropped (callers that use the map as a cache); Infinity: never.
   * `fields`: numbers kept per entry beside the key (`field`, `setField`), zero until set.
   */
  constructor(private readonly maxEntries: number, private readonly fold: KeyFold = 'exact', fields = 0) {
    this.stride = 3 + fields;
    this.records = new Int32Array(512 * this.stride);
  }

  /** The index of the entry for `bytes[start, end)`, or -1; after a miss, `add` stores these same bytes. */
  find(bytes: Uint8Array, start: number, end: number): number {
    let h = FNV_OFFSET;
    let from = end;
    if (this.fold === 'exact') {
      for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
    } else {
      let i = start;
      for (; i < end; i++) {
        const c = bytes[i];
        h = Math.imul(h ^ c, FNV_PRIME);
        if (c === 64 && i + 1 < end) { from = i + 1; break; }
      }
      for (i = from; i < end; i++) {
        const c = bytes[i];
        h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
      }
    }
    this.foldFrom = from;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1];
      if (entry === EMPTY) { this.missHash = h; this.missSlot = slot; return -1; }
      if (slots[2 * slot] === h && this.equals(entry - 1, bytes, start, end, from)) return entry - 1;
    }
  }

  get(bytes: Uint8Array, start: number, end: number): T | undefined {
    const index = this.find(bytes, start, end);
    return index < 0 ? undefined : this.values[index];
  }

  /** Store `value` for the bytes of the lookup that just missed; its index. */
  add(bytes: Uint8Array, start: number, end: number, value: T): number {
    if (this.missSlot < 0) throw new Error('ByteMap.add without a preceding miss');
    if (this.size >= this.maxEntries) { this.clear(); this.find(bytes, start, end); }
    if ((this.size + 1) * 20 > this.slots.length * 7) { this.grow(); this.find(bytes, start, end); } // load factor 0.7
    const index = this.size++;
    const record = index * this.stride;
    if (record + this.stride > this.records.length) {
      const records = new Int32Array(this.records.length * 2);
      records.set(this.records);
      this.records = records;
    }
    const length = end - start;
    let block = this.blocks[this.blocks.length - 1];
    if (this.used + length > block.length) {
      block = Buffer.allocUnsafe(Math.max(Math.min(block.length * 4, LAST_BLOCK), length));
      this.blocks.push(block);
      this.used = 0;
    }
    const at = this.used;
    const from = this.foldFrom;
    for (let i = start, j = at; i < end; i++, j++) {
      const c = bytes[i];
      block[j] = i >= from && c >= 65 && c <= 90 ? c + 32 : c;
    }
    this.used += length;
    this.records[record] = this.blocks.length - 1;
    this.records[record + 1] = at;
    this.records[record + 2] = at + length;
    this.values[index] = value;
    this.slots[2 * this.missSlot] = this.missHash;
    this.slots[2 * this.missSlot + 1] = index + 1;
    this.missSlot = -1;
    return index;
  }

  value(index: number): T { return this.values[index]; }

  setValue(index: number, value: T): void { this.values[index] = value; }

  field(index: number, k: number): number { return this.records[index * this.stride + 3 + k]; }

  setField(index: number, k: number, value: number): void { this.records[index * this.stride + 3 + k] = value; }

  /** The key of an entry as latin1 text (folded as stored). */
  key(index: number): string {
    return latin1(this.keyBytes(index), this.keyStart(index), this.keyEnd(index));
  }

  /** The bytes holding an entry's key (folded as stored), from `keyStart` to `keyEnd`. */
  keyBytes(index: number): Buffer { return this.blocks[this.records[index * this.stride]]; }
  keyStart(index: number): number { return this.records[index * this.stride + 1]; }
  keyEnd(index: number): number { return this.records[index * this.stride + 2]; }

  clear(): void {
    this.slots = new Int32Array(2 << 10);
    this.records = new Int32Array(512 * this.stride);
    this.blocks = [Buffer.allocUnsafe(FIRST_BLOCK)];
    this.used = 0;
    this.values = [];
    this.size = 0;
    this.missSlot = -1;
  }

  private equals(index: number, bytes: Uint8Array, start: number, end: number, from: number): boolean {
    const records = this.records;
    const record = index * this.stride;
    const at = records[record + 1];
    if (records[record + 2] - at !== end - start) return false;
    const arena = this.blocks[records[record]];
    let j = at;
    for (let i = start; i < from; i++, j++) if (arena[j] !== bytes[i]) return false;
    for (let i = from; i < end; i++, j++) {
      const c = bytes[i];
      if (arena[j] !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
    }
    return true;
  }

  private grow(): void {
    this.slots = doubledSlots(this.slots);
  }
}

/** A table of [hash, entry + 1] slot pairs (0: free) rehashed into twice the slots, for linear probing. */
export function doubledSlots(old: Int32Array): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(old.length * 2);
  const mask = (slots.length >> 1) - 1;
  for (let k = 0; k < old.length; k += 2) {
    if (old[k + 1] === EMPTY) continue;
    let slot = old[k] & mask;
    while (slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
    slots[2 * slot] = old[k];
    slots[2 * slot + 1] = old[k + 1];
  }
  return slots;
}

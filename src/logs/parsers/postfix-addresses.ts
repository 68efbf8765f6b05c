// Addresses as pflogsumm counts them, worked out once per distinct address rather than once per line.
// Recipients are keyed by their bytes with the domain part's case folded, which is pflogsumm's key: the
// table is itself the set of distinct recipients (and hosts) its Grand Totals count.
import { envelopeKey } from '../aggregate.js';
import type { DistinctValues } from '../totals.js';
import { ByteMap } from '../byte-map.js';
import { latin1 } from '../read.js';
import type { PostfixNative } from '../native.js';
import { lowerDomainPart, perlTrue, senderDomain } from './pflogsumm-rules.js';

/** A sender address in the forms pflogsumm and the sender table file it under. */
export interface FromAddress {
  key: string;             // pflogsumm's sender: domain part lower-cased; 'from=<>' for the null sender (and "0")
  host: string | null;     // its sending host (the domain), null when the address has none
  envelope: string;        // the sender table's envelope-from key
  counted: boolean;        // already in totals.senders / sendingHosts (these sets only grow)
  hostCounted: boolean;
}

export function fromAddress(raw: string): FromAddress {
  const key = perlTrue(raw) ? lowerDomainPart(raw) : 'from=<>';
  return { key, host: senderDomain(key), envelope: envelopeKey(raw), counted: false, hostCounted: false };
}

const AT = 64;
const DOT = 46;

/**
 * Every recipient address seen (`to=<…>`), by index: its recipient host (pflogsumm: after the first '@'),
 * its domain for the sender table (after the last '@', lower case, no trailing dot), and whether a delivery
 * counted it. Grows with distinct addresses, as pflogsumm's own hashes do; nothing else is kept per address.
 */
const DOMAIN = 0;  // ByteMap fields of an address: its domain's index,
const HOST = 1;    // its host's index,
const COUNTED = 2; // 1 once a delivery counted it

/** The parser's distinct recipients: in JavaScript (Recipients) or in the native addon (NativeRecipients). */
export interface RecipientTable {
  /** DistinctValues of the delivered recipients and their hosts, for `TotalsCounter.include`. */
  readonly recipients: DistinctValues;
  readonly recipientHosts: DistinctValues;
  id(b: Uint8Array, start: number, end: number): number;
  domain(id: number): number;
  domainName(domain: number): string;
  countDelivered(id: number): void;
}

export class Recipients implements RecipientTable {
  private readonly addresses = new ByteMap<null>(Infinity, 'domain', 3);
  private readonly hosts = new ByteMap<null>(Infinity, 'exact', 1); // field 0: counted
  private readonly domains = new ByteMap<string>(Infinity);
  private delivered = 0;
  private deliveredHosts = 0;
  /** Distinct delivered recipients and their hosts, for `TotalsCounter.include`. */
  readonly recipients: DistinctValues = { size: () => this.delivered, keys: () => keysOf(this.addresses, COUNTED) };
  readonly recipientHosts: DistinctValues = { size: () => this.deliveredHosts, keys: () => keysOf(this.hosts, 0) };

  /** The index of the address `b[start, end)` as logged. */
  id(b: Uint8Array, start: number, end: number): number {
    const found = this.addresses.find(b, start, end);
    if (found >= 0) return found;
    const index = this.addresses.add(b, start, end, null);
    // The stored key is folded already: the host and the domain are ranges of it.
    const key = this.addresses.keyBytes(index);
    const from = this.addresses.keyStart(index);
    const to = this.addresses.keyEnd(index);
    let first = -1;
    let last = -1;
    for (let i = from; i < to; i++) if (key[i] === AT) { if (first < 0) first = i; last = i; }
    const hostFrom = first > from ? first + 1 : from;
    let host = this.hosts.find(key, hostFrom, to);
    if (host < 0) host = this.hosts.add(key, hostFrom, to, null);
    const domainFrom = last < 0 ? to : last + 1;
    const domainTo = to > domainFrom && key[to - 1] === DOT ? to - 1 : to;
    let domain = this.domains.find(key, domainFrom, domainTo);
    if (domain < 0) domain = this.domains.add(key, domainFrom, domainTo, latin1(key, domainFrom, domainTo));
    this.addresses.setField(index, DOMAIN, domain);
    this.addresses.setField(index, HOST, host);
    return index;
  }

  /** The address as pflogsumm keys it (domain part lower case). */
  key(id: number): string { return this.addresses.key(id); }

  /** Which domain the sender table files the address under (an index for `domainName`). */
  domain(id: number): number { return this.addresses.field(id, DOMAIN); }

  /** The domain ('' when the address has none). */
  domainName(domain: number): string { return this.domains.value(domain); }

  /** A delivery (status=sent, not forwarded): pflogsumm counts the recipient and its host. */
  countDelivered(id: number): void {
    if (this.addresses.field(id, COUNTED)) return;
    this.addresses.setField(id, COUNTED, 1);
    this.delivered++;
    const host = this.addresses.field(id, HOST);
    if (!this.hosts.field(host, 0)) { this.hosts.setField(host, 0, 1); this.deliveredHosts++; }
  }
}

function* keysOf(map: ByteMap<unknown>, counted: number): Iterable<string> {
  for (let i = 0; i < map.size; i++) if (map.field(i, counted)) yield map.key(i);
}

/**
 * Recipients numbered by the native addon (native/postfix-reader.c, the same keys, hosts and domains as
 * Recipients): its reader threads number a file's addresses as they scan, so this thread sees only ids. Here:
 * which ids a delivery counted, and each domain's name once.
 */
export class NativeRecipients implements RecipientTable {
  readonly table: unknown;
  readonly recipients: DistinctValues = { size: () => this.delivered, keys: () => this.keys(0, this.counted, this.delivered) };
  readonly recipientHosts: DistinctValues = { size: () => this.deliveredHosts, keys: () => this.keys(1, this.hostCounted, this.deliveredHosts) };
  private hostOf = new Int32Array(1 << 16);    // id → host + 1
  private domainOf = new Int32Array(1 << 16);  // id → domain + 1
  private counted = new Uint8Array(1 << 16);
  private hostCounted = new Uint8Array(1 << 12);
  private names: string[] = [];
  private delivered = 0;
  private deliveredHosts = 0;
  private readonly out = new Int32Array(3);

  constructor(private readonly addon: PostfixNative) {
    this.table = addon.recipientsCreate();
  }

  id(b: Uint8Array, start: number, end: number): number {
    const out = this.out;
    this.addon.recipientId(this.table, b, start, end, out);
    this.learn(out[0], out[1], out[2]);
    return out[0];
  }

  /** An id a reader gave, with its domain and host. */
  learn(id: number, domain: number, host: number): void {
    if (id >= this.domainOf.length) this.grow(id);
    this.domainOf[id] = domain + 1;
    this.hostOf[id] = host + 1;
  }

  domain(id: number): number { return this.domainOf[id] - 1; }

  domainName(domain: number): string {
    return this.names[domain] ??= this.addon.recipientText(this.table, 2, domain);
  }

  countDelivered(id: number): void {
    if (this.counted[id]) return;
    this.counted[id] = 1;
    this.delivered++;
    const host = this.hostOf[id] - 1;
    if (host >= this.hostCounted.length) {
      const bigger = new Uint8Array(Math.max(this.hostCounted.length * 2, host + 1));
      bigger.set(this.hostCounted);
      this.hostCounted = bigger;
    }
    if (!this.hostCounted[host]) { this.hostCounted[host] = 1; this.deliveredHosts++; }
  }

  private *keys(which: 0 | 1, counted: Uint8Array, size: number): Iterable<string> {
    for (let id = 0, seen = 0; seen < size; id++) if (counted[id]) { seen++; yield this.addon.recipientText(this.table, which, id); }
  }

  private grow(id: number): void {
    let length = this.domainOf.length * 2;
    while (length <= id) length *= 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(length); b.set(a); return b; };
    this.domainOf = widen(this.domainOf, (n) => new Int32Array(n));
    this.hostOf = widen(this.hostOf, (n) => new Int32Array(n));
    this.counted = widen(this.counted, (n) => new Uint8Array(n));
  }
}

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
  /** The domain (an index for `domainName`) of the address `id` last numbered. */
  lastDomain: number;
  id(b: Uint8Array, start: number, end: number): number;
  domainName(domain: number): string;
  countDelivered(id: number): void;
}

export class Recipients implements RecipientTable {
  private readonly addresses = new ByteMap<null>(Infinity, 'domain', 3);
  private readonly hosts = new ByteMap<null>(Infinity, 'exact', 1); // field 0: counted
  private readonly domains = new ByteMap<string>(Infinity);
  private delivered = 0;
  private deliveredHosts = 0;
  lastDomain = 0;
  /** Distinct delivered recipients and their hosts, for `TotalsCounter.include`. */
  readonly recipients: DistinctValues = { size: () => this.delivered, keys: () => keysOf(this.addresses, COUNTED) };
  readonly recipientHosts: DistinctValues = { size: () => this.deliveredHosts, keys: () => keysOf(this.hosts, 0) };

  /** The index of the address `b[start, end)` as logged. */
  id(b: Uint8Array, start: number, end: number): number {
    const found = this.addresses.find(b, start, end);
    if (found >= 0) { this.lastDomain = this.addresses.field(found, DOMAIN); return found; }
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
    this.lastDomain = domain;
    return index;
  }

  /** The address as pflogsumm keys it (domain part lower case). */
  key(id: number): string { return this.addresses.key(id); }

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
 * Recipients): its reader threads number a file's addresses, and count its deliveries, as they scan, so this
 * thread sees only ids; the string path's addresses and deliveries are numbered and counted there too.
 */
export class NativeRecipients implements RecipientTable {
  readonly table: unknown;
  readonly recipients: DistinctValues = { size: () => this.addon.recipientDelivered(this.table, 0, false), keys: () => this.addon.recipientDelivered(this.table, 0, true) };
  readonly recipientHosts: DistinctValues = { size: () => this.addon.recipientDelivered(this.table, 1, false), keys: () => this.addon.recipientDelivered(this.table, 1, true) };
  lastDomain = 0;
  private names: string[] = [];
  private readonly out = new Int32Array(3);

  constructor(private readonly addon: PostfixNative) {
    this.table = addon.recipientsCreate();
  }

  id(b: Uint8Array, start: number, end: number): number {
    const out = this.out;
    this.addon.recipientId(this.table, b, start, end, out);
    this.lastDomain = out[1];
    return out[0];
  }

  domainName(domain: number): string {
    return this.names[domain] ??= this.addon.recipientText(this.table, 2, domain);
  }

  countDelivered(id: number): void {
    this.addon.recipientCount(this.table, id);
  }
}

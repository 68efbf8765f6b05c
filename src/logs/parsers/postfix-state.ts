// What the Postfix parser knows and how a line changes it: one handler per kind of line pflogsumm counts,
// shared by the byte path and the string path (postfix.ts). Queue ids arrive as bytes `b[qs, qe)`.
import { detach, remember, type ClientRef, type SenderBook, type SenderState } from '../aggregate.js';
import type { TotalsCounter } from '../totals.js';
import { ByteMap } from '../byte-map.js';
import { latin1 } from '../read.js';
import type { FileContext } from '../parser.js';
import { gimmeDomain, perlTrue } from './pflogsumm-rules.js';
import { NativeRecipients, Recipients, type FromAddress, type RecipientTable } from './postfix-addresses.js';
import { postfixNative } from '../native.js';
import type { Status } from './postfix-fast.js';
import { SyslogClock, type Header } from './postfix-line.js';
import { Connections } from './postfix-connections.js';
import { QueueState, firstSight, type InFlight, type Relay } from './postfix-queue.js';

export interface Client { domain: string | null; host: string | null; ip: string | null; senders: Map<string, SenderState> }

const MAX_CLIENTS = 20_000;
const MAX_SENDER_ADDRESSES = 1 << 16;
const SWEEP_EVERY = 1 << 16;
const CLIENT_ADDR = /^([^[,\s]*)\[([^\]]*)\]/;

function newRelay(name: string): Relay {
  return { name, connections: new Connections(), clock: 0 };
}

export class PostfixState {
  protected ctx!: FileContext;
  protected readonly queue = new QueueState();
  protected relay: Relay = newRelay('');
  protected readonly h: Header = { kind: 'classic', stampEnd: 0, dayStart: 0, hour: 0, minute: 0, timeStart: 0, hostStart: 0, hostEnd: 0, restStart: 0 };
  protected readonly clock = new SyslogClock(() => this.ctx.mtime);
  protected recipients: RecipientTable = new Recipients();
  /** Whether the native addon may number recipients and read files (false: the JavaScript paths only). */
  protected native = true;
  protected readonly senderAddresses = new ByteMap<FromAddress>(MAX_SENDER_ADDRESSES);
  protected readonly clientsByBytes = new ByteMap<Client>(MAX_CLIENTS);
  protected readonly protocols = new ByteMap<string>(1000);
  /** The line being handled: its text, or (when `buffer` is set) its bytes from `start`. */
  protected text = '';
  protected buffer: Buffer | null = null;
  protected start = 0;
  private readonly relays = new Map<string, Relay>();
  private readonly relaysByBytes = new ByteMap<Relay>(1000);
  private readonly clients = new Map<string, Client>();
  private countedIn: TotalsCounter | null = null;
  /** Per recipient domain (a Recipients index): 1 internal, 2 external, 0 not asked yet — for this book. */
  private internal = new Uint8Array(256);
  private internalFor: SenderBook | null = null;
  private lines = 0;

  startFile(ctx: FileContext): void {
    if (ctx.totals !== this.countedIn) { // addresses remember what they added to these totals
      this.countedIn = ctx.totals;
      this.senderAddresses.clear();
      const addon = this.native ? postfixNative() : null;
      this.recipients = addon ? new NativeRecipients(addon) : new Recipients();
      ctx.totals.include('recipients', this.recipients.recipients);
      ctx.totals.include('recipientHosts', this.recipients.recipientHosts);
    }
    if (ctx.book !== this.internalFor) {
      this.internalFor = ctx.book;
      this.internal = new Uint8Array(256);
    }
    this.ctx = ctx;
    this.clock.reset();
    this.relay = newRelay('\u0000'); // announce the relay again for this file
  }

  endFile(): void { /* messages may continue in the next file of a rotated set */ }

  /** How much state is held: messages in flight, removed ones remembered, open smtpd connections. */
  stateSize(): { inFlight: number; removed: number; connections: number } {
    let connections = 0;
    for (const relay of this.relays.values()) connections += relay.connections.size;
    return { inFlight: this.queue.inFlight, removed: this.queue.removed, connections };
  }

  /** Every line counts towards the periodic sweep of stale state. */
  protected tick(): void {
    if (++this.lines % SWEEP_EVERY === 0) this.sweep();
  }

  protected iso(): string {
    return this.buffer ? this.clock.isoBytes(this.buffer, this.start, this.h) : this.clock.iso(this.text, this.h);
  }

  /**
   * A message handed over by an SMTP client (pflogsumm's rcvdMsg); the connection gives its TLS. `counted`:
   * false for an smtpd pflogsumm does not read (`postfix/submissions/smtpd`): its sender is booked, no total moves.
   */
  protected received(b: Uint8Array, qs: number, qe: number, client: Client, saslMethod: string | null, saslUser: string | null, pid: number, counted = true): void {
    const st = this.queue.message(b, qs, qe, this.relay, this.clock.minute);
    if (counted) {
      this.ctx.totals.received++;
      st.rcvd = client.domain;
    }
    const sender = this.sender(client, saslUser ?? '', 'smtp');
    this.attach(st, sender, this.relay.connections.tls(pid) ?? 'unknown', saslMethod ?? 'none');
  }

  /** A message from the local `sendmail` command. */
  protected pickup(b: Uint8Array, qs: number, qe: number): void {
    this.ctx.totals.received++;
    const st = this.queue.message(b, qs, qe, this.relay, this.clock.minute);
    st.rcvd = 'pickup';
    const sender = this.sender(this.client('\u0000pickup'), '', 'local');
    this.attach(st, sender, 'local', 'none');
  }

  /** `from=<…>, size=…`: the sender and size, counted once per queue id as pflogsumm counts them. */
  protected fromSize(b: Uint8Array, qs: number, qe: number, from: FromAddress, sized: boolean, size: number): void {
    const { totals, book } = this.ctx;
    const st = this.queue.message(b, qs, qe, this.relay, this.clock.minute);
    st.seen = this.clock.minute;
    if (st.sender && !st.fromSeen && st.relay === this.relay) {
      st.fromSeen = true;
      book.envelopeFromKey(st.sender, from.envelope, this.buffer !== null); // byte path: a string of its own
      st.sender.bytes += size;
    }
    if (st.sized) return; // pflogsumm: a queue id's size is counted once (re-queued messages log it again)
    st.sized = sized;
    st.sizeBytes = size;
    if (perlTrue(st.rcvd)) {
      if (from.host === null) remember(totals.sendingHosts, st.rcvd === 'pickup' ? from.key : st.rcvd);
      else if (!from.hostCounted) { remember(totals.sendingHosts, from.host); from.hostCounted = true; }
      if (!from.counted) { remember(totals.senders, from.key); from.counted = true; }
      totals.bytesReceived += size;
      st.rcvd = null;
    }
  }

  /**
   * `to=<…>, relay=…, status=…`: one recipient's delivery attempt (`recipient`: the id `recipients` gave last;
   * `counted`: a native reader has counted the delivery in the recipient totals already).
   */
  protected delivery(b: Uint8Array, qs: number, qe: number, recipient: number, status: Status, forwarded: boolean, counted = false): void {
    const { totals, book } = this.ctx;
    const st = this.queue.lookup(b, qs, qe);
    if (st) {
      st.seen = this.clock.minute;
      if (st.sender && st.relay === this.relay && firstSight(st, recipient)) this.countRecipient(st.sender, this.recipients.lastDomain, st.day);
    }
    if (status === 'sent') {
      if (forwarded) { totals.forwarded++; return; }
      if (!counted) this.recipients.countDelivered(recipient);
      totals.delivered++;
      if (st && st.sized) totals.bytesDelivered += st.sizeBytes;
    } else if (status === 'deferred') {
      totals.deferrals++;
      book.day(this.iso()).deferred++;
      if (this.queue.deferred(b, qs, qe, this.relay, this.clock.minute)) totals.deferred++;
    } else if (status === 'bounced') {
      totals.bounced++;
      book.day(this.iso()).bounced++;
    }
  }

  /** A recipient of a message from this sender, for the sender table. */
  private countRecipient(sender: SenderState, domain: number, day: string | null): void {
    const name = this.recipients.domainName(domain);
    if (domain >= this.internal.length) {
      const bigger = new Uint8Array(Math.max(this.internal.length * 2, domain + 1));
      bigger.set(this.internal);
      this.internal = bigger;
    }
    if (this.internal[domain] === 0) this.internal[domain] = this.ctx.book.isInternalDomain(name) ? 1 : 2;
    this.ctx.book.recipientIn(sender, name, this.internal[domain] === 1, day);
  }

  /** A cleanup (milter) reject of a queued message. */
  protected cleanupReject(b: Uint8Array, qs: number, qe: number): void {
    this.ctx.totals.rejected++;
    this.ctx.book.day(this.iso()).rejected++;
    const st = this.queue.lookup(b, qs, qe);
    if (st?.sender && st.relay === this.relay) st.sender.rejected.other++;
  }

  /** Connection facts for the sender table (pflogsumm does not count these); `pid` < 0: none logged. */
  protected connect(pid: number): void {
    this.relay.connections.open(pid, this.clock.minute);
  }

  protected disconnect(pid: number): void {
    this.relay.connections.close(pid);
  }

  protected tls(pid: number, protocol: string): void {
    this.relay.connections.setTls(pid, protocol);
  }

  protected ref(host: string, ip: string): ClientRef {
    return { source: 'postfix', relay: this.relay.name, host: host || null, ip: ip || null, saslUser: null, via: 'smtp' };
  }

  /** Client "host[ip]" → pflogsumm's domain plus host and IP, cached: a relay sees few distinct clients. */
  protected client(text: string): Client {
    let client = this.clients.get(text);
    if (!client) {
      const addr = CLIENT_ADDR.exec(text);
      client = { domain: gimmeDomain(text), host: addr ? addr[1] || null : text, ip: addr ? addr[2] || null : null, senders: new Map() };
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      this.clients.set(detach(text), client);
    }
    return client;
  }

  protected switchRelay(name: string): void {
    let relay = this.relays.get(name);
    if (!relay) {
      relay = newRelay(name);
      this.relays.set(name, relay);
    }
    this.enterRelay(relay);
  }

  /** The relay named by b[s, e): interleaved relays switch on nearly every line, so without a string. */
  protected switchRelayBytes(b: Buffer, s: number, e: number): void {
    const relay = this.relaysByBytes.get(b, s, e);
    if (relay) { this.enterRelay(relay); return; }
    this.switchRelay(latin1(b, s, e));
    this.relaysByBytes.add(b, s, e, this.relay);
  }

  private enterRelay(relay: Relay): void {
    this.relay.clock = Math.max(this.relay.clock, this.clock.minute);
    this.ctx.relay(relay.name);
    this.relay = relay;
  }

  private attach(st: InFlight, sender: SenderState, tls: string, auth: string): void {
    st.sender = sender;
    st.relay = this.relay;
    st.fromSeen = false;
    st.rcpt = -1;
    st.rcpts = null;
    st.day = this.clock.date;
    this.ctx.book.message(sender, this.iso(), tls, auth, 0, this.clock.date);
  }

  /** The sender record for a client, SASL user and relay, cached on the client (`via` 'local': the pickup client). */
  private sender(client: Client, saslUser: string, via: 'smtp' | 'local'): SenderState {
    const key = saslUser ? `${this.relay.name}\u0000${saslUser}` : this.relay.name;
    let sender = client.senders.get(key);
    if (!sender) {
      sender = this.ctx.book.sender(via === 'local'
        ? { source: 'postfix', relay: this.relay.name, host: 'localhost', ip: null, saslUser: null, via }
        : { source: 'postfix', relay: this.relay.name, host: client.host, ip: client.ip, saslUser: saslUser || null, via });
      client.senders.set(key, sender);
    } else this.ctx.book.touch(sender);
    return sender;
  }

  private sweep(): void {
    this.relay.clock = Math.max(this.relay.clock, this.clock.minute);
    this.queue.sweep();
    for (const relay of this.relays.values()) {
      const horizon = relay.clock - 24 * 60;
      relay.connections.forget(horizon);
    }
  }
}

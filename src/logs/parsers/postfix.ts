// Postfix logs (syslog "Mon DD HH:MM:SS", RFC 3339 as Debian 12's rsyslog writes, and maillog_file).
// One pass feeds two things: Grand Totals by pflogsumm's own rules (pflogsumm-rules.ts), and per-client
// facts for the planner. Queue ids are keyed alone, as pflogsumm keys them (postfix-queue.ts); a message's
// sender only counts on the relay that received it.
import { detach, remember, type ClientRef, type SenderState } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import {
  CLEANUP_REJECT, COMMAND_SCRIPT, PICKUP, SMTPD_CLIENT, SMTPD_REJECT, SOLARIS_ID,
  gimmeDomain, lowerDomainPart, perlTrue, recipientDomain, senderDomain,
} from './pflogsumm-rules.js';
import { SyslogClock, pidAfter, scanCommand, scanDelivery, scanFromSize, scanHeader, type Command, type Fields, type Header } from './postfix-line.js';
import { QueueState, firstSight, type InFlight, type Relay } from './postfix-queue.js';

interface Client { domain: string | null; host: string | null; ip: string | null; senders: Map<string, SenderState> }

const MAX_CONNECTIONS = 20_000;
const MAX_CLIENTS = 20_000;
const SWEEP_EVERY = 1 << 16;

const CLIENT_ADDR = /^([^[,\s]*)\[([^\]]*)\]/;
const SASL = /sasl_method=([^,\s]+)(?:, sasl_username=([^,]*))?/;
const REJECT_FROM = / from ([^[\s]*)\[([^\]]*)\](?::\d+)?: /;
const REJECT_SENDER = /; from=<([^>]*)>/;
const TLS_ESTABLISHED = / TLS connection established from [^:]*: (\S+) with cipher/;
/** Necessary for SMTPD_CLIENT or SMTPD_REJECT to match: one scan instead of two. */
const MAYBE_CLIENT_OR_REJECT = /: (?:client=|reject|hold: |discard: )/;
/** Necessary for CLEANUP_REJECT to match. */
const MAYBE_CLEANUP_REJECT = /: (?:header|body|END-OF-MESSAGE) /;
const SASL_FAILED = /warning: ([^[\s]*)\[([^\]]*)\]: SASL \S+ authentication failed/;

export const postfix: ParserDefinition = {
  format: 'postfix',
  detect: (lines) => lines.some((l) => / postfix(?:-[\w-]+)?\/[\w/-]+\[\d+\]: /.test(l)),
  create: () => new PostfixParser(),
};

function newRelay(name: string): Relay {
  return { name, connections: new Map(), clock: 0 };
}

export class PostfixParser implements LogParser {
  readonly format = 'postfix' as const;
  private ctx!: FileContext;
  private readonly queue = new QueueState();
  private readonly relays = new Map<string, Relay>();
  private readonly clients = new Map<string, Client>();
  private relay: Relay = newRelay('');
  private readonly h: Header = { kind: 'classic', stampEnd: 0, dayStart: 0, hour: 0, minute: 0, timeStart: 0, hostStart: 0, hostEnd: 0, restStart: 0 };
  private readonly c: Command = { cmdStart: 0, cmdEnd: 0, qidStart: 0, qidEnd: 0 };
  private readonly f: Fields = { a: 0, b: 0, c: 0, d: 0 };
  private readonly clock = new SyslogClock(() => this.ctx.mtime);
  private text = '';
  private lines = 0;

  startFile(ctx: FileContext): void {
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

  line(raw: string, lineNo: number): void {
    if (++this.lines % SWEEP_EVERY === 0) this.sweep();
    const text = raw.includes(': [ID ') ? raw.replace(SOLARIS_ID, ': ') : raw;
    const { h, c } = this;
    if (!scanHeader(text, h)) { this.ctx.unknown(lineNo, raw); return; }
    if (!text.startsWith('postfix', h.restStart)) return; // another daemon's line: normal noise in mail.log
    if (!scanCommand(text, h.restStart, c)) {
      const m = COMMAND_SCRIPT.exec(text.slice(h.restStart));
      if (!m) return;
      c.cmdStart = c.cmdEnd = 0; // "postfix-script": a command no branch below names
      c.qidStart = text.indexOf(m[2], h.restStart);
      c.qidEnd = c.qidStart + m[2].length;
    }
    this.text = text;
    this.clock.update(text, h);
    const hostLength = h.hostEnd - h.hostStart;
    if (hostLength !== this.relay.name.length || !text.startsWith(this.relay.name, h.hostStart)) this.switchRelay(text.slice(h.hostStart, h.hostEnd));
    this.dispatch(text);
  }

  private cmdIs(name: string): boolean {
    const { c } = this;
    return c.cmdEnd - c.cmdStart === name.length && this.text.startsWith(name, c.cmdStart);
  }

  private qidIs(name: string): boolean {
    const { c } = this;
    return c.qidEnd - c.qidStart === name.length && this.text.startsWith(name, c.qidStart);
  }

  private qid(): string {
    return this.text.slice(this.c.qidStart, this.c.qidEnd);
  }

  private iso(): string {
    return this.clock.iso(this.text, this.h);
  }

  /** pflogsumm's branches, in its order. */
  private dispatch(text: string): void {
    const { totals } = this.ctx;
    if (this.cmdIs('cleanup') && MAYBE_CLEANUP_REJECT.test(text)) {
      const r = CLEANUP_REJECT.exec(text.slice(this.h.restStart));
      if (r) {
        if (r[1] === 'reject' || r[1] === 'milter-reject') {
          totals.rejected++;
          this.ctx.book.day(this.iso()).rejected++;
          const st = this.queue.lookup(this.qid());
          if (st?.sender && st.relay === this.relay) st.sender.rejected.other++;
        }
        return;
      }
    }
    if (this.qidIs('warning')) { if (text.includes('authentication failed')) this.saslFailure(text); return; }
    if (this.qidIs('reject')) { totals.rejected++; this.reject(text); return; }
    if (this.qidIs('fatal') || this.qidIs('panic') || this.qidIs('reject_warning') || this.qidIs('hold') || this.qidIs('discard') || this.cmdIs('master')) return;
    if (this.cmdIs('smtpd') || this.cmdIs('postscreen')) { this.smtpd(text); return; }

    const f = this.f;
    if (scanFromSize(text, f)) { this.fromSize(this.qid(), text.slice(f.a, f.b), text.slice(f.c, f.d)); return; }
    if (scanDelivery(text, f)) { this.delivery(this.qid(), text.slice(f.a, f.b), text, f); return; }
    if (this.cmdIs('pickup') && PICKUP.test(text)) { this.pickup(this.qid()); return; }
    if (this.cmdIs('qmgr') && text.endsWith(': removed')) this.queue.remove(this.qid());
  }

  private smtpd(text: string): void {
    const { totals } = this.ctx;
    if (MAYBE_CLIENT_OR_REJECT.test(text)) {
      const client = SMTPD_CLIENT.exec(text);
      if (client) { totals.received++; this.received(this.qid(), client[1], text); return; }
      const r = SMTPD_REJECT.exec(text);
      if (r) {
        if (r[1] === 'reject') { totals.rejected++; this.reject(text); }
        return;
      }
    }
    // Connection facts for the sender table (pflogsumm does not count these).
    const { connections } = this.relay;
    if (this.qidIs('connect')) {
      const pid = pidAfter(text, this.c.cmdEnd);
      if (connections.size >= MAX_CONNECTIONS) connections.clear();
      if (pid >= 0) connections.set(pid, { tls: null, seen: this.clock.minute });
    } else if (this.qidIs('disconnect') || this.qidIs('lost')) {
      connections.delete(pidAfter(text, this.c.cmdEnd));
    } else if (this.qidIs('Anonymous') || this.qidIs('Trusted') || this.qidIs('Untrusted') || this.qidIs('Verified')) {
      const tls = TLS_ESTABLISHED.exec(text);
      const conn = tls ? connections.get(pidAfter(text, this.c.cmdEnd)) : undefined;
      if (tls && conn) conn.tls = tls[1];
    }
  }

  private received(qid: string, clientText: string, text: string): void {
    const st = this.queue.message(qid, this.relay, this.clock.minute);
    const client = this.client(clientText);
    st.rcvd = client.domain;
    const sasl = text.includes('sasl_method=') ? SASL.exec(text) : null;
    const saslUser = sasl?.[2] || null;
    const sender = this.sender(client, saslUser ?? '', { source: 'postfix', relay: this.relay.name, host: client.host, ip: client.ip, saslUser, via: 'smtp' });
    const conn = this.relay.connections.get(pidAfter(text, this.c.cmdEnd));
    this.attach(st, sender, conn ? conn.tls ?? 'none' : 'unknown', sasl ? sasl[1] : 'none');
  }

  private pickup(qid: string): void {
    this.ctx.totals.received++;
    const st = this.queue.message(qid, this.relay, this.clock.minute);
    st.rcvd = 'pickup';
    const sender = this.sender(this.client('\u0000pickup'), '', { source: 'postfix', relay: this.relay.name, host: 'localhost', ip: null, saslUser: null, via: 'local' });
    this.attach(st, sender, 'local', 'none');
  }

  private attach(st: InFlight, sender: SenderState, tls: string, auth: string): void {
    st.sender = sender;
    st.relay = this.relay;
    st.fromSeen = false;
    st.rcpts = null;
    st.day = this.clock.date;
    this.ctx.book.message(sender, this.iso(), tls, auth);
  }

  private fromSize(qid: string, rawAddr: string, size: string): void {
    const { totals, book } = this.ctx;
    const st = this.queue.message(qid, this.relay, this.clock.minute);
    st.seen = this.clock.minute;
    if (st.sender && !st.fromSeen && st.relay === this.relay) {
      st.fromSeen = true;
      book.envelopeFrom(st.sender, rawAddr);
      st.sender.bytes += Number(size);
    }
    if (perlTrue(st.size)) return; // pflogsumm: a queue id's size is counted once (re-queued messages log it again)
    const addr = perlTrue(rawAddr) ? lowerDomainPart(rawAddr) : 'from=<>';
    st.size = size;
    st.sizeBytes = Number(size);
    if (perlTrue(st.rcvd)) {
      remember(totals.sendingHosts, senderDomain(addr) ?? (st.rcvd === 'pickup' ? addr : st.rcvd));
      remember(totals.senders, addr);
      totals.bytesReceived += st.sizeBytes;
      st.rcvd = null;
    }
  }

  private delivery(qid: string, rawAddr: string, text: string, f: Fields): void {
    const { totals, book } = this.ctx;
    const addr = lowerDomainPart(rawAddr);
    const st = this.queue.lookup(qid);
    if (st) {
      st.seen = this.clock.minute;
      if (st.sender && st.relay === this.relay && firstSight(st, addr)) book.recipient(st.sender, addr, st.day);
    }
    const status = f.d - f.c;
    if (status === 4 && text.startsWith('sent', f.c)) {
      if (text.indexOf('forwarded as ', f.d) !== -1) { totals.forwarded++; return; }
      remember(totals.recipientHosts, recipientDomain(addr));
      remember(totals.recipients, addr);
      totals.delivered++;
      if (st && perlTrue(st.size)) totals.bytesDelivered += st.sizeBytes;
    } else if (status === 8 && text.startsWith('deferred', f.c)) {
      totals.deferrals++;
      this.ctx.book.day(this.iso()).deferred++;
      const flagged = st ?? this.queue.message(qid, this.relay, this.clock.minute);
      if (!flagged.deferred) { flagged.deferred = true; totals.deferred++; }
    } else if (status === 7 && text.startsWith('bounced', f.c)) {
      totals.bounced++;
      this.ctx.book.day(this.iso()).bounced++;
    }
  }

  private reject(text: string): void {
    const { book } = this.ctx;
    const iso = this.iso();
    book.day(iso).rejected++;
    const from = REJECT_FROM.exec(text);
    if (!from) return;
    const sender = book.sender(this.ref(from[1], from[2]));
    book.reject(sender, text.includes('Relay access denied') ? 'relayDenied' : 'other', iso);
    const envelope = REJECT_SENDER.exec(text);
    if (envelope) book.envelopeFrom(sender, envelope[1]);
  }

  private saslFailure(text: string): void {
    const failed = SASL_FAILED.exec(text);
    if (!failed) return;
    const { book } = this.ctx;
    book.reject(book.sender(this.ref(failed[1], failed[2])), 'authFailed', this.iso());
  }

  private ref(host: string, ip: string): ClientRef {
    return { source: 'postfix', relay: this.relay.name, host: host || null, ip: ip || null, saslUser: null, via: 'smtp' };
  }

  /** Client "host[ip]" → pflogsumm's domain plus host and IP, cached: a relay sees few distinct clients. */
  private client(text: string): Client {
    let client = this.clients.get(text);
    if (!client) {
      const addr = CLIENT_ADDR.exec(text);
      client = { domain: gimmeDomain(text), host: addr ? addr[1] || null : text, ip: addr ? addr[2] || null : null, senders: new Map() };
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      this.clients.set(detach(text), client);
    }
    return client;
  }

  /** The sender record for a client, SASL user and relay, cached on the client. */
  private sender(client: Client, saslUser: string, ref: ClientRef): SenderState {
    const key = saslUser ? `${this.relay.name}\u0000${saslUser}` : this.relay.name;
    let sender = client.senders.get(key);
    if (!sender) {
      sender = this.ctx.book.sender(ref);
      client.senders.set(key, sender);
    } else this.ctx.book.touch(sender);
    return sender;
  }

  private switchRelay(name: string): void {
    this.relay.clock = Math.max(this.relay.clock, this.clock.minute);
    let relay = this.relays.get(name);
    if (!relay) {
      relay = newRelay(name);
      this.relays.set(name, relay);
    }
    this.ctx.relay(name);
    this.relay = relay;
  }

  private sweep(): void {
    this.relay.clock = Math.max(this.relay.clock, this.clock.minute);
    this.queue.sweep();
    for (const relay of this.relays.values()) {
      const horizon = relay.clock - 24 * 60;
      for (const [pid, conn] of relay.connections) if (conn.seen < horizon) relay.connections.delete(pid);
    }
  }
}

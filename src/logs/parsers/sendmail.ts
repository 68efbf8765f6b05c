// Sendmail (and sm-mta, sm-msp-queue) syslog lines: `QID: from=<…>, size=…, relay=host [ip]` per message,
// `QID: to=<…>,<…>, …, stat=Sent` per delivery, `STARTTLS=server, …, version=TLSv1.2` and
// `AUTH=server, …, authid=…, mech=…` per connection (keyed by pid), `ruleset=check_rcpt … reject=` for rejects.
import type { SenderState } from '../aggregate.js';
import { asciiLower, domainOf, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { angleAddress, hostAndIp, tlsName } from './fields.js';
import { SyslogClock, scanHeader, type Header } from './postfix-line.js';

// sendmail names itself by its state too (`sm-acceptingconnections`, `sm-mta-rx`); Solaris adds `[ID 801593 mail.info]`
const PROGRAM = /^(sendmail|sm-[\w-]+)\[(\d+)\]: (?:\[ID \d+ [\w.]+\] )?(.*)$/s;
const MAX_IN_FLIGHT = 200_000;
const MAX_CONNECTIONS = 20_000;

interface Message { sender: SenderState | null; day: string | null; rcpts: Set<string>; deferred: boolean }
interface Connection { tls: string | null; auth: string | null; user: string | null }

export const sendmail: ParserDefinition = {
  format: 'sendmail',
  detect: (lines) => lines.some((l) => / (?:sendmail|sm-[\w-]+)\[\d+\]: /.test(l)),
  create: () => new SendmailParser(),
};

/** "key=value, key=value" pairs; values run to the next ", key=". */
export function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|, )([A-Za-z_]+)=(.*?)(?=, [A-Za-z_]+=|$)/gs)) out.set(m[1].toLowerCase(), m[2]);
  return out;
}

class SendmailParser implements LogParser {
  readonly format = 'sendmail' as const;
  private ctx!: FileContext;
  private readonly h: Header = { kind: 'classic', stampEnd: 0, dayStart: 0, hour: 0, minute: 0, timeStart: 0, hostStart: 0, hostEnd: 0, restStart: 0 };
  private readonly messages = new Map<string, Message>();
  private readonly connections = new Map<string, Connection>();
  private readonly clock = new SyslogClock(() => this.ctx.mtime);
  private text = '';
  private relay = '';

  startFile(ctx: FileContext): void {
    this.ctx = ctx;
    this.clock.reset();
  }
  endFile(): void { /* rotated sets continue */ }

  line(text: string, lineNo: number): void {
    if (!scanHeader(text, this.h)) { this.ctx.unknown(lineNo, text); return; }
    const m = PROGRAM.exec(text.slice(this.h.restStart));
    if (!m) return;
    this.text = text;
    this.clock.update(text, this.h);
    this.relay = text.slice(this.h.hostStart, this.h.hostEnd);
    this.ctx.relay(this.relay);
    const pidKey = `${this.relay}\u0000${m[2]}`;
    let body = m[3];
    const qidMatch = /^([A-Za-z0-9]{8,20}): /.exec(body);
    const qid = qidMatch ? `${this.relay}\u0000${qidMatch[1]}` : null;
    if (qidMatch) body = body.slice(qidMatch[0].length);

    if (body.startsWith('STARTTLS=server,')) { this.connection(pidKey).tls = tlsName(pairs(body).get('version') ?? 'TLS'); return; }
    if (body.startsWith('AUTH=server,')) {
      const p = pairs(body);
      const conn = this.connection(pidKey);
      conn.auth = p.get('mech') ?? 'unknown';
      conn.user = p.get('authid') ?? null;
      return;
    }
    if (body.startsWith('AUTH failure')) {
      // Sendmail writes relay= last; the user name before it is the client's to choose (`user=x, relay=victim [10.0.0.5]`)
      const relay = /, relay=([^,]*)$/.exec(body);
      if (relay) this.ctx.book.reject(this.sender(relay[1], null, 'smtp'), 'authFailed', this.iso());
      return;
    }
    // `host [ip]: possible SMTP attack: command=AUTH, count=6`: the client kept failing (repeated AUTH is guessing passwords)
    const attack = /^([^:]*\[[^\]]+\]): possible SMTP attack: command=([^,]+), count=\d+$/.exec(body);
    if (attack) {
      this.ctx.book.reject(this.sender(attack[1], null, 'smtp'), /^AUTH$/i.test(attack[2]) ? 'authFailed' : 'other', this.iso());
      return;
    }
    if (body.includes('reject=')) { this.reject(body); return; }
    if (qid && body.startsWith('from=')) { this.from(qid, pidKey, pairs(body)); return; }
    if (qid && body.startsWith('to=')) { this.to(qid, pairs(body)); return; }
    if (body === 'did not issue MAIL/EXPN/VRFY/ETRN during connection to MTA' || body.startsWith('lost input channel')) this.connections.delete(pidKey);
  }

  private from(qid: string, pidKey: string, p: Map<string, string>): void {
    if (this.messages.has(qid)) return; // a queue run repeats nothing about the sender
    const { book, totals } = this.ctx;
    const address = angleAddress(p.get('from') ?? '');
    const relay = p.get('relay') ?? '';
    const local = !relay.includes('[') || /@localhost\b/.test(relay);
    const conn = local ? undefined : this.connections.get(pidKey);
    const sender = this.sender(relay, conn?.user ?? null, local ? 'local' : 'smtp');
    const size = Number(p.get('size') ?? 0) || 0;
    // nrcpts=0: every recipient was refused, nothing was accepted — the sender tried, no message arrived
    if (p.get('nrcpts') === '0') { book.envelopeFrom(sender, address); return; }
    book.message(sender, this.iso(), local ? 'local' : conn ? conn.tls ?? 'none' : 'unknown', conn?.auth ?? 'none');
    book.envelopeFrom(sender, address);
    sender.bytes += size;
    totals.received++;
    totals.bytesReceived += size;
    remember(totals.senders, address ? asciiLower(address) : 'from=<>');
    const { host, ip } = hostAndIp(relay);
    remember(totals.sendingHosts, asciiLower(domainOf(address) || host || ip || relay));
    if (this.messages.size >= MAX_IN_FLIGHT) this.messages.clear();
    this.messages.set(qid, { sender, day: this.iso().slice(0, 10), rcpts: new Set(), deferred: false });
  }

  private to(qid: string, p: Map<string, string>): void {
    const { book, totals } = this.ctx;
    const message = this.messages.get(qid);
    const stat = p.get('stat') ?? '';
    const dsn = p.get('dsn') ?? '';
    for (const raw of (p.get('to') ?? '').split(',')) {
      const address = angleAddress(raw);
      if (!address) continue;
      if (message?.sender && !message.rcpts.has(address)) {
        message.rcpts.add(address);
        book.recipient(message.sender, address, message.day);
      }
      if (/^Sent\b/i.test(stat)) {
        totals.delivered++;
        remember(totals.recipients, asciiLower(address));
        remember(totals.recipientHosts, domainOf(address));
      } else if (/^Deferred/i.test(stat) || dsn.startsWith('4')) {
        totals.deferrals++;
        book.day(this.iso()).deferred++;
        if (message && !message.deferred) { message.deferred = true; totals.deferred++; }
      } else if (dsn.startsWith('5') || /^(User unknown|Service unavailable|Host unknown)/i.test(stat)) {
        totals.bounced++;
        book.day(this.iso()).bounced++;
      }
    }
  }

  private reject(body: string): void {
    const { book, totals } = this.ctx;
    const p = pairs(body);
    totals.rejected++;
    book.day(this.iso()).rejected++;
    const relay = p.get('relay');
    if (!relay) return;
    const sender = this.sender(relay, null, 'smtp');
    book.reject(sender, /Relaying denied/i.test(p.get('reject') ?? '') ? 'relayDenied' : 'other', this.iso());
  }

  private sender(relay: string, user: string | null, via: 'smtp' | 'local'): SenderState {
    const { host, ip } = via === 'local' ? { host: relay.replace(/^.*@/, '') || 'localhost', ip: null } : hostAndIp(relay);
    return this.ctx.book.sender({ source: 'sendmail', relay: this.relay, host, ip, saslUser: user, via });
  }

  private connection(key: string): Connection {
    let conn = this.connections.get(key);
    if (!conn) {
      if (this.connections.size >= MAX_CONNECTIONS) this.connections.clear();
      conn = { tls: null, auth: null, user: null };
      this.connections.set(key, conn);
    }
    return conn;
  }

  private iso(): string {
    return this.clock.iso(this.text, this.h);
  }
}

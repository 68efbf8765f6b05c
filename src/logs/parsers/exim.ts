// Exim main log: `<=` arrival (H= client, P= protocol, X= TLS, A= authenticator, S= size), `=>`/`->`
// deliveries, `**` failures, `==` deferrals, `Completed`; "rejected RCPT" and "authenticator failed" lines.
import type { SenderState } from '../aggregate.js';
import { asciiLower, domainOf, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { tlsName } from './fields.js';

const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.\d+)?(?: ([+-]\d{4}))?(?: \[\d+(?::\d+)?\])? (.*)$/s;
const MESSAGE_ID = /^([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (.*)$/s;
const HOST = /(?:^| )H=(?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\]/;
/** `SMTP connection from (helo) [ip]:port` / `SMTP call from host [ip]`: the client of a dropped session. */
const CONNECTION_FROM = /SMTP (?:call|connection) from (?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\]/;
const MAX_IN_FLIGHT = 200_000;

interface Message { sender: SenderState | null; day: string; rcpts: Set<string>; deferred: boolean }

export const exim: ParserDefinition = {
  format: 'exim',
  detect: (lines) => lines.some((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?(?: \[\d+\])? (?:[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} (?:<=|=>|->|\*\*|==|Completed)|.*(?:rejected (?:RCPT|MAIL|EHLO|after DATA|by local_scan|during MIME|")|authenticator failed for|closed by DROP in ACL|dropped: too many nonmail))/.test(l)),
  create: () => new EximParser(),
};

class EximParser implements LogParser {
  readonly format = 'exim' as const;
  private ctx!: FileContext;
  private readonly messages = new Map<string, Message>();
  private iso = '';

  startFile(ctx: FileContext): void { this.ctx = ctx; }
  endFile(): void { /* rotated sets continue */ }

  line(text: string, lineNo: number): void {
    const m = LINE.exec(text);
    if (!m) { this.ctx.unknown(lineNo, text); return; }
    this.iso = `${m[1]}T${m[2]}${m[3] ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : ''}`;
    const body = m[4];
    const id = MESSAGE_ID.exec(body);
    if (!id) { this.event(body); return; }
    const rest = id[2];
    const flag = rest.slice(0, 3);
    if (flag === '<= ') this.arrival(id[1], rest.slice(3));
    else if (flag === '=> ' || flag === '-> ' || flag === '*> ') this.delivery(id[1], rest.slice(3), 'sent');
    else if (flag === '** ') this.delivery(id[1], rest.slice(3), 'bounced');
    else if (flag === '== ') this.delivery(id[1], rest.slice(3), 'deferred');
    else if (rest === 'Completed' || rest.startsWith('Completed ')) this.messages.delete(id[1]);
    else if (/ rejected (?:after DATA|by local_scan\(\)|during MIME ACL checks)| closed by DROP in ACL$/.test(` ${rest}`)) this.rejected(rest);
  }

  private arrival(id: string, rest: string): void {
    const { book, totals } = this.ctx;
    const from = rest.slice(0, rest.indexOf(' ') === -1 ? undefined : rest.indexOf(' '));
    const host = HOST.exec(rest);
    const user = / U=(\S+)/.exec(rest)?.[1] ?? null;
    const proto = / P=(\S+)/.exec(rest)?.[1] ?? '';
    const tls = / X=([^:\s]+)/.exec(rest)?.[1];
    const auth = / A=([^:\s]+)(?::(\S+))?/.exec(rest);
    const size = Number(/ S=(\d+)/.exec(rest)?.[1] ?? 0);
    const local = !host;
    const sender = book.sender({
      source: 'exim', relay: null, host: local ? 'localhost' : host[1] ?? null, ip: local ? null : host[3], helo: local ? null : host[2] ?? null,
      saslUser: auth?.[2] ?? (local ? user : null), via: local ? 'local' : 'smtp',
    });
    const address = from === '<>' ? '' : from;
    book.message(sender, this.iso, local ? 'local' : tls ? tlsName(tls) : 'none', auth ? auth[1] : local ? 'none' : proto.endsWith('a') ? 'unknown' : 'none');
    book.envelopeFrom(sender, address);
    sender.bytes += size;
    totals.received++;
    totals.bytesReceived += size;
    remember(totals.senders, address ? asciiLower(address) : 'from=<>');
    remember(totals.sendingHosts, asciiLower(domainOf(address) || (host ? host[1] ?? host[3] : 'localhost')));
    if (this.messages.size >= MAX_IN_FLIGHT) this.messages.clear();
    const message: Message = { sender, day: this.iso.slice(0, 10), rcpts: new Set(), deferred: false };
    this.messages.set(id, message);
    const forList = / for (.+)$/.exec(rest);
    if (forList) for (const rcpt of forList[1].split(' ')) this.recipient(message, rcpt);
  }

  private delivery(id: string, rest: string, status: 'sent' | 'bounced' | 'deferred'): void {
    const { book, totals } = this.ctx;
    const first = rest.slice(0, rest.indexOf(' ') === -1 ? undefined : rest.indexOf(' ')).replace(/^<|>$/g, '');
    // a local delivery names the local part first and the full address after it: `=> userx <userx@test.ex> R=… T=…`
    const full = first.includes('@') ? null : / <([^<>\s]+@[^<>\s]+)>/.exec(rest.slice(first.length, first.length + 600))?.[1];
    const address = full ?? first;
    const message = this.messages.get(id);
    if (message) this.recipient(message, address);
    if (status === 'sent') {
      totals.delivered++;
      remember(totals.recipients, asciiLower(address));
      remember(totals.recipientHosts, domainOf(address));
    } else if (status === 'bounced') {
      totals.bounced++;
      book.day(this.iso).bounced++;
    } else {
      totals.deferrals++;
      book.day(this.iso).deferred++;
      if (message && !message.deferred) { message.deferred = true; totals.deferred++; }
    }
  }

  private recipient(message: Message, address: string): void {
    if (!address || !message.sender || message.rcpts.has(address)) return;
    message.rcpts.add(address);
    this.ctx.book.recipient(message.sender, address, message.day);
  }

  /** Lines without a message id: SMTP-time rejects and authentication failures. */
  private event(body: string): void {
    // refusals: ACL rejects, a pipelining client's `rejected "RSET"`, an ACL `drop`, too many nonmail commands
    if (/ rejected (?:RCPT|MAIL|EHLO|HELO|after DATA|connection|")| closed by DROP in ACL$| dropped: too many nonmail commands/.test(body)) { this.rejected(body); return; }
    const failed = /authenticator failed for (?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\]/.exec(body);
    if (failed) {
      const { book } = this.ctx;
      book.reject(book.sender({ source: 'exim', relay: null, host: failed[1] ?? null, ip: failed[3], helo: failed[2] ?? null, saslUser: null, via: 'smtp' }), 'authFailed', this.iso);
    }
  }

  private rejected(body: string): void {
    const { book, totals } = this.ctx;
    totals.rejected++;
    book.day(this.iso).rejected++;
    const host = HOST.exec(body) ?? CONNECTION_FROM.exec(body);
    if (!host) return;
    const sender = book.sender({ source: 'exim', relay: null, host: host[1] ?? null, ip: host[3], helo: host[2] ?? null, saslUser: null, via: 'smtp' });
    book.reject(sender, /relay not permitted|relaying denied/i.test(body) ? 'relayDenied' : 'other', this.iso);
    const from = / F=<([^>]*)>/.exec(body);
    if (from) book.envelopeFrom(sender, from[1]);
  }
}

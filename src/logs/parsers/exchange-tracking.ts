// Exchange Server message tracking logs (MSGTRK*.LOG): CSV with a `#Fields:` header. A RECEIVE event with
// source SMTP is one message from client-ip; DELIVER/SEND, DEFER and FAIL events give the outcomes.
import { asciiLower, domainOf, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { W3cReader } from './fields.js';

const MAX_DEFERRED = 200_000;

export const exchangeTracking: ParserDefinition = {
  format: 'exchange-tracking',
  detect: (lines) => lines.some((l) => /^#Log-type:\s*Message Tracking Log/i.test(l))
    || lines.some((l) => /^#Fields:.*\bevent-id\b.*\brecipient-address\b/i.test(l)),
  create: () => new ExchangeTrackingParser(),
};

class ExchangeTrackingParser implements LogParser {
  readonly format = 'exchange-tracking' as const;
  private ctx!: FileContext;
  private readonly rows = new W3cReader(',');
  private readonly deferred = new Set<string>();

  startFile(ctx: FileContext): void {
    this.ctx = ctx;
    this.rows.reset();
  }

  endFile(): void { /* a message's events span hourly files */ }

  line(text: string, lineNo: number): void {
    const row = this.rows.row(text);
    if (!row) return;
    const { get } = row;
    const event = get('event-id').toUpperCase();
    const iso = get('date-time');
    if (!row.columns || !event || !/^\d{4}-\d\d-\d\dT/.test(iso)) { this.ctx.unknown(lineNo, text); return; }
    const server = get('server-hostname');
    if (server) this.ctx.relay(asciiLower(server));
    const recipients = get('recipient-address').split(';').map((r) => r.trim()).filter(Boolean);
    const { book, totals } = this.ctx;
    const id = get('internal-message-id') || get('message-id');
    if (event === 'RECEIVE' && get('source').toUpperCase() === 'SMTP') {
      const from = get('sender-address') || get('return-path');
      const ip = get('original-client-ip') || get('client-ip');
      const host = get('client-hostname') || null;
      const bytes = Number(get('total-bytes')) || 0;
      const sender = book.sender({ source: 'exchange-tracking', relay: server ? asciiLower(server) : null, host, ip: ip || null, saslUser: null, via: 'smtp' });
      book.message(sender, iso, null, null, bytes);
      book.envelopeFrom(sender, from);
      const day = iso.slice(0, 10);
      for (const rcpt of new Set(recipients)) book.recipient(sender, rcpt, day);
      totals.received++;
      totals.bytesReceived += bytes;
      remember(totals.senders, from ? asciiLower(from) : 'from=<>');
      remember(totals.sendingHosts, asciiLower(domainOf(from) || host || ip));
    } else if (event === 'DELIVER' || event === 'SEND') {
      for (const rcpt of recipients) {
        totals.delivered++;
        remember(totals.recipients, asciiLower(rcpt));
        remember(totals.recipientHosts, domainOf(rcpt));
      }
      totals.bytesDelivered += (Number(get('total-bytes')) || 0) * recipients.length;
    } else if (event === 'DEFER') {
      totals.deferrals += recipients.length || 1;
      book.day(iso).deferred++;
      if (id && !this.deferred.has(id)) {
        if (this.deferred.size >= MAX_DEFERRED) this.deferred.clear();
        this.deferred.add(id);
        totals.deferred++;
      }
    } else if (event === 'FAIL') {
      totals.bounced += recipients.length || 1;
      book.day(iso).bounced++;
    }
  }
}

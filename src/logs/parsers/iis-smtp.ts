// The IIS SMTP service's W3C extended log (C:\inetpub\logs\SmtpSvc1\ex*.log): one row per SMTP command,
// columns named by the `#Fields:` header. Rows are grouped into sessions by client IP; a DATA accepted
// with 250 is one message. Rows the service writes about its own outbound sessions are skipped.
import type { SenderState } from '../aggregate.js';
import { asciiLower, domainOf, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { W3cReader, angleAddress } from './fields.js';

const MAX_SESSIONS = 20_000;

interface Session { helo: string | null; from: string | null; rcpts: string[]; tls: string | null; auth: string | null; user: string | null }

export const iisSmtp: ParserDefinition = {
  format: 'iis-smtp',
  detect: (lines) => lines.some((l) => /^#Fields:.*\bcs-method\b/i.test(l) && /\bc-ip\b/i.test(l))
    && !lines.some((l) => /^#Log-type:/i.test(l)) && !isWebLog(lines),
  create: () => new IisSmtpParser(),
};

/**
 * An IIS *web* log has the same W3C header: its rows name HTTP methods (or the W3SVC site), an SMTP log's SMTP
 * commands. Judged by the cs-method (and s-sitename) column of the rows sampled; a log of headers only is not.
 */
function isWebLog(lines: string[]): boolean {
  const rows = new W3cReader(' ');
  for (const line of lines) {
    const row = rows.row(line);
    if (!row) continue;
    const method = row.get('cs-method');
    const site = row.get('s-sitename');
    if (/^W3SVC\d*$/i.test(site) || /^(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|PROPFIND|TRACE|CONNECT)$/.test(method)) return true;
    if (/^SMTPSVC\d*$/i.test(site) || /^(?:EHLO|HELO|MAIL|RCPT|DATA|QUIT|AUTH|STARTTLS|RSET|NOOP|BDAT|XEXCH50|X-EXPS)$/i.test(method)) return false;
  }
  return false;
}

class IisSmtpParser implements LogParser {
  readonly format = 'iis-smtp' as const;
  private ctx!: FileContext;
  private readonly rows = new W3cReader(' ');
  private readonly sessions = new Map<string, Session>();

  startFile(ctx: FileContext): void {
    this.ctx = ctx;
    this.rows.reset();
    this.sessions.clear();
  }

  endFile(): void { this.sessions.clear(); }

  line(text: string, lineNo: number): void {
    const row = this.rows.row(text);
    if (!row) return;
    const { get } = row;
    const ip = get('c-ip');
    const method = get('cs-method').toUpperCase();
    const user = get('cs-username');
    if (!row.columns || !ip || !method || row.cells.length < row.columns - 2) { this.ctx.unknown(lineNo, text); return; }
    if (/^OutboundConnection(Command|Response)$/i.test(user)) return;
    const date = get('date');
    const time = get('time');
    const iso = /^\d{4}-\d\d-\d\d$/.test(date) && /^\d\d:\d\d:\d\d/.test(time) ? `${date}T${time.slice(0, 8)}Z` : null;
    if (!iso) { this.ctx.unknown(lineNo, text); return; }
    const relay = get('s-computername');
    if (relay && relay !== '-') this.ctx.relay(asciiLower(relay));
    const status = Number(get('sc-status'));
    const query = get('cs-uri-query').replace(/\+/g, ' ').trim();
    const session = this.session(ip);
    switch (method) {
      case 'EHLO': case 'HELO':
        Object.assign(session, { helo: query || (user !== '-' ? user : null), from: null, rcpts: [], tls: session.tls });
        break;
      case 'STARTTLS':
        if (status === 220) session.tls = 'TLS'; // the W3C log does not name the protocol version
        break;
      case 'AUTH':
        if (status === 235) session.auth = (query.split(' ')[0] || 'unknown').toUpperCase();
        else if (status >= 500) this.ctx.book.reject(this.sender(ip, session, relay), 'authFailed', iso);
        break;
      case 'MAIL':
        session.from = status >= 200 && status < 300 ? angleAddress(query.replace(/^FROM:\s*/i, '').split(' ')[0]) : null;
        session.rcpts = [];
        break;
      case 'RCPT': {
        const address = angleAddress(query.replace(/^TO:\s*/i, '').split(' ')[0]);
        if (status >= 200 && status < 300) session.rcpts.push(address);
        else if (status >= 500) this.refused(ip, session, relay, iso, status);
        break;
      }
      case 'DATA':
        if (status >= 200 && status < 300 && session.from !== null) this.accepted(ip, session, relay, iso, Number(get('cs-bytes')) || 0);
        session.from = null;
        session.rcpts = [];
        break;
      case 'QUIT':
        this.sessions.delete(ip);
        break;
      default:
        break;
    }
  }

  private accepted(ip: string, session: Session, relay: string, iso: string, bytes: number): void {
    const { book, totals } = this.ctx;
    const sender = this.sender(ip, session, relay);
    const from = session.from ?? '';
    book.message(sender, iso, session.tls ?? 'none', session.auth ?? 'none', bytes);
    book.envelopeFrom(sender, from);
    totals.received++;
    totals.bytesReceived += bytes;
    remember(totals.senders, from ? asciiLower(from) : 'from=<>');
    remember(totals.sendingHosts, asciiLower(domainOf(from) || session.helo || ip));
    const day = iso.slice(0, 10);
    for (const rcpt of new Set(session.rcpts)) {
      book.recipient(sender, rcpt, day);
      remember(totals.recipients, asciiLower(rcpt));
      remember(totals.recipientHosts, domainOf(rcpt));
    }
  }

  private refused(ip: string, session: Session, relay: string, iso: string, status: number): void {
    const { book, totals } = this.ctx;
    totals.rejected++;
    book.day(iso).rejected++;
    // IIS answers a client outside its relay restrictions with "550 5.7.1 Unable to relay"; the log keeps only the code.
    book.reject(this.sender(ip, session, relay), status === 550 ? 'relayDenied' : 'other', iso);
  }

  private sender(ip: string, session: Session, relay: string): SenderState {
    return this.ctx.book.sender({
      source: 'iis-smtp', relay: relay && relay !== '-' ? asciiLower(relay) : null, host: session.helo, ip, saslUser: session.auth ? session.user : null, via: 'smtp',
    });
  }

  private session(ip: string): Session {
    let session = this.sessions.get(ip);
    if (!session) {
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.clear();
      session = { helo: null, from: null, rcpts: [], tls: null, auth: null, user: null };
      this.sessions.set(ip, session);
    }
    return session;
  }
}

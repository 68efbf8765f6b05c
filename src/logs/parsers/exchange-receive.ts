// Exchange Server SMTP receive protocol logs (RECV*.LOG): one CSV row per event of a session
// (`+` connect, `<` client command, `>` server reply, `*` information, `-` disconnect). Replies are matched
// to the commands they answer in order; a 250 after DATA/BDAT LAST is one accepted message.
import type { SenderState } from '../aggregate.js';
import { asciiLower, domainOf, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { W3cReader, angleAddress, endpointIp, tlsName } from './fields.js';

const MAX_SESSIONS = 20_000;

interface Pending { verb: string; arg: string }
interface Session {
  ip: string | null; helo: string | null; tls: string | null; auth: string | null; user: string | null;
  from: string | null; rcpts: string[]; pending: Pending[]; inAuth: boolean; relay: string | null;
}

export const exchangeReceive: ParserDefinition = {
  format: 'exchange-receive',
  detect: (lines) => lines.some((l) => /^#Log-type:\s*SMTP Receive Protocol Log/i.test(l))
    || lines.some((l) => /^#Fields:.*\bsession-id\b.*\bremote-endpoint\b.*\bevent\b/i.test(l)),
  create: () => new ExchangeReceiveParser(),
};

class ExchangeReceiveParser implements LogParser {
  readonly format = 'exchange-receive' as const;
  private ctx!: FileContext;
  private readonly rows = new W3cReader(',');
  private readonly sessions = new Map<string, Session>();

  startFile(ctx: FileContext): void {
    this.ctx = ctx;
    this.rows.reset();
  }

  endFile(): void { /* sessions can continue in the next file */ }

  line(text: string, lineNo: number): void {
    const row = this.rows.row(text);
    if (!row) return;
    const { get } = row;
    const id = get('session-id');
    const event = get('event');
    const iso = get('date-time');
    if (!row.columns || !id || !event || !/^\d{4}-\d\d-\d\dT/.test(iso)) { this.ctx.unknown(lineNo, text); return; }
    const data = get('data');
    const session = this.session(id, get('remote-endpoint'), get('connector-id'));
    if (event === '-') { this.sessions.delete(id); return; }
    if (event === '*') { this.information(session, data, get('context')); return; }
    if (event === '<') { this.command(session, data); return; }
    if (event === '>') this.reply(session, data, iso);
  }

  private command(session: Session, data: string): void {
    if (session.inAuth) return; // SASL exchange lines: never read, never kept
    const space = data.indexOf(' ');
    const verb = (space === -1 ? data : data.slice(0, space)).toUpperCase();
    // For AUTH keep only the mechanism: an initial response ("AUTH PLAIN <base64>") carries the password.
    const arg = space === -1 ? '' : verb === 'AUTH' ? data.slice(space + 1).split(' ')[0] : data.slice(space + 1);
    if (verb === 'EHLO' || verb === 'HELO') session.helo = arg.trim() || null;
    if (verb === 'AUTH') session.inAuth = true;
    if (verb === 'BDAT' && !/\bLAST\b/i.test(arg)) return; // intermediate chunks are answered but prove nothing
    session.pending.push({ verb, arg });
    if (session.pending.length > 200) session.pending.shift();
  }

  private reply(session: Session, data: string, iso: string): void {
    const code = Number(data.slice(0, 3));
    if (code === 334 || code === 354) return; // continuation: the command is still open
    if (code === 220 && !session.pending.length) return; // banner
    const command = session.pending.shift();
    if (!command) return;
    const { book, totals } = this.ctx;
    const ok = code >= 200 && code < 300;
    switch (command.verb) {
      case 'AUTH':
        session.inAuth = false;
        if (code === 235) session.auth = (command.arg.split(' ')[0] || 'unknown').toUpperCase();
        else if (code >= 500) book.reject(this.sender(session), 'authFailed', iso);
        break;
      case 'STARTTLS':
        if (code === 220 && !session.tls) session.tls = 'TLS';
        break;
      case 'MAIL':
        session.from = ok ? angleAddress(command.arg.replace(/^FROM:\s*/i, '').split(' ')[0]) : null;
        session.rcpts = [];
        if (code >= 500) { totals.rejected++; book.day(iso).rejected++; book.reject(this.sender(session), 'other', iso); }
        break;
      case 'RCPT': {
        const address = angleAddress(command.arg.replace(/^TO:\s*/i, '').split(' ')[0]);
        if (ok) session.rcpts.push(address);
        else if (code >= 500) {
          totals.rejected++;
          book.day(iso).rejected++;
          book.reject(this.sender(session), /relay/i.test(data) ? 'relayDenied' : 'other', iso);
        }
        break;
      }
      case 'DATA': case 'BDAT':
        if (ok && session.from !== null) this.accepted(session, iso);
        session.from = null;
        session.rcpts = [];
        break;
      case 'RSET':
        session.from = null;
        session.rcpts = [];
        break;
      default:
        break;
    }
  }

  private information(session: Session, data: string, context: string): void {
    const tls = /TLS protocol (\S+) negotiation succeeded/.exec(context);
    if (tls) { session.tls = tlsName(tls[1]); return; }
    if (/^authenticated$/i.test(context.trim()) && data) session.user = data;
  }

  private accepted(session: Session, iso: string): void {
    const { book, totals } = this.ctx;
    const sender = this.sender(session);
    const from = session.from ?? '';
    book.message(sender, iso, session.tls ?? 'none', session.auth ?? 'none');
    book.envelopeFrom(sender, from);
    totals.received++;
    remember(totals.senders, from ? asciiLower(from) : 'from=<>');
    remember(totals.sendingHosts, asciiLower(domainOf(from) || session.helo || session.ip || ''));
    const day = iso.slice(0, 10);
    for (const rcpt of new Set(session.rcpts)) {
      book.recipient(sender, rcpt, day);
      remember(totals.recipients, asciiLower(rcpt));
      remember(totals.recipientHosts, domainOf(rcpt));
    }
  }

  private sender(session: Session): SenderState {
    return this.ctx.book.sender({
      source: 'exchange-receive', relay: session.relay, host: session.helo, ip: session.ip, saslUser: session.auth ? session.user : null, via: 'smtp',
    });
  }

  private session(id: string, remote: string, connector: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.clear();
      const server = connector.includes('\\') ? asciiLower(connector.slice(0, connector.indexOf('\\'))) : null;
      if (server) this.ctx.relay(server);
      session = { ip: endpointIp(remote), helo: null, tls: null, auth: null, user: null, from: null, rcpts: [], pending: [], inAuth: false, relay: server };
      this.sessions.set(id, session);
    }
    return session;
  }
}

// What the SMTP endpoints share (submission, MX, HVE, ACS): smtp-server with Exchange's reply texts, and a record of each
// client session (TLS, AUTH, MAIL, replies) that becomes a FitnessRecord when the client goes away.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { replyEntry, replyText, smtpReply } from '../m365/replies.js';
import type { App, Directory, Mailbox } from './directory.js';
import { isAcceptedDomain } from './directory.js';
import { judge, type Observed } from './fitness.js';
import type { Delivery, MailboxStore } from './store.js';
import type { FitnessRecord } from './types.js';

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

export interface SmtpSession extends Observed {
  startedAt: number;
  mailbox: Mailbox | null;        // the authenticated mailbox
  app: App | null;                // the app whose token authenticated (XOAUTH2)
  basicAuth: boolean;
  starttlsAsked: boolean;
  messages: number;
}

export interface SmtpService {
  service: 'submission' | 'mx' | 'hve' | 'acs';
  name: string;                   // server name in the greeting and the [host] of replies
  directory: Directory;
  sessions: Map<string, SmtpSession>;
  onSessionEnd(record: FitnessRecord, session: SmtpSession): void;
}

/** An error smtp-server sends as the reply: code and text from the catalogue, Exchange's [host] suffix. */
export function smtpError(id: string, vars: Record<string, string>, host: string | null): Error & { responseCode: number } {
  return Object.assign(new Error(replyBody(id, vars, host)), { responseCode: replyEntry(id).code ?? 550 });
}

/** A catalogue reply without its code: `5.7.57 Client not authenticated to send mail. [host]` (smtp-server adds the code). */
function replyBody(id: string, vars: Record<string, string>, host: string | null): string {
  return `${replyEntry(id).detail} ${replyText(id, vars)}${host ? ` [${host}]` : ''}`;
}

export function sessionOf(service: SmtpService, session: SMTPServerSession): SmtpSession {
  const state = service.sessions.get(session.id);
  if (!state) throw new Error(`unknown SMTP session ${session.id}`);
  return state;
}

/** TLS facts of the session as the server negotiated them. */
/** Store an accepted message and answer as Exchange Online's submission hosts do: `250 2.0.0 OK <id> [Hostname=…]`. */
export async function deliverAccepted(store: MailboxStore, state: SmtpSession, host: string, stamped: Buffer, delivery: Delivery): Promise<string> {
  const [stored] = await store.deliver(stamped, delivery);
  state.messages++;
  const reply = `2.0.0 OK ${stored?.messageId ?? ''} [Hostname=${host}]`;
  state.reply = `250 ${reply}`;
  return reply;
}

export function recordTls(state: SmtpSession, socket: Socket | TLSSocket): void {
  const tls = socket as TLSSocket;
  state.tls.used = true;
  state.tls.protocol = typeof tls.getProtocol === 'function' ? tls.getProtocol() : null;
  state.tls.cipher = typeof tls.getCipher === 'function' ? tls.getCipher()?.name ?? null : null;
}

const LEGACY_TLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);

/** onSecure for Exchange's STARTTLS ports: TLS 1.0/1.1 is let in only to be told why it is refused (421 4.7.66). */
export function exchangeOnSecure(service: SmtpService): NonNullable<SMTPServerOptions['onSecure']> {
  return (socket, session, callback) => {
    const state = sessionOf(service, session);
    recordTls(state, socket);
    if (!LEGACY_TLS.has(state.tls.protocol ?? '')) return callback();
    const error = smtpError('legacy-tls', {}, null); // Exchange's text ends with the aka.ms link, no [host]
    state.tls.refused = `${error.responseCode} ${error.message}`;
    callback(error);
  };
}

// smtp-server's own texts, as Exchange Online words them
const STOCK: Record<string, string> = {
  '220|Ready to start TLS': '2.0.0 SMTP server ready',
  '221|Bye': '2.0.0 Service closing transmission channel',
  '354|End data with <CR><LF>.<CR><LF>': 'Start mail input; end with <CRLF>.<CRLF>',
  '250|Flushed': '2.0.0 Resetting',
};
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;

function rewrite(service: SmtpService, secure: boolean, code: number, data: string | string[] | null | undefined, context: string | false | undefined): [number, string | string[] | null | undefined, string | false | undefined] {
  if (Array.isArray(data)) {
    // Exchange offers AUTH LOGIN XOAUTH2, and only after STARTTLS (PLAIN still works when a client tries it)
    return [code, data.filter((line) => secure || !/^AUTH /.test(line)).map((line) => (/^AUTH /.test(line) ? line.replace(/ PLAIN\b/, '') : line)), context];
  }
  if (typeof data !== 'string') return [code, data, context];
  if (ENHANCED.test(data)) return [code, data, false];
  if (code === 220 && context === false && data.endsWith(' ESMTP')) return [220, `${service.name} Microsoft ESMTP MAIL Service ready at ${new Date().toUTCString()}`, false];
  if (context === 'MAIL_FROM_OK') return [250, '2.1.0 Sender OK', false];
  if (context === 'RCPT_TO_OK') return [250, '2.1.5 Recipient OK', false];
  const stock = STOCK[`${code}|${data}`];
  if (stock) return [code, stock, false];
  if (code === 538 || (code === 504 && /authentication type/i.test(data))) return [504, replyBody('auth-not-offered', {}, service.name), false];
  if (code === 503 && /HELO\/EHLO first/.test(data)) return [503, replyBody('send-hello-first', {}, service.name), false];
  if (code === 552 && /maximum message size/.test(data)) return [552, replyBody('message-too-large', {}, service.name), false];
  return [code, data, context];
}

function clientIp(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

function instrument(service: SmtpService, connection: Connection, socket: Socket, port: number): void {
  const state: SmtpSession = {
    at: new Date().toISOString(), service: service.service, clientIp: clientIp(connection.remoteAddress), clientName: null,
    tls: { used: false, protocol: null, cipher: null, refused: null }, authTried: [], authOutcome: 'none', user: null, mailFrom: null, rcptTo: [],
    outcome: 'disconnected', reply: null, sessionId: connection.id, port, clientPort: socket.remotePort,
    startedAt: Date.now(), mailbox: null, app: null, basicAuth: false, starttlsAsked: false, messages: 0,
  };
  service.sessions.set(connection.id, state);
  const send = connection.send.bind(connection);
  connection.send = (code, data, context) => {
    const [c, text, ctx] = rewrite(service, connection.secure, code, data, context);
    if (c >= 400 && typeof text === 'string') state.reply = `${c} ${text}`;
    send(c, text, ctx);
  };
  const auth = connection.handler_AUTH.bind(connection);
  connection.handler_AUTH = (command, callback) => {
    const mechanism = command.toString().trim().split(/\s+/)[1]?.toUpperCase();
    if (mechanism && !state.authTried.includes(mechanism)) state.authTried.push(mechanism);
    auth(command, callback);
  };
  const starttls = connection.handler_STARTTLS.bind(connection);
  connection.handler_STARTTLS = (command, callback) => {
    state.starttlsAsked = true;
    starttls(command, callback);
  };
  socket.prependOnceListener('data', (chunk: Buffer) => {
    if (chunk[0] !== 0x16 || chunk[1] !== 0x03) return;
    // a TLS ClientHello on a STARTTLS port: the client thinks it is on 465
    state.implicitTls = true;
    state.reply = smtpReply('starttls-required', {}, service.name);
    socket.write(`${state.reply}\r\n`, () => socket.destroy());
  });
}

function finish(service: SmtpService, session: SMTPServerSession, onEnd?: (state: SmtpSession) => void): void {
  const state = service.sessions.get(session.id);
  if (!state) return;
  service.sessions.delete(session.id);
  state.clientName = session.hostNameAppearsAs || null;
  if (state.starttlsAsked && !state.tls.used && !state.tls.refused) state.tls.refused = 'TLS handshake failed';
  state.outcome = state.messages > 0 ? 'delivered' : state.reply && /^[45]/.test(state.reply) ? 'rejected' : 'disconnected';
  const { startedAt: _started, mailbox: _mailbox, app: _app, basicAuth: _basic, starttlsAsked: _asked, ...observed } = state;
  const record: FitnessRecord = { ...observed, verdict: judge(observed, (a) => isAcceptedDomain(service.directory, a)) };
  onEnd?.(state);
  service.onSessionEnd(record, state);
}

/** smtp-server, instrumented per connection: Exchange's reply texts and a session record for fitness. */
export function createSmtpServer(service: SmtpService, options: SMTPServerOptions, onEnd?: (state: SmtpSession) => void): SMTPServer {
  let port = 0;
  class ExchangeLikeServer extends SMTPServer {
    override connect(socket: Socket, socketOptions?: Parameters<SMTPServer['connect']>[1]): void {
      super.connect(socket, socketOptions);
      const connection = [...this.connections].at(-1);
      if (connection) instrument(service, connection, socket, port);
    }
  }
  const server = new ExchangeLikeServer({
    name: service.name, heloResponse: '%s Hello %s', hideENHANCEDSTATUSCODES: false, hideDSN: false, disableReverseLookup: true,
    logger: false, maxAllowedUnauthenticatedCommands: false, socketTimeout: 5 * 60 * 1000, closeTimeout: 1000,
    ...options,
    onClose: (session, callback) => { finish(service, session, onEnd); callback(); },
  });
  server.on('error', () => undefined); // a client's broken handshake must never take the sandbox down
  server.server.on('listening', () => { port = (server.server.address() as { port: number }).port; });
  return server;
}

// What verify needs from nodemailer's SMTP client: its options for a path, a logger that keeps the dialogue
// (nodemailer masks AUTH secrets itself; the redactor scrubs again), and its errors read as SMTP replies.
import { isIP } from 'node:net';
import { format } from 'node:util';
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection/index.js';
import { diagnose } from '../m365/replies.js';
import { diagnoseReply, formatReply, replyCode, type SmtpReply, type SmtpStep } from '../smtp/index.js';
import { ReplyParser } from '../smtp/reply.js';
import type { CheckOutcome } from './checks/types.js';
import type { ItemContext } from './context.js';
import { hostname } from 'node:os';
import { VERIFY_CLIENT } from '../sandbox/types.js';

/** The protocol lines of a nodemailer session ('C: …', 'S: …'), scrubbed. */
export class DialogueLog {
  readonly lines: string[] = [];

  constructor(private readonly scrub: (text: string) => string) {}

  /** A bunyan-style logger for nodemailer's `logger` option (with `transactionLog: true`). */
  logger(): Record<string, (...args: unknown[]) => void> {
    const keep = (entry: unknown, message?: unknown, ...args: unknown[]) => {
      const tnx = (entry as { tnx?: string } | undefined)?.tnx;
      if (tnx !== 'client' && tnx !== 'server') return;
      const text = format(String(message ?? ''), ...args);
      for (const line of text.split(/\r?\n/)) this.lines.push(`${tnx === 'client' ? 'C' : 'S'}: ${this.scrub(line)}`);
    };
    const ignore = () => undefined;
    return { trace: ignore, debug: keep, info: ignore, warn: ignore, error: ignore, fatal: ignore };
  }

  /** The server said 354 to DATA: from here on, a broken connection leaves the outcome unknown. */
  get dataBegun(): boolean {
    return this.lines.some((l) => /^S: 354\b/.test(l));
  }
}

/**
 * verify's EHLO name, `relay365-verify.<host>`: the server's logs say what connected, and the report tells
 * verify's own sandbox sessions from the devices'. A host name without a dot gets `.localdomain`, as EHLO wants a domain.
 */
export function verifyClientName(host = hostname()): string {
  return `${VERIFY_CLIENT}.${host.includes('.') ? host : `${host || 'localhost'}.localdomain`}`;
}

/** Connection options for a path: its endpoint, TLS as planned (≥ 1.2, certificate checked), step timeouts. */
export function connectionOptions(ctx: ItemContext, log: DialogueLog): SMTPConnectionOptions {
  const { path, run } = ctx;
  const endpoint = path.connect!;
  const timeout = run.settings.stepTimeoutMs;
  return {
    host: run.options.resolve?.[endpoint.host] ?? endpoint.host, port: endpoint.port, secure: path.mode === 'implicit-tls',
    requireTLS: path.security === 'starttls', ignoreTLS: path.security === 'none', name: run.options.clientName ?? verifyClientName(),
    // an address is checked against the certificate's IP names; SNI takes names only (RFC 6066)
    tls: { ca: run.caFor(path), servername: path.servername && !isIP(path.servername) ? path.servername : undefined, minVersion: 'TLSv1.2', rejectUnauthorized: true },
    connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, dnsTimeout: timeout,
    logger: log.logger(), transactionLog: true,
  };
}

interface NodemailerError { code?: string; originalCode?: string; response?: string; responseCode?: number; command?: string; message?: string }

const STEPS: [RegExp, SmtpStep][] = [[/^AUTH/, 'auth'], [/^MAIL/, 'mail'], [/^RCPT/, 'rcpt'], [/^DATA|^\.$/, 'data'], [/^STARTTLS/, 'starttls'], [/^(EHLO|HELO|LHLO)/, 'ehlo'], [/^CONN/, 'connect']];

function stepOf(command: string | undefined): SmtpStep {
  return STEPS.find(([re]) => re.test(command ?? ''))?.[1] ?? 'data';
}

/** '421 4.7.66 TLS 1.0 …' as an SmtpReply (what the session's diagnosis reads). */
export function replyOf(text: string): SmtpReply {
  try {
    const [reply] = new ReplyParser().feed(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
    if (reply) return reply;
  } catch {
    // not a well-formed reply: keep the text as one line
  }
  const code = Number(/^\d{3}/.exec(text)?.[0] ?? 0);
  return { code, enhanced: null, lines: [text.replace(/^\d{3}[ -]?/, '')] };
}

/** A nodemailer error as a check outcome: a reply through the catalogue, else the network failure it was. */
export function outcomeOfNodemailerError(error: unknown, scrub: (text: string) => string): CheckOutcome {
  const e = (error ?? {}) as NodemailerError;
  if (e.responseCode && e.response) {
    const reply = replyOf(scrub(e.response));
    const d = diagnoseReply(reply, stepOf(e.command));
    return { status: 'fail', reply: formatReply(reply), code: replyCode(reply), diagnosis: d.diagnosis, hint: d.hint, transient: d.transient };
  }
  const code = e.originalCode ?? e.code ?? 'error';
  const text = scrub(`${code} ${e.message ?? ''}`);
  const d = diagnose(text);
  const network = ['ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'ECONNRESET', 'EDNS'].includes(e.code ?? '') || /ETIMEDOUT|ECONNRESET|EAI_AGAIN/.test(code);
  return { status: 'fail', reply: text.slice(0, 300), code, diagnosis: d.id ? d.cause : `the SMTP client failed (${scrub(e.message ?? code)})`, hint: d.id ? d.fix : null, transient: d.transient || network };
}

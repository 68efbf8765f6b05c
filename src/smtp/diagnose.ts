// One-line diagnoses for SMTP failures. Replies go to the shared catalogue (src/m365/replies.ts) first, which also
// decides transient vs permanent; the table here only covers what other servers (Postfix, Exim, Sendmail…) say.
import { diagnose as catalogue, replyEntry } from '../m365/replies.js';
import { formatReply } from './reply.js';
import type { SmtpFailureKind, SmtpReply, SmtpStep } from './types.js';

export interface Diagnosis {
  diagnosis: string;
  hint: string | null;
  /** 4xx (unless the catalogue knows better) and connection-level trouble: worth a retry later. */
  transient: boolean;
}

interface ReplyRule {
  /** Matched against '554 5.7.1 <text>'. */
  match: RegExp;
  steps?: SmtpStep[];
  diagnosis: string;
  hint: string | null;
}

const REPLY_RULES: ReplyRule[] = [
  { match: /relay access denied|relaying denied|relay not permitted|not permitted to relay/i, diagnosis: 'the server refuses to relay for this client', hint: null },
  { match: /^5\d\d 5\.7\.0\b.*starttls|must issue a starttls/i, diagnosis: 'the server requires STARTTLS before this command', hint: 'enable STARTTLS on the client' },
  { match: /^535\b/, diagnosis: 'authentication failed: wrong user name, password or token', hint: 'check the credentials' },
  { match: /^530\b/, diagnosis: 'the server requires authentication before sending', hint: 'configure SMTP AUTH credentials, or use a relay that accepts this client' },
  { match: /^504\b|^5\d\d 5\.5\.4\b|unrecognized authentication type/i, steps: ['auth'], diagnosis: 'the server does not offer this authentication mechanism', hint: null },
  { match: /^421\b/, diagnosis: 'the server is closing the connection (busy, rate-limited or shutting down)', hint: 'retry later' },
  { match: /^5\d\d 5\.1\.1\b|user unknown|recipient address rejected/i, steps: ['rcpt'], diagnosis: 'the recipient address is rejected', hint: null },
  { match: /^5\d\d 5\.1\.[078]\b|sender address rejected/i, steps: ['mail'], diagnosis: 'the sender address is rejected', hint: null },
  { match: /^5[05]\d\b/, steps: ['banner'], diagnosis: 'the server refuses connections from this client', hint: null },
  { match: /^50[0-4]\b/, steps: ['ehlo', 'starttls'], diagnosis: 'the server does not support this command', hint: null },
];

/** What a reply means for the step it answered. */
export function diagnoseReply(reply: SmtpReply, step: SmtpStep): Diagnosis {
  const text = formatReply(reply);
  const known = catalogue(text);
  if (known.id && replyEntry(known.id).kind === 'smtp') return { diagnosis: known.cause, hint: known.fix, transient: known.transient };
  const rule = REPLY_RULES.find((r) => (!r.steps || r.steps.includes(step)) && r.match.test(text));
  if (rule) return { diagnosis: rule.diagnosis, hint: rule.hint, transient: known.transient };
  const kind = known.transient ? 'temporarily refused' : reply.code >= 500 ? 'refused' : 'answered unexpectedly';
  return { diagnosis: `the server ${kind} ${STEP_NAMES[step]}`, hint: known.transient ? 'retry later' : null, transient: known.transient };
}

const STEP_NAMES: Record<SmtpStep, string> = {
  resolve: 'the name lookup', connect: 'the connection', banner: 'the greeting', ehlo: 'EHLO', starttls: 'STARTTLS',
  auth: 'AUTH', mail: 'MAIL FROM', rcpt: 'RCPT TO', rset: 'RSET', data: 'DATA', quit: 'QUIT',
};

export interface FailureContext {
  host: string;
  port: number;
  timeoutMs: number;
  implicitTls: boolean;
}

/** A one-line diagnosis for failures that are not a reply (no code from the server). */
export function diagnoseFailure(kind: Exclude<SmtpFailureKind, 'reply'>, step: SmtpStep, detail: string, ctx: FailureContext): Diagnosis {
  const where = `${ctx.host}:${ctx.port}`;
  switch (kind) {
    case 'dns':
      return { diagnosis: `${ctx.host} does not resolve (${detail})`, hint: 'check the name, or the DNS server this machine uses', transient: /EAI_AGAIN|ETIMEOUT|SERVFAIL/.test(detail) };
    case 'refused':
      return { diagnosis: `nothing accepts connections on ${where} (connection refused)`, hint: 'the service is down, listens on another port, or a firewall rejects the port', transient: false };
    case 'unreachable':
      return { diagnosis: `${where} cannot be reached (${detail})`, hint: 'check routing and firewalls between this machine and the server', transient: true };
    case 'timeout':
      return { diagnosis: `no answer within ${seconds(ctx.timeoutMs)} ${TIMEOUT_WHERE[step]}`, hint: timeoutHint(step, ctx), transient: true };
    case 'tls-handshake':
      return { diagnosis: `TLS handshake with ${where} failed (${detail})`, hint: tlsHint(detail, ctx), transient: false };
    case 'tls-certificate':
      return { diagnosis: `the certificate of ${where} is not trusted for this host (${detail})`, hint: 'install a certificate from a trusted CA for this name, or pass its CA', transient: false };
    case 'protocol':
      return { diagnosis: `${where} ${detail} (during ${STEP_NAMES[step]})`, hint: protocolHint(detail, step), transient: /reset|closed/.test(detail) };
  }
}

const TIMEOUT_WHERE: Record<SmtpStep, string> = {
  resolve: 'from DNS', connect: 'while connecting (packets dropped?)', banner: 'waiting for the greeting',
  ehlo: 'to EHLO', starttls: 'during STARTTLS', auth: 'to AUTH', mail: 'to MAIL FROM', rcpt: 'to RCPT TO',
  rset: 'to RSET', data: 'during DATA', quit: 'to QUIT',
};

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function timeoutHint(step: SmtpStep, ctx: FailureContext): string {
  if (step === 'connect') return 'a firewall may drop the traffic (many networks and clouds block outbound port 25)';
  if (step === 'banner' && !ctx.implicitTls) return 'the server accepted the connection but never greeted; on port 465 it may expect implicit TLS';
  if (step === 'banner') return 'the server accepted the connection but never greeted';
  return 'the server stopped answering mid-dialogue';
}

function tlsHint(detail: string, ctx: FailureContext): string | null {
  if (/wrong version number|packet length too long|unknown protocol|http request/i.test(detail) && ctx.implicitTls) return 'the server spoke plain text: this port expects STARTTLS, not implicit TLS';
  if (/unsupported protocol|no protocols available|version too low|protocol version/i.test(detail)) return 'client and server share no TLS version (the server may only offer TLS 1.0/1.1)';
  if (/handshake failure|no shared cipher|sslv3 alert/i.test(detail)) return 'client and server share no cipher suite';
  return null;
}

function protocolHint(detail: string, step: SmtpStep): string | null {
  if (/HTTP\//.test(detail)) return 'this port serves HTTP, not SMTP';
  if (/'SSH-/.test(detail)) return 'this port serves SSH, not SMTP';
  if (/not an SMTP reply/.test(detail)) return 'something other than an SMTP server answers on this port';
  if (/closed/.test(detail) && step === 'ehlo') return 'the server hangs up after greeting: it may be refusing this client or overloaded';
  return null;
}

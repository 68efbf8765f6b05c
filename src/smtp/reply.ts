// SMTP replies: assemble multi-line replies from raw bytes, refuse what is not SMTP, read EHLO extensions.
import type { EhloFacts, SmtpReply } from './types.js';

const MAX_LINE = 4096;       // RFC 5321 allows 512; generous, but bounded against a hostile peer
const MAX_REPLY_LINES = 200;
const REPLY_LINE = /^([2-5]\d\d)([ -]|$)(.*)$/;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?:\s|$)/;

/** A line the server sent that cannot be SMTP; `sample` is printable and short. */
export class NotSmtpError extends Error {
  override name = 'NotSmtpError';
  constructor(readonly sample: string, reason: string) {
    super(reason);
  }
}

/** Incremental reader: feed bytes, get complete replies; throws NotSmtpError on garbage. */
export class ReplyParser {
  private pending = '';
  private lines: string[] = [];

  feed(chunk: Buffer | string): SmtpReply[] {
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const replies: SmtpReply[] = [];
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      const reply = this.line(line);
      if (reply) replies.push(reply);
    }
    if (this.pending.length > MAX_LINE) throw new NotSmtpError(printable(this.pending), `a reply line longer than ${MAX_LINE} bytes`);
    return replies;
  }

  /** Bytes received after the last complete line (must be none before a TLS upgrade). */
  get buffered(): number {
    return this.pending.length + this.lines.length;
  }

  private line(line: string): SmtpReply | null {
    const m = REPLY_LINE.exec(line);
    if (!m) throw new NotSmtpError(printable(line), 'a line that is not an SMTP reply');
    if (this.lines.length && !this.lines[0].startsWith(m[1])) throw new NotSmtpError(printable(line), 'a multi-line reply whose codes differ');
    this.lines.push(line);
    if (this.lines.length > MAX_REPLY_LINES) throw new NotSmtpError(printable(line), `a reply of more than ${MAX_REPLY_LINES} lines`);
    if (m[2] === '-') return null;
    const lines = this.lines;
    this.lines = [];
    return toReply(lines);
  }
}

function toReply(raw: string[]): SmtpReply {
  const code = Number(raw[0].slice(0, 3));
  const lines = raw.map((l) => l.slice(4));
  const enhanced = ENHANCED.exec(lines[0]);
  const usable = enhanced && enhanced[1] === String(code)[0];
  return { code, enhanced: usable ? `${enhanced[1]}.${enhanced[2]}.${enhanced[3]}` : null, lines };
}

/** '550 5.7.1 Relay access denied' (multi-line replies joined with ' / '). */
export function formatReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' / ')}`.trimEnd();
}

/** '554 5.7.1' or '421': the code as verify and the reply catalogue key it. */
export function replyCode(reply: SmtpReply): string {
  return reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code);
}

/** Control and non-ASCII bytes shown as \xNN, cut to 80 characters: safe for a terminal and a log. */
export function printable(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Read the extensions of a 250 reply to EHLO (the first line is the greeting, not an extension). */
export function parseEhlo(reply: SmtpReply): EhloFacts {
  const extensions = reply.lines.slice(1).map((l) => l.trim()).filter(Boolean)
    .map((l) => { const [keyword, ...rest] = l.split(/[\s=]+/); return [keyword.toUpperCase(), ...rest].join(' '); });
  const keyword = (name: string) => extensions.find((e) => e.split(' ')[0] === name);
  // 'AUTH=LOGIN PLAIN' is the pre-RFC form some old servers still send: split on '=' as well as spaces
  const auth = [...new Set(extensions.filter((e) => /^AUTH\b/.test(e)).flatMap((e) => e.split(' ').slice(1)).map((m) => m.toUpperCase()).filter(Boolean))];
  const size = keyword('SIZE');
  const sizeValue = size ? Number(size.split(' ')[1] ?? 0) : null;
  return {
    esmtp: true,
    extensions,
    starttls: Boolean(keyword('STARTTLS')),
    auth,
    size: sizeValue === null ? null : Number.isFinite(sizeValue) ? sizeValue : 0,
    pipelining: Boolean(keyword('PIPELINING')),
    eightBitMime: Boolean(keyword('8BITMIME')),
    smtpUtf8: Boolean(keyword('SMTPUTF8')),
    enhancedStatusCodes: Boolean(keyword('ENHANCEDSTATUSCODES')),
  };
}

export const NO_EXTENSIONS: EhloFacts = {
  esmtp: false, extensions: [], starttls: false, auth: [], size: null,
  pipelining: false, eightBitMime: false, smtpUtf8: false, enhancedStatusCodes: false,
};

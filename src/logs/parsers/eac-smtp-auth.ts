// The Exchange admin center "SMTP AUTH clients" report, exported as CSV (Reports > Mail flow): per sender
// address its domain, TLS 1.0/1.1/1.2 percentages, messages sent and (since Oct 2024) the Authentication
// Protocol, Basic or OAuth (microsoft-365-facts.md §1.3). The export's exact header text is not documented,
// so columns are found by their words rather than fixed names.
import { asciiLower, remember } from '../aggregate.js';
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { splitCsv } from './fields.js';

interface Columns { sender: number; tls: [string, number][]; messages: number; protocol: number; date: number }

const HEADER = /sender/i;

export const eacSmtpAuth: ParserDefinition = {
  format: 'eac-smtp-auth',
  detect: (lines) => {
    const first = (lines[0] ?? '').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
    return first.includes(',') && HEADER.test(first) && /tls\s*1\.[0-3]/i.test(first);
  },
  create: () => new EacSmtpAuthParser(),
};

function columnsOf(header: string[]): Columns | null {
  const names = header.map((h) => h.trim().toLowerCase());
  const find = (test: (n: string) => boolean) => names.findIndex(test);
  const sender = find((n) => n.includes('sender'));
  const messages = find((n) => n.includes('message'));
  if (sender === -1 || messages === -1) return null;
  const tls: [string, number][] = [];
  names.forEach((n, i) => {
    const m = /tls\s*1\.([0-3])/.exec(n);
    if (m) tls.push([m[1] === '0' ? 'TLSv1' : `TLSv1.${m[1]}`, i]);
  });
  return { sender, tls, messages, protocol: find((n) => n.includes('protocol') || n.includes('authentication')), date: find((n) => n === 'date' || n.includes('date')) };
}

class EacSmtpAuthParser implements LogParser {
  readonly format = 'eac-smtp-auth' as const;
  private ctx!: FileContext;
  private columns: Columns | null = null;

  startFile(ctx: FileContext): void {
    this.ctx = ctx;
    this.columns = null;
    ctx.relay('smtp.office365.com');
  }

  endFile(): void { /* each export stands alone */ }

  line(text: string, lineNo: number): void {
    const line = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').replace(/\r$/, '');
    if (!line.trim()) return;
    const cells = splitCsv(line);
    if (!this.columns) {
      this.columns = columnsOf(cells);
      if (!this.columns) this.ctx.unknown(lineNo, text);
      return;
    }
    const c = this.columns;
    const address = (cells[c.sender] ?? '').trim();
    const messages = Number((cells[c.messages] ?? '').replace(/[^\d.]/g, ''));
    if (!address.includes('@') || !Number.isFinite(messages)) { this.ctx.unknown(lineNo, text); return; }
    const protocol = c.protocol === -1 ? '' : (cells[c.protocol] ?? '').trim().toLowerCase();
    const date = c.date === -1 ? '' : (cells[c.date] ?? '').trim();
    const iso = /^\d{4}-\d\d-\d\d/.test(date) ? date.slice(0, 10) : null;
    const { book, totals } = this.ctx;
    const user = asciiLower(address);
    const sender = book.sender({ source: 'eac-smtp-auth', relay: 'smtp.office365.com', host: null, ip: null, saslUser: user, via: 'smtp' });
    book.messages(sender, messages, iso);
    book.envelopeFrom(sender, user);
    book.auth(sender, protocol.includes('oauth') ? 'oauth' : protocol.includes('basic') ? 'basic' : 'unknown', messages);
    let counted = 0;
    for (const [name, i] of c.tls) {
      const share = Number((cells[i] ?? '').replace(/[^\d.]/g, ''));
      if (!Number.isFinite(share) || share <= 0) continue;
      const n = Math.round((messages * share) / 100);
      if (n > 0) { book.tls(sender, name, n); counted += n; }
    }
    if (counted < messages && !c.tls.length) book.tls(sender, 'unknown', messages);
    totals.received += messages;
    remember(totals.senders, user);
    remember(totals.sendingHosts, user.slice(user.indexOf('@') + 1));
  }
}

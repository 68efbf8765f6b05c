// Small field helpers shared by the log parsers: CSV cells, W3C "#Fields:" headers, angle-bracket addresses.

/** Split one CSV record (RFC 4180 quoting, "" for a quote). Hand-written: a record per line, no dependency needed. */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) { value += line.slice(i); i = n; break; }
        value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) { value += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      out.push(value);
      const comma = line.indexOf(',', i);
      i = comma === -1 ? n + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      out.push(comma === -1 ? line.slice(i) : line.slice(i, comma));
      i = comma === -1 ? n + 1 : comma + 1;
    }
  }
  return out;
}

/** Column positions from a W3C `#Fields:` line (IIS, Exchange), keyed by lower-case field name. */
export function w3cFields(line: string, separator: ' ' | ','): Map<string, number> {
  const names = line.replace(/^#Fields:\s*/i, '').trim().split(separator === ' ' ? /\s+/ : /\s*,\s*/);
  return new Map(names.map((name, i) => [name.toLowerCase(), i]));
}

/** The address inside `<…>` (or the bare value), '' for the null sender `<>`. */
export function angleAddress(value: string): string {
  const open = value.indexOf('<');
  if (open === -1) return value.trim();
  const close = value.indexOf('>', open);
  return value.slice(open + 1, close === -1 ? undefined : close).trim();
}

/** "host [1.2.3.4]", "[1.2.3.4]", "host [1.2.3.4] (may be forged)", "host.example" → host and IP. */
export function hostAndIp(value: string): { host: string | null; ip: string | null } {
  const m = /^\s*([^\s[]*)\s*(?:\[(?:IPv6:)?([^\]]+)\])?/.exec(value);
  if (!m) return { host: null, ip: null };
  return { host: m[1] || null, ip: m[2] || null };
}

/** Strip the port from "10.20.1.15:50123" or "[2001:db8::1]:25". */
export function endpointIp(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracket) return bracket[1];
  const colons = v.split(':').length - 1;
  return colons === 1 ? v.slice(0, v.indexOf(':')) : v;
}

/** Normalise TLS protocol names seen in logs to one spelling: 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'SSLv3'. */
export function tlsName(raw: string): string {
  const v = raw.trim();
  const schannel = /SP_PROT_(TLS|SSL)(\d)_?(\d)?/i.exec(v);
  if (schannel) return schannel[1].toUpperCase() === 'SSL' ? `SSLv${schannel[2]}` : tlsVersion(schannel[2], schannel[3]);
  const m = /^(TLS|SSL)v?(\d)(?:[._](\d))?/i.exec(v);
  if (!m) return v;
  return m[1].toUpperCase() === 'SSL' ? `SSLv${m[2]}` : tlsVersion(m[2], m[3]);
}

function tlsVersion(major: string, minor: string | undefined): string {
  return !minor || minor === '0' ? `TLSv${major}` : `TLSv${major}.${minor}`;
}

/** One data row of a W3C log: cells looked up by `#Fields:` name ('' when absent). */
export interface W3cRow { get(name: string): string; cells: string[]; columns: number }

/**
 * The rows of a W3C log (IIS SMTP with spaces, Exchange with CSV): remembers the latest `#Fields:` header,
 * skips directives and blank lines, strips a BOM and CR. Returns null for anything that is not a data row.
 */
export class W3cReader {
  private fields = new Map<string, number>();

  constructor(private readonly separator: ' ' | ',') {}

  reset(): void { this.fields = new Map(); }

  row(text: string): W3cRow | null {
    const line = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').replace(/\r$/, '');
    if (line.startsWith('#')) {
      if (/^#Fields:/i.test(line)) this.fields = w3cFields(line, this.separator);
      return null;
    }
    if (!line.trim()) return null;
    const cells = this.separator === ' ' ? line.split(' ') : splitCsv(line);
    const fields = this.fields;
    return { cells, columns: fields.size, get: (name) => { const i = fields.get(name); return i === undefined ? '' : cells[i] ?? ''; } };
  }
}

// Exim's own list and lookup-file syntaxes: host lists (`host::port`, `:` or `;` separated, `<;` to change the
// separator), passwd.client (`host:login:password`, `*` wildcards) and Debian's shell-style debconf values.
import type { ExtractContext, SourceFile } from '../../detector.js';
import { isSecretPlaceholder, splitLines, unquote } from '../../values.js';

export interface ListedHost { host: string; port: number | null; text: string }

const MAX_HOSTS = 16;

/** `smtp.example.com::587`, `a.example:b.example`, `a;b`, `[2001:db8::1]::25`, `<; a ; b`; `/MX` suffixes dropped. */
export function parseHostList(raw: string): ListedHost[] {
  let v = unquote(raw.trim());
  let separator: string | null = null;
  const changed = /^<\s*(\S)/.exec(v);
  if (changed && !/[\w[]/.test(changed[1])) { separator = changed[1]; v = v.slice(changed[0].length); }
  // Each item as Exim reads it (`::` is a literal colon) and as the file spells it (what a patch must find).
  const items: [string, string][] = [];
  let current = '';
  let spelled = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const isSep = separator ? c === separator : c === ':' || c === ';';
    if (isSep && !separator && c === ':' && v[i + 1] === ':') { current += ':'; spelled += '::'; i++; continue; }
    if (isSep) { items.push([current, spelled]); current = ''; spelled = ''; if (items.length > MAX_HOSTS) break; continue; }
    current += c;
    spelled += c;
  }
  items.push([current, spelled]);
  // A real list names a handful of hosts; a hostile one must not become thousands of findings.
  return items.filter(([item]) => item.trim()).slice(0, MAX_HOSTS).map(([item, text]) => hostPort(item.trim(), text.trim())).filter((h): h is ListedHost => h !== null);
}

function hostPort(item: string, text: string): ListedHost | null {
  const v = item.replace(/\/mx$/i, '').trim();
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(v);
  if (bracket) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : null, text };
  const parts = v.split(':');
  if (parts.length === 2 && /^\d{1,5}$/.test(parts[1])) return { host: parts[0], port: Number(parts[1]), text };
  if (parts.length === 2 && /^\$/.test(parts[1])) return { host: parts[0], port: null, text };
  return v ? { host: v, port: null, text } : null;
}

export interface DebconfValue { value: string; line: number; text: string; commented: boolean; unterminated: boolean }

/** update-exim4.conf.conf: `dc_key='value'` lines (shell syntax); the last live assignment wins. */
export function parseDebconf(content: string): Map<string, DebconfValue[]> {
  const values = new Map<string, DebconfValue[]>();
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m) return;
    const list = values.get(m[2]) ?? [];
    const value = unquote(m[3].replace(/\s+#.*$/, '').trim());
    const unterminated = /^['"]/.test(value);
    list.push({ value: unterminated ? value.slice(1) : value, line: i + 1, text: raw.trim().slice(0, 300), commented: Boolean(m[1]), unterminated });
    values.set(m[2], list);
  });
  return values;
}

export function live(values: Map<string, DebconfValue[]>, key: string): DebconfValue | undefined {
  return values.get(key)?.filter((v) => !v.commented).at(-1);
}

export interface ClientPassword { pattern: string; username: string; hasPassword: boolean; line: number; path: string }

/** passwd.client: `target.mail.server.example:login:password`; passwords registered as secrets, never kept. */
export function parsePasswdClient(file: SourceFile, ctx: ExtractContext): ClientPassword[] {
  const entries: ClientPassword[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const commented = /^\s*#/.test(raw);
    const text = raw.replace(/^\s*#+\s*/, '').trim();
    const m = /^([^\s:]+):([^:]*):(.*)$/.exec(text);
    if (!m) {
      if (!commented && text) ctx.warn('parse-error', 'passwd.client line is not "host:login:password"', i + 1);
      return;
    }
    // Exim reads field 2 only (`${extract{2}{:}…}`): scrub both that field and the whole rest.
    for (const secret of [m[3], m[3].split(':')[0]]) if (!isSecretPlaceholder(secret)) ctx.secret(secret);
    if (!commented) entries.push({ pattern: m[1].toLowerCase(), username: m[2], hasPassword: m[3] !== '', line: i + 1, path: file.path });
  });
  return entries;
}

/** The entry Exim's nwildlsearch would return for a host: exact name first, then `*.suffix`, then `*`. */
export function passwordFor(entries: ClientPassword[], host: string): ClientPassword | undefined {
  const h = host.toLowerCase();
  return entries.find((e) => e.pattern === h)
    ?? entries.find((e) => e.pattern.startsWith('*') && e.pattern.length > 1 && h.endsWith(e.pattern.slice(1)))
    ?? entries.find((e) => e.pattern === '*');
}

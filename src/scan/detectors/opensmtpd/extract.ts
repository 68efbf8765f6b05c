// OpenSMTPD: relay actions in smtpd.conf (smtpd.conf(5)) and the credentials table they name
// (`label username:password` lines, table(5)). URL schemes → TLS: smtp = opportunistic STARTTLS, smtp+tls =
// required STARTTLS, smtp+notls = none, smtps = implicit TLS (465); pre-6.4 tls:// / ssl:// / +auth variants.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { hostReference, isSecretPlaceholder, nearestFile, parsePort, splitLines } from '../../values.js';
import { matchedActions, relayOf, statements, tableOf, type Relay, type Table } from './config.js';

const detector = { id: 'opensmtpd', system: 'OpenSMTPD' };

interface RelayUrl { scheme: string; label: string | null; host: string; port: number | null; portText: string | null }
interface Credential { label: string; username: string; line: number; path: string }

const SCHEMES: Record<string, { security: Security; port: number; auth?: boolean; note?: string }> = {
  smtp: { security: 'starttls', port: 25, note: 'smtp://: opportunistic STARTTLS (plaintext when the server does not offer it)' },
  'smtp+tls': { security: 'starttls', port: 25 },
  'smtp+notls': { security: 'none', port: 25 },
  smtps: { security: 'tls', port: 465 },
  lmtp: { security: 'none', port: 24, note: 'LMTP, not SMTP' },
  tls: { security: 'starttls', port: 25 },
  'tls+auth': { security: 'starttls', port: 25, auth: true },
  ssl: { security: 'tls', port: 465, note: 'ssl://: SMTPS, falling back to STARTTLS' },
  'ssl+auth': { security: 'tls', port: 465, auth: true, note: 'ssl://: SMTPS, falling back to STARTTLS' },
  'smtps+auth': { security: 'tls', port: 465, auth: true },
};

/** `[proto://][label@]host[:port]`; a bare host is smtp://. */
export function parseRelayUrl(raw: string): RelayUrl | null {
  const m = /^(?:([a-z][a-z+]*):\/\/)?(?:([^@\s/]+)@)?(\[[^\]\s]+\]|[^:\s/[\]@]+)(?::(\d+))?\/?$/i.exec(raw);
  if (!m) return null;
  return { scheme: (m[1] ?? 'smtp').toLowerCase(), label: m[2] ?? null, host: m[3].replace(/^\[|\]$/g, ''), port: parsePort(m[4]), portText: m[4] ?? null };
}

/** Each credentials file is read once per scan however many actions name it (one warning per bad line). */
const parsedSecrets = new WeakMap<SourceFile, Credential[]>();

/** A credentials file: `label username:password` (passwords registered, never kept). */
function parseSecrets(file: SourceFile, ctx: ExtractContext): Credential[] {
  const cached = parsedSecrets.get(file);
  if (cached) return cached;
  const credentials: Credential[] = [];
  parsedSecrets.set(file, credentials);
  splitLines(file.content).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+)\s+([^:\s]+):(.*)$/.exec(line);
    if (!m) { ctx.warn('parse-error', 'credentials line is not "label username:password"', i + 1); return; }
    if (m[3] && !isSecretPlaceholder(m[3])) ctx.secret(m[3]);
    credentials.push({ label: m[1], username: m[2], line: i + 1, path: file.path });
  });
  return credentials;
}

/** Inline `table secrets { label = "user:password" }` entries, passwords registered. */
function inlineCredentials(table: Table, path: string, ctx: ExtractContext): Credential[] {
  return (table.inline ?? []).flatMap((entry) => {
    const m = /^(\S+)\s*=\s*"?([^:"\s]+):([^"]*)"?$/.exec(entry);
    if (!m) return [];
    if (m[3] && !isSecretPlaceholder(m[3])) ctx.secret(m[3]);
    return [{ label: m[1], username: m[2], line: table.line, path }];
  });
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  for (const conf of files.filter((f) => canonicalName(f.path) === 'smtpd.conf')) {
    const ctx = contextOf(conf.path);
    const all = statements(conf.content);
    const tables = new Map<string, Table>();
    for (const s of all) { const t = s.commented ? null : tableOf(s); if (t) tables.set(t.name, t); }
    const used = matchedActions(all);
    const anyMatch = all.some((s) => !s.commented && s.words[0] === 'match');
    for (const s of all) {
      const relay = relayOf(s);
      if (relay) findings.push(relayFinding(relay, conf, ctx, tables, files, contextOf, anyMatch ? used : null));
    }
  }
  return findings;
}

function relayFinding(relay: Relay, conf: SourceFile, ctx: ExtractContext, tables: Map<string, Table>, files: SourceFile[], contextOf: (path: string) => ExtractContext, used: Set<string> | null): Finding {
  const s = relay.statement;
  const url = parseRelayUrl(relay.url);
  const scheme = SCHEMES[url?.scheme ?? 'smtp'] ?? { security: 'unknown' as Security, port: 25, note: `unknown scheme ${url?.scheme}` };
  const notes = scheme.note && !(relay.tls && url?.scheme === 'smtp') ? [scheme.note] : [];
  const authTable = relay.authTable;
  const credentials = authTable ? credentialsOf(authTable, tables, conf, files, contextOf, ctx) : null;
  const key = url?.label ?? url?.host ?? '';
  const credential = credentials?.list.find((c) => c.label === key);
  const wantsAuth = Boolean(authTable) || Boolean(scheme.auth);
  if (!url) notes.push(`relay URL not understood: ${relay.url}`);
  if (authTable && credentials?.list.length && !credential) notes.push(`no "${key}" entry in table ${authTable}`);
  const unused = relay.action !== null && used !== null && !used.has(relay.action);
  if (unused) notes.push(`action ${relay.action} is not used by any match line`);
  const urlLine = s.lines.find((l) => l.text.includes(relay.url))?.line ?? s.line;
  return createFinding(detector, ctx, {
    line: s.line,
    key: `${relay.action ?? 'accept'}:${s.line}`,
    host: url?.host ?? null,
    port: parsePort(relay.port) ?? url?.port ?? scheme.port,
    security: relay.tls && scheme.security === 'none' ? 'unknown' : scheme.security,
    auth: wantsAuth ? { method: 'password', username: credential?.username ?? null, secret: credentials?.inline ? 'present' : 'external' } : { method: 'none', username: null, secret: 'absent' },
    secretRef: wantsAuth && !credentials?.inline ? credential ? `file:${credential.path}:${credential.line}` : credentials?.ref ?? 'auth table (not named)' : undefined,
    from: relay.mailFrom,
    active: !s.commented && !unused,
    inactiveReason: s.commented ? 'commented' : unused ? 'unused' : undefined,
    evidence: s.lines.map((l) => l.text).join(' '),
    ...(s.commented ? {} : hostReference(url?.host)),
    locations: { host: url ? at(urlLine, url.host) : undefined, port: url?.portText ? at(urlLine, url.portText) : undefined },
    notes,
    role: 'relay',
  });
}

/** The credentials of a table: inline, or read from its file when that file was scanned too. */
function credentialsOf(name: string, tables: Map<string, Table>, conf: SourceFile, files: SourceFile[], contextOf: (path: string) => ExtractContext, ctx: ExtractContext): { list: Credential[]; inline: boolean; ref: string } {
  const table = tables.get(name);
  if (table?.inline) return { list: inlineCredentials(table, conf.path, ctx), inline: true, ref: `table:${name}` };
  // before 6.4 `auth "/etc/mail/secrets"` could name the file itself
  const source = table?.source ?? (name.startsWith('/') ? name : null);
  if (!source) return { list: [], inline: false, ref: `table:${name}` };
  const path = source.replace(/^(file|db):/, '');
  const tail = path.replace(/^\/(usr\/local\/)?etc\//, '');
  const file = nearestFile(files, tail, conf.path);
  return { list: file ? parseSecrets(file, contextOf(file.path)) : [], inline: false, ref: `file:${path}` };
}

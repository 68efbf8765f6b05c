// Postfix: main.cf relayhost / transports with smtp_sasl_* and smtp_tls_*, master.cf -o overrides,
// usernames from the sasl_passwd map (passwords are registered as secrets, never read into findings).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { parseBool, splitLines } from '../../values.js';

const detector = { id: 'postfix', system: 'Postfix' };

interface Param { value: string; line: number; commented: boolean; text: string }

/** main.cf: `key = value`, continuation lines start with whitespace, `#` comments (kept as commented params). */
export function parseMainCf(content: string): Map<string, Param[]> {
  const params = new Map<string, Param[]>();
  const lines = splitLines(content);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const m = /^(#\s*)?([a-z_][a-z0-9_]*)\s*=\s*(.*)$/i.exec(raw);
    if (!m) continue;
    const line = i + 1;
    let value = m[3];
    while (!m[1] && i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1]) && !/^\s*#/.test(lines[i + 1])) value += ` ${lines[++i].trim()}`;
    const list = params.get(m[2]) ?? [];
    list.push({ value: value.trim(), line, commented: Boolean(m[1]), text: raw.trim() });
    params.set(m[2], list);
  }
  return params;
}

function active(params: Map<string, Param[]>, key: string): Param | undefined {
  return params.get(key)?.filter((p) => !p.commented).at(-1);
}

/** `[host]:port`, `host:port`, `smtp:[host]:port`, `relay:host` → host and port; brackets mean "no MX lookup". */
export function parseNexthop(raw: string): { host: string; port: number | null; text: string } | null {
  let v = raw.trim();
  const transport = /^(smtp|relay|lmtp|smtps?|submission):(.*)$/i.exec(v);
  if (transport) v = transport[2];
  if (!v || /^\$/.test(v)) return null;
  const m = /^\[([^\]]+)\](?::(\d+))?$|^([^:\s\[\]]+)(?::(\d+))?$/.exec(v);
  if (!m) return null;
  const host = m[1] ?? m[3];
  const port = m[2] ?? m[4];
  return { host, port: port ? Number(port) : 25, text: raw.trim() };
}

function securityOf(params: Map<string, Param[]>, port: number | null): { security: Security; notes: string[] } {
  const notes: string[] = [];
  if (parseBool(active(params, 'smtp_tls_wrappermode')?.value) === true || port === 465) return { security: 'tls', notes };
  const level = active(params, 'smtp_tls_security_level')?.value.toLowerCase();
  if (level) {
    if (level === 'none') return { security: 'none', notes };
    if (level === 'may') notes.push('smtp_tls_security_level = may: opportunistic STARTTLS (falls back to plaintext)');
    return { security: 'starttls', notes };
  }
  if (parseBool(active(params, 'smtp_enforce_tls')?.value) || parseBool(active(params, 'smtp_use_tls')?.value)) return { security: 'starttls', notes };
  return { security: 'none', notes };
}

interface SaslEntry { key: string; username: string; line: number; path: string }

/** sasl_passwd: `[host]:port user:password` per line. Only the username is kept; the password is registered as a secret. */
export function parseSaslPasswd(file: SourceFile, ctx: ExtractContext): SaslEntry[] {
  const entries: SaslEntry[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) { ctx.warn('parse-error', 'sasl_passwd line is not "nexthop user:password"', i + 1); return; }
    const colon = m[2].indexOf(':');
    const username = colon >= 0 ? m[2].slice(0, colon) : m[2];
    if (colon >= 0) ctx.secret(m[2].slice(colon + 1));
    entries.push({ key: m[1], username, line: i + 1, path: file.path });
  });
  return entries;
}

function dirOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(0, p.lastIndexOf('/') + 1);
}

function baseOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The map file a `hash:/etc/postfix/sasl_passwd` reference points at, looked up among the scanned files. */
function mapFile(ref: string | undefined, mainPath: string, files: SourceFile[]): { file: SourceFile | undefined; name: string } | null {
  if (!ref) return null;
  const m = /^(?:[a-z]+:)?(\S+)$/.exec(ref.split(/[\s,]+/)[0]);
  if (!m) return null;
  const name = m[1];
  const tail = name.replace(/^\/etc\//, '');
  const file = files.find((f) => f.path.replace(/\\/g, '/').endsWith(tail)) ?? files.find((f) => dirOf(f.path) === dirOf(mainPath) && baseOf(f.path) === baseOf(name));
  return { file, name };
}

interface MapEntry { pattern: string; value: string; line: number; commented: boolean; text: string }

/** A lookup table's source (`pattern  result` per line, `#` comments kept as commented entries). */
function mapEntries(file: SourceFile): MapEntry[] {
  const entries: MapEntry[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const m = /^\s*(#\s*)?(\S+)\s+(\S+)\s*$/.exec(raw);
    if (m) entries.push({ pattern: m[2], value: m[3], line: i + 1, commented: Boolean(m[1]), text: raw.trim().slice(0, 300) });
  });
  return entries;
}

/** Every table a `transport_maps = hash:/etc/postfix/transport, regexp:…` value names, found among the scanned files. */
function mapFiles(value: string, mainPath: string, files: SourceFile[]): SourceFile[] {
  return value.split(/[\s,]+/).filter(Boolean).map((ref) => mapFile(ref, mainPath, files)?.file).filter((f): f is SourceFile => f !== undefined);
}

/** Per-destination (transport_maps) and per-sender (sender_dependent_relayhost_maps) relays: each table line is a route. */
const ROUTE_MAPS = [
  { key: 'transport_maps', what: 'mail to', hop: (v: string) => (/^(smtp|relay):/i.test(v) ? v : null) },
  { key: 'sender_dependent_relayhost_maps', what: 'mail from', hop: (v: string) => v },
] as const;

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const mains = files.filter((f) => canonicalName(f.path) === 'main.cf');
  for (const main of mains) {
    const ctx = contextOf(main.path);
    const params = parseMainCf(main.content);
    if (![...params.keys()].some((k) => /^(relayhost|default_transport|relay_transport|smtp_fallback_relay|fallback_relay|myhostname|smtpd_|smtp_|mydestination|inet_interfaces)/.test(k))) continue;
    const saslEnabled = parseBool(active(params, 'smtp_sasl_auth_enable')?.value) === true;
    // sasl-xoauth2 (or any XOAUTH2 plugin) offered alone: the relay already signs in with OAuth tokens.
    const mechanisms = (active(params, 'smtp_sasl_mechanism_filter')?.value ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean);
    const oauth = saslEnabled && mechanisms.length > 0 && mechanisms.every((m) => m === 'xoauth2');
    const saslMap = mapFile(active(params, 'smtp_sasl_password_maps')?.value, main.path, files);
    const saslEntries = saslMap?.file ? parseSaslPasswd(saslMap.file, contextOf(saslMap.file.path)) : [];
    // how a hop signs in: the sasl_passwd entry for it (its password stays in that file), or none without smtp_sasl_auth_enable
    const signIn = (sasl: SaslEntry | undefined): Pick<FindingDraft, 'auth' | 'secretRef'> => (saslEnabled
      ? { auth: { method: oauth ? 'oauth2' : 'password', username: sasl?.username ?? null, secret: 'external' },
        secretRef: sasl ? `file:${sasl.path}:${sasl.line}` : saslMap ? `map:${saslMap.name}` : 'smtp_sasl_password_maps (not set)' }
      : { auth: { method: 'none', username: null, secret: 'absent' } });
    const relayKeys = ['relayhost', 'default_transport', 'relay_transport', 'smtp_fallback_relay', 'fallback_relay'];
    for (const key of relayKeys) {
      for (const param of params.get(key) ?? []) {
        if (!param.value || (key !== 'relayhost' && key !== 'smtp_fallback_relay' && key !== 'fallback_relay' && !/^(smtp|relay):/.test(param.value))) continue;
        const hops = param.value.split(/[\s,]+/).filter(Boolean);
        hops.forEach((hopText, index) => {
          const hop = parseNexthop(hopText);
          if (!hop) return;
          const { security, notes } = securityOf(params, hop.port);
          const sasl = saslEntries.find((e) => e.key === hopText || e.key === `[${hop.host}]:${hop.port}` || e.key === `[${hop.host}]` || e.key === hop.host);
          const isActive = !param.commented && param === active(params, key);
          findings.push(createFinding(detector, { ...ctx, secrets: [] }, {
            line: param.line,
            key: `${key}:${index}`,
            host: hop.host,
            port: hop.port,
            security,
            ...signIn(sasl),
            active: isActive,
            inactiveReason: param.commented ? 'commented' : isActive ? undefined : 'overridden',
            evidence: param.text,
            locations: { host: at(param.line, hopText) },
            notes: [...notes, ...(key !== 'relayhost' ? [`set through ${key}`] : []),
              ...(oauth ? ['smtp_sasl_mechanism_filter = xoauth2: OAuth tokens through a SASL plugin (sasl-xoauth2); sasl_passwd holds its token file, not a password'] : [])],
            role: 'relay',
          }));
        });
      }
    }
    for (const route of ROUTE_MAPS) {
      const param = active(params, route.key) ?? params.get(route.key)?.at(-1);
      if (!param) continue;
      for (const table of mapFiles(param.value, main.path, files)) {
        for (const entry of mapEntries(table)) {
          const hopText = route.hop(entry.value);
          const hop = hopText ? parseNexthop(hopText) : null;
          if (!hop) continue;
          const { security, notes } = securityOf(params, hop.port);
          const sasl = saslEntries.find((e) => e.key === entry.pattern || e.key === hopText || e.key === `[${hop.host}]:${hop.port}` || e.key === `[${hop.host}]` || e.key === hop.host);
          const off = entry.commented || param.commented;
          findings.push(createFinding(detector, { ...contextOf(table.path), secrets: [] }, {
            line: entry.line,
            key: `${route.key}:${entry.line}`,
            host: hop.host,
            port: hop.port,
            security,
            ...signIn(sasl),
            active: !off,
            inactiveReason: off ? 'commented' : undefined,
            evidence: entry.text,
            locations: { host: at(entry.line, hop.host) },
            notes: [`${route.key} (${main.path}:${param.line}): ${route.what} ${entry.pattern} goes through this relay`, ...notes],
            role: 'relay',
          }));
        }
      }
    }
  }
  // master.cf: `-o relayhost=[host]:port` overrides per service.
  for (const master of files.filter((f) => canonicalName(f.path) === 'master.cf')) {
    const ctx = contextOf(master.path);
    splitLines(master.content).forEach((raw, i) => {
      const m = /^(\s*#)?.*?-o\s+(relayhost|smtp_fallback_relay)=(\S+)/.exec(raw);
      if (!m) return;
      const hop = parseNexthop(m[3]);
      if (!hop) return;
      findings.push(createFinding(detector, ctx, {
        line: i + 1, key: m[2], host: hop.host, port: hop.port, security: hop.port === 465 ? 'tls' : 'unknown',
        active: !m[1], evidence: raw.trim(), locations: { host: at(i + 1, m[3]) }, notes: ['per-service override in master.cf'], role: 'relay',
      }));
    });
  }
  return findings;
}

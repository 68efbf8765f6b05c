// dma (DragonFly Mail Agent): dma.conf `KEYWORD [value]` lines (a bare keyword is a flag) and auth.conf
// `user|smarthost:password`. SECURETRANSFER alone = implicit TLS; with STARTTLS = STARTTLS, which
// OPPORTUNISTIC_TLS lets fall back to plaintext. Passwords stay in auth.conf: registered, never read out.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { emailIn, hostReference, isSecretPlaceholder, nearestFile, parsePort, splitLines } from '../../values.js';

const detector = { id: 'dma', system: 'DragonFly Mail Agent (dma)' };

interface Keyword { value: string; line: number; commented: boolean; text: string }
interface AuthEntry { user: string; host: string; line: number; path: string }

const KEYWORDS = /^(SMARTHOST|PORT|AUTHPATH|SECURETRANSFER|STARTTLS|OPPORTUNISTIC_TLS|INSECURE|SECURE|MASQUERADE|MAILNAME|NULLCLIENT|FINGERPRINT|CERTFILE)$/;

/** dma.conf keywords; a commented `#KEYWORD value` is kept as commented (the shipped file comments every setting). */
export function parseDmaConf(content: string): Map<string, Keyword[]> {
  const keywords = new Map<string, Keyword[]>();
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*(#\s*)?([A-Z_]+)(?:[ \t]+(.*))?$/.exec(raw);
    if (!m || !KEYWORDS.test(m[2])) return;
    const list = keywords.get(m[2]) ?? [];
    const value = (m[3] ?? '').split(' #')[0].trim();
    list.push({ value, line: i + 1, commented: Boolean(m[1]), text: raw.trim().slice(0, 300) });
    keywords.set(m[2], list);
  });
  return keywords;
}

/** auth.conf `user|host:password`: the password is registered as a secret and dropped. */
export function parseAuthConf(file: SourceFile, ctx: ExtractContext): AuthEntry[] {
  const entries: AuthEntry[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([^|]+)\|([^:]+):(.*)$/.exec(line);
    if (!m) { ctx.warn('parse-error', 'auth.conf line is not "user|smarthost:password"', i + 1); return; }
    if (m[3] && !isSecretPlaceholder(m[3])) ctx.secret(m[3]);
    entries.push({ user: m[1].trim(), host: m[2].trim().toLowerCase(), line: i + 1, path: file.path });
  });
  return entries;
}

function live(keywords: Map<string, Keyword[]>, key: string): Keyword | undefined {
  return keywords.get(key)?.filter((k) => !k.commented).at(-1);
}

function securityOf(keywords: Map<string, Keyword[]>): { security: Security; notes: string[] } {
  const set = (key: string) => Boolean(live(keywords, key));
  if (!set('SECURETRANSFER')) return { security: 'none', notes: set('STARTTLS') ? ['STARTTLS is set but only works together with SECURETRANSFER'] : [] };
  if (!set('STARTTLS')) return { security: 'tls', notes: [] };
  return { security: 'starttls', notes: set('OPPORTUNISTIC_TLS') ? ['OPPORTUNISTIC_TLS: STARTTLS may fall back to plaintext'] : [] };
}

function masqueradeFrom(value: string | undefined): { from: string | null; notes: string[] } {
  if (!value) return { from: null, notes: [] };
  const address = emailIn(value);
  return address ? { from: address, notes: [] } : { from: null, notes: [`MASQUERADE ${value}: senders are rewritten to this user/host`] };
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const parsed = new Map<SourceFile, AuthEntry[]>();
  const entriesOf = (file: SourceFile) => parsed.get(file) ?? parsed.set(file, parseAuthConf(file, contextOf(file.path))).get(file)!;
  for (const conf of files.filter((f) => canonicalName(f.path) === 'dma.conf')) {
    const ctx = contextOf(conf.path);
    const keywords = parseDmaConf(conf.content);
    for (const smarthost of keywords.get('SMARTHOST') ?? []) {
      if (!smarthost.value) continue;
      const active = !smarthost.commented && smarthost === live(keywords, 'SMARTHOST');
      const port = live(keywords, 'PORT');
      const authPath = live(keywords, 'AUTHPATH');
      const masquerade = live(keywords, 'MASQUERADE');
      const { security, notes } = securityOf(keywords);
      const authFile = authPath?.value ? findAuthFile(files, authPath.value, conf.path) : undefined;
      const entries = authFile ? entriesOf(authFile) : [];
      const entry = entries.find((e) => e.host === smarthost.value.toLowerCase());
      const sender = masqueradeFrom(masquerade?.value);
      const insecure = live(keywords, 'INSECURE');
      findings.push(createFinding(detector, ctx, {
        line: smarthost.line,
        key: `SMARTHOST:${smarthost.line}`,
        host: smarthost.value,
        port: parsePort(port?.value) ?? 25,
        security,
        auth: authPath?.value ? { method: 'password', username: entry?.user ?? null, secret: 'external' } : { method: 'none', username: null, secret: 'absent' },
        secretRef: authPath?.value ? (entry ? `file:${entry.path}:${entry.line}` : `file:${authPath.value}`) : undefined,
        from: sender.from,
        active,
        inactiveReason: smarthost.commented ? 'commented' : active ? undefined : 'overridden',
        evidence: smarthost.text,
        ...(active ? hostReference(smarthost.value) : {}),
        locations: {
          host: at(smarthost.line, smarthost.value),
          port: port ? at(port.line, port.value) : undefined,
          from: masquerade && sender.from ? at(masquerade.line, masquerade.value) : undefined,
        },
        notes: [
          ...notes, ...sender.notes,
          ...(port ? [] : ['PORT not set: dma uses 25']),
          ...(insecure ? ['INSECURE: the password may be sent without TLS'] : []),
          ...(authPath?.value && authFile && !entry ? [`no ${smarthost.value} entry in ${authFile.path}`] : []),
        ],
        role: 'relay',
      }));
    }
  }
  return findings;
}

/** The auth.conf named by AUTHPATH among the scanned files (by path suffix, nearest to dma.conf). */
function findAuthFile(files: SourceFile[], authPath: string, confPath: string): SourceFile | undefined {
  const tail = authPath.replace(/^\/etc\//, '');
  return nearestFile(files, tail, confPath);
}

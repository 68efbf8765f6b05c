// Nextcloud / ownCloud: config/config.php (and the Docker image's config/*.config.php reading getenv()) mail_* keys
// (config-formats.md §3.5). mail_smtpsecure follows the PHP convention: 'ssl' = implicit TLS, 'tls' = STARTTLS.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { parseBool, parsePort, secretState } from '../../values.js';
import { mailEntries, type PhpEntry, type PhpValue } from './php.js';

const detector = { id: 'nextcloud', system: 'Nextcloud' };

type Settings = Map<string, PhpEntry>;

/** A literal's text, or an environment reference's literal fallback. */
function literal(v: PhpValue | undefined): string | null {
  if (!v) return null;
  if (v.kind === 'env') return literal(v.fallback ?? undefined);
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? v.value : null;
}

function securityOf(s: Settings, port: number, notes: string[]): Security {
  const secure = s.get('mail_smtpsecure')?.value;
  const word = (literal(secure) ?? '').toLowerCase();
  if (secure?.kind === 'env') notes.push(`mail_smtpsecure comes from getenv('${secure.value}')`);
  if (word === 'ssl' || port === 465) return 'tls';
  if (word === 'tls') return 'starttls';
  notes.push('mail_smtpsecure empty: Nextcloud 26+ uses STARTTLS when the server offers it (older versions and ownCloud send in plain text)');
  return 'starttls';
}

function secretOf(entries: PhpEntry[], register: (value: string) => void): { secret: SecretState; ref?: string } {
  // The Docker image assigns the password three times (from a file, from the environment, empty): the first non-empty wins.
  for (const e of entries) {
    const v = e.value;
    if (v.kind === 'file') return { secret: 'external', ref: `file:${v.value}` };
    if (v.kind === 'env') return { secret: 'external', ref: `env:${v.value}` };
    if (v.kind === 'string' && v.value) return secretState(v.value, register);
    if (v.kind === 'other') return { secret: 'present' };
  }
  return { secret: 'absent' };
}

function fromOf(s: Settings, notes: string[]): { from: string | null; line?: number; source?: string } {
  const local = s.get('mail_from_address');
  const domain = s.get('mail_domain');
  const refs = [local, domain].filter((e) => e?.value.kind === 'env').map((e) => `env:${e!.value.value}`);
  const l = literal(local?.value);
  const d = literal(domain?.value);
  if (l && (d || l.includes('@'))) return { from: l.includes('@') ? l : `${l}@${d}`, line: local!.line, source: refs[0] };
  if (l) notes.push(`mail_from_address ${l} without mail_domain: Nextcloud adds the instance's domain`);
  if (refs.length) return { from: null, source: refs[0] };
  return { from: null };
}

function build(s: Settings, passwords: PhpEntry[], commented: boolean, path: string, ctx: ExtractContext): Finding | null {
  const notes: string[] = [];
  const mode = (literal(s.get('mail_smtpmode')?.value) ?? 'smtp').toLowerCase();
  const hostEntry = s.get('mail_smtphost');
  const hostValue = hostEntry?.value;
  const line = hostEntry?.line ?? s.get('mail_smtpmode')?.line ?? null;
  if (mode === 'sendmail' || mode === 'qmail' || mode === 'php') {
    if (commented) return null;
    const m = s.get('mail_smtpmode')!;
    return createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
      line: m.line, key: `mode:${m.line}`, host: null, endpointKind: 'local', security: 'unknown',
      auth: { method: 'none', username: null, secret: 'absent' }, from: fromOf(s, notes).from, evidence: m.text,
      notes: [`mail_smtpmode = ${mode}: the local MTA sends (${mode === 'qmail' ? '/var/qmail/bin/sendmail' : '/usr/sbin/sendmail'}): see its own finding`], role: 'app',
    });
  }
  if (!hostEntry && commented) return null;
  const hostRef = hostValue?.kind === 'env' ? hostValue.value : null;
  let host = hostValue?.kind === 'string' ? hostValue.value : null;
  if (!hostEntry) { host = '127.0.0.1'; notes.push('mail_smtphost not set: Nextcloud uses 127.0.0.1'); }
  if (hostRef && hostValue?.fallback) notes.push(`getenv('${hostRef}') falls back to ${literal(hostValue.fallback) ?? 'an expression'}`);
  if (hostValue?.kind === 'other') notes.push(`mail_smtphost is computed (${hostValue.value}): check it by hand`);
  const portEntry = s.get('mail_smtpport');
  const port = parsePort(literal(portEntry?.value)) ?? 25;
  if (!portEntry) notes.push('mail_smtpport not set: Nextcloud uses 25');
  else if (portEntry.value.kind === 'env') notes.push(`mail_smtpport comes from getenv('${portEntry.value.value}')`);
  const security = securityOf(s, port, notes);
  const authValue = s.get('mail_smtpauth')?.value;
  const userValue = s.get('mail_smtpname')?.value;
  const username = userValue?.kind === 'string' && userValue.value ? userValue.value : null;
  const userRef = userValue?.kind === 'env' ? `env:${userValue.value}` : null;
  // A commented-out fragment often leaves mail_smtpauth out: a name there means it authenticated.
  const authOn = authValue?.kind === 'env' || authValue?.kind === 'other' || (commented && !authValue) ? Boolean(username || userRef) : parseBool(literal(authValue)) === true;
  const authType = (literal(s.get('mail_smtpauthtype')?.value) ?? '').toLowerCase();
  const secret = authOn ? secretOf(passwords, (v) => ctx.secret(v)) : { secret: 'absent' as SecretState };
  if (!authOn && (username || passwords.length)) notes.push('mail_smtpauth is off: the name and password are not used');
  const from = fromOf(s, notes);
  const valueSources: Record<string, string> = {};
  if (hostRef) valueSources.host = `env:${hostRef}`;
  // Only the host's env reference goes to valueSources: the env pass keeps a finding inactive while any env source is undefined.
  if (userRef && authOn) notes.push(`mail_smtpname comes from ${userRef}`);
  if (from.source) notes.push(`the From address comes from ${from.source}`);
  const draft: FindingDraft = {
    line, key: `${line}:${commented ? 'c' : 'l'}`,
    host: hostRef ? null : host, port, security,
    auth: { method: !authOn ? 'none' : authType === 'ntlm' ? 'ntlm' : 'password', username: authOn ? username : null, secret: secret.secret },
    secretRef: secret.ref, from: from.from, valueSources,
    evidence: hostEntry?.text ?? s.get('mail_smtpmode')?.text ?? '',
    locations: Object.fromEntries(Object.entries({
      host: host && hostEntry ? at(hostEntry.line, host) : undefined,
      port: portEntry && portEntry.value.kind === 'number' ? at(portEntry.line, portEntry.value.value) : undefined,
      security: s.get('mail_smtpsecure')?.value.kind === 'string' ? at(s.get('mail_smtpsecure')!.line, s.get('mail_smtpsecure')!.value.value) : undefined,
      username: username && authOn ? at(s.get('mail_smtpname')!.line, username) : undefined,
      from: from.from && from.line ? at(from.line, literal(s.get('mail_from_address')?.value)) : undefined,
    }).filter(([, v]) => v)),
    notes, role: 'app',
  };
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (hostRef || hostValue?.kind === 'other') Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

/** Commented-out runs that name a host, each as its own settings map. */
function commentedRuns(entries: PhpEntry[]): Settings[] {
  const runs: Settings[] = [];
  let run: Settings = new Map();
  let last = -10;
  for (const e of entries.filter((x) => x.commented)) {
    if (e.line - last > 2 || (e.key === 'mail_smtphost' && run.has('mail_smtphost'))) { if (run.has('mail_smtphost')) runs.push(run); run = new Map(); }
    run.set(e.key, e);
    last = e.line;
  }
  if (run.has('mail_smtphost')) runs.push(run);
  return runs;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = mailEntries(content);
  if (!entries.length) return null;
  for (const e of entries) {
    if (e.key !== 'mail_smtppassword') continue;
    // A truncated literal is still a secret: register what is there.
    const text = e.value.kind === 'string' ? e.value.value : e.value.kind === 'other' ? e.raw.replace(/^\s*['"]|['"]?\s*[,;]?\s*$/g, '') : '';
    secretState(text, (v) => ctx.secret(v));
  }
  const live: Settings = new Map();
  for (const e of entries) if (!e.commented && e.key !== 'mail_smtppassword') live.set(e.key, e);
  const passwords = entries.filter((e) => !e.commented && e.key === 'mail_smtppassword');
  const findings: Finding[] = [];
  if (live.has('mail_smtphost') || live.has('mail_smtpmode')) {
    const f = build(live, passwords, false, path, ctx);
    if (f) findings.push(f);
  }
  for (const run of commentedRuns(entries)) {
    const f = build(run, [...run.values()].filter((e) => e.key === 'mail_smtppassword'), true, path, ctx);
    if (f) findings.push(f);
  }
  return findings.length ? findings : null;
}

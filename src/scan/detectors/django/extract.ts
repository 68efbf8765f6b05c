// Django settings (EMAIL_HOST, EMAIL_USE_TLS = STARTTLS, EMAIL_USE_SSL = implicit TLS, …) and Flask-Mail
// (MAIL_SERVER, MAIL_USE_TLS, MAIL_USE_SSL, …) in Python config files. Django's own global_settings.py is library
// defaults, not a site's configuration, and yields nothing.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, inPythonPackages, isPlaceholder, liveSettings, parsePort, type Assignment } from '../../values.js';
import { literalText, pyAssignments, resolvePy, type Resolved } from '../python-smtplib/python.js';

const detector = { id: 'django', system: 'Django' };

interface Family {
  system: string;
  keys: { host: string; port: string; user: string; password: string; tls: string; ssl: string; from: string[]; backend: string };
  defaultPort: number;
}

const FAMILIES: Family[] = [
  { system: 'Django', defaultPort: 25, keys: { host: 'EMAIL_HOST', port: 'EMAIL_PORT', user: 'EMAIL_HOST_USER', password: 'EMAIL_HOST_PASSWORD', tls: 'EMAIL_USE_TLS', ssl: 'EMAIL_USE_SSL', from: ['DEFAULT_FROM_EMAIL', 'SERVER_EMAIL'], backend: 'EMAIL_BACKEND' } },
  { system: 'Flask-Mail', defaultPort: 25, keys: { host: 'MAIL_SERVER', port: 'MAIL_PORT', user: 'MAIL_USERNAME', password: 'MAIL_PASSWORD', tls: 'MAIL_USE_TLS', ssl: 'MAIL_USE_SSL', from: ['MAIL_DEFAULT_SENDER'], backend: 'MAIL_BACKEND' } },
];

/** Library code that only holds defaults: Django's global_settings.py and anything installed under site-packages. */
export function isLibraryCode(content: string, path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return inPythonPackages(p) || /(^|\/)django\/conf\/global_settings\.py$/.test(p) || /^# Default Django settings\. Override these/m.test(content.slice(0, 500));
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (isLibraryCode(content, path)) return null;
  const all = pyAssignments(content);
  const names = liveSettings(all);
  const secrets: string[] = [];
  const findings: Finding[] = [];
  for (const family of FAMILIES) {
    const own = new Set<string>(Object.values(family.keys).flat());
    const list = all.filter((a) => own.has(a.key));
    const scope = { path, ctx, secrets, names };
    if (!list.some((a) => a.key === family.keys.host)) {
      const implicit = implicitSmtp(family, list, content);
      if (implicit) findings.push(build(family, implicit, false, scope, true));
      continue;
    }
    const live = liveSettings(list);
    if (live.has(family.keys.host)) findings.push(build(family, live, false, scope));
    for (const block of commentedBlocks(list, (k) => k === family.keys.host)) findings.push(build(family, block, true, scope));
  }
  return findings.length ? findings : null;
}

interface Scope { path: string; ctx: ExtractContext; secrets: string[]; names: Map<string, Assignment> }

/**
 * Django told to send over SMTP (EMAIL_BACKEND = '…smtp.EmailBackend') without an EMAIL_HOST sends to its default,
 * localhost:25 (mailman3-web's settings.py). A backend set in an indented block (`if DEBUG:`) is conditional:
 * the top-level one decides.
 */
function implicitSmtp(family: Family, list: Assignment[], content: string): Map<string, Assignment> | null {
  const k = family.keys;
  if (family.system !== 'Django') return null;
  const backends = list.filter((a) => a.key === k.backend && !a.commented);
  if (!backends.length) return null;
  const lines = content.split('\n', Math.max(...backends.map((a) => a.line)));
  const topLevel = backends.filter((a) => !/^\s/.test(lines[a.line - 1] ?? ''));
  const backend = (topLevel.length ? topLevel : backends).at(-1)!;
  if (!/\.smtp\.EmailBackend['"]/.test(backend.value)) return null;
  const set = liveSettings(list.filter((a) => a.key !== k.backend));
  set.set(k.backend, backend);
  set.set(k.host, { key: k.host, value: "'localhost'", line: backend.line, commented: false, text: backend.text });
  return set;
}

function build(family: Family, set: Map<string, Assignment>, commented: boolean, scope: Scope, implicitHost = false): Finding {
  const k = family.keys;
  const read = (key: string): Resolved | null => {
    const a = set.get(key);
    return a ? resolvePy(a.value, commented ? new Map() : scope.names) : null;
  };
  const hostA = set.get(k.host)!;
  const host = read(k.host)!;
  if (host.kind === 'unknown' && /^\s*['"]/.test(host.raw)) scope.ctx.warn('parse-error', `${k.host}: unterminated string`, hostA.line);
  const draft: FindingDraft = { line: hostA.line, key: family.system, system: family.system, role: 'app', evidence: hostA.text, notes: [], locations: {}, valueSources: {} };
  placeValue(draft, 'host', host, hostA);
  if (implicitHost) {
    delete draft.locations!.host;
    draft.notes!.push(`${k.backend} sends over SMTP and ${k.host} is not set: Django's default, localhost:${family.defaultPort} (the local MTA)`);
  }
  const port = read(k.port);
  draft.port = parsePort(port?.value as string | number | null) ?? (port?.kind === 'env' ? null : family.defaultPort);
  if (port) placeValue(draft, 'port', port, set.get(k.port)!, false);
  draft.security = securityOf(read(k.ssl), read(k.tls), draft);
  const user = read(k.user);
  const username = user?.kind === 'literal' && !isPlaceholder(String(user.value)) ? String(user.value) : null;
  if (username) placeValue(draft, 'username', user!, set.get(k.user)!, false);
  const password = read(k.password);
  let secret: 'present' | 'absent' | 'external' = 'absent';
  if (password?.kind === 'literal' && password.value !== '' && !isPlaceholder(String(password.value))) {
    secret = 'present';
    scope.ctx.secret(String(password.value));
    scope.secrets.push(String(password.value));
  } else if (password?.kind === 'env') { secret = 'external'; draft.secretRef = `env:${password.env}`; }
  else if (password?.kind === 'unknown') {
    secret = 'external';
    draft.secretRef = `code:${scope.path}:${set.get(k.password)!.line}`;
    // A broken string literal is still a password: scrub it from every output.
    const broken = /^\s*['"]([^'"]{3,})$/.exec(password.raw)?.[1];
    if (broken) { secret = 'present'; scope.ctx.secret(broken); scope.secrets.push(broken); delete draft.secretRef; }
  }
  draft.auth = { method: username || secret !== 'absent' || user?.kind === 'env' ? 'password' : 'none', username, secret };
  if (user?.kind === 'env') draft.valueSources!.username = `env:${user.env}`;
  const fromKey = k.from.find((key) => set.has(key));
  const from = fromKey ? read(fromKey) : null;
  if (from?.kind === 'literal') { draft.from = emailIn(String(from.value)); placeValue(draft, 'from', from, set.get(fromKey!)!, false); }
  const backend = read(k.backend);
  if (backend?.kind === 'literal' && !/smtp/i.test(String(backend.value))) {
    Object.assign(draft, { active: false, inactiveReason: 'disabled' });
    draft.notes!.push(`${k.backend} = ${backend.value}: mail does not go out over SMTP`);
  }
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

/** Put a resolved value into the draft: its location (where the literal sits) and, for env lookups, where it comes from. */
function placeValue(draft: FindingDraft, field: 'host' | 'port' | 'username' | 'from', value: Resolved, a: Assignment, isHost = true): void {
  const origin = value.origin ?? a;
  if (value.kind === 'literal') draft.locations![field] = at(origin.line, literalText(origin, value.value));
  if (value.origin) draft.valueSources![field] = `${a.value.trim()} (line ${value.origin.line})`;
  if (!isHost) { if (value.kind === 'env') draft.valueSources![field] = `env:${value.env}`; return; }
  if (value.kind === 'literal') { draft.host = String(value.value); return; }
  Object.assign(draft, { host: value.fallback ?? null, active: false, inactiveReason: 'unresolved' });
  draft.valueSources!.host = value.kind === 'env' ? `env:${value.env}` : `code:${value.raw.trim().slice(0, 80)}`;
  if (value.fallback) draft.notes!.push(`${value.fallback} is the default when ${value.env} is not set`);
}

/** USE_SSL = implicit TLS, USE_TLS = STARTTLS, neither = plain SMTP (Django and Flask-Mail never try STARTTLS on their own). */
function securityOf(ssl: Resolved | null, tls: Resolved | null, draft: FindingDraft): Security {
  if (ssl?.value === true) return 'tls';
  if (tls?.value === true) return 'starttls';
  if (ssl?.kind === 'env' || tls?.kind === 'env') {
    draft.notes!.push(`TLS decided by ${[ssl?.env, tls?.env].filter(Boolean).join(' / ')} at run time`);
    return 'unknown';
  }
  return 'none';
}

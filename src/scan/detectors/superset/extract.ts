// Apache Superset, superset_config.py (Python, read without running it). Superset's defaults (superset/config.py):
// SMTP_HOST 'localhost', SMTP_PORT 25, SMTP_STARTTLS True, SMTP_SSL False (True is implicit TLS), SMTP_USER and
// SMTP_PASSWORD 'superset' (it logs in whenever both are truthy), SMTP_MAIL_FROM, EMAIL_NOTIFICATIONS False (notification
// mails are dry runs; alerts and reports still send). superset/config.py itself is library code and yields nothing;
// the django and python-smtplib detectors do not read these names, so nothing is reported twice.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, isPlaceholder, liveSettings, locationsOf, parsePort, type Assignment } from '../../values.js';
import { isLibraryCode } from '../django/extract.js';
import { pyAssignments, resolvePy, type Resolved } from '../python-smtplib/python.js';

const detector = { id: 'superset', system: 'Apache Superset' };

const HOST = 'SMTP_HOST';
const PASSWORD = 'SMTP_PASSWORD';
const KEYS = new Set([HOST, 'SMTP_PORT', 'SMTP_USER', PASSWORD, 'SMTP_STARTTLS', 'SMTP_SSL', 'SMTP_MAIL_FROM', 'SMTP_SSL_SERVER_AUTH', 'EMAIL_NOTIFICATIONS']);
const DEFAULT_LOGIN = 'superset';

type Settings = Map<string, Assignment>;

interface Scope { path: string; ctx: ExtractContext; names: Settings; secrets: string[] }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (isLibraryCode(content, path)) return null;
  const all = pyAssignments(content);
  const own = all.filter((a) => KEYS.has(a.key));
  const scope: Scope = { path, ctx, names: liveSettings(all), secrets: [] };
  for (const a of own.filter((x) => x.key === PASSWORD)) registerPassword(a, a.commented ? new Map() : scope.names, scope);
  const live = liveSettings(own);
  const findings: Finding[] = [];
  // SMTP settings without SMTP_HOST still send: to Superset's default host, localhost.
  if ([...live.keys()].some((k) => k !== 'EMAIL_NOTIFICATIONS')) findings.push(build(live, false, scope));
  for (const block of commentedBlocks(own, (k) => k === HOST)) findings.push(build(block, true, scope));
  return findings.length ? findings : null;
}

/** A literal password, or the text of a string literal left unclosed (still a password): scrubbed from every output. */
function registerPassword(a: Assignment, names: Settings, scope: Scope): void {
  const value = resolvePy(a.value, names);
  const literal = value.kind === 'literal' ? String(value.value) : /^\s*['"]([^'"]{3,})$/.exec(value.raw)?.[1];
  if (!literal || isPlaceholder(literal)) return;
  scope.ctx.secret(literal);
  scope.secrets.push(literal);
}

function passwordState(value: Resolved | null, scope: Scope, line: number): { secret: SecretState; ref?: string; sends: boolean } {
  if (!value) return { secret: 'absent', sends: true };
  if (value.kind === 'env') return { secret: 'external', ref: `env:${value.env}`, sends: true };
  if (value.kind === 'literal') {
    const text = String(value.value);
    return { secret: text && !isPlaceholder(text) ? 'present' : 'absent', sends: text !== '' };
  }
  if (value.kind === 'none') return { secret: 'absent', sends: false };
  const broken = /^\s*['"]([^'"]{3,})$/.test(value.raw);
  return broken ? { secret: 'present', sends: true } : { secret: 'external', ref: `code:${scope.path}:${line}`, sends: true };
}

function flag(value: Resolved | null, fallback: boolean): boolean | null {
  if (!value) return fallback;
  if (value.kind === 'literal') return Boolean(value.value);
  return value.kind === 'none' ? false : null;
}

function build(settings: Settings, commented: boolean, scope: Scope): Finding {
  const notes: string[] = [];
  const read = (key: string): Resolved | null => {
    const a = settings.get(key);
    return a ? resolvePy(a.value, commented ? new Map() : scope.names) : null;
  };
  const hostEntry = settings.get(HOST);
  const anchor = hostEntry ?? [...settings.values()].sort((a, b) => a.line - b.line)[0];
  const draft: FindingDraft = { line: anchor.line, key: commented ? `commented:${anchor.line}` : 'smtp', evidence: anchor.text, notes, role: 'app', valueSources: {} };
  const host = read(HOST);
  if (!host) {
    draft.host = 'localhost';
    notes.push("SMTP_HOST is not set: Superset's default, localhost (the local MTA)");
  } else if (host.kind === 'literal') draft.host = String(host.value);
  else {
    if (host.kind === 'unknown' && /^\s*['"]/.test(host.raw) && !commented) scope.ctx.warn('parse-error', 'SMTP_HOST: unterminated string', hostEntry!.line);
    Object.assign(draft, { host: host.fallback ?? null, active: false, inactiveReason: 'unresolved' });
    draft.valueSources!.host = host.kind === 'env' ? `env:${host.env}` : `code:${host.raw.trim().slice(0, 80)}`;
  }
  const port = read('SMTP_PORT');
  draft.port = port ? parsePort(port.value as string | number | null) : 25;
  if (port?.kind === 'env') draft.valueSources!.port = `env:${port.env}`;
  draft.security = securityOf(read('SMTP_SSL'), read('SMTP_STARTTLS'), notes);
  if (draft.security !== 'none' && flag(read('SMTP_SSL_SERVER_AUTH'), false) === false) notes.push('SMTP_SSL_SERVER_AUTH is off: the server certificate is not checked');
  const user = read('SMTP_USER');
  const username = !user ? DEFAULT_LOGIN : user.kind === 'literal' && !isPlaceholder(String(user.value)) ? String(user.value) : null;
  if (user?.kind === 'env') draft.valueSources!.username = `env:${user.env}`;
  const password = passwordState(read(PASSWORD), scope, settings.get(PASSWORD)?.line ?? anchor.line);
  const unset = [user ? '' : 'SMTP_USER', settings.has(PASSWORD) ? '' : PASSWORD].filter(Boolean);
  if (unset.length) notes.push(`${unset.join(' and ')} not set: Superset's default '${DEFAULT_LOGIN}' fills in and it tries to log in (None means no login)`);
  const logsIn = (username !== null || user?.kind === 'env') && password.sends;
  draft.auth = { method: logsIn ? 'password' : 'none', username, secret: password.secret };
  draft.secretRef = password.ref;
  const from = read('SMTP_MAIL_FROM');
  draft.from = from?.kind === 'literal' || from?.kind === 'env' ? emailIn(String(from.value ?? '')) : null;
  if (from?.kind === 'env') draft.valueSources!.from = `env:${from.env}`;
  draft.locations = locationsOf({
    host: host?.kind === 'literal' ? { line: hostEntry!.line, value: String(host.value) } : null,
    port: port?.kind === 'literal' ? { line: settings.get('SMTP_PORT')!.line, value: String(port.value) } : null,
    username: user && username ? { line: settings.get('SMTP_USER')!.line, value: username } : null,
    from: draft.from && from?.kind === 'literal' ? { line: settings.get('SMTP_MAIL_FROM')!.line, value: draft.from } : null,
  });
  const notifications = read('EMAIL_NOTIFICATIONS');
  if (flag(notifications, false) === false) notes.push(`EMAIL_NOTIFICATIONS ${notifications ? 'is False' : "not set (Superset's default False)"}: notification mails are dry runs; alerts and reports still send`);
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

/** SMTP_SSL = implicit TLS, else SMTP_STARTTLS (Superset's default True) = STARTTLS. */
function securityOf(ssl: Resolved | null, starttls: Resolved | null, notes: string[]): Security {
  const implicit = flag(ssl, false);
  const upgrade = flag(starttls, true);
  if (implicit) return 'tls';
  if (implicit === null || upgrade === null) {
    notes.push(`TLS decided at run time (${[ssl?.env, starttls?.env].filter(Boolean).join(' / ') || 'an expression'})`);
    return 'unknown';
  }
  if (!starttls) notes.push("SMTP_STARTTLS not set: Superset's default, True (STARTTLS)");
  return upgrade ? 'starttls' : 'none';
}

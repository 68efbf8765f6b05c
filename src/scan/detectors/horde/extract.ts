// Horde groupware: horde/config/conf.php (Debian: /etc/horde/horde/conf.php, written by Horde's admin UI; conf.php.dist
// is the shipped starter without mail settings) sets `$conf['mailer']['type']` ('sendmail' by default in conf.xml, 'smtp',
// 'null') and `$conf['mailer']['params'][…]`. Horde_Core_Factory_Mail fills an unset port with 25 and an unset
// username/password with the logged-in Horde user's; Horde_Smtp reads secure 'tls' as STARTTLS, 'ssl'/'tlsv1' as implicit
// TLS, and true, false or unset as "STARTTLS when offered". IMP's backends.php / backends.local.php / backends.d/*.php
// may give each mail backend its own `'smtp' => array(…)`; what a backend leaves out comes from Horde's mailer settings,
// its login from the user's IMAP login.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { locationsOf, parsePort } from '../../values.js';
import { boolOf, commentedSets, phpHost, phpSecret, phpSettings, scopeOf, stringOf, valueOf, type PhpSetting } from '../roundcube/php-config.js';

const detector = { id: 'horde', system: 'Horde' };

/** Backend keys read from IMP's backends files; the rest (quota, spam, acl …) is skipped while reading. */
const BACKEND_KEYS = new Set(['disabled', 'name', 'hostspec', 'smtp']);
/** A hand-written file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, PhpSetting>;

function want(path: string[]): boolean {
  if (path[0] === '$conf') return path.length === 1 || path[1] === 'mailer';
  if (path[0] === '$servers') return path.length <= 2 || BACKEND_KEYS.has(path[2]);
  return false;
}

/** Horde_Smtp's `secure`; `inherited`: a backend that leaves it out takes Horde's mailer setting. */
function securityOf(entry: PhpSetting | undefined, inherited: boolean, notes: string[]): Security {
  const v = valueOf(entry);
  const word = v?.kind === 'literal' ? v.value.toLowerCase() : v?.kind === 'bool' ? String(v.value) : null;
  if (!entry && inherited) { notes.push("secure not set for this backend: Horde's mailer setting applies"); return 'unknown'; }
  if (entry && word === null) { notes.push(`secure is computed (${entry.value.slice(0, 60)})`); return 'unknown'; }
  if (word === 'ssl' || word === 'sslv2' || word === 'sslv3' || word === 'tlsv1') return 'tls';
  if (word === 'tls') return 'starttls';
  if (word === 'none') return 'none';
  notes.push(`secure ${word ?? 'not set'}: Horde_Smtp sends STARTTLS only when the server offers it, else plain text`);
  return 'starttls';
}

/** A stored username/password, and what stands in for each when it is not stored (with where that secret lives). */
interface Login { user: PhpSetting | undefined; password: PhpSetting | undefined; otherwise: { user: string; password: string; ref: string } }

/** SMTP AUTH: a stored username/password, or the logged-in user's own (Horde login, or IMP's IMAP login). */
function authOf(login: Login, notes: string[], register: (value: string) => void): Pick<FindingDraft, 'auth' | 'secretRef'> & { userEntry?: PhpSetting } {
  const username = stringOf(login.user) || null;
  const stored = phpSecret(login.password, register);
  if (!username || stored.secret === 'absent') {
    notes.push(`SMTP AUTH as ${username ?? login.otherwise.user}, with ${stored.secret === 'absent' ? login.otherwise.password : 'the stored password'}`);
  }
  const secret = stored.secret === 'absent' ? { secret: 'external' as const, ref: login.otherwise.ref } : stored;
  return { auth: { method: 'password', username, secret: secret.secret }, secretRef: secret.ref, userEntry: username ? login.user : undefined };
}

function hostOf(entry: PhpSetting | undefined, fallback: string | null, notes: string[]): { host: string | null; draft: Partial<FindingDraft> } {
  const written = phpHost(entry, notes);
  if (entry && written.raw !== '') return { host: written.raw, draft: written.draft };
  if (fallback) notes.push(`host not set: Horde uses ${fallback}`);
  return { host: fallback, draft: {} };
}

/** Horde's own mailer: `$conf['mailer']`, keys relative to it (`type`, `params.host`). */
function mailerFinding(s: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const param = (k: string) => s.get(`params.${k}`);
  const typeEntry = s.get('type');
  // A commented-out block that names a host meant SMTP, even without its type line.
  const type = (stringOf(typeEntry) ?? (commented ? 'smtp' : 'null')).toLowerCase();
  const hostEntry = param('host');
  const draft: Partial<FindingDraft> = {};
  if (type !== 'smtp') {
    const program = stringOf(param('sendmail_path')) || '/usr/lib/sendmail';
    notes.push(type === 'sendmail' ? `mailer type sendmail: Horde hands mail to ${program} (the local MTA, see its own finding)`
      : typeEntry ? `mailer type ${type}: Horde sends no mail` : "mailer type not set: Horde sends no mail (the 'null' transport)");
    Object.assign(draft, { active: false, inactiveReason: 'not-smtp' }, hostEntry ? {} : { endpointKind: type === 'sendmail' ? 'local' : 'unknown' });
  }
  const smtp = type === 'smtp';
  const { host, draft: hostDraft } = hostOf(hostEntry, smtp ? 'localhost' : null, notes);
  const portEntry = param('port');
  const port = parsePort(stringOf(portEntry)) ?? (smtp ? 25 : null);
  if (smtp && !portEntry) notes.push('port not set: Horde 5 uses 25');
  const security = smtp || hostEntry ? securityOf(param('secure'), false, notes) : 'unknown';
  const authOn = boolOf(param('auth')) === true;
  const login: Login = { user: param('username'), password: param('password'),
    otherwise: { user: "each user's Horde login", password: 'their own password', ref: 'per-user:horde-login' } };
  if (boolOf(param('username_auth')) === true) login.user = undefined;
  if (boolOf(param('password_auth')) === true) login.password = undefined;
  const { userEntry, ...auth } = authOn ? authOf(login, notes, (v) => ctx.secret(v)) : { auth: { method: 'none' as const, username: null, secret: 'absent' as const }, userEntry: undefined };
  const helo = stringOf(param('localhost'));
  if (helo) notes.push(`EHLO name: ${helo}`);
  if (boolOf(param('lmtp')) === true) notes.push('lmtp: Horde speaks LMTP to this server');
  const line = hostEntry?.line ?? typeEntry?.line ?? s.values().next().value?.line ?? null;
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
    line, key: `mailer:${line}:${commented ? 'c' : 'l'}`,
    host, port: smtp || portEntry ? port : null, security, ...auth,
    evidence: hostEntry?.text ?? typeEntry?.text ?? '',
    locations: locationsOf({
      host: hostEntry && host && stringOf(hostEntry) === host ? { line: hostEntry.line, value: host } : null,
      port: portEntry && port ? { line: portEntry.line, value: String(port) } : null,
      username: userEntry && auth.auth?.username ? { line: userEntry.line, value: auth.auth.username } : null,
    }),
    notes, role: 'app', ...hostDraft, ...draft,
    ...(commented ? { active: false, inactiveReason: 'commented' } : {}),
  });
}

/** One IMP backend's `smtp` array (keys relative to the backend: `smtp.host`, `disabled`). */
function backendFinding(s: Settings, backend: string, commented: boolean, path: string, ctx: ExtractContext): Finding {
  const param = (k: string) => s.get(`smtp.${k}`);
  const name = stringOf(s.get('name'));
  const notes = [`IMP backend '${backend}'${name ? ` (${name})` : ''}: overrides Horde's mailer settings for users of this mail server`];
  const hostEntry = param('host');
  const { host, draft } = hostOf(hostEntry, null, notes);
  if (!hostEntry) notes.push("host not set for this backend: Horde's mailer host applies (horde/config/conf.php)");
  const portEntry = param('port');
  const port = parsePort(stringOf(portEntry));
  if (!portEntry) notes.push("port not set for this backend: Horde's mailer port applies");
  const security = securityOf(param('secure'), true, notes);
  const authValue = boolOf(param('auth'));
  const horde = boolOf(param('horde_auth')) === true;
  const login: Login = horde && !param('username')
    ? { user: undefined, password: param('password'),
      otherwise: { user: "the login of Horde's mailer settings (horde_auth)", password: 'its password', ref: 'file:horde/config/conf.php' } }
    : { user: param('username'), password: param('password'),
      otherwise: { user: "each user's IMAP login", password: 'their own password', ref: 'per-user:imp-login' } };
  let auth: Pick<FindingDraft, 'auth' | 'secretRef'> & { userEntry?: PhpSetting } = { auth: { method: 'none', username: null, secret: 'absent' } };
  if (authValue === true) auth = authOf(login, notes, (v) => ctx.secret(v));
  else if (authValue === null) { auth = { auth: { method: 'unknown', username: null, secret: 'absent' } }; notes.push("auth not set for this backend: Horde's mailer setting applies"); }
  const disabled = boolOf(s.get('disabled')) === true;
  if (disabled) notes.push(`backend '${backend}' is disabled`);
  const { userEntry, ...rest } = auth;
  const line = hostEntry?.line ?? portEntry?.line ?? null;
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
    line, key: `backend:${backend}:${line}:${commented ? 'c' : 'l'}`,
    host, port, security, ...rest,
    evidence: hostEntry?.text ?? portEntry?.text ?? '',
    locations: locationsOf({
      host: hostEntry && host ? { line: hostEntry.line, value: host } : null,
      port: portEntry && port ? { line: portEntry.line, value: String(port) } : null,
      username: userEntry && rest.auth?.username ? { line: userEntry.line, value: rest.auth.username } : null,
    }),
    notes, role: 'app', system: 'Horde IMP', ...draft,
    ...(commented ? { active: false, inactiveReason: 'commented' } : disabled ? { active: false, inactiveReason: 'disabled' } : {}),
  });
}

function commentedFindings(sets: Settings[], build: (set: Settings) => Finding, ctx: ExtractContext): Finding[] {
  if (sets.length > MAX_COMMENTED) ctx.warn('too-large', `${sets.length} commented-out SMTP hosts; reporting the first ${MAX_COMMENTED}`);
  return sets.slice(0, MAX_COMMENTED).map(build);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings = phpSettings(content, want, ctx);
  // Every stored password is a secret, live, commented out or overridden.
  for (const s of settings) if (s.path.at(-1) === 'password') phpSecret(s, (v) => ctx.secret(v));
  const findings: Finding[] = [];
  const mailer = scopeOf(settings, ['$conf', 'mailer']);
  if (mailer.live.has('type') || mailer.live.has('params.host')) findings.push(mailerFinding(mailer.live, false, path, ctx));
  findings.push(...commentedFindings(commentedSets(mailer.commented, (k) => k === 'params.host'), (set) => mailerFinding(set, true, path, ctx), ctx));
  const backends = new Set(settings.filter((s) => s.path[0] === '$servers' && s.path.length > 1).map((s) => s.path[1]));
  for (const backend of backends) {
    const { live, commented } = scopeOf(settings, ['$servers', backend]);
    if (live.has('smtp.host') || live.has('smtp.port')) findings.push(backendFinding(live, backend, false, path, ctx));
    findings.push(...commentedFindings(commentedSets(commented, (k) => k === 'smtp.host'), (set) => backendFinding(new Map([...live, ...set]), backend, true, path, ctx), ctx));
  }
  return findings.length ? findings : null;
}

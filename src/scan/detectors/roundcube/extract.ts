// Roundcube webmail: config/config.inc.php (Debian: /etc/roundcube/config.inc.php, made from config.inc.php.sample
// at install) over defaults.inc.php (the shipped defaults, used where config.inc.php says nothing). Since 1.6
// `smtp_host` = '[tls://|ssl://]host[:port]': rcube_smtp::connect() sends STARTTLS only for tls://, wraps ssl:// in
// implicit TLS, and defaults the port to 465 for ssl://, else 587. Up to 1.5 `smtp_server` + `smtp_port` (default 587
// since 1.4, 25 before); 1.6 reads smtp_server as smtp_host and ignores smtp_port. smtp_user '%u' and smtp_pass '%p'
// log in as each webmail user; smtp_host may also map IMAP hosts to SMTP hosts (`['imap.a' => 'smtp.a']`).
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { locationsOf, parseHostPort, parsePort } from '../../values.js';
import { commentedSets, phpHost, phpSecret, phpSettings, scopeOf, stringOf, valueOf, type PhpSetting } from './php-config.js';

const detector = { id: 'roundcube', system: 'Roundcube' };

const KEYS = new Set(['smtp_host', 'smtp_server', 'smtp_port', 'smtp_user', 'smtp_pass', 'smtp_auth_type', 'smtp_auth_cid', 'smtp_auth_pw',
  'smtp_helo_host', 'oauth_provider', 'imap_host', 'default_host']);
/** Keys that change where or how Roundcube sends: a file setting none of them has no SMTP finding. */
const SMTP_KEYS = ['smtp_host', 'smtp_server', 'smtp_port', 'smtp_user', 'smtp_pass', 'smtp_auth_cid'];
const PASSWORD_KEYS = new Set(['smtp_pass', 'smtp_auth_pw']);
/** `$rcmail_config` is the name before Roundcube 1.0 (main.inc.php). */
const CONFIG_VARS = new Set(['$config', '$rcmail_config']);
const PER_USER = 'per-user:roundcube-login';
/** A hand-written file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, PhpSetting>;

/** smtp_host / smtp_server, or one IMAP host's entry of either as a map (`smtp_host.imap.contoso.com`). */
function isHostKey(key: string): boolean {
  return /^smtp_(?:host|server)(?:\.|$)/.test(key);
}

function want(path: string[]): boolean {
  return CONFIG_VARS.has(path[0]) && (path.length === 1 || KEYS.has(path[1]));
}

interface Endpoint { host: string | null; port: number; portAt: { line: number; value: string } | null; security: Security }

/** The user's IMAP host as written in imap_host (default_host before 1.6; a list of one), for smtp_host's %h and %z. */
function imapHostOf(settings: Settings): string | null {
  const key = settings.has('imap_host') ? 'imap_host' : 'default_host';
  const listed = [...settings.values()].filter((s) => s.path[1] === key && s.path.length === 3);
  const raw = stringOf(listed.length === 1 ? listed[0] : settings.get(key));
  return raw ? parseHostPort(raw.replace(/^[a-z]+:\/\//i, '')).host || null : null;
}

/** smtp_host's replacement variables: %h and %z from this file's imap_host; %n, %t, %d, %s only exist per request. */
function expand(host: string, imapHost: string | null, notes: string[]): string | null {
  if (!host.includes('%')) return host;
  let expanded = host;
  if (imapHost && /%[hz]/.test(host)) {
    expanded = host.replace(/%h/g, imapHost).replace(/%z/g, imapHost.replace(/^[^.]+\.(?![^.]+$)/, ''));
    notes.push(`smtp_host ${host}: %h is the user's IMAP host, here ${imapHost}`);
  }
  if (!/%[a-z]/i.test(expanded)) return expanded;
  notes.push(`smtp_host ${host} is filled in per request (%n, %t, %d: the web server's name; %h, %z: the IMAP host; %s: the login's domain)`);
  return null;
}

function endpointOf(raw: string, line: number, settings: Settings, legacy: boolean, imapHost: string | null, notes: string[]): Endpoint {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const wrapper = scheme?.[1].toLowerCase() ?? null;
  const written = parseHostPort(scheme ? raw.slice(scheme[0].length) : raw);
  const portEntry = settings.get('smtp_port');
  let port = written.port;
  let portAt = port === null ? null : { line, value: String(port) };
  if (port === null && legacy && portEntry) {
    port = parsePort(stringOf(portEntry));
    portAt = port === null ? null : { line: portEntry.line, value: String(port) };
  }
  if (port === null) {
    port = wrapper === 'ssl' ? 465 : 587;
    notes.push(legacy ? `smtp_port not set: ${port} (the default since Roundcube 1.4; 25 before)` : `no port in smtp_host: Roundcube uses ${port}`);
  }
  if (portEntry && !written.port) {
    notes.push(legacy ? 'Roundcube 1.6 and later ignore smtp_port (the port belongs in smtp_host): after an upgrade this connects to 587, or 465 for ssl://'
      : 'smtp_port is ignored since Roundcube 1.6: the port belongs in smtp_host');
  }
  let security: Security = wrapper === 'ssl' ? 'tls' : wrapper === 'tls' ? 'starttls' : 'none';
  if (wrapper && wrapper !== 'ssl' && wrapper !== 'tls') { security = 'unknown'; notes.push(`${wrapper}:// prefix: Roundcube knows tls:// (STARTTLS) and ssl:// (implicit TLS)`); }
  if (!wrapper) notes.push('no tls:// or ssl:// prefix: Roundcube sends without TLS');
  if (!wrapper && port === 465) notes.push('port 465 without ssl://: Roundcube speaks plain SMTP to an implicit-TLS port');
  const host = written.host === '' ? 'localhost' : written.host;
  if (written.host === '') notes.push('empty smtp host: Roundcube connects to localhost');
  return { host: expand(host, imapHost, notes), port, portAt, security };
}

/** smtp_pass: '%p' is the user's own password (no stored secret); a literal is one. */
function passwordOf(entry: PhpSetting | undefined, register: (value: string) => void): ReturnType<typeof phpSecret> {
  return stringOf(entry) === '%p' ? { secret: 'external', ref: PER_USER } : phpSecret(entry, register);
}

function authOf(settings: Settings, commented: boolean, notes: string[], register: (value: string) => void): Pick<FindingDraft, 'auth' | 'secretRef'> & { userEntry?: PhpSetting } {
  const cidEntry = settings.get('smtp_auth_cid');
  const proxy = Boolean(stringOf(cidEntry));
  const userEntry = proxy ? cidEntry : settings.get('smtp_user');
  const passEntry = settings.get(proxy ? 'smtp_auth_pw' : 'smtp_pass');
  // Unset in this file means the defaults (since 1.4: '%u' and '%p').
  const user = userEntry ? (valueOf(userEntry)?.kind === 'literal' ? stringOf(userEntry)! : '(computed)') : '%u';
  const pass = passEntry ? (valueOf(passEntry)?.kind === 'literal' ? stringOf(passEntry)! : '(computed)') : '%p';
  if (!commented && (!settings.has('smtp_user') || !settings.has('smtp_pass')) && !proxy) notes.push("smtp_user / smtp_pass not both set here: the defaults '%u' / '%p' apply (Roundcube 1.4+)");
  if (!user || !pass) return { auth: { method: 'none', username: null, secret: 'absent' } };
  const secret = passEntry ? passwordOf(passEntry, register) : { secret: 'external' as const, ref: PER_USER };
  if (proxy) notes.push('smtp_auth_cid: Roundcube logs in as this proxy account on behalf of each user');
  const perUser = user.includes('%u');
  if (perUser) notes.push(`smtp_user ${user}: each webmail user logs in to the SMTP server as themselves${pass === '%p' ? ', with their own password' : ''}`);
  const type = (stringOf(settings.get('smtp_auth_type')) ?? '').toUpperCase();
  const provider = stringOf(settings.get('oauth_provider'));
  let method: 'password' | 'oauth2' = type === 'XOAUTH2' || type === 'OAUTHBEARER' ? 'oauth2' : 'password';
  if (provider && perUser) {
    method = 'oauth2';
    notes.push(`oauth_provider ${provider}: users who sign in with OAuth send with XOAUTH2 and their own token`);
  }
  const literalUser = valueOf(userEntry)?.kind === 'literal' && !perUser;
  return { auth: { method, username: literalUser ? user : null, secret: secret.secret }, secretRef: secret.ref, userEntry: literalUser ? userEntry : undefined };
}

function build(settings: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding[] {
  const legacy = !settings.has('smtp_host') && settings.has('smtp_server');
  const hostKey = legacy ? 'smtp_server' : 'smtp_host';
  const hostEntry = settings.get(hostKey);
  // `smtp_host` as a map (`['imap.a' => 'smtp.a']`, or `$config['smtp_host']['imap.a'] = …`): one finding per IMAP host.
  const mapped = [...settings.values()].filter((s) => s.path[1] === hostKey && s.path.length === 3);
  const targets = hostEntry && !hostEntry.array ? [hostEntry] : mapped.length || hostEntry ? mapped : [undefined];
  return targets.map((entry) => {
    const notes: string[] = [];
    const imap = entry && entry.path.length === 3 ? entry.path[2] : null;
    if (imap) notes.push(`for users of the IMAP host ${imap}`);
    if (!entry) notes.push("smtp_host not set in this file: defaults.inc.php's value applies (shipped: localhost:587)");
    const written = phpHost(entry, notes);
    const endpoint = written.raw === null ? null : endpointOf(written.raw, entry!.line, settings, legacy, imap ?? imapHostOf(settings), notes);
    const { userEntry, ...auth } = authOf(settings, commented, notes, (v) => ctx.secret(v));
    const helo = stringOf(settings.get('smtp_helo_host'));
    if (helo) notes.push(`EHLO name: ${helo}`);
    if (!commented && /defaults\.inc\.php$/i.test(path)) notes.push("defaults.inc.php holds Roundcube's shipped defaults: config.inc.php overrides them where it sets the same keys");
    const plainHost = endpoint?.host && written.raw && !written.raw.includes('%') ? endpoint.host : null;
    const draft: FindingDraft = {
      line: entry?.line ?? settings.values().next().value?.line ?? null,
      key: `${entry?.line ?? 0}:${imap ?? ''}:${commented ? 'c' : 'l'}`,
      host: endpoint?.host ?? null,
      port: endpoint?.port ?? null,
      security: endpoint?.security ?? 'unknown',
      ...auth,
      evidence: entry?.text ?? settings.values().next().value?.text ?? '',
      locations: locationsOf({
        host: entry && plainHost ? { line: entry.line, value: plainHost } : null,
        port: endpoint?.portAt,
        username: userEntry && auth.auth?.username ? { line: userEntry.line, value: auth.auth.username } : null,
      }),
      notes,
      role: 'app',
      ...written.draft,
    };
    if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
    return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
  });
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings = phpSettings(content, want, ctx).map((s) => (s.path[0] === '$config' ? s : { ...s, path: ['$config', ...s.path.slice(1)] }));
  // Every stored password is a secret, live, commented out or overridden.
  for (const s of settings) if (PASSWORD_KEYS.has(s.path[1])) passwordOf(s, (v) => ctx.secret(v));
  const { live, commented } = scopeOf(settings, ['$config']);
  const findings: Finding[] = [];
  if ([...live.keys()].some((k) => SMTP_KEYS.includes(k) || isHostKey(k))) findings.push(...build(live, false, path, ctx));
  const blocks = commentedSets(commented, isHostKey);
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out smtp_host settings; reporting the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) findings.push(...build(block, true, path, ctx));
  return findings.length ? findings : null;
}

// MediaWiki: LocalSettings.php (Debian: /etc/mediawiki/LocalSettings.php, written by the web installer) sets
// `$wgSMTP = [ 'host' => …, 'port' => …, 'auth' => …, 'username' => …, 'password' => …, 'IDHost' => …, 'localhost' => … ]`;
// the default false sends with PHP mail() (no SMTP finding). UserMailer hands the array to PEAR Mail_smtp: port 25
// by default; an `ssl://` or `tls://` host opens TLS at connect (PHP stream transports); otherwise Net_SMTP sends
// STARTTLS before AUTH when the server offers it, and only with `'starttls' => true` without AUTH. From is
// $wgPasswordSender, else apache@<server name> (Setup.php); $wgEmergencyContact is the site admin's address.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { locationsOf, parsePort } from '../../values.js';
import { boolOf, commentedSets, phpHost, phpSecret, phpSettings, scopeOf, stringOf, valueOf, type PhpSetting } from '../roundcube/php-config.js';

const detector = { id: 'mediawiki', system: 'MediaWiki' };

const SMTP = '$wgSMTP';
const VARIABLES = new Set([SMTP, '$wgPasswordSender', '$wgEmergencyContact', '$wgEnableEmail']);
/** A hand-written file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, PhpSetting>;

function want(path: string[]): boolean {
  return VARIABLES.has(path[0]) && path.length <= (path[0] === SMTP ? 2 : 1);
}

function securityOf(wrapper: string | null, starttls: boolean | null, authOn: boolean, port: number, notes: string[]): Security {
  if (wrapper === 'ssl' || wrapper === 'tls') {
    if (wrapper === 'tls') notes.push("tls:// is PHP's TLS socket: implicit TLS from the first byte, like ssl:// (not STARTTLS)");
    return 'tls';
  }
  if (port === 465) notes.push('port 465 without ssl://: PEAR Mail speaks plain SMTP to an implicit-TLS port');
  if (starttls === true) return 'starttls';
  if (starttls === false) return 'none';
  if (authOn) { notes.push('Net_SMTP sends STARTTLS before AUTH when the server offers it; otherwise AUTH goes in plain text'); return 'starttls'; }
  notes.push("no auth and no 'starttls' => true: PEAR Mail sends without TLS");
  return 'none';
}

/** From: $wgPasswordSender, else the installer's default apache@<server name>. */
function fromOf(live: Settings, notes: string[]): { from: string | null; entry?: PhpSetting } {
  const sender = live.get('$wgPasswordSender');
  const from = stringOf(sender);
  if (from) return { from, entry: sender };
  if (sender) notes.push(`$wgPasswordSender is computed (${sender.value.slice(0, 60)}): From is its value`);
  else notes.push('$wgPasswordSender not set: From is apache@<server name>');
  const contact = stringOf(live.get('$wgEmergencyContact'));
  if (contact) notes.push(`site admin address ($wgEmergencyContact): ${contact}`);
  return { from: null };
}

function build(s: Settings, live: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const param = (k: string) => s.get(`${SMTP}.${k}`);
  const hostEntry = param('host');
  const written = phpHost(hostEntry, notes);
  const raw = hostEntry ? written.raw : 'localhost';
  if (!hostEntry) notes.push("'host' not set: PEAR Mail uses localhost");
  const scheme = raw ? /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw) : null;
  const host = raw && scheme ? raw.slice(scheme[0].length) : raw;
  const portEntry = param('port');
  const port = parsePort(stringOf(portEntry)) ?? 25;
  if (!portEntry) notes.push("'port' not set: PEAR Mail uses 25");
  const authValue = valueOf(param('auth'));
  const mechanism = authValue?.kind === 'literal' && !/^\d*$/.test(authValue.value) ? authValue.value.toUpperCase() : null;
  const authOn = mechanism !== null || boolOf(param('auth')) === true;
  const security = securityOf(scheme?.[1].toLowerCase() ?? null, boolOf(param('starttls')), authOn, port, notes);
  const userEntry = param('username');
  const username = authOn ? stringOf(userEntry) || null : null;
  const secret = authOn ? phpSecret(param('password'), (v) => ctx.secret(v)) : { secret: 'absent' as const };
  if (!authOn && (userEntry || param('password'))) notes.push("'auth' is off: the username and password are not used");
  const userValue = valueOf(userEntry);
  if (authOn && userValue?.kind === 'env') notes.push(`'username' comes from env:${userValue.name}`);
  const idHost = stringOf(param('IDHost'));
  if (idHost) notes.push(`Message-ID domain (IDHost): ${idHost}`);
  const helo = stringOf(param('localhost'));
  if (helo) notes.push(`EHLO name: ${helo}`);
  const from = fromOf(live, notes);
  const draft: FindingDraft = {
    line: hostEntry?.line ?? s.values().next().value?.line ?? null,
    key: `${hostEntry?.line ?? 0}:${commented ? 'c' : 'l'}`,
    host, port, security,
    auth: authOn ? { method: mechanism === 'XOAUTH2' ? 'oauth2' : 'password', username, secret: secret.secret } : { method: 'none', username: null, secret: 'absent' },
    secretRef: 'ref' in secret ? secret.ref : undefined,
    from: from.from,
    evidence: hostEntry?.text ?? s.values().next().value?.text ?? '',
    locations: locationsOf({
      host: hostEntry && host && written.raw ? { line: hostEntry.line, value: host } : null,
      port: portEntry ? { line: portEntry.line, value: String(port) } : null,
      username: username ? { line: userEntry!.line, value: username } : null,
      from: from.entry && from.from ? { line: from.entry.line, value: from.from } : null,
    }),
    notes, role: 'app', ...written.draft,
  };
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (boolOf(live.get('$wgEnableEmail')) === false) {
    notes.push('$wgEnableEmail = false: the wiki sends no mail');
    Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  }
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings = phpSettings(content, want, ctx);
  // Every SMTP password is a secret, live, commented out or overridden.
  for (const s of settings) if (s.path[0] === SMTP && s.path[1] === 'password') phpSecret(s, (v) => ctx.secret(v));
  const { live, commented } = scopeOf(settings, []);
  const findings: Finding[] = [];
  // `$wgSMTP = false;` (the default) sends with PHP mail(): only an array means SMTP.
  if ([...live.keys()].some((k) => k.startsWith(`${SMTP}.`))) findings.push(build(live, live, false, path, ctx));
  const sets = commentedSets(commented, (k) => k === `${SMTP}.host`);
  if (sets.length > MAX_COMMENTED) ctx.warn('too-large', `${sets.length} commented-out $wgSMTP hosts; reporting the first ${MAX_COMMENTED}`);
  for (const set of sets.slice(0, MAX_COMMENTED)) findings.push(build(set, live, true, path, ctx));
  return findings.length ? findings : null;
}

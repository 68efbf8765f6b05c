// Joomla: configuration.php, `class JConfig { public $mailer = 'smtp'; public $smtphost = …; }` (config-formats.md
// §3.5); Joomla 1.5 writes `var $smtphost`. Joomla's Mail class extends PHPMailer: smtpsecure 'ssl' = implicit TLS,
// 'tls' = STARTTLS, 'none' leaves PHPMailer's SMTPAutoTLS on (STARTTLS when offered; Joomla retries without TLS when
// that fails). $mailer 'mail' or 'sendmail' hands mail to the local MTA, $mailonline = 0 sends nothing at all.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, hostReference, liveSettings, localMtaNotes, locationsOf, parseBool, parsePort, secretState } from '../../values.js';
import { phpSettings, type PhpSetting } from './php.js';

const detector = { id: 'joomla', system: 'Joomla' };

const KEYS = new Set(['mailer', 'mailonline', 'smtphost', 'smtpport', 'smtpsecure', 'smtpauth', 'smtpuser', 'smtppass', 'mailfrom', 'sendmail']);
const PATTERN = {
  statement: /\b(?:public|var)\s+\$(\w+)\s*=(?!=)/g,
  keyOf: (m: RegExpMatchArray) => (KEYS.has(m[1]) ? m[1] : null),
  secret: (key: string) => key === 'smtppass',
  marker: '$',
};
/** A file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, PhpSetting>;

/** The installer's template (installation/configuration.php-dist) and copies in documentation trees configure nothing. */
function isTemplate(path: string, ctx: ExtractContext): boolean {
  return ctx.exampleFile || /-dist$/i.test(path);
}

function securityOf(s: Settings, port: number, notes: string[]): Security {
  const secure = (s.get('smtpsecure')?.value ?? 'none').toLowerCase();
  if (secure === 'ssl') return 'tls';
  if (secure === 'tls') return 'starttls';
  if (port === 465) {
    notes.push("port 465 with smtpsecure = 'none': Joomla speaks plain SMTP to a port that expects implicit TLS");
    return 'none';
  }
  notes.push("smtpsecure = 'none': PHPMailer uses STARTTLS when the server offers it, and Joomla retries without TLS when that fails");
  return 'starttls';
}

function passwordOf(entry: PhpSetting | undefined, register: (value: string) => void): { secret: SecretState; ref?: string } {
  if (!entry) return { secret: 'absent' };
  // An unclosed quote or an expression: what is written may still be the password.
  if (entry.computed) return secretState(entry.raw.replace(/^\s*['"]|['"]?\s*$/g, ''), register);
  return secretState(entry.value, register);
}

function modeOf(s: Settings, commented: boolean, notes: string[]): 'disabled' | 'not-smtp' | null {
  const mailer = (s.get('mailer')?.value || (commented ? 'smtp' : 'mail')).toLowerCase();
  if (!s.has('mailer') && !commented) notes.push("$mailer not set: Joomla's default is PHP mail()");
  if (s.has('mailonline') && parseBool(s.get('mailonline')!.value) === false) {
    notes.push('$mailonline = 0: Joomla sends no mail at all');
    return 'disabled';
  }
  if (mailer === 'smtp') return null;
  if (mailer === 'sendmail') notes.push(...localMtaNotes(s.get('sendmail')?.value || '/usr/sbin/sendmail'));
  else notes.push(`$mailer = '${mailer}': PHP mail() hands mail to php.ini's sendmail_path (the local MTA, see its own finding)`);
  notes.push('the smtp* settings are not used');
  return 'not-smtp';
}

function build(s: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const hostEntry = s.get('smtphost');
  const line = hostEntry?.line ?? s.get('mailer')?.line ?? s.values().next().value?.line ?? null;
  const port = parsePort(s.get('smtpport')?.value) ?? 25;
  const security = securityOf(s, port, notes);
  const authOn = parseBool(s.get('smtpauth')?.value) === true;
  const password = passwordOf(s.get('smtppass'), (v) => ctx.secret(v));
  const username = authOn ? s.get('smtpuser')?.value || null : null;
  if (!authOn && s.get('smtpuser')?.value) notes.push('smtpauth is off: smtpuser and smtppass are not sent');
  const mode = modeOf(s, commented, notes);
  const draft: FindingDraft = {
    line,
    key: `${line}:${commented ? 'c' : 'l'}`,
    host: hostEntry?.value || null,
    port,
    security,
    auth: authOn ? { method: 'password', username, secret: password.secret } : { method: 'none', username: null, secret: 'absent' },
    secretRef: authOn ? password.ref : undefined,
    from: emailIn(s.get('mailfrom')?.value),
    evidence: hostEntry?.text ?? s.get('mailer')?.text ?? '',
    locations: locationsOf({
      host: hostEntry, port: s.get('smtpport'), security: s.get('smtpsecure'),
      username: authOn ? s.get('smtpuser') : null, from: s.get('mailfrom'),
    }),
    notes,
    role: 'app',
  };
  const ref = hostReference(hostEntry?.value);
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (isTemplate(path, ctx)) Object.assign(draft, { active: false, inactiveReason: 'example-file' });
  else if (mode) Object.assign(draft, { active: false, inactiveReason: mode });
  else if (ref) Object.assign(draft, ref);
  else if (hostEntry?.computed) Object.assign(draft, { active: false, inactiveReason: 'unresolved', host: null, valueSources: { host: `code:${hostEntry.raw.slice(0, 80)}` } });
  else if (!hostEntry?.value) Object.assign(draft, { active: false, inactiveReason: 'placeholder', host: null });
  if (ref || hostEntry?.computed) delete draft.locations!.host;
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // Joomla's own code (libraries/, its installer's PHP) reads these names; only the JConfig class sets them.
  if (/(^|[\\/])libraries[\\/]/i.test(path) || !/\bclass\s+JConfig\b/i.test(content)) return null;
  const { settings } = phpSettings(content, PATTERN, (line) => ctx.warn('too-large', 'too many JConfig properties; the rest is not read', line));
  // Every password in the file is a secret, live or commented out.
  for (const e of settings) if (e.key === 'smtppass') passwordOf(e, (v) => ctx.secret(v));
  const findings: Finding[] = [];
  const live = liveSettings(settings) as Settings;
  if (live.has('smtphost') || live.has('mailer')) findings.push(build(live, false, path, ctx));
  const blocks = commentedBlocks(settings, (k) => k === 'smtphost') as Settings[];
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out smtphost settings; reporting the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) findings.push(build(block, true, path, ctx));
  return findings.length ? findings : null;
}

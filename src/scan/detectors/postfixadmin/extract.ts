// PostfixAdmin: config.inc.php (shipped defaults) and config.local.php (site overrides, required at the end of
// config.inc.php) set `$CONF['smtp_server']`, `smtp_port`, `smtp_sendmail_tls` and, for AUTH LOGIN,
// `admin_email` + `admin_smtp_password`. smtp_mail() (functions.inc.php, 3.3) calls fsockopen(server, port), so an
// `ssl://` or `tls://` prefix on the server is implicit TLS; smtp_sendmail_tls = 'YES' is STARTTLS.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, liveSettings, locationsOf, parseBool, parsePort, secretState, type Assignment } from '../../values.js';
import { phpSettings, MAX_SETTINGS, type SettingPattern } from '../joomla/php.js';
import { phpValue } from '../phpmailer/php.js';

const detector = { id: 'postfixadmin', system: 'PostfixAdmin' };

const KEYS = new Set(['smtp_server', 'smtp_port', 'smtp_client', 'smtp_sendmail_tls', 'admin_email', 'admin_smtp_password']);
/** Keys that change how PostfixAdmin talks SMTP: a file setting none of them has no SMTP finding. */
const SMTP_KEYS = ['smtp_server', 'smtp_port', 'smtp_sendmail_tls', 'admin_smtp_password'];
const CONF = /\$CONF\s*\[\s*(['"])(\w+)\1\s*\]\s*=(?!=)/g;
/** A hand-written file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, Assignment>;

const CONF_SETTINGS: SettingPattern = {
  statement: CONF, marker: '$CONF', keyOf: (m) => (KEYS.has(m[2]) ? m[2] : null), secret: (key) => key === 'admin_smtp_password',
};

/** `$CONF['key'] = value;` statements of the mail keys, live and commented out (`//`, `#`, `/* *\/`), each value its expression. */
function confAssignments(content: string, ctx: ExtractContext): Assignment[] {
  const { settings } = phpSettings(content, CONF_SETTINGS, (line) => ctx.warn('too-large', `more than ${MAX_SETTINGS} $CONF mail settings; the rest is not read`, line));
  return settings.map(({ key, raw, line, commented, text }) => ({ key, value: raw, line, commented, text }));
}

/** A literal's text ('' for null or false), or null for anything computed. */
function literalOf(entry: Assignment | undefined): string | null {
  if (!entry) return null;
  const v = phpValue(entry.value);
  if (v.kind === 'literal') return v.value;
  if (v.kind === 'bool') return v.value ? 'YES' : '';
  return null;
}

function located(entry: Assignment | undefined): { line: number; value: string } | null {
  const value = literalOf(entry);
  return entry && value ? { line: entry.line, value } : null;
}

function passwordState(entry: Assignment | undefined, register: (value: string) => void): { secret: SecretState; ref?: string } {
  if (!entry) return { secret: 'absent' };
  const v = phpValue(entry.value);
  if (v.kind === 'literal') return secretState(v.value, register);
  if (v.kind === 'bool') return { secret: 'absent' };
  if (v.kind === 'env') return { secret: 'external', ref: `env:${v.name}` };
  if (v.kind === 'const') return { secret: 'external', ref: `php-constant:${v.name}` };
  // An unclosed quote or an expression: what is written may still be the password.
  return secretState(entry.value.replace(/^\s*['"]|['"]?\s*$/g, ''), register);
}

function securityOf(settings: Settings, wrapper: string | null, port: number, notes: string[]): Security {
  if (wrapper === 'ssl' || wrapper === 'tls') return 'tls';
  if (parseBool(literalOf(settings.get('smtp_sendmail_tls'))) === true) {
    notes.push('PostfixAdmin 3.3 sends STARTTLS before EHLO and asks for TLS 1.2 only: servers that want EHLO first answer 503');
    return 'starttls';
  }
  if (port === 465) notes.push("port 465 without an ssl:// prefix on smtp_server: PostfixAdmin speaks plain SMTP there");
  return 'none';
}

function build(settings: Settings, commented: boolean, path: string, content: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const server = settings.get('smtp_server');
  const portEntry = settings.get('smtp_port');
  const value = server ? phpValue(server.value) : null;
  const draft: Partial<FindingDraft> = {};
  let host: string | null = null;
  if (value?.kind === 'literal') host = value.value.trim();
  else if (value?.kind === 'env') Object.assign(draft, { active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${value.name}` } });
  else if (value) { Object.assign(draft, { active: false, inactiveReason: 'unresolved' }); notes.push(`smtp_server is computed (${server!.value.slice(0, 80)}): check its value`); }
  else notes.push("smtp_server is not set in this file: config.inc.php's value applies (shipped: localhost)");
  if (server && value?.kind === 'literal' && host === '') Object.assign(draft, { active: false, inactiveReason: 'placeholder' });
  const wrapper = /^(ssl|tls|tcp):\/\//i.exec(host ?? '');
  if (wrapper) host = host!.slice(wrapper[0].length);
  const port = parsePort(literalOf(portEntry)) ?? 25;
  if (!portEntry) notes.push('smtp_port not set in this file: 25 assumed');
  const security = securityOf(settings, wrapper?.[1].toLowerCase() ?? null, port, notes);
  const password = settings.get('admin_smtp_password');
  const secret = passwordState(password, (v) => ctx.secret(v));
  const adminEmail = literalOf(settings.get('admin_email')) || null;
  const authenticates = secret.secret !== 'absent';
  if (authenticates && !adminEmail) notes.push("AUTH LOGIN as the logged-in admin's address (admin_email is empty)");
  if (!adminEmail && !commented) notes.push("From: the logged-in admin's address (admin_email is empty)");
  if (!commented && /config\.local\.php/.test(content) && /config\.inc\.php$/i.test(path)) notes.push('config.local.php, loaded at the end of this file, overrides these values where it sets them');
  const line = server?.line ?? settings.values().next().value?.line ?? null;
  return createFinding(detector, ctx, {
    line,
    key: `${line}:${commented ? 'c' : 'l'}`,
    host,
    port,
    security,
    auth: authenticates ? { method: 'password', username: adminEmail, secret: secret.secret } : { method: 'none', username: null, secret: 'absent' },
    secretRef: secret.ref,
    from: adminEmail,
    evidence: server?.text ?? settings.values().next().value?.text ?? '',
    locations: locationsOf({
      host: host && server ? { line: server.line, value: host } : null,
      port: located(portEntry),
      security: located(settings.get('smtp_sendmail_tls')),
      username: authenticates ? located(settings.get('admin_email')) : null,
      from: located(settings.get('admin_email')),
    }),
    notes,
    role: 'app',
    ...draft,
    ...(commented ? { active: false, inactiveReason: 'commented' } : {}),
  });
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const assignments = confAssignments(content, ctx);
  // Every password in the file is a secret, live or commented out.
  for (const a of assignments) if (a.key === 'admin_smtp_password') passwordState(a, (v) => ctx.secret(v));
  const findings: Finding[] = [];
  const live = liveSettings(assignments);
  if (SMTP_KEYS.some((k) => live.has(k))) findings.push(build(live, false, path, content, ctx));
  const blocks = commentedBlocks(assignments, (k) => k === 'smtp_server');
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out smtp_server settings; reporting the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) findings.push(build(block, true, path, content, ctx));
  return findings.length ? findings : null;
}

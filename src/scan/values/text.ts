// The small parsers every detector uses: placeholders, quotes, booleans, ports, host:port, SMTP URLs, environment
// references, lines and offsets, secret states, where files sit.
import type { Security } from '../../inventory/types.js';

const PLACEHOLDER_WORDS = new Set([
  '', 'null', 'nil', 'none', 'undefined', 'changeme', 'change_me', 'change-me', 'xxx', 'xxxx', 'todo', 'tbd', 'fixme',
  'your-smtp-server', 'your.smtp.server', 'smtp.yourdomain.com', 'smtp.your-domain.com', 'yourserver', 'your_smtp_host',
  'mail.yourdomain.com', 'smtp.server.com', 'hostname', 'host', 'smtp_host', 'smtp-host', 'server', 'your-server',
  'my.mail.host',
]);

/** Empty, `${VAR}`, `%VAR%`, `<host>`, `changeme`, `null`, `your-…` and the like: a value nobody filled in. */
export function isPlaceholder(raw: string | null | undefined): boolean {
  if (raw === null || raw === undefined) return true;
  const v = unquote(raw.trim()).toLowerCase();
  if (PLACEHOLDER_WORDS.has(v)) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Z_][A-Z0-9_]*$|^%[\w.()-]+%$|^\{\{.*\}\}$|^<[^>]*>$|^\[[A-Z_ ]+\]$/i.test(v)) return true;
  if (/(^|[.\-_\s])your([.\-_\s]|domain|server|host|company|smtp|mail|relay|org)/.test(v)) return true;
  if (/^(enter|insert|replace|put)[-_\s]/.test(v)) return true;
  if (/^x{3,}$|^\*{3,}$|^\.{3}$/.test(v)) return true;
  return false;
}

export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v[0] === '"' && v.at(-1) === '"') || (v[0] === "'" && v.at(-1) === "'") || (v[0] === '`' && v.at(-1) === '`'))) return v.slice(1, -1);
  return v;
}

export function parseBool(value: string | null | undefined): boolean | null {
  if (value === null || value === undefined) return null;
  const v = unquote(value).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 'y', 't', 'enabled', 'enable'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', 'n', 'f', 'disabled', 'disable', ''].includes(v)) return false;
  return null;
}

export function parsePort(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number.parseInt(unquote(String(value)), 10);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}

/** `host`, `host:port`, `[host]:port`, `[2001:db8::1]:587`, `host port`. Brackets kept out of the host. */
export function parseHostPort(raw: string): { host: string; port: number | null } {
  const v = unquote(raw.trim());
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracket) return { host: bracket[1], port: parsePort(bracket[2]) };
  const spaced = /^(\S+)\s+(\d+)$/.exec(v);
  if (spaced) return { host: spaced[1], port: parsePort(spaced[2]) };
  const colons = v.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = v.split(':');
    return { host, port: parsePort(port) };
  }
  return { host: v, port: null };
}

/** TLS mode implied by the port alone (config-formats.md §0 rule 1): 465 implicit, anything else unknown. */
export function securityFromPort(port: number | null): Security {
  return port === 465 ? 'tls' : 'unknown';
}

export interface SmtpUrl {
  scheme: string;
  host: string;
  port: number | null;
  username: string | null;
  password: string | null;
  security: Security;
  params: Record<string, string>;
}

/** smtp://user:pass@host:port, smtps://…, smtp+tls://…, submission://…, Symfony DSNs (`?encryption=tls`). */
export function parseSmtpUrl(raw: string): SmtpUrl | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]+\]|[^:/?#\s]*)(?::(\d+))?[^?#\s]*(?:\?([^#\s]*))?/i.exec(unquote(raw.trim()));
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  if (!/^(smtp|smtps|submission|submissions|smtp\+tls|smtp\+starttls|smtp\+ssl|esmtp|esmtps|sendmail|native|null|ses\+smtp|sendgrid\+smtp|mailgun\+smtp|postmark\+smtp|mailjet\+smtp|brevo\+smtp|sendinblue\+smtp|azure\+api|microsoft\+graph|lmtp|tls|ssl)$/.test(scheme)) return null;
  const params: Record<string, string> = {};
  for (const pair of (m[6] ?? '').split('&')) {
    if (!pair) continue;
    const [k, v = ''] = pair.split('=');
    params[safeDecode(k).toLowerCase()] = safeDecode(v);
  }
  const port = parsePort(m[5]);
  const enc = (params.encryption ?? params.tls ?? params.ssl ?? '').toLowerCase();
  let security: Security = 'unknown';
  if (/s$|\+ssl$|^ssl$/.test(scheme) || enc === 'ssl' || port === 465) security = 'tls';
  else if (/\+tls$|\+starttls$/.test(scheme) || ['tls', 'yes', 'true', 'starttls', 'required'].includes(enc) || params.auto_tls === 'true') security = 'starttls';
  else if (params.auto_tls === 'false' || enc === 'none' || enc === 'no') security = 'none';
  const host = m[4].replace(/^\[|\]$/g, '');
  return {
    scheme, host, port,
    username: m[2] ? safeDecode(m[2]) : null,
    password: m[3] !== undefined && m[3] !== '' ? safeDecode(m[3]) : null,
    security, params,
  };
}

function safeDecode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

/** The variable named by an environment indirection: `${SMTP_HOST}`, `${X:-d}`, `%env(X)%`, `env('X')`, `getenv("X")`, `os.environ['X']`, `process.env.X`, `ENV['X']`. */
export function envReference(raw: string): { name: string; fallback: string | null } | null {
  const v = unquote(raw.trim());
  const patterns: RegExp[] = [
    /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}$/,
    /^\$([A-Za-z_][A-Za-z0-9_]*)$/,
    /^%env\((?:[a-z]+:)*([A-Za-z_][A-Za-z0-9_]*)\)%$/,
    /^(?:env|getenv|os\.getenv|Env\.get)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*(?:['"]([^'"]*)['"]|[^)]*))?\)$/,
    /^os\.environ(?:\.get)?[[(]\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*['"]([^'"]*)['"])?\s*[\])]$/,
    /^process\.env\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*(?:\|\||\?\?)\s*['"]([^'"]*)['"])?$/,
    /^process\.env\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\](?:\s*(?:\|\||\?\?)\s*['"]([^'"]*)['"])?$/,
    /^ENV(?:\.fetch\(\s*|\[\s*)['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*['"]([^'"]*)['"])?\s*[\])]$/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(v);
    if (m) return { name: m[1], fallback: m[2] ?? null };
  }
  return null;
}

/** Split text into lines (LF or CRLF), keeping 1-based numbering for callers. */
export function splitLines(content: string): string[] {
  return content.split(/\r?\n|\r/);
}

/** 1-based line number of a character offset. */
export function lineAt(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

/** Walk a parsed JSON/YAML value iteratively with a depth bound (hostile files nest 20,000 deep). */
export function walkTree(root: unknown, visit: (key: string, value: unknown, parents: string[]) => void, maxDepth = 64): boolean {
  const stack: [unknown, string[]][] = [[root, []]];
  let truncated = false;
  while (stack.length) {
    const [node, parents] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (parents.length >= maxDepth) { truncated = true; continue; }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      visit(key, value, parents);
      if (value !== null && typeof value === 'object') stack.push([value, [...parents, key]]);
    }
  }
  return !truncated;
}

/** An e-mail address inside a value such as `"Ops" <ops@contoso.com>`. */
export function emailIn(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(raw);
  return m ? m[0] : null;
}

/** The folder of a path with a trailing '/', separators normalised to '/' (for pairing files that sit together). */
export function dirName(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(0, p.lastIndexOf('/') + 1);
}

/** 1-based line of an offset, by binary search over line starts (offsets may come in any order). */
export function lineIndex(content: string): (offset: number) => number {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

export type MailKey = 'host' | 'port' | 'security' | 'username' | 'password' | 'from' | 'auth';

const MAIL_KEY_REST: Record<string, MailKey> = {
  server: 'host', host: 'host', hostname: 'host', servername: 'host', serveraddress: 'host', serverhost: 'host', relay: 'host', smarthost: 'host', address: 'host',
  port: 'port', serverport: 'port',
  enablessl: 'security', usessl: 'security', ssl: 'security', sslenabled: 'security', enabletls: 'security', usetls: 'security', tls: 'security',
  tlsenabled: 'security', usestarttls: 'security', starttls: 'security', enablestarttls: 'security', securesocketoptions: 'security',
  securesocketoption: 'security', connectionsecurity: 'security', security: 'security', encryption: 'security', secure: 'security', requiressl: 'security',
  user: 'username', username: 'username', userid: 'username', login: 'username', loginname: 'username', account: 'username', accountname: 'username',
  password: 'password', pass: 'password', passwd: 'password', pwd: 'password', userpassword: 'password', accountpassword: 'password',
  from: 'from', fromaddress: 'from', fromemail: 'from', fromemailaddress: 'from', frommail: 'from', sender: 'from', senderaddress: 'from',
  senderemail: 'from', senderemailaddress: 'from', defaultfrom: 'from', defaultsender: 'from', emailaddress: 'from', mailaddress: 'from',
  authentication: 'auth', authmethod: 'auth', authtype: 'auth', auth: 'auth', usedefaultcredentials: 'auth', defaultcredentials: 'auth',
};

/**
 * What a mail setting's name holds, across naming styles (SmtpServer, smtp_host, MAIL_PORT, smtpUserName, EnableSsl, FromAddress).
 * `specific` when the name itself says SMTP or mail; a bare `Host` or `Port` only counts inside a mail section.
 */
export function mailKeyKind(name: string): { kind: MailKey; specific: boolean } | null {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === 'smtp') return { kind: 'host', specific: true };
  const prefix = /^(?:(?:mailer|e?mail|smtp|outgoing|outbound|notifications?|alerts?)(?=.))*/.exec(key)![0];
  const rest = key.slice(prefix.length);
  let kind = MAIL_KEY_REST[rest];
  if (!kind) return null;
  // `EmailAddress` names a mailbox, `SmtpAddress` a server.
  if (rest === 'address' && /mail$/.test(prefix)) kind = 'from';
  if (rest === 'emailaddress' || rest === 'mailaddress') return { kind: 'from', specific: prefix !== '' };
  return { kind, specific: prefix !== '' };
}

/** Where a value written as a reference lives (`${X}`, `%X%`, `$env:X`, `#{X}`, `__X__`), or null for a literal value. */
export function valueReference(raw: string): string | null {
  const v = unquote(raw.trim());
  const env = envReference(v) ?? (/^\$env:([A-Za-z_]\w*)$/i.exec(v) ? { name: v.slice(5) } : null);
  if (env) return `env:${env.name}`;
  const percent = /^%([A-Za-z_][\w.]*)%$/.exec(v);
  if (percent) return `env:${percent[1]}`;
  // Release-pipeline tokens replaced at deploy time (Octopus `#{X}`, Azure DevOps `#{X}#`, `__X__`).
  const token = /^#\{([\w.:-]+)\}#?$|^__([\w.-]+)__$/.exec(v);
  if (token) return `deploy-variable:${token[1] ?? token[2]}`;
  return null;
}

/** A secret value that is really documentation (`password`, `<secret>`, `changeme`): registering it would scrub that word from every output. */
export function isSecretPlaceholder(value: string | null | undefined): boolean {
  if (isPlaceholder(value)) return true;
  const v = unquote(value!.trim());
  return /^(my[-_ ]?)?(pass(word|wd|phrase)?|pwd|secret|s3cret|app[-_ ]?password|api[-_ ]?key|apikey|token|login|user(name)?)$/i.test(v) || /[-_ ]here$/i.test(v);
}

const LOCAL_MTA_PROGRAMS = /(?:^|[\s/])(msmtp|ssmtp|sendmail|postfix|exim4?|nullmailer-inject|dma|esmtp|mini_sendmail|mail|mailx|s-nail|bsd-mailx)(?=\s|$)/i;

/** Notes for a setting that hands mail to a local program (`sendmail -t`, `msmtp -a work`): follow it to that MTA's finding. */
export function localMtaNotes(command: string): string[] {
  const program = LOCAL_MTA_PROGRAMS.exec(command.trim())?.[1];
  const account = /\s-a\s*['"]?([^\s'"]+)/.exec(command)?.[1];
  if (!program) return [`hands mail to a local program (${command.trim().slice(0, 80)}): check what it does`];
  return [`hands mail to the local MTA (${program}${account ? `, account ${account}` : ''}): see that MTA's own finding`];
}

/** Files sorted into installations (one machine's /etc/mail, /etc/exim4, …), so one's credentials never attach to another's. */
export function groupFiles<T extends { path: string }>(files: T[], keyOf: (path: string) => string = dirName): T[][] {
  const groups = new Map<string, T[]>();
  for (const file of files) {
    const key = keyOf(file.path);
    const group = groups.get(key);
    if (group) group.push(file); else groups.set(key, [file]);
  }
  return [...groups.values()];
}

/** Of the files whose path ends with `suffix`, the one nearest to `near` (longest shared folder prefix): a scan holds many trees. */
export function nearestFile<T extends { path: string }>(files: T[], suffix: string, near: string): T | undefined {
  const norm = (p: string) => p.replace(/\\/g, '/');
  const target = norm(near);
  let best: T | undefined;
  let bestShared = -1;
  for (const file of files) {
    const path = norm(file.path);
    if (path === target || !path.endsWith(suffix)) continue;
    let shared = 0;
    while (shared < path.length && path[shared] === target[shared]) shared++;
    if (shared > bestShared) { best = file; bestShared = shared; }
  }
  return best;
}

/**
 * Where a secret value written in a config stands: 'absent' (empty or a documentation placeholder), 'external' (a
 * reference such as `${SMTP_PASSWORD}`, with `ref` naming where it lives) or 'present' (handed to `register`, so every
 * output scrubs it).
 */
export function secretState(raw: string | number | null | undefined, register: (value: string) => void): { secret: import('../../inventory/types.js').SecretState; ref?: string } {
  if (raw === null || raw === undefined) return { secret: 'absent' };
  const value = unquote(String(raw).trim());
  if (value === '') return { secret: 'absent' };
  const ref = valueReference(value);
  if (ref) return { secret: 'external', ref };
  if (isSecretPlaceholder(value)) return { secret: 'absent' };
  register(value);
  return { secret: 'present' };
}

type LocatedField = 'host' | 'port' | 'security' | 'username' | 'from';

/** Finding locations from the entries the values were read from (`{ line, value }`); absent or empty ones are left out. */
export function locationsOf(entries: Partial<Record<LocatedField, { line: number; value: string | number | boolean } | null | undefined>>): Partial<Record<LocatedField, { line: number; text: string }>> {
  const locations: Partial<Record<LocatedField, { line: number; text: string }>> = {};
  for (const [field, entry] of Object.entries(entries) as [LocatedField, { line: number; value: string | number | boolean } | null | undefined][]) {
    if (entry && entry.value !== '') locations[field] = { line: entry.line, text: String(entry.value) };
  }
  return locations;
}

/** Draft fields for a host written as an environment reference (`${SMTP_HOST}`, `$X`, rsyslog's `` `echo $X` ``):
 *  no host, inactive until the env pass (scan/env.ts) resolves it; null for a literal host. */
export function hostReference(raw: string | null | undefined): { host: null; active: false; inactiveReason: 'unresolved'; valueSources: { host: string } } | null {
  if (!raw) return null;
  const echo = /^`echo \$\{?([A-Za-z_]\w*)\}?`$/.exec(raw.trim());
  const env = echo ? { name: echo[1] } : envReference(raw);
  return env ? { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${env.name}` } } : null;
}

/** A file of an installed Python package (site-packages, dist-packages): library code and its defaults, not a site's settings. */
export function inPythonPackages(path: string): boolean {
  return /[\\/](site|dist)-packages[\\/]/.test(path);
}

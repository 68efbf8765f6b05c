// Small parsers shared by detectors: host:port, SMTP URLs, booleans, placeholders, environment references.
import type { Security } from '../inventory/types.js';

const PLACEHOLDER_WORDS = new Set([
  '', 'null', 'nil', 'none', 'undefined', 'changeme', 'change_me', 'change-me', 'xxx', 'xxxx', 'todo', 'tbd', 'fixme',
  'your-smtp-server', 'your.smtp.server', 'smtp.yourdomain.com', 'smtp.your-domain.com', 'yourserver', 'your_smtp_host',
  'mail.yourdomain.com', 'smtp.server.com', 'hostname', 'host', 'smtp_host', 'smtp-host', 'server', 'your-server',
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

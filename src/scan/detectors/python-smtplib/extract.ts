// Python scripts: smtplib.SMTP / SMTP_SSL sessions (.starttls(), .login(), .sendmail()) and logging's SMTPHandler,
// with hosts, ports and passwords followed through variables assigned in the same file.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { closingBracket, emailIn, inPythonPackages, isPlaceholder, lineAt, liveSettings, parsePort, splitTopLevel, type Assignment } from '../../values.js';
import { literalText, pyAssignments, pyValue, resolvePy, stripComment, type Resolved } from './python.js';

const detector = { id: 'python-smtplib', system: 'Python smtplib' };

interface Call { name: string; open: number; end: number; line: number; args: string[]; kw: Map<string, string>; variable: string | null; commented: boolean }
interface Scope { path: string; ctx: ExtractContext; content: string; names: Map<string, Assignment>; secrets: string[]; anchor: number }

/** Python's own smtplib/logging source and anything under site-packages is library code, not a script's settings. */
function isLibraryCode(content: string, path: string): boolean {
  return inPythonPackages(path) || /\/lib\/python[\d.]*\//.test(path.replace(/\\/g, '/')) || /^class (SMTP|SMTP_SSL|SMTPHandler)\b/m.test(content);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (isLibraryCode(content, path)) return null;
  const scope: Scope = { path, ctx, content, names: liveSettings(pyAssignments(content)), secrets: [], anchor: 0 };
  const sessions = calls(content, /\b(?:smtplib\.)?(SMTP_SSL|SMTP)\s*\(/g);
  const methods = calls(content, /\b(\w+)\.(starttls|login|sendmail|send_message|connect|auth)\s*\(/g);
  const findings: Finding[] = sessions.map((s, i) => session(s, sessions[i + 1]?.open ?? content.length, methods, scope));
  for (const call of [...sessions].filter((c) => c.end === c.open)) ctx.warn('parse-error', `${call.name}( is never closed`, call.line);
  for (const h of calls(content, /\b(?:logging\.handlers\.|handlers\.)?(SMTPHandler)\s*\(/g)) findings.push(handler(h.open, argOf(h, 0, 'mailhost'), argOf(h, 1, 'fromaddr'), argOf(h, 4, 'credentials'), argOf(h, 5, 'secure'), h.commented, scope));
  findings.push(...dictHandlers(scope));
  return findings.length ? findings : null;
}

/** Every call matching `pattern` with its arguments split (positional and keyword) and the variable it is bound to. */
function calls(content: string, pattern: RegExp): Call[] {
  const found: Call[] = [];
  for (let m = pattern.exec(content); m; m = pattern.exec(content)) {
    const open = m.index + m[0].length - 1;
    const lineStart = content.lastIndexOf('\n', m.index) + 1;
    const before = content.slice(lineStart, m.index);
    if (/\b(class|def)\s+$/.test(before)) continue;
    const end = closingBracket(content, open, { hashComments: true, limit: 5_000 });
    const inner = content.slice(open + 1, end === -1 ? Math.min(content.length, open + 500) : end - 1);
    const args: string[] = [];
    const kw = new Map<string, string>();
    for (const part of inner.trim() ? splitTopLevel(inner) : []) {
      const k = /^(\w+)\s*=(?!=)\s*(.*)$/s.exec(part);
      if (k) kw.set(k[1], k[2]); else args.push(part);
    }
    const after = end === -1 ? '' : content.slice(end, end + 80);
    const variable = /(\w+)\s*=\s*$/.exec(before.replace(/^\s*with\s+/, ''))?.[1] ?? /^\s*as\s+(\w+)/.exec(after)?.[1] ?? (m[2] ? m[1] : null);
    found.push({ name: m[2] ?? m[1], open, end: end === -1 ? open : end, line: lineAt(content, m.index), args, kw, variable, commented: /^\s*#/.test(before) });
  }
  return found;
}

function argOf(call: Call, index: number, keyword: string): string | undefined {
  return call.kw.get(keyword) ?? call.args[index];
}

function session(call: Call, nextOpen: number, methods: Call[], scope: Scope): Finding {
  const mine = methods.filter((m) => m.open > call.open && m.open < nextOpen && (!call.variable || m.variable === call.variable));
  const connect = mine.find((m) => m.name === 'connect');
  const hostExpr = argOf(call, 0, 'host') ?? (connect ? argOf(connect, 0, 'host') : undefined);
  const portExpr = argOf(call, 1, 'port') ?? (connect ? argOf(connect, 1, 'port') : undefined);
  const implicit = call.name === 'SMTP_SSL';
  scope.anchor = call.open;
  const draft = base(call.line, call.commented, scope, implicit ? 'Python smtplib (SMTP_SSL)' : 'Python smtplib');
  placeHost(draft, hostExpr, portExpr, implicit ? 465 : 25, scope);
  const starttls = mine.some((m) => m.name === 'starttls');
  draft.security = implicit ? 'tls' : starttls ? 'starttls' : 'none';
  const login = mine.find((m) => m.name === 'login');
  const oauth = mine.find((m) => m.name === 'auth' && /XOAUTH2/i.test(m.args[0] ?? ''));
  if (oauth) draft.auth = { method: 'oauth2', username: null, secret: 'external' };
  else if (login) credentials(draft, argOf(login, 0, 'user'), argOf(login, 1, 'password'), login.line, scope);
  else draft.auth = { method: 'none', username: null, secret: 'absent' };
  const send = mine.find((m) => m.name === 'sendmail' || m.name === 'send_message');
  const fromExpr = send ? (send.name === 'sendmail' ? argOf(send, 0, 'from_addr') : send.kw.get('from_addr')) : undefined;
  placeFrom(draft, fromExpr ?? fromHeader(scope.content, call.open), scope);
  return finish(draft, scope);
}

function handler(anchor: number, mailhost: string | undefined, fromaddr: string | undefined, creds: string | undefined, secure: string | undefined, commented: boolean, scope: Scope): Finding {
  scope.anchor = anchor;
  const line = lineAt(scope.content, anchor);
  const draft = base(line, commented, scope, 'Python logging SMTPHandler');
  const host = mailhost ? pyValue(mailhost) : null;
  // mailhost is 'host' or ('host', port); secure=() or a (keyfile, certfile) tuple turns STARTTLS on.
  if (host?.kind === 'tuple') placeHost(draft, host.items[0], host.items[1], 25, scope);
  else placeHost(draft, mailhost, undefined, 25, scope);
  const sec = secure ? pyValue(secure) : null;
  draft.security = sec && sec.kind !== 'none' ? 'starttls' : 'none';
  const pair = creds ? pyValue(creds) : null;
  if (pair?.kind === 'tuple') credentials(draft, pair.items[0], pair.items[1], line, scope);
  else draft.auth = { method: 'none', username: null, secret: 'absent' };
  placeFrom(draft, fromaddr, scope);
  return finish(draft, scope);
}

/** dictConfig: `'class': 'logging.handlers.SMTPHandler'` followed by 'mailhost', 'fromaddr', 'credentials', 'secure' entries. */
function dictHandlers(scope: Scope): Finding[] {
  const found: Finding[] = [];
  const pattern = /['"]class['"]\s*:\s*['"]logging\.handlers\.SMTPHandler['"]/g;
  for (let m = pattern.exec(scope.content); m; m = pattern.exec(scope.content)) {
    const open = scope.content.lastIndexOf('{', m.index);
    const end = open === -1 ? -1 : closingBracket(scope.content, open, { hashComments: true, limit: 5_000 });
    if (end === -1) continue;
    const entries = new Map<string, string>();
    for (const part of splitTopLevel(scope.content.slice(open + 1, end - 1))) {
      const kv = /^['"](\w+)['"]\s*:\s*(.*)$/s.exec(stripComment(part).trim());
      if (kv) entries.set(kv[1], kv[2]);
    }
    found.push(handler(m.index, entries.get('mailhost'), entries.get('fromaddr'), entries.get('credentials'), entries.get('secure'), false, scope));
  }
  return found;
}

function base(line: number, commented: boolean, scope: Scope, system: string): FindingDraft {
  const text = scope.content.split('\n', line)[line - 1]?.trim() ?? '';
  return { line, key: `${system}:${line}`, system, role: 'script', evidence: text.slice(0, 300), notes: [], locations: {}, valueSources: {}, ...(commented ? { active: false, inactiveReason: 'commented' } : {}) };
}

function resolve(expr: string | undefined, scope: Scope): Resolved | null {
  return expr === undefined ? null : resolvePy(expr, scope.names);
}

function placeHost(draft: FindingDraft, hostExpr: string | undefined, portExpr: string | undefined, defaultPort: number, scope: Scope): void {
  const host = resolve(hostExpr, scope);
  const port = resolve(portExpr, scope);
  draft.port = parsePort(port?.value as number | string | null) ?? (port && port.kind !== 'literal' ? null : defaultPort);
  if (port?.kind === 'literal') draft.locations!.port = at(port.origin?.line ?? literalLine(scope, String(port.value)), literalText(port.origin, port.value) ?? String(port.value));
  if (!host) { Object.assign(draft, { host: 'localhost' }); draft.notes!.push('no host given: smtplib connects to localhost'); return; }
  if (host.kind === 'literal') {
    const text = String(host.value);
    const combined = /^([^:]+):(\d+)$/.exec(text);
    draft.host = combined ? combined[1] : text;
    if (combined && draft.port === defaultPort) draft.port = Number(combined[2]);
    draft.locations!.host = at(host.origin?.line ?? literalLine(scope, text), host.origin ? literalText(host.origin, host.value) : text);
    if (host.origin) draft.valueSources!.host = `${host.raw.trim()} (line ${host.origin.line})`;
    return;
  }
  Object.assign(draft, { host: host.fallback ?? null, active: false, inactiveReason: 'unresolved' });
  draft.valueSources!.host = host.kind === 'env' ? `env:${host.env}` : `code:${host.raw.trim().slice(0, 80)}`;
}

function credentials(draft: FindingDraft, userExpr: string | undefined, passwordExpr: string | undefined, line: number, scope: Scope): void {
  const user = resolve(userExpr, scope);
  const password = resolve(passwordExpr, scope);
  const username = user?.kind === 'literal' ? String(user.value) : null;
  if (username && user) draft.locations!.username = at(user.origin?.line ?? literalLine(scope, username), username);
  if (user?.kind === 'env') draft.valueSources!.username = `env:${user.env}`;
  let secret: 'present' | 'external' | 'absent' = 'external';
  if (password?.kind === 'literal' && password.value !== '' && !isPlaceholder(String(password.value))) {
    secret = 'present';
    scope.ctx.secret(String(password.value));
    scope.secrets.push(String(password.value));
  } else if (password?.kind === 'env') draft.secretRef = `env:${password.env}`;
  else if (/getpass/.test(passwordExpr ?? '')) draft.secretRef = 'prompt:getpass';
  else if (/keyring\./.test(passwordExpr ?? '')) draft.secretRef = 'keyring';
  else if (!password || password.kind === 'none' || password.value === '') secret = 'absent';
  else draft.secretRef = `code:${scope.path}:${line}`;
  draft.auth = { method: 'password', username, secret };
}

function placeFrom(draft: FindingDraft, expr: string | undefined, scope: Scope): void {
  const from = resolve(expr, scope);
  if (from?.kind !== 'literal') return;
  draft.from = emailIn(String(from.value));
  if (draft.from) draft.locations!.from = at(from.origin?.line ?? literalLine(scope, String(from.value)), String(from.value));
}

/** The nearest `msg['From'] = …` before or after the session. */
function fromHeader(content: string, near: number): string | undefined {
  const pattern = /\[\s*['"]From['"]\s*\]\s*=\s*([^\n]+)/g;
  let best: { expr: string; distance: number } | undefined;
  for (let m = pattern.exec(content); m; m = pattern.exec(content)) {
    const distance = Math.abs(m.index - near);
    if (!best || distance < best.distance) best = { expr: m[1], distance };
  }
  return best?.expr;
}

/** The line of the first occurrence of a literal at or after the call being read. */
function literalLine(scope: Scope, text: string): number {
  const index = scope.content.indexOf(text, scope.anchor);
  return lineAt(scope.content, index === -1 ? scope.anchor : index);
}

function finish(draft: FindingDraft, scope: Scope): Finding {
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

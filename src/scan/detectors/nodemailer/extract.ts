// Node.js nodemailer: createTransport({ host, port, secure, requireTLS, auth, service }) and createTransport('smtps://…').
// `service:` names are resolved through nodemailer's own well-known table (its aliases and domains too).
import wellKnown from 'nodemailer/lib/well-known';
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { closingBracket, emailIn, isPlaceholder, lineAt, parsePort, parseSmtpUrl, splitTopLevel } from '../../values.js';
import { blankComments, declarations, jsValue, type JsValue } from './js.js';

const detector = { id: 'nodemailer', system: 'Node.js nodemailer' };

interface Scope { path: string; ctx: ExtractContext; content: string; secrets: string[] }

/** nodemailer's own source (or any module that defines createTransport), and minified bundles, are library code, not an app's settings. */
function isLibraryCode(code: string, path: string): boolean {
  const normal = path.replace(/\\/g, '/');
  return /\/node_modules\//.test(normal) || /\.min\.[cm]?js$/i.test(normal)
    || /\bfunction\s+createTransport\b|\bcreateTransport\s*[:=]\s*(?:async\s+)?(?:function\b|\()|exports\.createTransport\s*=/.test(code);
}

/** Keys of nodemailer's options (SMTP, and its other transports): an object with none of them, in a file that never names nodemailer, is another library's transport. */
const SMTP_OPTION = /^(host|port|service|auth|secure|requireTLS|url|pool|transport|SES|sendmail|streamTransport|jsonTransport)$/;

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // `// nodemailer.createTransport(…)` lines are kept as inactive settings: uncomment them before blanking comments.
  const commentedLines = new Set<number>();
  const code = blankComments(content.replace(/^([ \t]*)\/\/(?=.*\bcreateTransport\s*\()/gm, (whole, indent: string, offset: number) => {
    commentedLines.add(lineAt(content, offset));
    return `${indent}  `;
  }));
  if (isLibraryCode(code, path)) return null;
  const names = declarations(code);
  const scope: Scope = { path, ctx, content, secrets: [] };
  const from = sendMailFrom(code, names);
  const findings: Finding[] = [];
  // socket.io, winston and others have a createTransport of their own: without nodemailer in the file, only SMTP-shaped calls count
  const namesNodemailer = /nodemailer/i.test(content);
  const pattern = /\bcreateTransport\s*\(/g;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const open = m.index + m[0].length - 1;
    const end = closingBracket(code, open, { limit: 20_000 });
    if (end === -1) { ctx.warn('parse-error', 'createTransport( is never closed', lineAt(content, m.index)); continue; }
    const args = splitTopLevel(code.slice(open + 1, end - 1));
    let first = jsValue(args[0] ?? '', open + 1 + code.slice(open + 1).indexOf(args[0] ?? ''), names);
    // Old nodemailer-smtp-transport: createTransport(smtpTransport({...})).
    if (first.kind === 'unknown') {
      const wrapped = /^\w+\s*\((\{[\s\S]*\})\)$/.exec(first.raw);
      if (wrapped) first = jsValue(wrapped[1], first.offset + first.raw.indexOf('{'), names);
    }
    const smtpShaped = (first.kind === 'literal' && /^smtps?:\/\//i.test(String(first.value))) || (first.kind === 'object' && [...first.entries.keys()].some((k) => SMTP_OPTION.test(k)));
    if (!namesNodemailer && !smtpShaped) continue;
    const defaults = args[1] ? jsValue(args[1], open + 1 + code.slice(open + 1).indexOf(args[1]), names) : null;
    const line = lineAt(content, m.index);
    const draft: FindingDraft = { line, key: String(m.index), role: 'app', evidence: content.split('\n', line)[line - 1].trim().slice(0, 300), notes: [], locations: {}, valueSources: {} };
    if (first.kind === 'literal' && typeof first.value === 'string') fromUrl(first.value, draft, scope);
    else if (first.kind === 'object') fromOptions(first.entries, draft, scope);
    else if (first.kind === 'env') Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${first.name}` } });
    else Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `code:${args[0]?.trim().slice(0, 80) ?? ''}` } });
    const fromValue = (defaults?.kind === 'object' ? defaults.entries.get('from') : undefined) ?? from;
    if (!draft.from && fromValue?.kind === 'literal') { draft.from = emailIn(String(fromValue.value)); draft.locations!.from = loc(scope, fromValue); }
    if (commentedLines.has(line)) Object.assign(draft, { active: false, inactiveReason: 'commented' });
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile, secrets: scope.secrets }, draft));
  }
  return findings.length ? findings : null;
}

function loc(scope: Scope, value: JsValue): ReturnType<typeof at> {
  return value.kind === 'literal' ? at(lineAt(scope.content, value.offset), String(value.value)) : undefined;
}

function secret(scope: Scope, value: JsValue | undefined): 'present' | 'external' | 'absent' {
  if (!value) return 'absent';
  if (value.kind === 'literal' && value.value !== '' && !isPlaceholder(String(value.value))) {
    scope.ctx.secret(String(value.value));
    scope.secrets.push(String(value.value));
    return 'present';
  }
  return value.kind === 'env' || value.kind === 'unknown' ? 'external' : 'absent';
}

/** `smtps://user:pass@host:465` = implicit TLS; `smtp://` = STARTTLS when offered. */
function fromUrl(url: string, draft: FindingDraft, scope: Scope): void {
  const parsed = parseSmtpUrl(url);
  if (!parsed) { scope.ctx.warn('parse-error', 'createTransport URL is not an SMTP URL', draft.line ?? undefined); return; }
  if (parsed.password && !isPlaceholder(parsed.password)) { scope.ctx.secret(parsed.password); scope.secrets.push(parsed.password); }
  const implicit = parsed.scheme === 'smtps' || parsed.params.secure === 'true';
  draft.host = parsed.host;
  draft.port = parsed.port ?? (implicit ? 465 : 587);
  draft.security = implicit ? 'tls' : 'starttls';
  if (!implicit) draft.notes!.push('STARTTLS is opportunistic (nodemailer uses it when the server offers it)');
  draft.auth = { method: parsed.username ? 'password' : 'none', username: parsed.username, secret: parsed.password ? 'present' : 'absent' };
  const line = draft.line!;
  draft.locations = { host: at(line, parsed.host), port: at(line, parsed.port) };
}

function fromOptions(o: Map<string, JsValue>, draft: FindingDraft, scope: Scope): void {
  const literal = (key: string) => { const v = o.get(key); return v?.kind === 'literal' ? v.value : undefined; };
  if (literal('sendmail') === true) { Object.assign(draft, { host: 'localhost', endpointKind: 'local', security: 'none', auth: { method: 'none', username: null, secret: 'absent' } }); draft.notes!.push('sendmail transport: the local MTA sends'); return; }
  if (literal('jsonTransport') === true || literal('streamTransport') === true) { Object.assign(draft, { active: false, inactiveReason: 'disabled' }); draft.notes!.push('json/stream transport: nothing is sent'); return; }
  if (o.has('send') || (o.has('transport') && o.get('transport')?.kind !== 'literal')) { Object.assign(draft, { active: false, inactiveReason: 'not-smtp' }); draft.notes!.push('custom transport (its own send function or transport object): not SMTP; see what it calls'); return; }
  if (o.has('SES')) { Object.assign(draft, { endpointKind: 'other-public' }); draft.notes!.push('SES API transport, not SMTP'); return; }
  const service = literal('service');
  const known = typeof service === 'string' ? wellKnown(service) : false;
  if (typeof service === 'string') draft.notes!.push(known ? `service '${service}' resolved through nodemailer's well-known services` : `service '${service}' is not in nodemailer's well-known services`);
  const hostV = o.get('host');
  if (hostV?.kind === 'literal') { draft.host = String(hostV.value); draft.locations!.host = loc(scope, hostV); }
  else if (hostV?.kind === 'env') Object.assign(draft, { host: hostV.fallback, active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${hostV.name}` } });
  else if (hostV) Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `code:${hostV.kind === 'unknown' ? hostV.raw.slice(0, 80) : 'object'}` } });
  else if (known && known.host) { draft.host = known.host; if (typeof service === 'string') draft.locations!.host = loc(scope, o.get('service')!); }
  else if (!service) draft.host = 'localhost';
  const secureV = o.get('secure');
  const secure = secureV ? (secureV.kind === 'literal' ? secureV.value === true : null) : known ? known.secure === true : false;
  const portV = o.get('port');
  draft.port = parsePort(portV?.kind === 'literal' ? (portV.value as number) : null) ?? (portV && portV.kind !== 'literal' ? null : (known ? parsePort(known.port) : null) ?? (secure ? 465 : 587));
  if (portV?.kind === 'literal') draft.locations!.port = loc(scope, portV);
  if (portV?.kind === 'env') draft.valueSources!.port = `env:${portV.name}`;
  draft.security = security(secure, literal('requireTLS') === true, literal('ignoreTLS') === true, draft);
  if (secureV?.kind === 'env') { draft.security = 'unknown'; draft.notes!.push(`secure decided by ${secureV.name} at run time`); }
  const auth = o.get('auth');
  const a = auth?.kind === 'object' ? auth.entries : new Map<string, JsValue>();
  const userV = a.get('user');
  const username = userV?.kind === 'literal' ? String(userV.value) : null;
  if (username) draft.locations!.username = loc(scope, userV!);
  if (userV?.kind === 'env') draft.valueSources!.username = `env:${userV.name}`;
  const type = a.get('type');
  const oauth = type?.kind === 'literal' && /oauth2/i.test(String(type.value));
  const secretKeys = oauth ? ['clientSecret', 'refreshToken', 'accessToken', 'privateKey'] : ['pass'];
  const states = secretKeys.map((k) => secret(scope, a.get(k)));
  const state = states.includes('present') ? 'present' : states.includes('external') ? 'external' : 'absent';
  const ref = secretKeys.map((k) => a.get(k)).find((v) => v?.kind === 'env');
  if (ref?.kind === 'env') draft.secretRef = `env:${ref.name}`;
  draft.auth = { method: oauth ? 'oauth2' : username || state !== 'absent' ? 'password' : auth ? 'unknown' : 'none', username, secret: state };
  const tls = o.get('tls');
  if (tls?.kind === 'object' && tls.entries.get('ciphers')?.kind === 'literal' && /sslv3/i.test(String((tls.entries.get('ciphers') as { value: unknown }).value))) draft.notes!.push("tls.ciphers 'SSLv3': an old Outlook recipe; modern TLS needs no cipher override");
  const from = o.get('from');
  if (from?.kind === 'literal') { draft.from = emailIn(String(from.value)); draft.locations!.from = loc(scope, from); }
}

/** nodemailer: secure = implicit TLS; otherwise STARTTLS when offered, required with requireTLS, never with ignoreTLS. */
function security(secure: boolean | null, requireTLS: boolean, ignoreTLS: boolean, draft: FindingDraft): Security {
  if (secure === true) return 'tls';
  if (ignoreTLS) return 'none';
  if (requireTLS) return 'starttls';
  draft.notes!.push('STARTTLS is opportunistic (secure is false and requireTLS is not set)');
  return 'starttls';
}

/** The first literal `from:` in a sendMail({...}) call of the file. */
function sendMailFrom(code: string, names: ReturnType<typeof declarations>): JsValue | undefined {
  const pattern = /\bsendMail\s*\(\s*\{/g;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const open = m.index + m[0].length - 1;
    const end = closingBracket(code, open, { limit: 20_000 });
    if (end === -1) continue;
    const value = jsValue(code.slice(open, end), open, names);
    const from = value.kind === 'object' ? value.entries.get('from') : undefined;
    if (from?.kind === 'literal') return from;
  }
  return undefined;
}

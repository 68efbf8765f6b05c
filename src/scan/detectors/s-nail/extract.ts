// s-nail / Heirloom mailx / nail (s-nail(1)): `set mta=smtp[s]://[user[:pass]@]host[:port]` (also submission[s]://)
// with `smtp-use-starttls`, legacy `set smtp=host[:port]` (used in preference), smtp-auth, smtp-auth-user,
// smtp-auth-password (and their -USER@HOST variants), password-*, netrc-lookup, from; `account NAME { … }` blocks.
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, hostReference, isSecretPlaceholder, localMtaNotes, parseHostPort, parseSmtpUrl, shellWords, splitLines } from '../../values.js';

const detector = { id: 's-nail', system: 's-nail / mailx' };

export interface Variable { value: string; line: number; text: string }
type Scope = Map<string, Variable>;
interface Parsed { global: Scope; accounts: Map<string, Scope>; commented: { name: string; value: string; line: number; text: string }[] }

const PORTS: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465 };

/** `set a=b c="d e" flag` commands (backslash continuations joined) into the global scope or an account's. */
export function parse(content: string): Parsed {
  const parsed: Parsed = { global: new Map(), accounts: new Map(), commented: [] };
  const lines = splitLines(content);
  let scope = parsed.global;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i];
    while (/\\$/.test(text) && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]}`;
    const trimmed = text.trim();
    const commented = /^#\s*set\s+(.*)$/.exec(trimmed);
    if (commented) {
      for (const word of shellWords(commented[1])) {
        const m = /^(mta|smtp)=(.+)$/.exec(word);
        if (m) parsed.commented.push({ name: m[1], value: m[2], line: start + 1, text: trimmed.slice(0, 300) });
      }
      continue;
    }
    const account = /^acc(?:ount)?\s+(\S+)\s*\{/.exec(trimmed);
    if (account) { scope = new Map(); parsed.accounts.set(account[1], scope); continue; }
    if (trimmed === '}') { scope = parsed.global; continue; }
    const command = /^(set|se|unset|uns)\s+(.*)$/.exec(trimmed);
    if (!command) continue;
    for (const word of shellWords(command[2])) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word : word.slice(0, eq);
      if (command[1].startsWith('u') || (eq === -1 && name.startsWith('no'))) { scope.delete(command[1].startsWith('u') ? name : name.slice(2)); continue; }
      scope.set(name, { value: eq === -1 ? '' : word.slice(eq + 1), line: start + 1, text: trimmed.slice(0, 300) });
    }
  }
  return parsed;
}

function find(scope: Scope, test: (name: string) => boolean): Variable | undefined {
  for (const [name, v] of scope) if (test(name)) return v;
  return undefined;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const parsed = parse(content);
  const secrets: string[] = [];
  for (const scope of [parsed.global, ...parsed.accounts.values()]) {
    for (const [name, v] of scope) {
      const url = /^(mta|smtp)$/.test(name) ? parseSmtpUrl(v.value) : null;
      for (const secret of [/password/.test(name) ? v.value : null, url?.password ?? null]) if (secret && !isSecretPlaceholder(secret)) { ctx.secret(secret); secrets.push(secret); }
    }
  }
  const scrub = (text: string) => secrets.filter((s) => s.length >= 3).reduce((t, s) => t.split(s).join('***'), text);
  const findings: Finding[] = [];
  const scopes: [string, Scope][] = [['', parsed.global], ...[...parsed.accounts].map(([name, own]) => [name, new Map([...parsed.global, ...own])] as [string, Scope])];
  for (const [account, scope] of scopes) {
    const own = account ? parsed.accounts.get(account)! : parsed.global;
    const transport = own.get('smtp') ?? own.get('mta');
    if (!transport?.value) continue;
    findings.push(transportFinding(account, scope, transport, own.has('smtp'), scrub, ctx));
  }
  for (const c of parsed.commented) {
    const url = parseSmtpUrl(c.value);
    const host = url?.host ?? (c.value.startsWith('/') ? null : parseHostPort(c.value).host);
    if (!host) continue;
    findings.push(createFinding(detector, ctx, { line: c.line, key: `commented:${c.line}:${c.name}`, host, port: url?.port ?? parseHostPort(c.value).port, security: 'unknown', active: false, evidence: scrub(c.text), role: 'client' }));
  }
  return findings.length ? findings : null;
}

function transportFinding(account: string, scope: Scope, transport: Variable, legacyVariable: boolean, scrub: (t: string) => string, ctx: ExtractContext): Finding {
  const from = scope.get('from');
  const common = { line: transport.line, key: account || 'global', from: emailIn(from?.value) ?? null, evidence: scrub(transport.text), role: 'client' as const };
  const value = transport.value.replace(/^file:\/\//, '/');
  if (value.startsWith('/')) {
    return createFinding(detector, ctx, { ...common, host: null, endpointKind: 'local', security: 'unknown', auth: { method: 'none', username: null, secret: 'absent' }, notes: localMtaNotes(value) });
  }
  const url = parseSmtpUrl(value);
  const scheme = url?.scheme ?? 'smtp';
  const legacy = url ? null : parseHostPort(value);
  const host = url?.host ?? legacy?.host ?? null;
  const starttls = Boolean(find(scope, (n) => n === 'smtp-use-starttls' || n.startsWith('smtp-use-starttls-')));
  const security: Security = scheme === 'smtps' || scheme === 'submissions' ? 'tls' : starttls ? 'starttls' : 'none';
  const user = url?.username ?? find(scope, (n) => n === 'smtp-auth-user' || n.startsWith('smtp-auth-user-') || n.startsWith('user-'))?.value ?? null;
  const password = url?.password ?? find(scope, (n) => /^(smtp-auth-password|password)(-|$)/.test(n))?.value;
  const mechanism = find(scope, (n) => n === 'smtp-auth' || n.startsWith('smtp-auth-') && !/^smtp-auth-(user|password)/.test(n))?.value.toLowerCase() ?? '';
  const netrc = scope.has('netrc-lookup') || Boolean(find(scope, (n) => n.startsWith('netrc-lookup-')));
  const method: AuthMethod = mechanism === 'none' || (!user && !mechanism) ? 'none' : /oauthbearer|xoauth2/.test(mechanism) ? 'oauth2' : 'password';
  const notes: string[] = [];
  if (account) notes.push(`account ${account}`);
  if (security === 'none' && (scheme === 'smtp' || scheme === 'submission')) notes.push('no smtp-use-starttls: s-nail sends without TLS');
  if (legacyVariable) notes.push('legacy `smtp` variable (used in preference to mta)');
  return createFinding(detector, ctx, {
    ...common,
    host,
    port: url?.port ?? legacy?.port ?? PORTS[scheme] ?? 25,
    security,
    auth: { method, username: method === 'none' ? null : user, secret: method === 'none' ? 'absent' : password ? 'present' : netrc ? 'external' : 'absent' },
    secretRef: method !== 'none' && !password && netrc ? 'file:~/.netrc (netrc-lookup)' : undefined,
    ...hostReference(host),
    locations: {
      host: host && transport.text.includes(host) ? at(transport.line, host) : undefined,
      from: from ? at(from.line, from.value) : undefined,
    },
    notes,
  });
}

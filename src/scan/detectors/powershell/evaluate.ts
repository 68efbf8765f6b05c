// Just enough PowerShell evaluation to follow mail settings through variables: literals, interpolation, `$env:`,
// hashtables, credentials (NetworkCredential, PSCredential, ConvertTo-SecureString, Get-Credential, Import-Clixml)
// and the objects that send (System.Net.Mail and MailKit SmtpClient, MailMessage).
import type { SecretState } from '../../../inventory/types.js';
import { closingBracket, unquote } from '../../values.js';
import { splitArgs } from './script.js';

export type PsValue =
  | { kind: 'text'; value: string; line: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'ref'; source: string }
  | { kind: 'secret'; state: SecretState; ref?: string }
  | { kind: 'credential'; username: PsValue | null; secret: { state: SecretState; ref?: string } }
  | { kind: 'hashtable'; entries: Map<string, { expr: string; line: number }> }
  | { kind: 'client'; client: Client }
  | { kind: 'message'; from: PsValue | null }
  | { kind: 'unknown'; expr: string };

export interface Client {
  library: 'system-net-mail' | 'mailkit';
  line: number;
  evidence: string;
  commented: boolean;
  host: PsValue | null;
  port: PsValue | null;
  enableSsl: PsValue | null;
  /** MailKit `Connect(host, port, options)`: the third argument. */
  socketOptions: PsValue | null;
  credential: PsValue | null;
  defaultCredentials: boolean;
  pickup: boolean;
  from: PsValue | null;
}

export interface Scope {
  vars: Map<string, PsValue>;
  /** Register a secret value (ctx.secret plus the evidence scrub list). */
  secret(value: string): void;
}

export function varName(raw: string): string {
  return raw.replace(/^\$/, '').replace(/^(script|global|local|private|using):/i, '').toLowerCase();
}

function textOf(value: string, line: number, text = value): PsValue {
  return { kind: 'text', value, line, text };
}

/** `"smtp.$domain"`: `$var`, `${var}` and `$($var)` replaced when they hold text; backtick escapes removed. */
function interpolate(body: string, scope: Scope): string {
  return body
    .replace(/\$\(\s*(\$[\w:]+)\s*\)|\$\{([\w:]+)\}|\$([\w]+(?::[\w]+)?)/g, (whole, a: string, b: string, c: string) => {
      const v = scope.vars.get(varName(a ?? b ?? c));
      return v?.kind === 'text' ? v.value : whole;
    })
    .replace(/`(.)/g, '$1');
}

/** The credential half of a value: a PSCredential, a NetworkCredential, or a bare secret. */
export function secretOf(value: PsValue | null, scope: Scope): { state: SecretState; ref?: string } {
  if (!value) return { state: 'absent' };
  if (value.kind === 'secret') return { state: value.state, ref: value.ref };
  if (value.kind === 'credential') return value.secret;
  if (value.kind === 'ref') return { state: 'external', ref: value.source };
  if (value.kind === 'text') { scope.secret(value.value); return { state: 'present' }; }
  return { state: 'absent' };
}

const SWITCH = /^-(AsPlainText|Force|AsSecureString)$/i;

/** A named argument's value, else the n-th positional one. */
function argValue(args: string[], name: RegExp, position: number): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (name.test(args[i])) return args[i + 1];
    if (/^-[A-Za-z]/.test(args[i])) { if (!SWITCH.test(args[i])) i++; continue; }
    positional.push(args[i]);
  }
  return positional[position];
}

/**
 * Whitespace-separated words outside quotes and brackets, brackets nested to any depth: an inline
 * `-Credential (New-Object PSCredential('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)))` is one word.
 * By hand because a regular expression cannot balance brackets; bounded to the first 4,000 characters.
 */
export function words(text: string): string[] {
  const s = text.slice(0, 4000);
  const out: string[] = [];
  let start = -1;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"') {
      if (start < 0) start = i;
      i = quoteEnd(s, i);
      continue;
    }
    if (c === '(') { if (start < 0) start = i; depth++; continue; }
    if (c === ')') { if (depth > 0) depth--; else if (start >= 0) { out.push(s.slice(start, i)); start = -1; } continue; }
    if (/\s/.test(c) && depth === 0) { if (start >= 0) { out.push(s.slice(start, i)); start = -1; } continue; }
    if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/** The index of the quote closing the one at `i` ('' and `" escape in PowerShell), or the last index. */
function quoteEnd(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (q === '"' && s[j] === '`') { j++; continue; }
    if (s[j] === q) { if (q === "'" && s[j + 1] === "'") { j++; continue; } return j; }
  }
  return s.length - 1;
}

function newObject(type: string, rawArgs: string[], line: number, scope: Scope, expr: string): PsValue {
  const t = type.toLowerCase().replace(/^system\./, '');
  const args = rawArgs.map((a) => evaluate(a, line, scope));
  if (t === 'net.mail.smtpclient' || t === 'mailkit.net.smtp.smtpclient') {
    const client: Client = {
      library: t.startsWith('mailkit') ? 'mailkit' : 'system-net-mail', line, evidence: expr, commented: false,
      host: args[0] ?? null, port: args[1] ?? null, enableSsl: null, socketOptions: null, credential: null, defaultCredentials: false, pickup: false, from: null,
    };
    return { kind: 'client', client };
  }
  if (t === 'net.networkcredential' || t === 'management.automation.pscredential' || t === 'pscredential') {
    return { kind: 'credential', username: args[0] ?? null, secret: secretOf(args[1] ?? null, scope) };
  }
  if (t === 'net.mail.mailmessage') return { kind: 'message', from: args[0] ?? null };
  if (t === 'net.mail.mailaddress') return args[0] ?? { kind: 'unknown', expr };
  if (t === 'mimekit.mailboxaddress') return args[1] ?? args[0] ?? { kind: 'unknown', expr };
  return { kind: 'unknown', expr };
}

/** `New-Object Type(args)`, `New-Object -TypeName Type -ArgumentList a, b`, `[Type]::new(args)`. */
function construct(expr: string, line: number, scope: Scope): PsValue | null {
  const ctor = /^\[([\w.]+)\]::new\(([\s\S]*)\)$/i.exec(expr);
  if (ctor) return newObject(ctor[1], splitArgs(ctor[2]), line, scope, expr);
  const m = /^New-Object\s+(?:-TypeName\s+)?([\w.]+)\s*([\s\S]*)$/i.exec(expr);
  if (!m) return null;
  let rest = m[2].trim().replace(/^-ArgumentList\s+/i, '').replace(/^-Property\s+.*$/i, '');
  if (/^@?\(/.test(rest) && rest.endsWith(')')) rest = rest.replace(/^@?\(/, '').slice(0, -1);
  return newObject(m[1], rest ? splitArgs(rest) : [], line, scope, expr);
}

/** `@{ Key = value; 'Other' = value }`: entries kept as expressions, evaluated where they are used. */
function hashtable(expr: string, line: number): PsValue {
  const entries = new Map<string, { expr: string; line: number }>();
  for (const entry of splitArgs(expr.slice(2, -1), ';')) {
    const m = /^\s*['"]?([\w:.-]+)['"]?\s*=\s*([\s\S]+?)\s*$/.exec(entry);
    if (m) entries.set(m[1].toLowerCase(), { expr: m[2], line });
  }
  return { kind: 'hashtable', entries };
}

function credentialCommand(expr: string, line: number, scope: Scope): PsValue | null {
  const args = words(expr).slice(1);
  const name = /^([\w-]+)/.exec(expr)![1].toLowerCase();
  if (name === 'get-credential') {
    const user = argValue(args, /^-(UserName|Credential)$/i, 0);
    return { kind: 'credential', username: user ? evaluate(user, line, scope) : null, secret: { state: 'external', ref: 'prompt:Get-Credential' } };
  }
  if (name === 'import-clixml') return { kind: 'credential', username: null, secret: { state: 'external', ref: `file:${unquote(argValue(args, /^-(Path|LiteralPath)$/i, 0) ?? '?')} (DPAPI)` } };
  if (name === 'get-storedcredential') return { kind: 'credential', username: null, secret: { state: 'external', ref: `credman:${unquote(argValue(args, /^-Target$/i, 0) ?? '?')}` } };
  if (name === 'get-secret') {
    const vault = argValue(args, /^-Vault$/i, 99);
    return { kind: 'credential', username: null, secret: { state: 'external', ref: `vault:${vault ? `${unquote(vault)}/` : ''}${unquote(argValue(args, /^-Name$/i, 0) ?? '?')}` } };
  }
  if (name === 'get-automationpscredential') return { kind: 'credential', username: null, secret: { state: 'external', ref: `automation:${unquote(argValue(args, /^-Name$/i, 0) ?? '?')}` } };
  if (name === 'read-host') return /-AsSecureString/i.test(expr) ? { kind: 'secret', state: 'external', ref: 'prompt:Read-Host' } : { kind: 'ref', source: 'prompt:Read-Host' };
  if (name === 'convertto-securestring') return secureString(args, line, scope, null);
  return null;
}

/** `ConvertTo-SecureString 'p' -AsPlainText -Force` (inline secret), an encrypted standard string, or piped input. */
function secureString(args: string[], line: number, scope: Scope, piped: string | null): PsValue {
  const input = piped ?? argValue(args, /^-String$/i, 0);
  if (!input) return { kind: 'secret', state: 'absent' };
  const file = /^(?:Get-Content|gc|cat|type)\s+(?:-(?:Path|LiteralPath)\s+)?(\S+)/i.exec(input.trim());
  if (file) return { kind: 'secret', state: 'external', ref: `file:${unquote(file[1])}` };
  const value = evaluate(input, line, scope);
  return { kind: 'secret', ...secretOf(value, scope) };
}

export function evaluate(raw: string, line: number, scope: Scope): PsValue {
  let e = raw.trim();
  while (/^\[[\w.[\]]+\]\s*(?!::)(?=\S)/.test(e)) e = e.replace(/^\[[\w.[\]]+\]\s*/, '');
  while (e.startsWith('(') && closingBracket(e, 0) === e.length) e = e.slice(1, -1).trim();
  if (/^'(?:[^']|'')*'$/.test(e)) return textOf(e.slice(1, -1).replace(/''/g, "'"), line);
  if (/^"(?:[^"`]|`.)*"$/.test(e)) return textOf(interpolate(e.slice(1, -1), scope), line, e.slice(1, -1));
  if (/^-?\d+$/.test(e)) return textOf(e, line);
  if (/^\$(true|false)$/i.test(e)) return { kind: 'bool', value: /true/i.test(e) };
  const env = /^\$env:([\w]+)$/i.exec(e) ?? /^\[(?:System\.)?Environment\]::GetEnvironmentVariable\(\s*['"]([\w]+)['"]/i.exec(e);
  if (env) return { kind: 'ref', source: `env:${env[1]}` };
  const pipe = splitArgs(e, '|');
  if (pipe.length > 1 && /^ConvertTo-SecureString\b/i.test(pipe.at(-1)!)) return secureString(words(pipe.at(-1)!).slice(1), line, scope, pipe[0]);
  const variable = /^\$([\w:]+)(\.GetNetworkCredential\(\))?$/i.exec(e);
  if (variable) return scope.vars.get(varName(variable[1])) ?? { kind: 'ref', source: `var:$${variable[1]}` };
  const property = /^\$([\w:]+)\.(UserName|Password|Address)$/i.exec(e);
  if (property) {
    const v = scope.vars.get(varName(property[1]));
    if (v?.kind === 'credential') return /password/i.test(property[2]) ? { kind: 'secret', ...v.secret } : v.username ?? { kind: 'unknown', expr: e };
    return v ?? { kind: 'ref', source: `var:$${property[1]}` };
  }
  if (e.startsWith('@{') && e.endsWith('}')) return hashtable(e, line);
  const made = construct(e, line, scope);
  if (made) return made;
  if (/^[\w-]+/.test(e)) return credentialCommand(e, line, scope) ?? { kind: 'unknown', expr: e };
  return { kind: 'unknown', expr: e };
}

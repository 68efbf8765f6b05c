// The commands that send: Send-MailMessage (and Mailozaurr's Send-EmailMessage, Send-MailKitMessage), with named
// parameters in any order, unique prefixes, `@splat` hashtables and $PSDefaultParameterValues.
import type { AuthMethod, SecretState, Security } from '../../../inventory/types.js';
import { closingBracket } from '../../values.js';
import { secureSocketOptions, systemNetMailSecurity } from '../dotnet-config/security.js';
import { evaluate, secretOf, varName, words, type Client, type PsValue, type Scope } from './evaluate.js';
import { splitArgs, type Statement } from './script.js';

export interface Sender {
  system: string;
  line: number;
  evidence: string;
  commented: boolean;
  host: PsValue | null;
  port: PsValue | null;
  defaultPort: number;
  security: Security;
  auth: { method: AuthMethod; username: PsValue | null; secret: { state: SecretState; ref?: string } };
  from: PsValue | null;
  notes: string[];
  local?: boolean;
  /** Took its server from $PSEmailServer. */
  viaEmailServer?: boolean;
}

interface CommandSpec { system: string; params: string[]; switches: string[] }

export const COMMANDS: Record<string, CommandSpec> = {
  'send-mailmessage': { system: 'PowerShell Send-MailMessage', params: ['Attachments', 'Bcc', 'Body', 'BodyAsHtml', 'Encoding', 'Cc', 'DeliveryNotificationOption', 'From', 'SmtpServer', 'ComputerName', 'Priority', 'ReplyTo', 'Subject', 'To', 'Credential', 'UseSsl', 'Port'], switches: ['bodyashtml', 'usessl'] },
  'send-emailmessage': { system: 'PowerShell Mailozaurr', params: ['Server', 'Port', 'From', 'ReplyTo', 'To', 'Cc', 'Bcc', 'Subject', 'Text', 'HTML', 'Attachment', 'Credential', 'Username', 'Password', 'SecureSocketOptions', 'UseSsl', 'Graph', 'MgGraphRequest', 'SendGrid', 'oAuth2', 'AsSecureString', 'Priority', 'Encoding', 'Timeout'], switches: ['usessl', 'graph', 'mggraphrequest', 'sendgrid', 'oauth2', 'assecurestring'] },
  'send-mailkitmessage': { system: 'PowerShell Send-MailKitMessage', params: ['SMTPServer', 'Port', 'UseSecureConnectionIfAvailable', 'Credential', 'From', 'RecipientList', 'CCList', 'BCCList', 'Subject', 'TextBody', 'HTMLBody', 'AttachmentList'], switches: ['usesecureconnectionifavailable'] },
};

export const COMMAND_RE = /(?:^|[\s;|({&=])(Send-MailMessage|Send-EmailMessage|Send-MailKitMessage)\b/gi;

type Args = Map<string, { expr: string | true; line: number }>;

/** PowerShell binds a unique prefix of a parameter name (`-SmtpS`), case-insensitively. */
function resolveParam(name: string, spec: CommandSpec): string | null {
  const lower = name.toLowerCase();
  const exact = spec.params.find((p) => p.toLowerCase() === lower);
  if (exact) return exact.toLowerCase();
  const prefixed = spec.params.filter((p) => p.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0].toLowerCase() : null;
}

/** Whether an offset sits inside a quoted string (`Write-Host "use Send-MailMessage …"` is not a call). */
export function insideString(text: string, offset: number): boolean {
  let quote = '';
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (quote) { if (c === '`' && quote === '"') i++; else if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== '';
}

/** The command's own text: up to a top-level `|`, or the bracket that closes around it. */
function argumentText(text: string, from: number): string {
  let depth = 0, quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === '`' && quote === '"') i++; else if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') { if (depth === 0) return text.slice(from, i); depth--; }
    else if (c === '|' && depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}

function bindArgs(st: Statement, at: number, spec: CommandSpec, scope: Scope, defaults: Args, command: string): Args {
  const args: Args = new Map();
  for (const [key, v] of defaults) if (key.startsWith(`${command}:`)) args.set(key.slice(command.length + 1), v);
  const text = argumentText(st.text, at);
  const tokens = words(text);
  let cursor = 0;
  const explicit: Args = new Map();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    cursor = text.indexOf(token, cursor);
    const line = st.lineAt(at + Math.max(cursor, 0));
    const splat = /^@([\w:]+)$/.exec(token);
    if (splat) {
      const table = scope.vars.get(varName(splat[1]));
      if (table?.kind === 'hashtable') for (const [k, v] of table.entries) { const p = resolveParam(k, spec); if (p) args.set(p, v); }
      continue;
    }
    const param = /^-([A-Za-z][\w]*)(?::(.+))?$/.exec(token);
    if (!param) continue;
    const name = resolveParam(param[1], spec);
    if (!name) continue;
    if (param[2] !== undefined) explicit.set(name, { expr: param[2], line });
    else if (spec.switches.includes(name) || i + 1 >= tokens.length || /^-[A-Za-z]/.test(tokens[i + 1])) explicit.set(name, { expr: true, line });
    else explicit.set(name, { expr: tokens[++i], line: st.lineAt(at + Math.max(text.indexOf(tokens[i], cursor), 0)) });
  }
  for (const [k, v] of explicit) args.set(k, v);
  return args;
}

function value(args: Args, scope: Scope, ...names: string[]): PsValue | null {
  for (const name of names) {
    const a = args.get(name);
    if (!a) continue;
    if (a.expr === true) return { kind: 'bool', value: true };
    // In argument mode a bareword is a string: `-SmtpServer relay.contoso.local`.
    if (/^[^$@('"[{-][^\s]*$/.test(a.expr) && !/^\d+$/.test(a.expr)) return { kind: 'text', value: a.expr, line: a.line, text: a.expr };
    return evaluate(a.expr, a.line, scope);
  }
  return null;
}

function on(v: PsValue | null): boolean {
  return v?.kind === 'bool' ? v.value : v?.kind === 'text' ? /^(\$?true|1)$/i.test(v.value) : false;
}

/** -Credential: a PSCredential, or a bare user name (PowerShell then prompts for the password). */
function credentialOf(v: PsValue | null, scope: Scope): Sender['auth'] | null {
  if (!v) return null;
  if (v.kind === 'credential') return { method: 'password', username: v.username, secret: v.secret };
  if (v.kind === 'text') return { method: 'password', username: v, secret: { state: 'external', ref: 'prompt:Credential' } };
  return { method: 'password', username: null, secret: secretOf(v, scope) };
}

export function commandSender(st: Statement, match: RegExpExecArray, scope: Scope, defaults: Args): Sender | null {
  const command = match[1].toLowerCase();
  const spec = COMMANDS[command];
  const at = match.index + match[0].length;
  const args = bindArgs(st, at, spec, scope, defaults, command);
  const notes: string[] = [];
  const base = { system: spec.system, line: st.lineAt(match.index + match[0].length - match[1].length), evidence: st.text.slice(match.index).replace(/\s+/g, ' ').trim(), commented: st.commented, port: value(args, scope, 'port'), from: value(args, scope, 'from'), notes };
  const credential = credentialOf(value(args, scope, 'credential'), scope);
  if (command === 'send-mailmessage') {
    let host = value(args, scope, 'smtpserver', 'computername');
    const viaEmailServer = !host;
    if (!host) {
      host = evaluate('$PSEmailServer', st.line, scope);
      notes.push('no -SmtpServer: Send-MailMessage uses $PSEmailServer');
    }
    const ssl = on(value(args, scope, 'usessl'));
    if (!credential && !ssl) notes.push('no -Credential and no -UseSsl: Send-MailMessage logs on with the Windows identity (UseDefaultCredentials)');
    notes.push('Send-MailMessage is obsolete (Microsoft: no secure connections guaranteed); -UseSsl means STARTTLS');
    return { ...base, host, viaEmailServer, defaultPort: 25, security: systemNetMailSecurity(ssl, null, notes), auth: credential ?? { method: ssl ? 'none' : 'ntlm', username: null, secret: { state: 'absent' } } };
  }
  if (command === 'send-emailmessage') {
    if (['graph', 'mggraphrequest', 'sendgrid'].some((s) => args.has(s))) return null;
    const option = value(args, scope, 'securesocketoptions');
    const optionName = option?.kind === 'text' ? option.value : option?.kind === 'unknown' ? /(\w+)$/.exec(option.expr)?.[1] ?? '' : '';
    const port = base.port?.kind === 'text' ? Number(base.port.value) : null;
    const security = on(value(args, scope, 'usessl')) ? (port === 465 ? 'tls' : 'starttls') : secureSocketOptions(optionName || 'Auto', port, notes) ?? 'unknown';
    const user = value(args, scope, 'username');
    const password = value(args, scope, 'password');
    const auth: Sender['auth'] = credential ?? (user ? { method: 'password', username: user, secret: secretOf(password, scope) } : { method: 'none', username: null, secret: { state: 'absent' } });
    if (args.has('oauth2')) auth.method = 'oauth2';
    return { ...base, host: value(args, scope, 'server'), defaultPort: 587, security, auth };
  }
  const opportunistic = on(value(args, scope, 'usesecureconnectionifavailable'));
  if (opportunistic) notes.push('-UseSecureConnectionIfAvailable: STARTTLS when offered, plaintext otherwise');
  return { ...base, host: value(args, scope, 'smtpserver'), defaultPort: 25, security: opportunistic ? 'starttls' : 'none', auth: credential ?? { method: 'none', username: null, secret: { state: 'absent' } } };
}

/** `$client.Connect(...)`, `.Authenticate(...)`, `.Send(...)` on a client variable update that client. */
export function applyMethodCalls(st: Statement, scope: Scope): void {
  const re = /\$([\w:]+)\.(Connect|Authenticate|Send|SendAsync|SendMailAsync)\s*\(/gi;
  for (let m = re.exec(st.text); m; m = re.exec(st.text)) {
    const target = scope.vars.get(varName(m[1]));
    if (target?.kind !== 'client') continue;
    const open = m.index + m[0].length - 1;
    const close = closingBracket(st.text, open);
    if (close === -1) continue;
    const argText = st.text.slice(open + 1, close - 1);
    const line = st.lineAt(open);
    const args = argText.trim() ? splitArgs(argText).map((a) => evaluate(a, line, scope)) : [];
    const client = target.client;
    const method = m[2].toLowerCase();
    if (method === 'connect') { client.host = args[0] ?? client.host; client.port = args[1] ?? client.port; client.socketOptions = args[2] ?? null; client.line = line; client.evidence = st.text; }
    else if (method === 'authenticate') client.credential = args.length >= 2 ? { kind: 'credential', username: args[0], secret: secretOf(args[1], scope) } : args[0] ?? null;
    else if (args.length >= 4) client.from = args[0];
    else if (args[0]?.kind === 'message') client.from = args[0].from;
  }
}

/** A System.Net.Mail or MailKit SmtpClient, as configured by the end of the script. */
export function clientSender(client: Client, scope: Scope): Sender {
  const notes: string[] = [];
  const credential = credentialOf(client.credential, scope);
  const auth: Sender['auth'] = credential ?? { method: client.defaultCredentials ? 'ntlm' : 'none', username: null, secret: { state: 'absent' } };
  if (client.library === 'mailkit') {
    const o = client.socketOptions;
    const name = o?.kind === 'bool' ? (o.value ? 'SslOnConnect' : 'StartTlsWhenAvailable') : o?.kind === 'text' ? o.value : o?.kind === 'unknown' ? /(\w+)$/.exec(o.expr)?.[1] ?? 'Auto' : 'Auto';
    const port = client.port?.kind === 'text' ? Number(client.port.value) : null;
    return { system: 'PowerShell MailKit', line: client.line, evidence: client.evidence, commented: client.commented, host: client.host, port: client.port, defaultPort: name === 'SslOnConnect' ? 465 : 25, security: secureSocketOptions(name, port, notes) ?? 'unknown', auth, from: client.from, notes };
  }
  if (client.pickup) notes.push('DeliveryMethod = SpecifiedPickupDirectory: writes .eml files to a folder; whatever drains it is the real sender');
  if (client.defaultCredentials) notes.push('UseDefaultCredentials: integrated Windows authentication as the script identity');
  const port = client.port?.kind === 'text' ? Number(client.port.value) : null;
  return { system: 'PowerShell SmtpClient', line: client.line, evidence: client.evidence, commented: client.commented, host: client.pickup ? null : client.host, port: client.port, defaultPort: 25, security: client.pickup ? 'unknown' : systemNetMailSecurity(on(client.enableSsl), port, notes), auth, from: client.from, notes, local: client.pickup };
}

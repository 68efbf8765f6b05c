// Windows registry exports (.reg) of mail accounts: Outlook Express / Windows Mail / Windows Live Mail
// (`Internet Account Manager\Accounts\0000000N`), Outlook POP/IMAP profiles (`…\9375CFF0413111d3B88A00104B2A6676\0000000N`,
// values as UTF-16 `hex:` strings) and Blat's defaults (`Public Domain\Blat`). One finding per key with an SMTP server.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parsePort } from '../../values.js';
import { parseReg, type RegKey, type RegValue } from './reg.js';

const detector = { id: 'windows-registry', system: 'Windows registry' };

type Family = 'outlook-express' | 'outlook' | 'blat' | 'other';

const SYSTEMS: Record<Family, string> = {
  'outlook-express': 'Outlook Express / Windows Mail (registry)', outlook: 'Outlook POP/IMAP profile (registry)', blat: 'Blat (registry)', other: 'Mail account (registry)',
};

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (!/^\s*(Windows Registry Editor Version|REGEDIT4)/i.test(content.slice(0, 200))) {
    // another format that happens to end in .reg (PEAR's .registry/*.reg are serialised PHP): nothing to say
    if (!/^\s*\[-?HKEY_/im.test(content)) return null;
    ctx.warn('parse-error', 'no .reg header (Windows Registry Editor Version 5.00 / REGEDIT4); read anyway', 1);
  }
  const { keys } = parseReg(content);
  const findings: Finding[] = [];
  const secrets: string[] = [];
  for (const key of keys) {
    for (const v of key.values.values()) {
      if (!/pass|pwd/i.test(v.name)) continue;
      // Encrypted or obfuscated, a password stays out of every output in every form it takes here.
      for (const s of [v.raw, v.text, blatPassword(v)]) if (s && s.length >= 3) { ctx.secret(s); secrets.push(s); }
    }
    const server = value(key, 'smtp server', 'smtp_server', 'smtpserver');
    if (!server?.text?.trim()) continue;
    findings.push(accountFinding(key, server, familyOf(key.path), { path, ctx, secrets }));
  }
  return findings.length ? findings : null;
}

function familyOf(keyPath: string): Family {
  if (/9375CFF0413111d3B88A00104B2A6676/i.test(keyPath)) return 'outlook';
  if (/Internet Account Manager|Windows (Live )?Mail|Outlook Express/i.test(keyPath)) return 'outlook-express';
  if (/Public Domain\\Blat/i.test(keyPath)) return 'blat';
  return 'other';
}

function value(key: RegKey, ...names: string[]): RegValue | undefined {
  for (const name of names) {
    const v = key.values.get(name);
    if (v && v.kind !== 'delete') return v;
  }
  return undefined;
}

function dword(v: RegValue | undefined): number | null {
  if (!v) return null;
  if (v.number !== null) return v.number;
  return v.text !== null && /^\d+$/.test(v.text.trim()) ? Number(v.text.trim()) : null;
}

/** Blat keeps its password base64-encoded in "Pwd". */
function blatPassword(v: RegValue): string | null {
  if (!/^pwd$/i.test(v.name) || !v.text || !/^[A-Za-z0-9+/]+={0,2}$/.test(v.text)) return null;
  const decoded = Buffer.from(v.text, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) ? decoded : null;
}

interface Scope { path: string; ctx: ExtractContext; secrets: string[] }

function accountFinding(key: RegKey, server: RegValue, family: Family, scope: Scope): Finding {
  const notes: string[] = [];
  const host = server.text!.trim();
  const portValue = value(key, 'smtp port', 'smtp_port');
  const port = (family === 'blat' ? parsePort(portValue?.text) : dword(portValue)) || 25;
  const security = securityOf(key, family, port, notes);
  const { method, username, secret, secretRef } = authOf(key, family, notes);
  const from = value(key, 'smtp email address', 'smtp_email_address', 'email', 'sender');
  const name = value(key, 'account name', 'account_name')?.text;
  const draft: FindingDraft = {
    line: server.line, key: key.path, system: SYSTEMS[family], host, port, security, notes,
    auth: { method, username, secret }, secretRef,
    from: emailIn(from?.text) ?? (from?.text || null),
    role: family === 'blat' ? 'script' : 'client',
    evidence: [`[${key.path}]`, name && `"Account Name"=${name}`, `"${server.name}"=${server.kind === 'string' ? `"${host}"` : `hex:… (${host})`}`, portValue && `"${portValue.name}"=${portValue.raw.slice(0, 20)} (${port})`].filter(Boolean).join(' '),
    locations: {
      host: server.kind === 'string' ? at(server.line, host) : undefined,
      port: portValue?.kind === 'dword' ? at(portValue.line, /[0-9a-f]+$/i.exec(portValue.raw)![0]) : portValue?.kind === 'string' ? at(portValue.line, portValue.text) : undefined,
      from: from?.kind === 'string' ? at(from.line, from.text) : undefined,
    },
  };
  if (key.deleted) Object.assign(draft, { active: false, inactiveReason: 'deleted' }), notes.push('the export deletes this key ([-…])');
  else if (server.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  if (family !== 'blat') notes.push('a desktop mail client account: its sign-in is Basic auth unless the client is replaced or moved to an Exchange (OAuth) account');
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

function securityOf(key: RegKey, family: Family, port: number, notes: string[]): Security {
  if (family === 'blat') {
    notes.push('Blat has no TLS of its own (it is usually wrapped in stunnel)');
    return port === 465 ? 'tls' : 'none';
  }
  // Outlook's account API: 0 none, 1 SSL, 2 TLS (STARTTLS), 3 auto; Outlook Express writes 1 for "requires SSL".
  const mode = dword(value(key, 'smtp secure connection', 'smtp_secure_connection')) ?? (dword(value(key, 'smtp use ssl')) === 1 ? 1 : 0);
  if (mode === 0) return port === 465 ? 'tls' : 'none';
  if (mode === 2) return 'starttls';
  if (mode === 3) { notes.push('secure connection "Auto": STARTTLS when the server offers it'); return port === 465 ? 'tls' : 'starttls'; }
  if (port === 465) return 'tls';
  notes.push(`"SSL" on port ${port}: the client negotiates STARTTLS on ports other than 465`);
  return 'starttls';
}

function authOf(key: RegKey, family: Family, notes: string[]): { method: AuthMethod; username: string | null; secret: SecretState; secretRef?: string } {
  const ref = (v: RegValue | undefined, how: string) => (v ? `registry:${key.path}\\${v.name} (${how})` : undefined);
  if (family === 'blat') {
    const login = value(key, 'login')?.text || null;
    const pwd = value(key, 'pwd');
    return { method: login ? 'password' : 'none', username: login, secret: login && pwd?.text ? 'present' : 'absent', secretRef: login ? ref(pwd, 'base64-obfuscated') : undefined };
  }
  if (family === 'outlook') {
    if (dword(value(key, 'smtp use spa')) === 1) return { method: 'ntlm', username: null, secret: 'absent' };
    const smtpUser = value(key, 'smtp user')?.text || null;
    if (dword(value(key, 'smtp use auth')) !== 1 && !smtpUser) return { method: 'none', username: null, secret: 'absent' };
    const incoming = smtpUser ? null : ['imap', 'pop3'].find((p) => value(key, `${p} user`)?.text);
    if (incoming) notes.push(`SMTP sign-in reuses the ${incoming.toUpperCase()} login`);
    const password = smtpUser ? value(key, 'smtp password') : incoming ? value(key, `${incoming} password`) : undefined;
    return { method: 'password', username: smtpUser ?? (incoming ? value(key, `${incoming} user`)!.text : null), secret: password ? 'present' : 'absent', secretRef: ref(password, 'DPAPI-encrypted') };
  }
  // Outlook Express "SMTP Use Sicily": 0 none, 1 SPA (NTLM), 2 the incoming server's login, 3 the SMTP login.
  const sicily = dword(value(key, 'smtp use sicily', 'smtp_use_sicily')) ?? 0;
  if (sicily === 0) return { method: 'none', username: null, secret: 'absent' };
  if (sicily === 1) return { method: 'ntlm', username: null, secret: 'absent' };
  const incoming = sicily === 2 ? ['pop3', 'imap', 'http'].find((p) => value(key, `${p} user name`)?.text) : null;
  if (sicily === 2) notes.push(`SMTP sign-in reuses the ${incoming?.toUpperCase() ?? 'incoming server'} login`);
  const user = sicily === 2 ? (incoming ? value(key, `${incoming} user name`)!.text : null) : value(key, 'smtp user name', 'smtp_user_name')?.text || null;
  const password = sicily === 2 ? (incoming ? value(key, `${incoming} password2`) : undefined) : value(key, 'smtp password2', 'smtp_password2');
  return { method: 'password', username: user, secret: password ? 'present' : 'absent', secretRef: ref(password, 'encrypted') };
}

// git send-email (git-send-email(1)): `[sendemail]` and `[sendemail "identity"]` in git config files.
// smtpEncryption: `ssl` = implicit TLS (default port 465), `tls` = STARTTLS (required); anything else = no TLS
// at all (git never tries STARTTLS on its own). smtpServer may be a sendmail-like program (absolute path).
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, iniEntries, isSecretPlaceholder, localMtaNotes, locationsOf, parseBool, parsePort, type IniEntry } from '../../values.js';

const detector = { id: 'git-sendemail', system: 'git send-email' };

const SMTP_KEYS = new Set(['smtpserver', 'smtpserverport', 'smtpencryption', 'smtpssl', 'smtpuser', 'smtppass', 'smtpauth', 'sendmailcmd']);

/** A git config value: double quotes removed, `\"` `\\` `\n` `\t` escapes decoded. */
export function gitValue(raw: string): string {
  return raw.replace(/\\(["\\nt])|"/g, (_quote, escaped: string | undefined) => (escaped === undefined ? '' : escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped));
}

type Settings = Map<string, IniEntry>;

function securityOf(encryption: string | undefined, ssl: string | undefined): Security {
  const e = encryption?.toLowerCase();
  if (e === 'ssl' || parseBool(ssl) === true) return 'tls';
  if (e === 'tls') return 'starttls';
  return 'none';
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = iniEntries(content, { continuation: 'backslash', inlineComments: true })
    .filter((e) => e.section === 'sendemail')
    .map((e) => ({ ...e, key: e.key.toLowerCase(), value: gitValue(e.value) }));
  const groups = new Map<string, Settings>();
  for (const e of entries.filter((x) => !x.commented)) {
    const group = groups.get(e.subsection ?? '') ?? new Map<string, IniEntry>();
    group.set(e.key, e);
    groups.set(e.subsection ?? '', group);
    if (e.key === 'smtppass' && e.value && !isSecretPlaceholder(e.value)) ctx.secret(e.value);
  }
  const base = groups.get('') ?? new Map<string, IniEntry>();
  const findings: Finding[] = [];
  for (const [identity, own] of groups) {
    const anchor = own.get('smtpserver') ?? own.get('sendmailcmd') ?? [...own.values()].find((e) => SMTP_KEYS.has(e.key));
    if (!anchor) continue;
    const get = (key: string) => own.get(key) ?? (identity ? base.get(key) : undefined);
    const finding = settingFinding(identity, anchor, get, ctx);
    if (finding) findings.push(finding);
  }
  for (const e of entries.filter((x) => x.commented && x.key === 'smtpserver' && x.value)) {
    findings.push(createFinding(detector, ctx, {
      line: e.line, key: `commented:${e.line}`, host: e.value.startsWith('/') ? null : e.value, port: null, security: 'unknown',
      active: false, evidence: e.text, locations: { host: at(e.line, e.value) }, role: 'client',
    }));
  }
  return findings.length ? findings : null;
}

function settingFinding(identity: string, anchor: IniEntry, get: (key: string) => IniEntry | undefined, ctx: ExtractContext): Finding | null {
  const server = get('smtpserver');
  const sendmailCmd = get('sendmailcmd');
  const from = get('from');
  const label = identity ? `[sendemail "${identity}"]` : '[sendemail]';
  const common = { line: anchor.line, key: identity || 'sendemail', from: emailIn(from?.value) ?? null, role: 'client' as const };
  // a program instead of a server: the mail goes to whatever that program talks to
  const program = sendmailCmd?.value ?? (server?.value.startsWith('/') ? server.value : null);
  if (program) {
    return createFinding(detector, ctx, {
      ...common, host: null, endpointKind: 'local', security: 'unknown', auth: { method: 'none', username: null, secret: 'absent' },
      evidence: `${label} ${(sendmailCmd ?? server)!.text}`, notes: localMtaNotes(program),
    });
  }
  if (!server?.value) return null;
  const encryption = get('smtpencryption');
  const security = securityOf(encryption?.value, get('smtpssl')?.value);
  const portEntry = get('smtpserverport');
  const user = get('smtpuser');
  const pass = get('smtppass');
  const mechanisms = get('smtpauth')?.value.toUpperCase() ?? '';
  const method: AuthMethod = !user ? 'none' : /XOAUTH2|OAUTHBEARER/.test(mechanisms) ? 'oauth2' : 'password';
  const notes: string[] = [];
  if (encryption && security === 'none' && encryption.value) notes.push(`smtpEncryption = ${encryption.value}: not ssl or tls, so no TLS at all`);
  if (security === 'starttls' && !portEntry) notes.push('smtpEncryption = tls without smtpServerPort: git connects to port 25');
  if (get('envelopesender')) notes.push(`envelopeSender: ${get('envelopesender')!.value}`);
  return createFinding(detector, ctx, {
    ...common,
    host: server.value,
    port: parsePort(portEntry?.value) ?? (security === 'tls' ? 465 : 25),
    security,
    auth: { method, username: user?.value ?? null, secret: !user ? 'absent' : pass ? 'present' : 'external' },
    secretRef: user && !pass ? 'git-credential (asked from the credential helper at send time)' : undefined,
    evidence: `${label} ${server.text}`,
    locations: locationsOf({ host: server, port: portEntry, security: encryption, username: user, from }),
    notes,
  });
}

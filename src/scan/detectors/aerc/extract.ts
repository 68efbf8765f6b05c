// aerc: ~/.config/aerc/accounts.conf, one INI section per account (config-formats.md §5; aerc-accounts(5),
// aerc-smtp(5)). `outgoing = <scheme>[+<auth>]://user[:password]@host[:port]`: smtps = implicit TLS, smtp = STARTTLS
// (required since aerc 0.15; older versions sent in plain text unless `smtp-starttls = yes`), smtp+insecure = no TLS;
// auth none|plain (default)|login|oauthbearer|xoauth2. Without a password in the URL, `outgoing-cred-cmd` prints it.
// `outgoing` may also be a sendmail-like command (`/usr/bin/msmtp -a work`): the local MTA sends.
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, liveSettings, localMtaNotes, locationsOf, parseBool, parseSmtpUrl, secretState, shellWords, type IniEntry } from '../../values.js';

const detector = { id: 'aerc', system: 'aerc' };
const MAX_COMMENTED = 100;
const AUTH: Record<string, AuthMethod> = { none: 'none', plain: 'password', login: 'password', oauthbearer: 'oauth2', xoauth2: 'oauth2' };

type Settings = Map<string, IniEntry>;

interface Outgoing {
  host: string;
  port: number;
  portText: string | null;
  security: Security;
  auth: AuthMethod;
  username: string | null;
  password: string | null;
}

/** The packaged sample (/usr/share/aerc/accounts.conf) and copies in documentation trees configure nothing. */
function isTemplate(path: string, ctx: ExtractContext): boolean {
  return ctx.exampleFile || /(^|[\\/])share[\\/]aerc[\\/]/i.test(path);
}

/** `smtps+login://joe@contoso.com:pw@host:465`: aerc's schemes, a raw '@' in the user name, the man page's `[:password]`. */
function readOutgoing(raw: string, section: Settings, notes: string[]): Outgoing | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(raw.trim());
  if (!m) return null;
  const [base, ...flags] = m[1].toLowerCase().split('+');
  if (base !== 'smtp' && base !== 'smtps') return null;
  let rest = withoutOptionalParts(m[2]);
  const authority = rest.search(/[/?#]/) < 0 ? rest.length : rest.search(/[/?#]/);
  const at = rest.lastIndexOf('@', authority);
  if (at > 0) rest = rest.slice(0, at).replace(/@/g, '%40') + rest.slice(at);
  const url = parseSmtpUrl(`${base}://${rest}`);
  if (!url) return null;
  const auth = AUTH[flags.find((f) => f in AUTH) ?? 'plain'];
  return {
    host: url.host,
    port: url.port ?? (base === 'smtps' ? 465 : 587),
    portText: url.port === null ? null : String(url.port),
    security: securityOf(base, flags.includes('insecure'), section, notes),
    auth,
    username: url.username || null,
    password: url.password,
  };
}

function securityOf(base: string, insecure: boolean, section: Settings, notes: string[]): Security {
  if (base === 'smtps') return 'tls';
  if (insecure) return 'none';
  const starttls = parseBool(section.get('smtp-starttls')?.value);
  if (starttls === true) return 'starttls';
  if (starttls === false) {
    notes.push('smtp-starttls = no: aerc up to 0.14 sends in plain text; 0.15 and later ignore the option and require STARTTLS');
    return 'none';
  }
  notes.push('smtp:// requires STARTTLS since aerc 0.15; aerc up to 0.14 sent in plain text unless smtp-starttls = yes');
  return 'starttls';
}

/** Where the password comes from: the URL, or outgoing-cred-cmd (`pass show …`; an `echo` of it is the password itself). */
function secretOf(out: Outgoing, section: Settings, register: (value: string) => void): Pick<FindingDraft, 'secretRef'> & { secret: 'present' | 'absent' | 'external' } {
  if (out.auth === 'none') return { secret: 'absent' };
  if (out.password) {
    const state = secretState(out.password, register);
    return { secret: state.secret, secretRef: state.ref };
  }
  const command = section.get('outgoing-cred-cmd')?.value;
  if (!command) return { secret: 'absent' };
  const words = shellWords(command);
  if (/^(echo|printf)$/.test(words[0] ?? '') && words.length > 1) return { secret: secretState(words.at(-1), register).secret };
  return { secret: 'external', secretRef: `command:${command.slice(0, 200)}` };
}

function build(name: string, s: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding | null {
  const outgoing = s.get('outgoing')!;
  const notes: string[] = [name ? `account [${name}]` : 'outgoing outside any [account] section: aerc ignores it'];
  const from = s.get('from');
  const out = readOutgoing(outgoing.value, s, notes);
  const base = { line: outgoing.line, key: `${name}:${outgoing.line}:${commented ? 'c' : 'l'}`, from: emailIn(from?.value), evidence: outgoing.text, role: 'client' as const, notes };
  let draft: FindingDraft;
  if (out) {
    const secret = secretOf(out, s, () => undefined);
    draft = {
      ...base, host: out.host, port: out.port, security: out.security,
      auth: { method: out.auth, username: out.auth === 'none' ? null : out.username, secret: secret.secret }, secretRef: secret.secretRef,
      locations: locationsOf({
        host: { line: outgoing.line, value: out.host },
        port: out.portText ? { line: outgoing.line, value: out.portText } : null,
        username: out.username && out.auth !== 'none' ? { line: outgoing.line, value: out.username } : null,
        from: from && emailIn(from.value) ? { line: from.line, value: emailIn(from.value)! } : null,
      }),
    };
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(outgoing.value) || commented || !outgoing.value) {
    return null; // jmap://, a notmuch or maildir transport, or nothing: no SMTP
  } else {
    draft = { ...base, host: null, endpointKind: 'local', auth: { method: 'none', username: null, secret: 'absent' }, notes: [...notes, ...localMtaNotes(outgoing.value)] };
  }
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (out && !out.host) Object.assign(draft, { active: false, inactiveReason: 'placeholder', host: null });
  else if (!name) Object.assign(draft, { active: false, inactiveReason: 'unused' });
  return createFinding(detector, { path, exampleFile: isTemplate(path, ctx), secrets: urlSecrets(outgoing.value) }, draft);
}

/** Documentation syntax (`username[:password]@hostname[:port]`, the packaged sample) is no value: drop the optional parts. */
function withoutOptionalParts(url: string): string {
  return url.replace(/\[:[^\]]*\]/g, '');
}

/** The secrets a URL carries, as written and percent-decoded: the password and an OAuth2 client secret. */
function urlSecrets(value: string): string[] {
  const userinfo = /^[a-z][\w+.-]*:\/\/([^/?#]*)@/i.exec(withoutOptionalParts(value))?.[1];
  const colon = userinfo?.lastIndexOf(':') ?? -1;
  const written = [colon >= 0 ? userinfo!.slice(colon + 1) : '', /[?&]client_secret=([^&#\s]*)/.exec(value)?.[1] ?? ''].filter(Boolean);
  return [...new Set(written.flatMap((v) => [v, safeDecode(v)]))];
}

/** Every password in the file is a secret: SMTP and IMAP URLs, OAuth2 client secrets, echoed credential commands. */
function registerSecrets(entries: IniEntry[], register: (value: string) => void): void {
  for (const e of entries) {
    if (/^(outgoing|source)$/.test(e.key)) for (const v of urlSecrets(e.value)) secretState(v, register);
    if (/-cred-cmd$/.test(e.key)) {
      const words = shellWords(e.value);
      if (/^(echo|printf)$/.test(words[0] ?? '') && words.length > 1) secretState(words.at(-1), register);
    }
  }
}

function safeDecode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = iniEntries(content, { continuation: 'indent', inlineComments: false });
  registerSecrets(entries, (v) => ctx.secret(v));
  const findings: Finding[] = [];
  const accounts = new Map<string, IniEntry[]>();
  for (const e of entries) {
    const name = e.subsection ? `${e.section}.${e.subsection}` : e.section;
    const list = accounts.get(name);
    if (list) list.push(e); else accounts.set(name, [e]);
  }
  let commentedCount = 0;
  for (const [name, own] of accounts) {
    const live = liveSettings(own) as Settings;
    if (live.has('outgoing')) {
      const f = build(name, live, false, path, ctx);
      if (f) findings.push(f);
    }
    for (const block of commentedBlocks(own, (k) => k === 'outgoing') as Settings[]) {
      if (++commentedCount > MAX_COMMENTED) break;
      const f = build(name, new Map([...live, ...block]), true, path, ctx);
      if (f) findings.push(f);
    }
  }
  if (commentedCount > MAX_COMMENTED) ctx.warn('too-large', `more than ${MAX_COMMENTED} commented-out outgoing servers; the rest is not reported`);
  return findings.length ? findings : null;
}

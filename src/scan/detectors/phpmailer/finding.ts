// One PHPMailer account → findings (one per host of a `"smtp1;smtp2"` list). PHPMailer's TLS words: SMTPSecure
// 'ssl' / ENCRYPTION_SMTPS = implicit TLS, 'tls' / ENCRYPTION_STARTTLS = STARTTLS, '' = opportunistic STARTTLS
// while SMTPAutoTLS stays true (its default). Also used by the wordpress detector for phpmailer_init hooks.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn } from '../../values.js';
import type { MailerAccount, MailerSetting } from './mailer.js';
import type { PhpValue } from './php.js';

export interface AccountOptions {
  detector: { id: string; system: string };
  role: Finding['role'];
  system?: string;
  notes?: string[];
  /** Set when the whole file is a sample (wp-config-sample.php). */
  inactiveReason?: string;
}

/** Where an unresolved value comes from: `env:SMTP_HOST`, `const:SMTP_HOST`, `var:$host`, `expr:$config['host']`. */
export function sourceOf(value: PhpValue): string | null {
  switch (value.kind) {
    case 'env': return `env:${value.name}`;
    case 'const': return `const:${value.name}`;
    case 'var': return `var:${value.name}`;
    case 'expr': return `expr:${value.text}`;
    default: return null;
  }
}

function text(setting: MailerSetting | undefined): string | null {
  if (!setting) return null;
  const v = setting.value;
  return v.kind === 'literal' ? v.value : v.kind === 'bool' ? String(v.value) : null;
}

function secureOf(setting: MailerSetting | undefined): Security | null {
  if (!setting) return null;
  const v = setting.value;
  if (v.kind === 'const') return /ENCRYPTION_SMTPS$/.test(v.name) ? 'tls' : /ENCRYPTION_STARTTLS$/.test(v.name) ? 'starttls' : 'unknown';
  if (v.kind === 'bool') return v.value ? 'unknown' : null;
  if (v.kind !== 'literal') return 'unknown';
  const word = v.value.trim().toLowerCase();
  return word === 'ssl' ? 'tls' : word === 'tls' ? 'starttls' : word === '' ? null : 'unknown';
}

interface HostEntry { host: string | null; port: number | null; security: Security | null; text: string | null }

/** `smtp.example.com`, `tls://smtp.example.com:587`, `smtp1.example.com;smtp2.example.com:2525`. */
function hostsOf(setting: MailerSetting): HostEntry[] {
  const v = setting.value;
  if (v.kind !== 'literal') return [{ host: null, port: null, security: null, text: null }];
  return v.value.split(';').map((h) => h.trim()).filter(Boolean).slice(0, 16).map((h) => {
    const m = /^(?:(ssl|tls|smtps?):\/\/)?(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/i.exec(h);
    if (!m) return { host: h, port: null, security: null, text: h };
    const scheme = m[1]?.toLowerCase();
    return { host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : null, security: scheme === 'ssl' || scheme === 'smtps' ? 'tls' : scheme === 'tls' ? 'starttls' : null, text: h };
  });
}

export function accountFindings(account: MailerAccount, ctx: ExtractContext, options: AccountOptions): Finding[] {
  const { host } = account;
  const get = account.get;
  const sources: Record<string, string> = {};
  const notes = [...(options.notes ?? [])];
  const hostSource = sourceOf(host.value);
  if (hostSource) sources.host = hostSource;
  else if (host.via) sources.host = host.via;
  for (const setting of [host, get('Port')]) {
    if (setting?.value.kind === 'env' && setting.value.fallback) notes.push(`${setting.prop} falls back to ${setting.value.fallback} when ${setting.value.name} is not set`);
  }
  const portSetting = get('Port');
  const portSource = portSetting ? sourceOf(portSetting.value) : null;
  if (portSource) sources.port = portSource;
  const secure = get('SMTPSecure');
  if (secure && secureOf(secure) === 'unknown' && sourceOf(secure.value)) sources.security = sourceOf(secure.value)!;
  const auth = authOf(account, ctx, sources, notes);
  const from = fromOf(account, sources);
  const mailer = mailerOf(account, notes);
  const entries = hostsOf(host);
  return entries.map((entry, index) => {
    const port = entry.port ?? (Number(text(portSetting)) || (portSource ? null : 25));
    const entryNotes = [...notes];
    if (!portSetting && entry.port === null) entryNotes.push('Port not set: PHPMailer uses 25');
    let security = entry.security ?? secureOf(secure);
    if (security === null) {
      const autoTls = get('SMTPAutoTLS');
      if (autoTls?.value.kind === 'bool' && !autoTls.value.value) security = 'none';
      else { security = 'starttls'; entryNotes.push('SMTPSecure not set: PHPMailer uses STARTTLS when the server offers it (SMTPAutoTLS), else plaintext'); }
    }
    if (port === 465 && security !== 'tls') entryNotes.push("port 465 without SMTPSecure = 'ssl': the connection will hang or fail");
    if (index > 0) entryNotes.push('fallback host (tried when the first one fails)');
    const inactiveReason = host.commented ? 'commented' : options.inactiveReason ?? (hostSource ? 'unresolved' : mailer);
    const draft: FindingDraft = {
      line: host.line,
      key: `${host.receiver}:${host.line}:${index}`,
      system: options.system,
      host: entry.host,
      port,
      security,
      auth: auth.auth,
      secretRef: auth.secretRef,
      from: from.value,
      active: !inactiveReason,
      inactiveReason,
      valueSources: sources,
      evidence: host.text,
      locations: {
        host: at(host.line, entry.text),
        port: portSetting && !portSource ? at(portSetting.line, text(portSetting)) : undefined,
        username: auth.username ? at(auth.username.line, text(auth.username)) : undefined,
        from: from.setting && from.value ? at(from.setting.line, from.value) : undefined,
      },
      notes: entryNotes,
      role: options.role,
    };
    // A one-line configuration puts the password on the Host line: scrub it from the evidence by value.
    return createFinding(options.detector, { ...ctx, secrets: auth.password ? [auth.password] : [] }, draft);
  });
}

function authOf(account: MailerAccount, ctx: ExtractContext, sources: Record<string, string>, notes: string[]): { auth: FindingDraft['auth']; secretRef?: string; username?: MailerSetting; password?: string } {
  const enabled = account.get('SMTPAuth');
  const user = account.get('Username');
  const password = account.get('Password');
  const on = enabled?.value.kind === 'bool' ? enabled.value.value : enabled?.value.kind === 'literal' ? /^(1|true)$/i.test(enabled.value.value) : enabled ? null : false;
  if (on === false) {
    if (user) notes.push('Username is set but SMTPAuth is not enabled: no authentication');
    return { auth: { method: 'none', username: null, secret: 'absent' } };
  }
  const userSource = user ? sourceOf(user.value) : null;
  if (userSource) sources.username = userSource;
  const oauth = account.get('setOAuth') || /XOAUTH2/i.test(text(account.get('AuthType')) ?? '');
  const method: AuthMethod = oauth ? 'oauth2' : on === null ? 'unknown' : 'password';
  let secret: SecretState = 'absent';
  let secretRef: string | undefined;
  if (password) {
    const source = sourceOf(password.value);
    if (password.value.kind === 'literal') {
      secret = password.value.value ? 'present' : 'absent';
      if (secret === 'present' && password.via) secretRef = `${password.via} (${ctx.path})`;
    } else if (source) {
      secret = 'external';
      // A computed password is pointed at by its line, never by its code (which may embed the secret).
      secretRef = source.startsWith('expr:') ? `file:${ctx.path}:${password.line}` : source;
    }
  }
  const literal = password?.value.kind === 'literal' ? password.value.value : undefined;
  return { auth: { method, username: user ? text(user) : null, secret }, secretRef, username: user && !userSource ? user : undefined, password: literal };
}

function fromOf(account: MailerAccount, sources: Record<string, string>): { value: string | null; setting?: MailerSetting } {
  const setting = account.get('setFrom') ?? account.get('From');
  if (!setting) return { value: null };
  const source = sourceOf(setting.value);
  if (source) sources.from = source;
  const address = emailIn(text(setting));
  return { value: address, setting };
}

/** PHPMailer sends with mail() unless isSMTP() is called: an explicit other mailer means Host is unused. */
function mailerOf(account: MailerAccount, notes: string[]): string | undefined {
  const smtp = account.get('isSMTP');
  const other = account.get('isOther');
  const mailer = text(account.get('Mailer'))?.toLowerCase();
  if (smtp || mailer === 'smtp') return undefined;
  if (other || (mailer && mailer !== 'smtp')) { notes.push(`PHPMailer set to ${mailer ?? text(other) ?? 'another mailer'}: Host is not used`); return 'unused'; }
  notes.push('isSMTP() not seen in this file: PHPMailer uses mail() unless it is called elsewhere');
  return undefined;
}

// Environment blocks (a compose service's `environment:`, a container's `env:`, a ConfigMap's `data:`, Ansible or
// Helm variables): group the keys into mail settings by family (SMTP_*, MAIL_*, GF_SMTP_*, relay images' RELAYHOST…)
// and turn each family that names a host into one finding. Family names and TLS readings come from the .env detector.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder, parseBool, parseHostPort, parsePort, parseSmtpUrl } from '../../values.js';
import { familyKind, roleOf, securityOf, SYSTEM, type Role } from '../dotenv/families.js';

/** One variable as the caller read it; `value` is the literal (or the indirection's default), null when there is none. */
export interface EnvVar {
  key: string;
  value: string | null;
  line: number;
  /** Evidence for this variable (never used for a secret's line). */
  text: string;
  commented: boolean;
  /** The exact text of a literal value on its line, for patching; absent when the value is not written plainly. */
  raw?: string;
  /** The value comes from elsewhere: `env:NAME` (resolved later against .env files), `k8s-secret:s/k`, `file:/run/secrets/x`… */
  ref?: string;
  /** `value` is `ref`'s default, used when nothing defines it (compose `${X:-default}`); without it, a value beside `ref` was read from there. */
  defaulted?: boolean;
  /** The value is a secret wherever it sits (a Kubernetes Secret): never registered as a host, always scrubbed. */
  sensitive?: boolean;
}

export interface EnvScope {
  detector: { id: string; system: string };
  ctx: ExtractContext;
  path: string;
  /** Disambiguates findings of one file (service name, `Deployment/web/app`). */
  key: string;
  /** Label for evidence and system, e.g. "service mailer". */
  label: string;
  /** Relay images (boky/postfix, namshi/smtp…) are MTAs: role 'relay'. */
  relay?: boolean;
  /** Secrets seen so far, for redaction of this file's evidence. */
  secrets: string[];
  /** Notes added to every finding of this block (env_file, envFrom…). */
  notes?: string[];
}

interface Extra { family: string; role: Role }

// Relay images and products whose variables carry no SMTP_/MAIL_ family word (config-formats.md §1.9, §4.4, §4.5).
const EXTRAS: [RegExp, string, Role][] = [
  [/^(?:POSTFIX_)?RELAYHOST$/i, 'RELAYHOST', 'host'],
  [/^(?:POSTFIX_)?RELAYHOST_(?:USERNAME|USER)$/i, 'RELAYHOST', 'user'],
  [/^(?:POSTFIX_)?RELAYHOST_(?:PASSWORD|PASS)$/i, 'RELAYHOST', 'password'],
  [/^(?:POSTFIX_)?RELAYHOST_PORT$/i, 'RELAYHOST', 'port'],
  [/^POSTFIX_SMTP_TLS_(?:SECURITY_LEVEL|WRAPPERMODE)$/i, 'RELAYHOST', 'security'],
  // Ansible roles for Postfix (geerlingguy.postfix, oefenweb.postfix) name the relay's login and TLS this way.
  [/^POSTFIX_SASL_(?:USER|USERNAME)$/i, 'RELAYHOST', 'user'], [/^POSTFIX_SASL_(?:PASSWORD|PASS)$/i, 'RELAYHOST', 'password'],
  [/^POSTFIX_(?:RELAYTLS|SMTP_TLS_SECURITY_LEVEL|SMTP_USE_TLS)$/i, 'RELAYHOST', 'security'],
  [/^SMARTHOST_ADDRESS$/i, 'SMARTHOST_', 'host'], [/^SMARTHOST_PORT$/i, 'SMARTHOST_', 'port'],
  [/^SMARTHOST_USER$/i, 'SMARTHOST_', 'user'], [/^SMARTHOST_PASSWORD$/i, 'SMARTHOST_', 'password'],
  [/^RELAY_HOST$/i, 'RELAY_', 'host'], [/^RELAY_PORT$/i, 'RELAY_', 'port'], [/^RELAY_(?:USER|USERNAME)$/i, 'RELAY_', 'user'],
  [/^RELAY_(?:PASS|PASSWORD)$/i, 'RELAY_', 'password'], [/^RELAY_(?:USE_TLS|TLS|STARTTLS)$/i, 'RELAY_', 'security'],
  [/^MM_EMAILSETTINGS_SMTPSERVER$/i, 'MM_EMAILSETTINGS_', 'host'], [/^MM_EMAILSETTINGS_SMTPPORT$/i, 'MM_EMAILSETTINGS_', 'port'],
  [/^MM_EMAILSETTINGS_SMTPUSERNAME$/i, 'MM_EMAILSETTINGS_', 'user'], [/^MM_EMAILSETTINGS_SMTPPASSWORD$/i, 'MM_EMAILSETTINGS_', 'password'],
  [/^MM_EMAILSETTINGS_CONNECTIONSECURITY$/i, 'MM_EMAILSETTINGS_', 'security'], [/^MM_EMAILSETTINGS_FEEDBACKEMAIL$/i, 'MM_EMAILSETTINGS_', 'from'],
  [/^GITEA__MAILER__(?:SMTP_ADDR|HOST)$/i, 'GITEA__MAILER__', 'host'], [/^GITEA__MAILER__SMTP_PORT$/i, 'GITEA__MAILER__', 'port'],
  [/^GITEA__MAILER__USER$/i, 'GITEA__MAILER__', 'user'], [/^GITEA__MAILER__PASSWD$/i, 'GITEA__MAILER__', 'password'],
  [/^GITEA__MAILER__FROM$/i, 'GITEA__MAILER__', 'from'], [/^GITEA__MAILER__(?:PROTOCOL|IS_TLS_ENABLED)$/i, 'GITEA__MAILER__', 'security'],
  [/^SMTP_NAME$/i, 'SMTP_', 'user'],
  [/^GF_SMTP_PASSWORD__FILE$/i, 'GF_SMTP_', 'passwordFile'],
  [/^DISCOURSE_NOTIFICATION_EMAIL$/i, 'DISCOURSE_SMTP_', 'from'],
];

const RELAY_IMAGE = /(?:^|\/)(?:boky\/postfix|namshi\/smtp|bytemark\/smtp|juanluisbaptiste\/postfix|mwader\/postfix-relay|loganmarchione\/docker-postfixrelay|simenduev\/postfix-relay|catatnight\/postfix|turgon37\/smtp-relay|[\w.-]*postfix[\w.-]*|[\w.-]*smtp-relay[\w.-]*|[\w.-]*exim[\w.-]*)(?::|@|$)/i;

/** Container images that are relays themselves (their settings are an MTA's smart host, role 'relay'). */
export function isRelayImage(image: string | null | undefined): boolean {
  return Boolean(image) && RELAY_IMAGE.test(image!);
}

/** The family and meaning of an environment key, relay images and products first, then the .env conventions. */
export function envRole(key: string): Extra | null {
  for (const [re, family, role] of EXTRAS) if (re.test(key)) return { family, role };
  return roleOf(key);
}

/** Findings for one environment block: one per family that names a host (or a mailer URL). */
export function envFindings(vars: EnvVar[], scope: EnvScope): Finding[] {
  const families = new Map<string, Map<Role, EnvVar>>();
  const tlsWords = new Map<string, Map<string, string>>();
  for (const v of [...vars].sort((a, b) => a.line - b.line)) {
    const role = envRole(v.key);
    if (!role) continue;
    if (role.role === 'password' && v.value && !v.ref && !isSecretPlaceholder(v.value)) register(scope, v.value);
    if (v.sensitive && v.value) register(scope, v.value, role.role);
    const family = families.get(role.family) ?? new Map<Role, EnvVar>();
    families.set(role.family, family);
    // `SMTP_HOST=alerts@contoso.com` is somebody's address, not a server.
    if (role.role === 'host' && v.value?.includes('@') && !v.value.includes('://')) { family.set('from', v); continue; }
    family.set(role.role, v);
    if (role.role === 'security' && v.value !== null) {
      const words = tlsWords.get(role.family) ?? new Map<string, string>();
      words.set(v.key.toUpperCase(), v.value);
      tlsWords.set(role.family, words);
    }
  }
  const withHost = [...families].filter(([, f]) => f.has('host') || f.has('url'));
  if (!withHost.length) return [];
  // Variables of a family without a host (MAIL_FROM_ADDRESS beside SMTP_HOST) complete the host family whose name
  // shares the longest prefix with theirs (INTRANET_MAIL_FROM joins INTRANET_SMTP_HOST, not SMTP_RELAY).
  for (const [name, f] of families) {
    if (f.has('host') || f.has('url')) continue;
    const [, owner] = withHost.reduce((best, candidate) => (sharedPrefix(candidate[0], name) > sharedPrefix(best[0], name) ? candidate : best));
    for (const role of ['from', 'user', 'password'] as Role[]) if (f.has(role) && !owner.has(role)) owner.set(role, f.get(role)!);
  }
  return withHost.flatMap(([family, f]) => familyFinding(family, f, tlsWords.get(family) ?? new Map(), scope));
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

function register(scope: EnvScope, value: string, role?: Role): void {
  // Host, port, user and From of a Kubernetes Secret are reported; registering them would scrub them from every output.
  if (role && ['host', 'port', 'user', 'from', 'security', 'transport', 'authMethod'].includes(role)) return;
  scope.ctx.secret(value);
  scope.secrets.push(value);
}

function familyFinding(family: string, f: Map<Role, EnvVar>, words: Map<string, string>, scope: EnvScope): Finding[] {
  const anchor = f.get('host') ?? f.get('url')!;
  const notes = [...(scope.notes ?? [])];
  const draft: FindingDraft = {
    line: anchor.line, key: `${scope.key}:${family}`, evidence: `${scope.label}: ${anchor.text}`, notes, valueSources: {}, locations: {},
    role: scope.relay || family === 'RELAYHOST' || family === 'SMARTHOST_' ? 'relay' : 'app',
    system: systemOf(family, f, scope),
  };
  const url = f.get('url');
  if (url && !f.has('host')) {
    if (!readUrl(url, draft, scope)) return [];
  } else if (!readHost(family, f.get('host')!, draft)) return [];
  const portVar = f.get('port');
  if (portVar) readPort(portVar, draft);
  if (draft.security === undefined) {
    const reading = securityFor(family, f, words, draft.port ?? null);
    draft.security = reading.security;
    if (reading.note) notes.push(reading.note);
  }
  const tls = [...f.entries()].find(([role]) => role === 'security')?.[1];
  if (tls?.raw) draft.locations!.security = at(tls.line, tls.raw);
  Object.assign(draft, authOf(f, draft));
  const from = f.get('from');
  if (from?.value) {
    draft.from = emailIn(from.value) ?? from.value;
    if (from.raw) draft.locations!.from = at(from.line, from.raw);
    if (from.ref) draft.valueSources!.from = from.ref;
  }
  if (f.get('user')?.raw && draft.auth?.username) draft.locations!.username = at(f.get('user')!.line, f.get('user')!.raw);
  applyTransport(f.get('transport'), draft);
  if (anchor.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  if (draft.port === undefined || draft.port === null) notes.push('port not set: the image or application default applies');
  return [createFinding(scope.detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft)];
}

/** MAIL_MAILER=log, GF_SMTP_ENABLED=false, EMAIL_BACKEND=console: the settings are there but mail does not go over SMTP. */
function applyTransport(transport: EnvVar | undefined, draft: FindingDraft): void {
  const v = transport?.value?.trim().toLowerCase();
  if (!transport || !v || /smtp|^(true|1|yes|on)$/.test(v)) return;
  const said = `${transport.key}=${transport.value}`;
  if (/sendmail|^(mail|native|qmail)$/.test(v)) draft.notes!.push(`${said}: mail goes to the local sendmail binary; the host settings are not used`);
  else if (/^(false|0|no|off|log|array|null|none)$|console|locmem|dummy/.test(v)) Object.assign(draft, { active: false, inactiveReason: 'disabled' }), draft.notes!.push(`${said}: mail is not sent over SMTP`);
  else draft.notes!.push(`${said}: a provider API transport, not SMTP`);
}

function systemOf(family: string, f: Map<Role, EnvVar>, scope: EnvScope): string {
  const named: Record<string, string> = {
    RELAYHOST: 'Postfix relay container', SMARTHOST_: 'Exim relay container (namshi/smtp)', RELAY_: 'SMTP relay container',
    MM_EMAILSETTINGS_: 'Mattermost', GITEA__MAILER__: 'Gitea', GF_SMTP_: 'Grafana', DISCOURSE_SMTP_: 'Discourse',
    AIRFLOW__SMTP__SMTP_: 'Apache Airflow', SENTRY_EMAIL_: 'Sentry',
  };
  const base = named[family] ?? SYSTEM[familyKind(family, [...f.values()].map((v) => v.key.toUpperCase()))].replace(/ \((?:\.env|env)\)$/, '');
  return `${base} (${scope.detector.system})`;
}

function readHost(family: string, host: EnvVar, draft: FindingDraft): boolean {
  if (host.ref) {
    draft.valueSources!.host = host.ref;
    if (!host.value) {
      Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
      return true;
    }
    setHost(family, host.value, host, draft);
    if (host.defaulted) draft.valueSources!['host default'] = `${host.value} (used when ${host.ref.replace(/^env:/, '')} is not set)`;
    return true;
  }
  if (!host.value?.trim()) return false;
  if (isPlaceholder(host.value)) {
    draft.host = host.value;
    return true;
  }
  // A value with spaces in it is no host name (a broken quote swallowed the next lines, or prose).
  if (/\s/.test(host.value.trim())) {
    Object.assign(draft, { host: null, active: false, inactiveReason: 'placeholder' });
    draft.notes!.push(`${host.key} holds no host name: ${host.value.trim().split(/\s/)[0]}…`);
    return true;
  }
  setHost(family, host.value, host, draft);
  if (host.raw) draft.locations!.host = at(host.line, host.raw);
  return true;
}

function setHost(family: string, value: string, host: EnvVar, draft: FindingDraft): void {
  // RELAYHOST follows Postfix: `[host]:port`; Grafana and legacy Gitea write `host:port` in one key.
  const split = parseHostPort(value);
  draft.host = split.host;
  if (split.port !== null) {
    draft.port = split.port;
    if (host.raw) draft.locations!.port = at(host.line, String(split.port));
  }
  if (family === 'RELAYHOST' && !value.trim().startsWith('[')) draft.notes!.push('relay host without [brackets]: Postfix looks up its MX records first');
}

function readPort(port: EnvVar, draft: FindingDraft): void {
  const value = parsePort(port.value);
  if (port.ref) draft.valueSources!.port = port.ref;
  if (value === null) return;
  draft.port = value;
  if (port.raw) draft.locations!.port = at(port.line, port.raw);
}

function readUrl(url: EnvVar, draft: FindingDraft, scope: EnvScope): boolean {
  if (url.ref && !url.value) {
    Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
    draft.valueSources!.host = url.ref;
    return true;
  }
  const parsed = parseSmtpUrl(url.value ?? '');
  if (!parsed) return false;
  if (parsed.password) register(scope, parsed.password);
  Object.assign(draft, { host: parsed.host, port: parsed.port, security: parsed.security });
  if (parsed.username) draft.auth = { method: 'password', username: parsed.username, secret: parsed.password ? 'present' : 'absent' };
  if (url.ref) draft.valueSources!.host = url.ref;
  return true;
}

function securityFor(family: string, f: Map<Role, EnvVar>, byKey: Map<string, string>, port: number | null): { security: Security; note?: string } {
  const word = [...byKey.values()][0]?.trim().toLowerCase() ?? '';
  const keyed = (re: RegExp) => [...byKey].find(([k]) => re.test(k))?.[1];
  if (family === 'RELAYHOST') {
    if (parseBool(keyed(/WRAPPERMODE$/)) || port === 465) return { security: 'tls' };
    const level = keyed(/SECURITY_LEVEL$/)?.toLowerCase() ?? (parseBool(keyed(/RELAYTLS$|USE_TLS$/)) ? 'encrypt' : undefined);
    if (level === 'none') return { security: 'none' };
    if (level && level !== 'may') return { security: 'starttls' };
    return { security: 'starttls', note: 'STARTTLS is opportunistic (Postfix relays default to smtp_tls_security_level = may)' };
  }
  if (family === 'MM_EMAILSETTINGS_') {
    // Mattermost: "TLS" is implicit TLS, "STARTTLS" is STARTTLS, empty is plain.
    if (word === 'tls') return { security: 'tls' };
    if (word === 'starttls') return { security: 'starttls' };
    return port === 465 ? { security: 'tls' } : { security: 'none' };
  }
  if (family === 'GITEA__MAILER__') {
    if (word === 'smtps' || port === 465) return { security: 'tls' };
    if (word === 'smtp+starttls') return { security: 'starttls' };
    if (word === 'smtp') return { security: 'starttls', note: 'Gitea PROTOCOL=smtp: STARTTLS when the server offers it' };
    if (parseBool(word) === true) return { security: 'tls' };
    return { security: port === 587 ? 'starttls' : 'unknown' };
  }
  if (family === 'SMARTHOST_' || family === 'RELAY_') {
    if (port === 465) return { security: 'tls' };
    if (word && parseBool(word) === false) return { security: 'none' };
    return { security: 'starttls', note: 'the relay container uses STARTTLS when the server offers it' };
  }
  const suffixes = new Map([...byKey].map(([k, v]) => [k.slice(family.length), v]));
  return securityOf(familyKind(family, [...f.values()].map((v) => v.key.toUpperCase())), suffixes, port);
}

function authOf(f: Map<Role, EnvVar>, draft: FindingDraft): Pick<FindingDraft, 'auth' | 'secretRef'> {
  const user = f.get('user');
  const username = user?.value && !user.ref && !isPlaceholder(user.value) ? user.value : draft.auth?.username ?? null;
  if (user?.ref) draft.valueSources!.username = user.ref;
  const password = f.get('password');
  const file = f.get('passwordFile');
  let secret: SecretState = draft.auth?.secret ?? 'absent';
  let secretRef: string | undefined;
  if (password?.ref) { secret = 'external'; secretRef = password.ref; }
  else if (password?.value && !isSecretPlaceholder(password.value)) secret = 'present';
  if (secret === 'absent' && (file?.value || file?.ref)) { secret = 'external'; secretRef = file.ref ?? `file:${file.value}`; }
  const mechanism = (f.get('authMethod')?.value ?? '').toLowerCase();
  let method: AuthMethod = username || secret !== 'absent' || user?.ref ? 'password' : 'none';
  if (/oauth|xoauth2/.test(mechanism)) method = 'oauth2';
  else if (mechanism && (mechanism === 'none' || parseBool(mechanism) === false)) method = 'none';
  else if (/ntlm/.test(mechanism)) method = 'ntlm';
  return { auth: { method, username: method === 'none' ? null : username, secret: method === 'none' ? 'absent' : secret }, secretRef };
}

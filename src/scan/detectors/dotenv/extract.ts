// .env files: one finding per key family (Laravel MAIL_*, Symfony MAILER_DSN, Django EMAIL_*, Grafana GF_SMTP_*,
// SMTP_* and PREFIX_SMTP_*) at the host's line; commented-out blocks come back inactive.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, envReference, isPlaceholder, liveSettings, parseHostPort, parsePort } from '../../values.js';
import { readMailerDsn, transportDraft, type MailerTransport } from '../symfony/dsn.js';
import { familyKind, roleOf, securityOf, SYSTEM, type FamilyKind, type Role } from './families.js';
import { expand, parseDotenv, type EnvAssignment, type Expanded } from './parse.js';

const detector = { id: 'dotenv', system: '.env file' };

interface Scope {
  path: string;
  ctx: ExtractContext;
  secrets: string[];
  all: Map<string, EnvAssignment>;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const assignments = parseDotenv(content, (line) => ctx.warn('parse-error', 'unterminated quoted value', line));
  const scope: Scope = { path, ctx, secrets: [], all: liveSettings(assignments) as Map<string, EnvAssignment> };
  const families = new Map<string, EnvAssignment[]>();
  for (const a of assignments) {
    const role = roleOf(a.key);
    if (!role) continue;
    if (role.role === 'password' && a.value && !isPlaceholder(a.value) && !envReference(a.value)) { ctx.secret(a.value); scope.secrets.push(a.value); }
    families.set(role.family, [...(families.get(role.family) ?? []), a]);
  }
  if (!families.size) return null;
  const findings: Finding[] = [];
  for (const [family, list] of families) {
    const kind = familyKind(family, list.map((a) => a.key.toUpperCase()));
    const isHost = (key: string) => ['host', 'url'].includes(roleOf(key)?.role ?? '');
    findings.push(...familyFindings(kind, family, liveSettings(list) as Map<string, EnvAssignment>, false, scope));
    for (const block of commentedBlocks(list, isHost)) findings.push(...familyFindings(kind, family, block as Map<string, EnvAssignment>, true, scope));
  }
  return findings.length ? findings : null;
}

function familyFindings(kind: FamilyKind, family: string, set: Map<string, EnvAssignment>, commented: boolean, scope: Scope): Finding[] {
  const read = (a: EnvAssignment): Expanded => (commented ? { value: a.value, sources: [], unresolved: [] } : expand(a, scope.all, scope.path));
  const byRole = new Map<Role, EnvAssignment>();
  const tlsWords = new Map<string, string>();
  for (const a of [...set.values()].sort((x, y) => x.line - y.line)) {
    const role = roleOf(a.key)!;
    if (role.role === 'host' && a.value.includes('@') && !a.value.includes('://')) { byRole.set('from', a); continue; }
    byRole.set(role.role, a);
    if (role.role === 'security') tlsWords.set(a.key.toUpperCase().slice(family.length), read(a).value);
  }
  const system = SYSTEM[kind];
  const common = { commented, system, scope, byRole, read };
  const url = byRole.get('url');
  if (url && read(url).value.includes('://')) return urlFindings(kind, url, common);
  const host = byRole.get('host');
  const transport = byRole.get('transport');
  const mode = transportMode(transport ? read(transport).value : '');
  if (!host && mode !== 'local') return [];
  const anchor = host ?? transport!;
  const draft: FindingDraft = { line: anchor.line, evidence: anchor.text, system, role: 'app', notes: [], valueSources: {}, locations: {} };
  if (host) readHost(host, read(host), byRole, scope.all, draft);
  const port = draft.port ?? null;
  const tls = securityOf(kind, tlsWords, port);
  draft.security = tls.security;
  if (tls.note) draft.notes!.push(tls.note);
  Object.assign(draft, authDraft(byRole, read, (v) => { scope.ctx.secret(v); scope.secrets.push(v); }));
  const from = byRole.get('from');
  if (from) {
    const value = read(from);
    draft.from = emailIn(value.value) ?? (value.value || null);
    draft.locations!.from = at(from.line, from.raw);
    if (value.sources.length) draft.valueSources!.from = value.sources[0];
  }
  const user = byRole.get('user');
  if (user && draft.auth?.username) draft.locations!.username = at(user.line, user.raw);
  const security = [...set.values()].find((a) => roleOf(a.key)?.role === 'security');
  if (security) draft.locations!.security = at(security.line, security.raw);
  applyMode(mode, transport, draft);
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  if (draft.port === null && draft.host && !commented) draft.notes!.push('port not set: the application default applies');
  return [createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft)];
}

function readHost(host: EnvAssignment, value: Expanded, byRole: Map<Role, EnvAssignment>, all: Map<string, EnvAssignment>, draft: FindingDraft): void {
  const ref = envReference(value.value);
  if (ref || value.unresolved.length) {
    const name = ref?.name ?? value.unresolved[0];
    Object.assign(draft, { host: ref?.fallback ?? null, active: false, inactiveReason: 'unresolved' });
    draft.valueSources!.host = `env:${name}`;
    return;
  }
  const split = value.value.includes(':') && !value.value.includes('//') ? parseHostPort(value.value) : { host: value.value, port: null };
  draft.host = split.host;
  // An interpolated host is patched where its literal sits.
  const origin = envReference(host.raw) ? all.get(envReference(host.raw)!.name) : undefined;
  draft.locations!.host = origin ? at(origin.line, origin.raw) : at(host.line, host.raw);
  if (value.sources.length) draft.valueSources!.host = value.sources[0];
  if (!value.value.trim() || /\s/.test(value.value.trim())) Object.assign(draft, { host: null, active: false, inactiveReason: 'placeholder' });
  const portKey = byRole.get('port');
  draft.port = parsePort(portKey?.value) ?? split.port;
  if (portKey && parsePort(portKey.value) !== null) draft.locations!.port = at(portKey.line, portKey.raw);
}

function authDraft(byRole: Map<Role, EnvAssignment>, read: (a: EnvAssignment) => Expanded, secretSeen: (value: string) => void): Pick<FindingDraft, 'auth' | 'secretRef'> {
  const user = byRole.get('user');
  const userValue = user ? read(user).value : '';
  const username = userValue && !isPlaceholder(userValue) ? userValue : null;
  const password = byRole.get('password');
  const file = byRole.get('passwordFile');
  const method = (byRole.get('authMethod') ? read(byRole.get('authMethod')!).value : '').toLowerCase();
  let secret: 'present' | 'absent' | 'external' = 'absent';
  let secretRef: string | undefined;
  if (password) {
    const value = read(password);
    const ref = envReference(value.value) ?? (value.unresolved.length ? { name: value.unresolved[0] } : null);
    if (ref) { secret = 'external'; secretRef = `env:${ref.name}`; }
    else if (value.value && !isPlaceholder(value.value)) { secret = 'present'; secretSeen(value.value); }
  }
  if (secret === 'absent' && file && read(file).value) { secret = 'external'; secretRef = `file:${read(file).value}`; }
  const oauth = /oauth|xoauth2/.test(method);
  return {
    auth: { method: oauth ? 'oauth2' : method === 'none' ? 'none' : username || secret !== 'absent' ? 'password' : 'none', username, secret },
    secretRef,
  };
}

type Mode = 'smtp' | 'local' | 'disabled' | 'api';

/** MAIL_MAILER / SMTP_DELIVERY_METHOD / EMAIL_BACKEND / GF_SMTP_ENABLED → does this family send over SMTP at all? */
function transportMode(value: string): Mode {
  const v = value.trim().toLowerCase();
  if (!v || /smtp|failover|roundrobin|^(true|1|yes|on)$/.test(v)) return 'smtp';
  if (/^(sendmail|mail|native|qmail)$|sendmail/.test(v)) return 'local';
  if (/^(false|0|no|off|log|array|null|none)$|console|locmem|dummy|filebased/.test(v)) return 'disabled';
  return 'api';
}

function applyMode(mode: Mode, transport: EnvAssignment | undefined, draft: FindingDraft): void {
  if (mode === 'smtp' || !transport) return;
  const said = `${transport.key}=${transport.value}`;
  if (mode === 'local') Object.assign(draft, { host: draft.host ?? 'localhost', endpointKind: 'local', security: 'none' }), draft.notes!.push(`${said}: mail goes to the local sendmail binary; the host settings are not used`);
  if (mode === 'disabled') Object.assign(draft, { active: false, inactiveReason: 'disabled' }), draft.notes!.push(`${said}: mail is not sent over SMTP`);
  if (mode === 'api') Object.assign(draft, { endpointKind: 'other-public' }), draft.notes!.push(`${said}: a provider API transport, not SMTP`);
}

interface Common { commented: boolean; system: string; scope: Scope; byRole: Map<Role, EnvAssignment>; read: (a: EnvAssignment) => Expanded }

function urlFindings(kind: FamilyKind, url: EnvAssignment, { commented, system, scope, byRole, read }: Common): Finding[] {
  const value = read(url);
  const secret = (s: string) => { scope.ctx.secret(s); scope.secrets.push(s); };
  const transports = kind === 'django' ? djangoEmailUrl(value.value, secret) : readMailerDsn(value.value, url.key.toUpperCase() === 'MAILER_URL' ? 'swiftmailer' : 'symfony', secret);
  if (!transports) { scope.ctx.warn('parse-error', `${url.key} is not a mailer URL`, url.line); return []; }
  const from = byRole.get('from');
  return transports.map((t, index) => {
    const draft: FindingDraft = {
      ...transportDraft(t), line: url.line, key: `${url.key}:${index}`, role: 'app', evidence: url.text,
      system: url.key.toUpperCase() === 'MAILER_URL' ? 'SwiftMailer (.env)' : system,
      from: from ? emailIn(read(from).value) : null,
      locations: { host: at(url.line, t.hostText), port: at(url.line, t.portText), username: at(url.line, t.usernameText), from: from ? at(from.line, from.raw) : undefined },
    };
    if (value.sources.length) draft.valueSources = { ...draft.valueSources, host: value.sources[0] };
    if (value.unresolved.length && !t.host) Object.assign(draft, { active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${value.unresolved[0]}` } });
    if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
    return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
  });
}

/** django-environ EMAIL_URL: `smtps://` and `smtp+tls://` set EMAIL_USE_TLS (STARTTLS), `smtp+ssl://` sets EMAIL_USE_SSL. */
function djangoEmailUrl(raw: string, secret: (s: string) => void): MailerTransport[] | null {
  const transports = readMailerDsn(raw.replace(/^smtp\+(tls|ssl):/i, 'smtp:'), 'symfony', secret);
  const scheme = /^[a-z+]+/i.exec(raw)?.[0].toLowerCase() ?? '';
  for (const t of transports ?? []) {
    t.security = scheme === 'smtp+ssl' ? 'tls' : scheme === 'smtps' || scheme === 'smtp+tls' ? 'starttls' : 'none';
    t.port = t.port ?? (t.security === 'tls' ? 465 : 25);
    t.notes = [];
  }
  return transports;
}

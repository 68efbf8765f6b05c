// Mail settings as nested YAML objects (Helm values, Ansible dict variables): an object named smtp/mail/email, or one
// holding a key that says SMTP itself (smtpHost, smtp_smarthost), becomes one finding; child objects (auth:) join it.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder, mailKeyKind, parseBool, parseHostPort, parsePort, type MailKey, type YamlEntry } from '../../values.js';

/** A value as the caller reads it: literal text, or where it lives (`env:X`, `ansible-vault:…`, `k8s-secret:…`). */
export interface TreeValue { value: string | null; ref?: string }

export interface TreeScope {
  detector: { id: string; system: string };
  ctx: ExtractContext;
  path: string;
  system: string;
  role: NonNullable<Finding['role']>;
  secrets: string[];
  read(e: YamlEntry): TreeValue;
}

type Kind = MailKey | 'secretName' | 'secretKey' | 'enabled';

const MAIL_OBJECT = /^(?:smtp|mail|email|e-mail|mailer|mailserver|smtp_?settings|e?mail_?settings|smtp_?configs?|e?mail_?configs?|outgoing_?mail|notifications?)$/i;

// Names outside values.ts's mail-key table: Bitnami charts, Alertmanager globals, Kubernetes secret references.
const EXTRA_KEYS: [RegExp, Kind][] = [
  [/^(?:smtp)?existingsecret(?:name)?$|^(?:password|credentials?)secret(?:name)?$/, 'secretName'],
  [/^(?:smtp)?existingsecret(?:password)?key$|^passwordkey$|^secretkey$/, 'secretKey'],
  [/^(?:smtp)?authusername$|^authuser$/, 'username'],
  [/^(?:smtp)?authpassword$/, 'password'],
  [/^(?:smtp)?(?:requiretls|protocol|smtpprotocol|tlsmode|ssltls)$/, 'security'],
  [/^(?:smtp)?enabled?$/, 'enabled'],
  [/^(?:enable)?starttlsauto$/, 'security'],
];

// `password: { secret: gitlab-smtp, key: password }` (GitLab chart): a Kubernetes Secret reference.
const PASSWORD_REF_KEYS: [RegExp, Kind][] = [[/^secret(?:name)?$/, 'secretName'], [/^key$/, 'secretKey']];

function kindOf(key: string, inMailObject: boolean, parent: string): Kind | null {
  const flat = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (inMailObject && /password/i.test(parent)) for (const [re, kind] of PASSWORD_REF_KEYS) if (re.test(flat)) return kind;
  const bare = flat.replace(/^(?:smtp|mail|email)/, '');
  for (const [re, kind] of EXTRA_KEYS) if (re.test(flat) && (inMailObject || flat !== bare)) return kind;
  const known = mailKeyKind(key);
  if (!known || (!known.specific && !inMailObject)) return null;
  return known.kind;
}

interface MailObject { path: string[]; keys: Map<Kind, YamlEntry>; inMail: boolean }

/** Findings for every mail object among the entries (entries of one YAML document). */
export function treeFindings(entries: YamlEntry[], scope: TreeScope, commented = false): Finding[] {
  const objects = new Map<string, MailObject>();
  for (const e of entries) {
    if (!e.path.length) continue;
    const parent = e.path.slice(0, -1);
    const inMail = parent.some((p) => MAIL_OBJECT.test(p));
    const kind = kindOf(e.path.at(-1)!, inMail, parent.at(-1) ?? '');
    if (!kind) continue;
    const id = parent.join('\u0000');
    const object = objects.get(id) ?? { path: parent, keys: new Map(), inMail };
    if (!object.keys.has(kind)) object.keys.set(kind, e);
    objects.set(id, object);
  }
  const withHost = [...objects.values()].filter((o) => o.keys.has('host'));
  // `smtp.auth.username` joins `smtp.host`: a child object completes the nearest ancestor that names a host.
  for (const o of objects.values()) {
    if (o.keys.has('host')) continue;
    const owner = withHost.filter((h) => h.path.length < o.path.length && h.path.every((p, i) => p === o.path[i])).sort((a, b) => b.path.length - a.path.length)[0];
    if (owner) for (const [kind, e] of o.keys) if (!owner.keys.has(kind)) owner.keys.set(kind, e);
  }
  return withHost.flatMap((o) => objectFinding(o, scope, commented));
}

function objectFinding(o: MailObject, scope: TreeScope, commented: boolean): Finding[] {
  const hostEntry = o.keys.get('host')!;
  const host = scope.read(hostEntry);
  // An empty default (`smtpHost: ""`) is a chart's blank, not a setting.
  if (!host.ref && !host.value?.trim()) return [];
  const where = o.path.join('.') || '(top level)';
  const notes: string[] = [];
  const draft: FindingDraft = { line: hostEntry.line, key: where, system: scope.system, role: scope.role, notes, valueSources: {}, locations: {}, evidence: `${where}: ${hostEntry.path.at(-1)}: ${hostEntry.text}`.slice(0, 300) };
  if (host.ref) {
    draft.valueSources!.host = host.ref;
    if (!host.value) Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
  }
  if (host.value && /\s/.test(host.value.trim())) {
    Object.assign(draft, { host: null, active: false, inactiveReason: 'placeholder' });
    notes.push(`${hostEntry.path.at(-1)} holds no host name`);
  } else if (host.value) {
    const split = parseHostPort(host.value);
    draft.host = split.host;
    draft.port = split.port;
    if (!host.ref && !isPlaceholder(host.value)) draft.locations!.host = at(hostEntry.line, hostEntry.text);
  }
  const portEntry = o.keys.get('port');
  const port = portEntry ? scope.read(portEntry) : null;
  if (port?.ref) draft.valueSources!.port = port.ref;
  if (parsePort(port?.value) !== null) {
    draft.port = parsePort(port!.value);
    draft.locations!.port = at(portEntry!.line, portEntry!.text);
  }
  const reading = securityOfKeys(o, scope, draft.port ?? null);
  draft.security = reading.security;
  if (reading.note) notes.push(reading.note);
  Object.assign(draft, authOf(o, scope, draft, where));
  const fromEntry = o.keys.get('from');
  const from = fromEntry ? scope.read(fromEntry) : null;
  if (from?.value) {
    draft.from = emailIn(from.value) ?? from.value;
    draft.locations!.from = at(fromEntry!.line, fromEntry!.text);
  }
  const enabled = o.keys.get('enabled');
  if (enabled && parseBool(String(enabled.value)) === false) {
    Object.assign(draft, { active: false, inactiveReason: 'disabled' });
    notes.push(`${enabled.path.join('.')} is false: mail is switched off`);
  }
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  if (draft.port === null || draft.port === undefined) notes.push('port not set: the chart or application default applies');
  return [createFinding(scope.detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft)];
}

/** TLS words of one object, read by what each key is called (config-formats.md §0 rule 4). */
function securityOfKeys(o: MailObject, scope: TreeScope, port: number | null): { security: Security; note?: string } {
  const entry = o.keys.get('security');
  const value = entry ? scope.read(entry).value?.trim().toLowerCase() ?? '' : '';
  const name = entry?.path.at(-1)!.toLowerCase().replace(/[^a-z]/g, '') ?? '';
  const flag = parseBool(value);
  if (port === 465 && flag !== false) return { security: 'tls' };
  if (!entry) return port === 587 ? { security: 'starttls', note: 'TLS inferred from port 587' } : { security: 'unknown' };
  if (['ssl', 'smtps', 'implicit', 'ssl/tls', 'tls-wrapper'].includes(value)) return { security: 'tls' };
  if (value === 'starttls' || value === 'tls') return { security: 'starttls' };
  if (value === 'none' || value === 'plain') return { security: 'none' };
  if (flag === null) return { security: 'unknown' };
  if (/starttls/.test(name)) return { security: flag ? 'starttls' : 'none' };
  if (/ssl|secure/.test(name)) return { security: flag ? 'tls' : 'none' };
  // `tls: true` means STARTTLS to some charts and implicit TLS to others (Rails); Alertmanager's require_tls is STARTTLS.
  if (/tls/.test(name)) return flag ? { security: 'starttls', note: `${name}: true read as STARTTLS (implicit TLS only on 465)` } : { security: 'none' };
  return { security: 'unknown' };
}

function authOf(o: MailObject, scope: TreeScope, draft: FindingDraft, where: string): Pick<FindingDraft, 'auth' | 'secretRef'> {
  const userEntry = o.keys.get('username');
  const user = userEntry ? scope.read(userEntry) : null;
  const username = user?.value && !user.ref && !isPlaceholder(user.value) ? user.value : null;
  if (username) draft.locations!.username = at(userEntry!.line, userEntry!.text);
  if (user?.ref) draft.valueSources!.username = user.ref;
  const passwordEntry = o.keys.get('password');
  const password = passwordEntry ? scope.read(passwordEntry) : null;
  let secret: SecretState = 'absent';
  let secretRef: string | undefined;
  if (password?.ref) { secret = 'external'; secretRef = password.ref; }
  else if (password?.value && !isSecretPlaceholder(password.value)) {
    secret = 'present';
    scope.ctx.secret(password.value);
    scope.secrets.push(password.value);
  }
  const secretName = o.keys.get('secretName');
  const name = secretName ? scope.read(secretName).value : null;
  if (secret === 'absent' && name) {
    const key = o.keys.get('secretKey') ? scope.read(o.keys.get('secretKey')!).value : null;
    secret = 'external';
    secretRef = `k8s-secret:${name}${key ? `/${key}` : ''}`;
  }
  const authEntry = o.keys.get('auth');
  const authWord = authEntry ? scope.read(authEntry).value?.toLowerCase() ?? '' : '';
  let method: AuthMethod = username || user?.ref || secret !== 'absent' ? 'password' : 'none';
  if (/oauth|xoauth2/.test(authWord)) method = 'oauth2';
  else if (authWord && (authWord === 'none' || parseBool(authWord) === false)) method = 'none';
  else if (/ntlm/.test(authWord)) method = 'ntlm';
  else if (parseBool(authWord) === true && method === 'none') method = 'password';
  if (method === 'none' && secret === 'present') draft.notes!.push(`${where}: a password is set but authentication is off`);
  return { auth: { method, username: method === 'none' ? null : username, secret: method === 'none' ? 'absent' : secret }, secretRef };
}

/**
 * Settings kept as comments (`# smtp:` / `#   host: old.relay`): each run of adjacent commented `key: value` lines,
 * as entries under the commented header when it names a mail object. Pass each run to treeFindings(…, true).
 */
export function commentedRuns(lines: string[]): YamlEntry[][] {
  const runs: YamlEntry[][] = [];
  let header: string | null = null;
  let last = -2;
  lines.forEach((raw, i) => {
    const m = /^\s*#+ ?\s*([A-Za-z_][\w.-]*):(.*)$/.exec(raw);
    if (m) m[2] = m[2].trim();
    if (!m || m[2].startsWith('#')) return;
    if (i - last > 1) { header = null; runs.push([]); }
    last = i;
    const value = m[2].replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
    if (!value && MAIL_OBJECT.test(m[1])) { header = m[1]; return; }
    runs.at(-1)!.push({ path: header ? [header, m[1]] : [m[1]], value, line: i + 1, text: value, doc: 0 });
  });
  return runs.filter((r) => r.length);
}

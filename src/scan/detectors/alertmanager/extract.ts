// Prometheus Alertmanager: `global: smtp_smarthost: host:port` with smtp_from / smtp_auth_* / smtp_require_tls, and
// each receiver's `email_configs:` entry, which may override any of them (config-formats.md §4.6). Port 465 means
// implicit TLS; otherwise require_tls (default true) means STARTTLS is required, false means plain text.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { DetectorMatcher } from '../../match.js';
import { commentedBlocks, commentedYamlLines, emailIn, flattenYamlBounded, parseBool, parseHostPort, secretState, valueReference, type YamlEntry } from '../../values.js';
import { helm } from '../helm/index.js';

const detector = { id: 'alertmanager', system: 'Prometheus Alertmanager' };
// Helm values files (`alertmanager-values.yaml`) are the helm detector's: one finding per setting.
const helmFiles = new DetectorMatcher([helm]);

interface Value { value: string; line: number; text: string }
/** Settings by their email_configs name (`smarthost`, `from`, `auth_username`, …); global keys lose their `smtp_` prefix. */
type Settings = Map<string, Value>;

interface Receiver { name: string; settings: Settings; line: number }

function value(e: YamlEntry): Value {
  return { value: e.value === null ? '' : String(e.value), line: e.line, text: `${e.path.at(-1)}: ${e.text}` };
}

function secretOf(s: Settings, register: (v: string) => void): { secret: SecretState; ref?: string } {
  const file = s.get('auth_password_file');
  if (file?.value) return { secret: 'external', ref: `file:${file.value}` };
  const inline = secretState(s.get('auth_password')?.value, register);
  return inline.secret === 'absent' ? secretState(s.get('auth_secret')?.value, register) : inline;
}

function build(s: Settings, key: string, path: string, ctx: ExtractContext, extra: { notes: string[]; commented?: boolean; unused?: boolean }): Finding | null {
  const smarthost = s.get('smarthost');
  if (!smarthost?.value) return null;
  const notes = [...extra.notes];
  const ref = valueReference(smarthost.value);
  const { host, port } = ref ? { host: '', port: null } : parseHostPort(smarthost.value);
  if (!ref && port === null) notes.push('smarthost has no :port: Alertmanager refuses it (host:port is required)');
  const requireTls = parseBool(s.get('require_tls')?.value) ?? true;
  let security: Security = requireTls ? 'starttls' : 'none';
  if (port === 465) security = 'tls';
  else if (!s.get('require_tls')) notes.push('require_tls not set: Alertmanager requires STARTTLS by default');
  const username = s.get('auth_username')?.value || null;
  const secret = secretOf(s, (v) => ctx.secret(v));
  const from = s.get('from');
  const draft: FindingDraft = {
    line: smarthost.line, key,
    host: ref ? null : host, port: port ?? 25, security,
    auth: { method: username || s.get('auth_secret') ? 'password' : 'none', username, secret: secret.secret },
    secretRef: secret.ref,
    from: emailIn(from?.value),
    valueSources: ref ? { host: ref } : undefined,
    evidence: smarthost.text,
    locations: Object.fromEntries(Object.entries({
      host: ref ? undefined : at(smarthost.line, host),
      port: port ? at(smarthost.line, port) : undefined,
      username: username ? at(s.get('auth_username')!.line, username) : undefined,
      from: from && emailIn(from.value) ? at(from.line, emailIn(from.value)) : undefined,
    }).filter(([, v]) => v)),
    notes, role: 'app',
  };
  if (extra.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (extra.unused) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  else if (ref) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

/** Global settings and receivers' email_configs, wherever the Alertmanager config sits in the file (root, or under a Helm-style key). */
function readConfig(entries: YamlEntry[]): { global: Settings; receivers: Receiver[] } {
  const global: Settings = new Map();
  const byConfig = new Map<string, Receiver>();
  const names = new Map<string, string>();
  for (const e of entries) {
    const g = e.path.indexOf('global');
    if (g >= 0 && e.path.length === g + 2 && e.path[g + 1].startsWith('smtp_')) { global.set(e.path[g + 1].slice(5), value(e)); continue; }
    const r = e.path.indexOf('receivers');
    if (r < 0) continue;
    const [index, field, j, key] = e.path.slice(r + 1);
    if (field === 'name' && j === undefined) names.set(`${e.doc}:${index}`, String(e.value));
    if (field !== 'email_configs' || key === undefined || e.path.length !== r + 5) continue;
    const id = `${e.doc}:${index}:${j}`;
    const receiver = byConfig.get(id) ?? { name: `${e.doc}:${index}`, settings: new Map(), line: e.line };
    receiver.settings.set(key, value(e));
    byConfig.set(id, receiver);
  }
  const receivers = [...byConfig.values()].map((x) => ({ ...x, name: names.get(x.name) ?? 'unnamed receiver' }));
  return { global, receivers };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (helmFiles.match(path)) return null;
  const flat = flattenYamlBounded(content);
  for (const e of flat.errors.slice(0, 3)) ctx.warn('parse-error', `YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) ctx.warn('too-deep', 'YAML nested too deeply; deeper settings were not read');
  for (const e of flat.entries) if (/^(smtp_)?auth_(password|secret)$/.test(e.path.at(-1) ?? '') && e.value !== null) secretState(String(e.value), (v) => ctx.secret(v));
  const { global, receivers } = readConfig(flat.entries);
  const findings: Finding[] = [];
  const inheriting = receivers.filter((r) => !r.settings.get('smarthost'));
  if (global.get('smarthost')) {
    const notes = inheriting.length ? [`used by ${inheriting.map((r) => r.name).join(', ')}`] : ['no email_configs use the global smarthost: Alertmanager sends no mail with it'];
    const f = build(global, 'global', path, ctx, { notes, unused: !inheriting.length });
    if (f) findings.push(f);
  }
  for (const r of receivers.filter((x) => x.settings.get('smarthost'))) {
    const merged: Settings = new Map([...global, ...r.settings]);
    const f = build(merged, `receiver:${r.line}`, path, ctx, { notes: [`receiver ${r.name}`] });
    if (f) findings.push(f);
  }
  // `# smtp_smarthost: 'old:25'` lines: earlier relays kept as comments.
  const commented = commentedYamlLines(content);
  for (const a of commented) if (/auth_(password|secret)$/.test(a.key)) secretState(a.value, (v) => ctx.secret(v));
  for (const block of commentedBlocks(commented, (k) => k === 'smtp_smarthost' || k === 'smarthost')) {
    const s: Settings = new Map([...block].map(([k, a]) => [k.replace(/^smtp_/, ''), { value: a.value, line: a.line, text: a.text }]));
    const f = build(s, `commented:${s.get('smarthost')!.line}`, path, ctx, { notes: [], commented: true });
    if (f) findings.push(f);
  }
  return findings.length ? findings : null;
}

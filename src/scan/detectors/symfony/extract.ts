// Symfony: config/packages/mailer.yaml (framework.mailer.dsn / transports), swiftmailer.yaml and app/config/config.yml
// (swiftmailer: host, port, encryption, …) and Symfony 2/3 parameters.yml (mailer_host, mailer_password, …).
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, envReference, flattenYaml, isPlaceholder, parsePort, splitLines, type YamlEntry } from '../../values.js';
import { readMailerDsn, transportDraft } from './dsn.js';

const detector = { id: 'symfony', system: 'Symfony Mailer' };

interface Scope { path: string; ctx: ExtractContext; secrets: string[]; parameters: Map<string, YamlEntry> }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const flat = flattenYaml(content);
  if (flat.tooDeep) ctx.warn('too-deep', 'YAML nested too deep; read up to the limit');
  if (flat.errors.length) ctx.warn('parse-error', flat.errors[0].message, flat.errors[0].line ?? undefined);
  // `when@prod:` blocks hold the same keys for one environment.
  const entries = flat.entries.map((e) => ({ ...e, path: /^when@/.test(e.path[0] ?? '') ? e.path.slice(1) : e.path }));
  const parameters = new Map(entries.filter((e) => e.path[0] === 'parameters' && e.path.length === 2).map((e) => [e.path[1], e]));
  const scope: Scope = { path, ctx, secrets: [], parameters };
  const findings: Finding[] = [];
  const mailer = entries.filter((e) => e.path[0] === 'framework' && e.path[1] === 'mailer');
  const from = mailer.find((e) => (e.path[2] === 'envelope' && e.path[3] === 'sender') || (e.path[2] === 'headers' && /^from$/i.test(e.path[3] ?? '')));
  for (const e of mailer.filter((x) => x.path[2] === 'dsn' || (x.path[2] === 'transports' && x.path.length === 4))) {
    findings.push(...dsnFindings(e, 'symfony', from, scope));
  }
  const swift = entries.filter((e) => e.path[0] === 'swiftmailer');
  const mailers = new Map<string, YamlEntry[]>();
  for (const e of swift) {
    const name = e.path[1] === 'mailers' ? e.path[2] : '';
    const rest = e.path[1] === 'mailers' ? e.path.slice(3) : e.path.slice(1);
    if (rest.length !== 1) continue;
    mailers.set(name, [...(mailers.get(name) ?? []), { ...e, path: rest }]);
  }
  for (const [name, list] of mailers) findings.push(...swiftFindings(name, new Map(list.map((e) => [e.path[0], e])), 'SwiftMailer', scope));
  const legacy = new Map([...parameters].filter(([k]) => k.startsWith('mailer_')).map(([k, e]) => [k.slice('mailer_'.length).replace(/^user$/, 'username'), e]));
  if (legacy.has('host') || legacy.has('transport')) findings.push(...swiftFindings('parameters', legacy, 'Symfony parameters.yml', scope));
  findings.push(...commentedDsns(content, scope));
  return findings.length ? findings : null;
}

/** A `%name%` parameter or `%env(NAME)%` reference → the literal it stands for in this file, or where it points. */
function resolve(e: YamlEntry | undefined, scope: Scope): { value: string | null; ref: string | null; entry: YamlEntry | undefined } {
  if (!e || e.value === null) return { value: null, ref: null, entry: e };
  const text = String(e.value);
  const env = envReference(text);
  if (env) return { value: null, ref: `env:${env.name}`, entry: e };
  const param = /^%([\w.]+)%$/.exec(text);
  if (param) {
    const target = scope.parameters.get(param[1]);
    if (target && !/^%.*%$/.test(String(target.value))) return { value: target.value === null ? null : String(target.value), ref: null, entry: target };
    return { value: null, ref: `param:${param[1]}`, entry: e };
  }
  return { value: text, ref: null, entry: e };
}

function dsnFindings(e: YamlEntry, flavour: 'symfony' | 'swiftmailer', fromEntry: YamlEntry | undefined, scope: Scope): Finding[] {
  const { value, ref } = resolve(e, scope);
  const system = flavour === 'symfony' ? 'Symfony Mailer' : 'SwiftMailer';
  const base = { line: e.line, key: e.path.join('.'), evidence: `${e.path.join('.')}: ${e.text}`, system, role: 'app' as const };
  const from = fromEntry ? emailIn(String(fromEntry.value)) : null;
  if (ref) return [finding(scope, { ...base, host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: ref }, from, notes: [`the DSN comes from ${ref}; resolve it against the .env files`] })];
  if (!value) return [];
  const transports = readMailerDsn(value, flavour, (s) => { scope.ctx.secret(s); scope.secrets.push(s); });
  if (!transports) { scope.ctx.warn('parse-error', `${base.key} is not a mailer DSN`, e.line); return []; }
  return transports.map((t, i) => finding(scope, {
    ...transportDraft(t), ...base, key: `${base.key}:${i}`, from,
    locations: { host: at(e.line, t.hostText), port: at(e.line, t.portText), username: at(e.line, t.usernameText), from: fromEntry ? at(fromEntry.line, fromEntry.text) : undefined },
  }));
}

/** SwiftMailer settings (swiftmailer: block or parameters.yml mailer_*): `encryption: ssl` = implicit TLS, `tls` = STARTTLS. */
function swiftFindings(name: string, keys: Map<string, YamlEntry>, system: string, scope: Scope): Finding[] {
  if (keys.has('url')) return dsnFindings(keys.get('url')!, 'swiftmailer', keys.get('sender_address'), scope);
  const host = resolve(keys.get('host'), scope);
  const transport = (resolve(keys.get('transport'), scope).value ?? 'smtp').toLowerCase();
  if (!keys.has('host') && !keys.has('transport')) return [];
  const anchor = keys.get('host') ?? keys.get('transport')!;
  const draft: FindingDraft = { line: anchor.line, key: name, system, role: 'app', evidence: `${anchor.path.at(-1)}: ${anchor.text}`, notes: [], locations: {} };
  const encryption = (resolve(keys.get('encryption'), scope).value ?? '').toLowerCase();
  const port = resolve(keys.get('port'), scope);
  draft.host = host.value;
  draft.port = parsePort(port.value);
  draft.security = encryption === 'ssl' ? 'tls' : encryption === 'tls' ? 'starttls' : 'none';
  if (transport === 'gmail') Object.assign(draft, { host: 'smtp.gmail.com', port: 465, security: 'tls' });
  if (transport === 'mail' || transport === 'sendmail') { Object.assign(draft, { host: 'localhost', endpointKind: 'local', security: 'none' }); draft.notes!.push(`transport ${transport}: the local MTA sends`); }
  if (transport === 'null') Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  if (host.ref && transport === 'smtp') Object.assign(draft, { active: false, inactiveReason: 'unresolved', valueSources: { host: host.ref } });
  draft.port ??= draft.host && transport === 'smtp' ? (draft.security === 'tls' ? 465 : 25) : null;
  if (host.entry && host.value) draft.locations!.host = at(host.entry.line, host.entry.text);
  if (port.entry && draft.port) draft.locations!.port = at(port.entry.line, port.entry.text);
  const user = resolve(keys.get('username'), scope);
  const password = resolve(keys.get('password'), scope);
  const username = user.value && !isPlaceholder(user.value) ? user.value : null;
  if (password.value && !isPlaceholder(password.value)) { scope.ctx.secret(password.value); scope.secrets.push(password.value); }
  const secret = password.ref ? 'external' : password.value && !isPlaceholder(password.value) ? 'present' : 'absent';
  draft.auth = { method: username || secret !== 'absent' ? 'password' : 'none', username, secret };
  if (password.ref) draft.secretRef = password.ref;
  if (username && user.entry) draft.locations!.username = at(user.entry.line, user.entry.text);
  const sender = keys.get('sender_address');
  if (sender) { draft.from = emailIn(String(sender.value)); draft.locations!.from = at(sender.line, sender.text); }
  if (resolve(keys.get('disable_delivery'), scope).value === 'true' || keys.get('disable_delivery')?.value === true) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  return [finding(scope, draft)];
}

/** `# dsn: 'smtp://…'` and `#    mailer_host: …` lines: old settings kept as comments. */
function commentedDsns(content: string, scope: Scope): Finding[] {
  const found: Finding[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*#\s*(dsn|url|mailer_host|host)\s*:\s*['"]?([^'"#\s]+)/.exec(raw);
    if (!m || (/^(dsn|url)$/.test(m[1]) && !m[2].includes('://'))) return;
    const line = i + 1;
    if (m[2].includes('://')) {
      const transports = readMailerDsn(m[2], m[1] === 'url' ? 'swiftmailer' : 'symfony', (s) => { scope.ctx.secret(s); scope.secrets.push(s); }) ?? [];
      transports.forEach((t, n) => found.push(finding(scope, { ...transportDraft(t), line, key: `commented:${n}`, evidence: raw.trim(), active: false, inactiveReason: 'commented', role: 'app' })));
      return;
    }
    found.push(finding(scope, { line, key: 'commented', host: m[2], evidence: raw.trim(), active: false, inactiveReason: 'commented', role: 'app', system: 'SwiftMailer' }));
  });
  return found;
}

function finding(scope: Scope, draft: FindingDraft): Finding {
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

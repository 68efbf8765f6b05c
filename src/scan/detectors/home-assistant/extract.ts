// Home Assistant `notify:` entries with `platform: smtp` (configuration.yaml or an included notify.yaml). Values may be
// `!secret key` (looked up in the nearest secrets.yaml; a password is only ever referenced) or `!env_var NAME`.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { dirName, emailIn, flattenYamlBounded, isSecretPlaceholder, parsePort, splitLines, type YamlEntry } from '../../values.js';

const detector = { id: 'home-assistant', system: 'Home Assistant' };
const SECRET_NAME = /pass|secret|token|api_?key|key$|auth/i;

interface Value { text: string; line: number; tag: 'plain' | 'secret' | 'env'; name?: string; fallback?: string }
interface Secrets { path: string; values: Map<string, { value: string; line: number }> }

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const secretFiles = files.filter((f) => /(^|[\\/])secrets\.yaml$/i.test(f.path)).map((f) => readSecrets(f, contextOf(f.path)));
  const findings: Finding[] = [];
  for (const file of files) {
    if (/(^|[\\/])secrets\.yaml$/i.test(file.path) || !/platform:\s*["']?smtp\b/i.test(file.content)) continue;
    const ctx = contextOf(file.path);
    const secrets = nearestSecrets(secretFiles, file.path);
    const lines = splitLines(file.content);
    const flat = flattenYamlBounded(file.content);
    if (flat.tooDeep) { ctx.warn('too-deep', 'nesting too deep to read; skipped'); continue; }
    if (flat.errors.length) ctx.warn('parse-error', `not valid YAML (${flat.errors[0].message}); read what could be read`, flat.errors[0].line ?? undefined);
    for (const item of smtpItems(flat.entries, lines)) findings.push(itemFinding(item, false, file, ctx, secrets));
    for (const item of commentedItems(lines)) findings.push(itemFinding(item, true, file, ctx, secrets));
  }
  return findings;
}

/** secrets.yaml: values of secret-like keys are registered (never reported); the rest may fill in a server or sender. */
function readSecrets(file: SourceFile, ctx: ExtractContext): Secrets {
  const values = new Map<string, { value: string; line: number }>();
  for (const e of flattenYamlBounded(file.content).entries) {
    if (e.path.length !== 1 || e.value === null) continue;
    const value = String(e.value);
    values.set(e.path[0], { value, line: e.line });
    if (SECRET_NAME.test(e.path[0]) && !isSecretPlaceholder(value)) ctx.secret(value);
  }
  return { path: file.path, values };
}

/** Home Assistant reads `!secret` from the including file's folder, then its parents. */
function nearestSecrets(all: Secrets[], path: string): Secrets | undefined {
  let dir = dirName(path);
  while (dir) {
    const found = all.find((s) => dirName(s.path) === dir);
    if (found) return found;
    const up = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

type Item = Map<string, Value>;

/** List items with `platform: smtp`, their keys read with the tag written on the line (`!secret x`, `!env_var X`). */
function smtpItems(entries: YamlEntry[], lines: string[]): Item[] {
  const items = new Map<string, Item>();
  for (const e of entries) {
    const at = e.path.findLastIndex((p) => /^\d+$/.test(p));
    if (at < 0 || e.path.length !== at + 2) continue;
    const id = e.path.slice(0, at + 1).join('\u0000');
    const item = items.get(id) ?? new Map<string, Value>();
    item.set(e.path[at + 1], tagged(e, lines[e.line - 1] ?? ''));
    items.set(id, item);
  }
  return [...items.values()].filter((i) => i.get('platform')?.text.toLowerCase() === 'smtp');
}

function tagged(e: YamlEntry, line: string): Value {
  const text = e.value === null ? '' : String(e.value);
  const tag = /:\s*!(secret|env_var)\s+(\S+)(?:\s+(\S+))?/.exec(line);
  if (tag?.[1] === 'secret') return { text, line: e.line, tag: 'secret', name: tag[2] };
  if (tag?.[1] === 'env_var') return { text, line: e.line, tag: 'env', name: tag[2], fallback: tag[3] };
  return { text, line: e.line, tag: 'plain' };
}

/** `#  - platform: smtp` blocks kept as comments: adjacent commented `key: value` lines around that platform line. */
function commentedItems(lines: string[]): Item[] {
  const items: Item[] = [];
  let run: Item = new Map();
  const flush = () => { if (run.get('platform')?.text.toLowerCase() === 'smtp') items.push(run); run = new Map(); };
  lines.forEach((raw, i) => {
    const m = /^\s*#+\s*(-\s+)?([a-z_]+):(.*)$/.exec(raw);
    if (!m) { flush(); return; }
    m[3] = m[3].trim();
    if (m[1] && run.size) flush();
    const value = m[3].replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
    const tag = /^!(secret|env_var)\s+(\S+)/.exec(value);
    run.set(m[2], tag ? { text: '', line: i + 1, tag: tag[1] === 'secret' ? 'secret' : 'env', name: tag[2] } : { text: value, line: i + 1, tag: 'plain' });
  });
  flush();
  return items;
}

function itemFinding(item: Item, commented: boolean, file: SourceFile, ctx: ExtractContext, secrets: Secrets | undefined): Finding {
  const notes: string[] = [];
  const draft: FindingDraft = { line: (item.get('server') ?? item.get('platform'))!.line, role: 'app', notes, valueSources: {}, locations: {}, key: item.get('name')?.text, evidence: '' };
  const field: Record<string, string> = { server: 'host', port: 'port', username: 'username', sender: 'from', encryption: 'security' };
  const resolve = (key: string): string | null => {
    const v = item.get(key);
    if (!v) return null;
    if (v.tag === 'plain') return v.text || null;
    if (v.tag === 'env') { draft.valueSources![field[key]] = `env:${v.name}`; return v.fallback ?? null; }
    const held = secrets?.values.get(v.name!);
    draft.valueSources![field[key]] = held ? `secrets.yaml:${v.name} (${secrets!.path}:${held.line})` : `secrets.yaml:${v.name} (not found)`;
    return held?.value ?? null;
  };
  const server = item.get('server');
  const host = resolve('server');
  if (!server) notes.push('server not set: Home Assistant uses localhost');
  if (server && !host) Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
  else draft.host = host ?? 'localhost';
  if (server?.tag === 'plain' && host) draft.locations!.host = at(server.line, host);
  const portText = resolve('port');
  draft.port = parsePort(portText) ?? 587;
  if (item.get('port')?.tag === 'plain') draft.locations!.port = at(item.get('port')!.line, portText);
  if (!item.get('port')) notes.push('port not set: Home Assistant uses 587');
  const encryption = (resolve('encryption') ?? 'starttls').toLowerCase();
  // Home Assistant: `tls` is implicit TLS, `starttls` (the default) is required STARTTLS, `none` is plain.
  const security: Record<string, Security> = { starttls: 'starttls', tls: 'tls', none: 'none' };
  draft.security = security[encryption] ?? 'unknown';
  const username = resolve('username');
  const password = item.get('password');
  let secret: 'present' | 'absent' | 'external' = 'absent';
  if (password?.tag === 'secret') {
    secret = 'external';
    draft.secretRef = `secrets.yaml:${password.name}`;
    const held = secrets?.values.get(password.name!)?.value;
    if (held && !isSecretPlaceholder(held)) ctx.secret(held);
  } else if (password?.tag === 'env') { secret = 'external'; draft.secretRef = `env:${password.name}`; }
  else if (password?.text && !isSecretPlaceholder(password.text)) { secret = 'present'; ctx.secret(password.text); }
  draft.auth = { method: username || secret !== 'absent' ? 'password' : 'none', username, secret };
  const sender = resolve('sender');
  draft.from = emailIn(sender) ?? sender;
  if (item.get('sender')?.tag === 'plain' && sender) draft.locations!.from = at(item.get('sender')!.line, sender);
  if (item.get('username')?.tag === 'plain' && username) draft.locations!.username = at(item.get('username')!.line, username);
  const name = item.get('name')?.text;
  draft.evidence = `notify${name ? ` ${name}` : ''}: platform smtp, server ${server ? (server.tag === 'plain' ? server.text : `!${server.tag === 'secret' ? 'secret' : 'env_var'} ${server.name}`) : '(default localhost)'}`;
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: file.path, exampleFile: file.exampleFile }, draft);
}

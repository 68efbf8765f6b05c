// Hand-entered devices (devices.yaml): printers, UPS cards and BMCs whose SMTP settings live only in a web UI. The
// wizard writes this file and `relay365 scan --devices` reads it into inventory.manual. A password is refused: the
// file records whether the device holds one (`auth.secret: present`), never the value.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node as YamlNode, type Pair } from 'yaml';
import { InputError } from '../util/errors.js';
import { stableId } from '../util/hash.js';
import type { AuthMethod, ManualDevice, SecretState, Security } from './types.js';

export interface DeviceProblem { line: number; message: string }

const KINDS: ManualDevice['kind'][] = ['printer', 'scanner', 'ups', 'bmc', 'nas', 'appliance', 'other'];
const SECURITY: Security[] = ['none', 'starttls', 'tls', 'unknown'];
const METHODS: AuthMethod[] = ['none', 'password', 'oauth2', 'ntlm', 'unknown'];
const SECRETS: SecretState[] = ['present', 'absent', 'external'];
const TLS: ManualDevice['maxTls'][] = ['1.0', '1.1', '1.2', '1.3', 'unknown'];
const KEYS = ['id', 'name', 'kind', 'model', 'ip', 'host', 'port', 'security', 'auth', 'username', 'from', 'maxtls', 'supportsoauth', 'notes'];
const SECRET_KEY = /pass(word|wd|phrase)?$|^pwd$|secret|token|api_?key|credential/i;

/** The devices of a devices.yaml text; every problem is reported at once, with its line. */
export function parseDevices(text: string, path: string): { devices: ManualDevice[]; problems: DeviceProblem[] } {
  const problems: DeviceProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  for (const e of doc.errors) problems.push({ line: e.linePos?.[0].line ?? 1, message: `not valid YAML: ${e.message.split('\n')[0]}` });
  if (problems.length) return { devices: [], problems };
  let list = doc.contents as YamlNode | null;
  if (isMap(list)) list = (list.items.find((p) => isScalar(p.key) && String(p.key.value) === 'devices')?.value as YamlNode | null) ?? null;
  if (!isSeq(list)) return { devices: [], problems: [{ line: lineOf(list), message: 'expected a list of devices (or `devices:` with a list)' }] };
  const devices: ManualDevice[] = [];
  const ids = new Map<string, number>();
  for (const item of list.items as YamlNode[]) {
    if (!isMap(item)) { problems.push({ line: lineOf(item), message: 'each device is a map of settings (name:, kind:, host:, …)' }); continue; }
    const device = readDevice(item.items as Pair<YamlNode, YamlNode>[], lineOf(item), lineOf, problems, path);
    if (!device) continue;
    const seen = ids.get(device.id);
    if (seen) problems.push({ line: lineOf(item), message: `device "${device.name}" repeats the id of the device on line ${seen}` });
    ids.set(device.id, lineOf(item));
    devices.push(device);
  }
  return { devices, problems };
}

function readDevice(pairs: Pair<YamlNode, YamlNode>[], line: number, lineOf: (n: YamlNode | null) => number, problems: DeviceProblem[], path: string): ManualDevice | null {
  const before = problems.length;
  const values = new Map<string, { value: unknown; line: number; node: YamlNode | null }>();
  for (const pair of pairs) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const at = lineOf(pair.key);
    const canonical = key.toLowerCase().replace(/[-_ ]/g, '');
    if (SECRET_KEY.test(key)) { problems.push({ line: at, message: refused(key) }); continue; }
    if (!KEYS.includes(canonical)) { problems.push({ line: at, message: `unknown setting "${key}" (known: name, kind, model, ip, host, port, security, auth, from, maxTls, supportsOAuth, notes)` }); continue; }
    values.set(canonical, { value: isScalar(pair.value) ? pair.value.value : pair.value, line: at, node: pair.value });
  }
  const text = (key: string): string | null => {
    const v = values.get(key);
    if (v === undefined || v.value === null || v.value === undefined || v.value === '') return null;
    if (typeof v.value === 'object') { problems.push({ line: v.line, message: `${key} should be a single value` }); return null; }
    return String(v.value).trim();
  };
  const oneOf = <T extends string>(key: string, allowed: T[], fallback: T, normalise = (s: string) => s.toLowerCase()): T => {
    const raw = text(key);
    if (raw === null) return fallback;
    const v = normalise(raw) as T;
    if (allowed.includes(v)) return v;
    problems.push({ line: values.get(key)!.line, message: `${key} "${raw}" is not one of ${allowed.join(', ')}` });
    return fallback;
  };
  const name = text('name');
  if (!name) problems.push({ line, message: 'every device needs a name' });
  const ip = text('ip');
  if (ip && !isIP(ip)) problems.push({ line: values.get('ip')!.line, message: `ip "${ip}" is not an IPv4 or IPv6 address` });
  const portText = text('port');
  const port = portText === null ? null : Number(portText);
  if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536)) problems.push({ line: values.get('port')!.line, message: `port "${portText}" is not a port number (1-65535)` });
  const from = text('from');
  if (from && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(from)) problems.push({ line: values.get('from')!.line, message: `from "${from}" is not an e-mail address` });
  const auth = readAuth(values.get('auth'), text('username'), lineOf, problems);
  const oauth = values.get('supportsoauth');
  if (oauth && oauth.value !== null && typeof oauth.value !== 'boolean') problems.push({ line: oauth.line, message: 'supportsOAuth is true, false or empty (not known)' });
  if (problems.length > before || !name) return null;
  const device: ManualDevice = {
    id: text('id') ?? `manual-${stableId(name, ip ?? '')}`,
    name, kind: oneOf('kind', KINDS, 'other'), ip, host: text('host'), port, security: oneOf('security', SECURITY, 'unknown'),
    auth, from, maxTls: oneOf('maxtls', TLS, 'unknown', normaliseTls), supportsOAuth: typeof oauth?.value === 'boolean' ? oauth.value : null,
    notes: text('notes') ?? '', source: `${path}:${line}`,
  };
  const model = text('model');
  if (model) device.model = model;
  return problems.length > before ? null : device;
}

function readAuth(entry: { value: unknown; line: number; node: YamlNode | null } | undefined, username: string | null, lineOf: (n: YamlNode | null) => number, problems: DeviceProblem[]): ManualDevice['auth'] {
  const auth: ManualDevice['auth'] = { method: username ? 'password' : 'none', username, secret: 'absent' };
  if (!entry || entry.value === null) return auth;
  if (typeof entry.value === 'string') {
    if (METHODS.includes(entry.value as AuthMethod)) return { ...auth, method: entry.value as AuthMethod };
    problems.push({ line: entry.line, message: `auth is not one of ${METHODS.join(', ')} (nor a map with method, username, secret)` });
    return auth;
  }
  if (!isMap(entry.node)) { problems.push({ line: entry.line, message: 'auth is a method (none, password, oauth2, ntlm) or a map with method, username, secret' }); return auth; }
  for (const pair of entry.node.items as Pair<YamlNode, YamlNode>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? pair.value.value : null;
    const at = lineOf(pair.key);
    if (key === 'method' && METHODS.includes(value as AuthMethod)) auth.method = value as AuthMethod;
    else if (key === 'username') auth.username = value === null ? null : String(value);
    // `secret:` says whether the device holds a password; anything else there is a password itself.
    else if (key === 'secret' && SECRETS.includes(value as SecretState)) auth.secret = value as SecretState;
    else if (key === 'secret' || SECRET_KEY.test(key)) problems.push({ line: at, message: refused(key) });
    else problems.push({ line: at, message: `auth.${key} ${key === 'method' ? `"${String(value)}" is not one of ${METHODS.join(', ')}` : 'is not a known setting (method, username, secret)'}` });
  }
  if (auth.username && auth.method === 'none') auth.method = 'password';
  return auth;
}

function refused(key: string): string {
  return `"${key}" looks like a password: relay365 never stores one. Remove it; write \`auth: { secret: present }\` if the device keeps a password`;
}

/** `1.2`, `TLS 1.2`, `tls1.2`, `TLSv1.2` → '1.2'. */
function normaliseTls(raw: string): string {
  if (raw.length > 20) return raw;
  const m = /^(?:tls\s*v?)?\s*(1\.[0-3])$/i.exec(raw.trim());
  return m ? m[1] : raw.toLowerCase();
}

/** Read devices.yaml; problems become one InputError listing each with its line (exit 2). */
export async function readDevices(path: string): Promise<ManualDevice[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the devices file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path);
  }
  const { devices, problems } = parseDevices(text.replace(/^\uFEFF/, ''), path);
  if (!problems.length) return devices;
  const list = problems.map((p) => `  ${path}:${p.line}: ${p.message}`).join('\n');
  throw new InputError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the devices file:\n${list}`, path, problems[0].line);
}

/** devices.yaml text for a list of devices (what the wizard writes); parseDevices reads it back unchanged. */
export function formatDevices(devices: ManualDevice[]): string {
  const plain = devices.map(({ source: _source, ...d }) => ({ ...d }));
  return `# Devices entered by hand (relay365 wizard). No passwords here: auth.secret only says whether the device keeps one.\n${stringify({ devices: plain })}`;
}

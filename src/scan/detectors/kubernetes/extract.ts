// Kubernetes manifests (multi-document YAML): ConfigMap `data:`, Secret `data:` (base64) and `stringData:`, Kustomize
// generator literals, and workload containers' `env:` with `valueFrom` references (config-formats.md §6).
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { flattenYamlBounded, type YamlEntry } from '../../values.js';
import { envFindings, envRole, isRelayImage, type EnvScope, type EnvVar } from '../docker-compose/environment.js';

const detector = { id: 'kubernetes', system: 'Kubernetes' };

interface Store { kind: 'ConfigMap' | 'Secret'; name: string; values: Map<string, { value: string | null; line: number }> }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // Chart templates are the chart's code: their values come from values.yaml (the helm detector reads those).
  if (/(^|[\\/])templates[\\/]/.test(path) && content.includes('{{')) return null;
  if (!/smtp|mail|relayhost|smarthost/i.test(content)) return null;
  const flat = flattenYamlBounded(content);
  if (flat.tooDeep) { ctx.warn('too-deep', 'nesting too deep to read; skipped'); return null; }
  if (flat.errors.length) ctx.warn('parse-error', `not valid YAML (${flat.errors[0].message}); read what could be read`, flat.errors[0].line ?? undefined);
  const docs = new Map<number, YamlEntry[]>();
  for (const e of flat.entries) docs.set(e.doc, [...(docs.get(e.doc) ?? []), e]);
  const stores = new Map<string, Store>();
  for (const entries of docs.values()) {
    const store = readStore(entries, ctx);
    if (store) stores.set(`${store.kind}/${store.name}`, store);
  }
  const secrets: string[] = [];
  const findings: Finding[] = [];
  for (const entries of docs.values()) {
    const kind = scalar(entries, ['kind']);
    const name = scalar(entries, ['metadata', 'name']) ?? '?';
    const base = { detector, ctx, path, secrets };
    if (kind === 'ConfigMap' || kind === 'Secret') {
      const store = stores.get(`${kind}/${name}`);
      if (store) findings.push(...envFindings(storeVars(store), { ...base, key: `${kind}/${name}`, label: `${kind} ${name}` }));
      continue;
    }
    findings.push(...generatorFindings(entries, base));
    for (const container of containers(entries)) {
      const scope: EnvScope = { ...base, key: `${kind}/${name}/${container.name}`, label: `${kind} ${name} container ${container.name}`, relay: isRelayImage(container.image), notes: container.notes };
      findings.push(...envFindings(containerVars(container, stores), scope));
    }
  }
  return findings.length ? findings : null;
}

function scalar(entries: YamlEntry[], path: string[]): string | null {
  const e = entries.find((x) => x.path.length === path.length && x.path.every((p, i) => p === path[i]));
  return e && e.value !== null ? String(e.value) : null;
}

/** A ConfigMap's or Secret's keys; Secret `data` values are base64 and every Secret value is registered as a secret. */
function readStore(entries: YamlEntry[], ctx: ExtractContext): Store | null {
  const kind = scalar(entries, ['kind']);
  if (kind !== 'ConfigMap' && kind !== 'Secret') return null;
  const store: Store = { kind, name: scalar(entries, ['metadata', 'name']) ?? '?', values: new Map() };
  for (const e of entries) {
    if (e.path.length !== 2 || !['data', 'stringData'].includes(e.path[0])) continue;
    let value = e.value === null ? null : String(e.value);
    if (kind === 'Secret' && e.path[0] === 'data' && value !== null) {
      ctx.secret(value);
      value = fromBase64(value);
      if (value === null) ctx.warn('decode', `Secret ${store.name} key ${e.path[1]} is not base64 text`, e.line);
    }
    // Every Secret value stays secret, except the host, port, user and From we report (scrubbing them would blank them).
    const role = envRole(e.path[1])?.role;
    if (kind === 'Secret' && value && !['host', 'port', 'user', 'from', 'security', 'transport', 'authMethod'].includes(role ?? '')) ctx.secret(value);
    store.values.set(e.path[1], { value, line: e.line });
  }
  return store;
}

function fromBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return null;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded) ? null : decoded;
}

function storeVars(store: Store): EnvVar[] {
  const sensitive = store.kind === 'Secret';
  return [...store.values].map(([key, v]) => ({
    key, value: v.value, line: v.line, commented: false, sensitive,
    text: sensitive ? `${key} (Secret value)` : `${key}: ${v.value ?? ''}`.split('\n')[0].slice(0, 200),
    raw: sensitive || v.value === null ? undefined : v.value.split('\n')[0],
  }));
}

/** Kustomize `configMapGenerator` / `secretGenerator` `literals: - KEY=VALUE`. */
function generatorFindings(entries: YamlEntry[], base: Pick<EnvScope, 'detector' | 'ctx' | 'path' | 'secrets'>): Finding[] {
  const groups = new Map<string, EnvVar[]>();
  for (const e of entries) {
    const [generator, index, field] = e.path;
    if (!/^(configMap|secret)Generator$/.test(generator ?? '') || field !== 'literals' || typeof e.value !== 'string') continue;
    const m = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(e.value);
    if (!m) continue;
    const sensitive = generator === 'secretGenerator';
    const name = `${generator}/${scalar(entries, [generator, index, 'name']) ?? index}`;
    const list = groups.get(name) ?? [];
    list.push({ key: m[1], value: m[2], line: e.line, commented: false, sensitive, text: sensitive ? `${m[1]} (secret literal)` : e.value.slice(0, 200), raw: sensitive ? undefined : m[2] });
    groups.set(name, list);
  }
  return [...groups].flatMap(([name, vars]) => envFindings(vars, { ...base, key: name, label: name }));
}

interface Container { name: string; image: string | null; env: Map<string, Map<string, YamlEntry>>; notes: string[] }

/** Containers anywhere in a workload (Pod, Deployment, CronJob…): `…containers[i]` with their `env` and `envFrom`. */
function containers(entries: YamlEntry[]): Container[] {
  const found = new Map<string, Container>();
  for (const e of entries) {
    const at = e.path.findIndex((p, i) => (p === 'containers' || p === 'initContainers') && /^\d+$/.test(e.path[i + 1] ?? ''));
    if (at < 0) continue;
    const id = e.path.slice(0, at + 2).join('/');
    const c: Container = found.get(id) ?? { name: e.path[at + 1], image: null, env: new Map(), notes: [] };
    found.set(id, c);
    const [field, index, ...rest] = e.path.slice(at + 2);
    if (field === 'name' && index === undefined) c.name = String(e.value);
    else if (field === 'image' && index === undefined) c.image = String(e.value);
    else if (field === 'env' && index !== undefined) {
      const item = c.env.get(index) ?? new Map<string, YamlEntry>();
      item.set(rest.join('.'), e);
      c.env.set(index, item);
    } else if (field === 'envFrom' && rest.length === 2 && rest[1] === 'name') {
      c.notes.push(`environment also from ${rest[0] === 'secretRef' ? 'Secret' : 'ConfigMap'} ${e.value} (envFrom)`);
    }
  }
  return [...found.values()];
}

/** `env: [{name, value}]` and `valueFrom.{configMapKeyRef,secretKeyRef}`, resolved against stores in the same file. */
function containerVars(container: Container, stores: Map<string, Store>): EnvVar[] {
  const vars: EnvVar[] = [];
  for (const item of container.env.values()) {
    const name = item.get('name');
    if (!name || typeof name.value !== 'string' || !envRole(name.value)) continue;
    const key = name.value;
    const literal = item.get('value');
    if (literal) {
      const value = literal.value === null ? null : String(literal.value);
      vars.push({ key, value, line: literal.line, text: `${key}=${value ?? ''}`.slice(0, 200), commented: false, raw: literal.text });
      continue;
    }
    for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const store = item.get(`valueFrom.${kind}.name`);
      const storeKey = item.get(`valueFrom.${kind}.key`);
      if (!store || !storeKey) continue;
      const ref = `k8s-${kind === 'secretKeyRef' ? 'secret' : 'configmap'}:${store.value}/${storeKey.value}`;
      const held = stores.get(`${kind === 'secretKeyRef' ? 'Secret' : 'ConfigMap'}/${store.value}`)?.values.get(String(storeKey.value));
      // A password is never read out of the Secret; a host in the same file is, and says where it came from.
      const password = ['password', 'passwordFile'].includes(envRole(key)!.role);
      vars.push({ key, value: password ? null : held?.value ?? null, line: name.line, text: `${key} from ${ref}`, commented: false, ref, sensitive: kind === 'secretKeyRef' });
    }
  }
  return vars;
}

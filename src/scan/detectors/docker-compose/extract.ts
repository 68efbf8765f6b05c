// docker-compose / compose files: each service's `environment:` (map or `- KEY=VALUE` list) read as mail settings,
// one finding per service and key family; `${VAR:-default}` indirection, `env_file:`, `secrets:` and relay images.
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { flattenYamlBounded, splitLines, type YamlEntry } from '../../values.js';
import { extract as gitlabRb } from '../gitlab/extract.js';
import { envFindings, envRole, isRelayImage, type EnvVar } from './environment.js';
import { interpolate } from './interpolate.js';
import { rehome } from './rehome.js';

const detector = { id: 'docker-compose', system: 'docker-compose' };


interface Service {
  name: string;
  line: number;
  image: string | null;
  vars: EnvVar[];
  envFiles: string[];
  secretFiles: Map<string, string>;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const flat = flattenYamlBounded(content);
  if (flat.tooDeep) { ctx.warn('too-deep', 'nesting too deep to read; skipped'); return null; }
  if (flat.errors.length) ctx.warn('parse-error', `not valid YAML (${flat.errors[0].message}); read what could be read`, flat.errors[0].line ?? undefined);
  const services = readServices(flat.entries.filter((e) => e.doc === 0));
  if (!services.size) return null;
  addCommented(content, services);
  const secrets: string[] = [];
  const findings: Finding[] = [];
  for (const service of services.values()) {
    const notes = service.envFiles.map((f) => `environment also read from env_file ${f} (its settings are reported with that file)`);
    const scope = { detector, ctx, path, key: service.name, label: service.name.startsWith('x-') ? `shared block ${service.name}` : `service ${service.name}`, relay: isRelayImage(service.image), secrets, notes };
    const live = service.vars.filter((v) => !v.commented);
    findings.push(...envFindings(live, scope));
    for (const run of runs(service.vars.filter((v) => v.commented))) findings.push(...envFindings(run, scope));
    const omnibus = live.find((v) => v.key === 'GITLAB_OMNIBUS_CONFIG' && v.value);
    if (omnibus) {
      findings.push(...rehome(gitlabRb(omnibus.value!, path, ctx), {
        detector, ctx, path, key: `${service.name}:omnibus`, system: 'GitLab Omnibus (GITLAB_OMNIBUS_CONFIG)', firstLine: omnibus.line + (/^[|>]/.test(omnibus.raw ?? '') ? 1 : 0),
      }));
    }
  }
  return findings.length ? findings : null;
}

/** Services by name (compose v2/v3 `services:`, or v1 files where services sit at the top). */
function readServices(entries: YamlEntry[]): Map<string, Service> {
  const hasServices = entries.some((e) => e.path[0] === 'services');
  const secretFiles = new Map<string, string>();
  for (const e of entries) if (e.path[0] === 'secrets' && e.path[2] === 'file' && typeof e.value === 'string') secretFiles.set(e.path[1], e.value);
  const services = new Map<string, Service>();
  for (const e of entries) {
    const [name, field, ...rest] = serviceField(e.path, hasServices) ?? [];
    if (!name || !field) continue;
    const service = services.get(name) ?? { name, line: e.line, image: null, vars: [], envFiles: [], secretFiles };
    services.set(name, service);
    service.line = Math.min(service.line, e.line);
    if (field === 'image' && typeof e.value === 'string') service.image = e.value;
    else if (field === 'env_file' && e.value !== null && (rest.length === 0 || /^\d+$/.test(rest[0]))) service.envFiles.push(String(e.value));
    else if (field === 'environment' && rest.length === 1) {
      const v = envVar(rest[0], e);
      if (v) service.vars.push(withSecretFile(v, secretFiles));
    }
  }
  return services;
}

/** [service, field, …] of an entry; `x-*` extension blocks (shared through YAML anchors) count as environment. */
function serviceField(path: string[], hasServices: boolean): string[] | null {
  if (!hasServices) return path;
  if (path[0] === 'services') return path.slice(1);
  if (path[0].startsWith('x-')) return [path[0], 'environment', ...path.slice(1).filter((p) => p !== 'environment')];
  return null;
}

/** `KEY: value` (map form) or `- KEY=value` (list form, key is the index) → one variable, interpolated. */
function envVar(key: string, e: YamlEntry): EnvVar | null {
  let name = key;
  let value: string | null = e.value === null ? null : String(e.value);
  let raw: string | undefined = e.text;
  if (/^\d+$/.test(key)) {
    const m = /^([A-Za-z_][A-Za-z0-9_.]*)(?:=(.*))?$/s.exec(String(e.value ?? ''));
    if (!m) return null;
    [, name] = m;
    value = m[2] ?? null;
    raw = m[2] ?? undefined;
  }
  if (!envRole(name) && name !== 'GITLAB_OMNIBUS_CONFIG') return null;
  const text = `${name}=${typeof value === 'string' ? value.split('\n')[0] : ''}`.slice(0, 200);
  // `- SMTP_HOST` / `SMTP_HOST:` with no value: compose passes the variable through from its own environment.
  if (value === null) return { key: name, value: null, line: e.line, text, commented: false, ref: `env:${name}` };
  const v = interpolate(value);
  return { key: name, value: v.value, line: e.line, text, commented: false, raw: v.ref ? undefined : raw, ref: v.ref, defaulted: v.defaulted };
}

/** `SMTP_PASSWORD_FILE: /run/secrets/smtp_password` names a compose secret: say which file holds it. */
function withSecretFile(v: EnvVar, secretFiles: Map<string, string>): EnvVar {
  const m = /^\/run\/secrets\/([\w.-]+)$/.exec(v.value ?? '');
  if (!m || envRole(v.key)?.role !== 'passwordFile') return v;
  const file = secretFiles.get(m[1]);
  return { ...v, ref: `compose-secret:${m[1]}${file ? ` (file ${file})` : ''}` };
}

/** `# - SMTP_HOST=old.relay` / `#SMTP_HOST: x` lines, given to the service whose block they sit in. */
function addCommented(content: string, services: Map<string, Service>): void {
  const starts = [...services.values()].sort((a, b) => a.line - b.line);
  splitLines(content).forEach((raw, i) => {
    // Greedy, then trimmed in code: a lazy group before `\s*$` is quadratic on a long run of spaces.
    const m = /^\s*#+\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|:\s)(.*)$/.exec(raw);
    if (!m || !envRole(m[1])) return;
    const line = i + 1;
    const owner = starts.filter((s) => s.line <= line).at(-1);
    if (!owner) return;
    const v = interpolate(m[2].trim().replace(/["']$/, ''));
    owner.vars.push({ key: m[1], value: v.value, line, text: raw.trim().slice(0, 200), commented: true, ref: v.ref, defaulted: v.defaulted });
  });
}

/** Adjacent commented lines form one alternative setting. */
function runs(vars: EnvVar[]): EnvVar[][] {
  const out: EnvVar[][] = [];
  for (const v of [...vars].sort((a, b) => a.line - b.line)) {
    const last = out.at(-1);
    if (last && v.line - last[last.length - 1].line <= 2) last.push(v); else out.push([v]);
  }
  return out;
}

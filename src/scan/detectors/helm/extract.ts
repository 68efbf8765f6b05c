// Helm values files: `smtp:`/`mail:`/`email:` blocks, Bitnami-style `smtpHost`/`smtpExistingSecret` keys, chart
// sub-configs (`grafana.ini.smtp`, Alertmanager `smtp_smarthost`) and `env:` lists or maps of SMTP_* variables.
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { envReference, flattenYamlBounded, splitLines, type YamlEntry } from '../../values.js';
import { envFindings, envRole, type EnvVar } from '../docker-compose/environment.js';
import { commentedRuns, treeFindings, type TreeScope, type TreeValue } from './tree.js';

const detector = { id: 'helm', system: 'Helm values' };

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const flat = flattenYamlBounded(content);
  if (flat.tooDeep) { ctx.warn('too-deep', 'nesting too deep to read; skipped'); return null; }
  if (flat.errors.length) ctx.warn('parse-error', `not valid YAML (${flat.errors[0].message}); read what could be read`, flat.errors[0].line ?? undefined);
  const secrets: string[] = [];
  const scope: TreeScope = { detector, ctx, path, system: 'Helm values', role: 'app', secrets, read };
  const { env, rest } = splitEnvironment(flat.entries);
  const findings = [
    ...treeFindings(rest, scope),
    ...[...env].flatMap(([where, vars]) => envFindings(vars, { detector, ctx, path, key: where, label: where, secrets })),
    ...commentedRuns(splitLines(content)).flatMap((run) => treeFindings(run, scope, true)),
  ];
  return findings.length ? findings : null;
}

/** Literal values, `${VAR}` indirection; `{{ … }}` stays as written (a placeholder the chart fills in). */
export function read(e: YamlEntry): TreeValue {
  if (e.value === null) return { value: null };
  const text = String(e.value);
  const env = envReference(text);
  return env ? { value: env.fallback, ref: `env:${env.name}` } : { value: text };
}

/**
 * Environment variables inside values (`extraEnv: [{name: SMTP_HOST, value: …}]`, `env: {SMTP_HOST: …}`), grouped by
 * the list or map that holds them; every other entry is left for the tree reader.
 */
function splitEnvironment(entries: YamlEntry[]): { env: Map<string, EnvVar[]>; rest: YamlEntry[] } {
  const env = new Map<string, EnvVar[]>();
  const used = new Set<YamlEntry>();
  const add = (where: string[], v: EnvVar) => env.set(where.join('.'), [...(env.get(where.join('.')) ?? []), v]);
  const items = new Map<string, Map<string, YamlEntry>>();
  for (const e of entries) {
    const last = e.path.at(-1) ?? '';
    if (/^[A-Z][A-Z0-9_]*$/.test(last) && envRole(last) && (e.value === null || typeof e.value !== 'object')) {
      const value = read(e);
      add(e.path.slice(0, -1), { key: last, value: value.value, ref: value.ref, line: e.line, text: `${last}: ${e.text}`.slice(0, 200), commented: false, raw: value.ref ? undefined : e.text });
      used.add(e);
      continue;
    }
    const at = e.path.findLastIndex((p, i) => /^\d+$/.test(p) && i > 0);
    if (at < 0) continue;
    const id = e.path.slice(0, at + 1).join('\u0000');
    const item = items.get(id) ?? new Map<string, YamlEntry>();
    item.set(e.path.slice(at + 1).join('.'), e);
    items.set(id, item);
  }
  for (const [id, item] of items) {
    const name = item.get('name');
    if (!name || typeof name.value !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(name.value) || !envRole(name.value)) continue;
    const where = id.split('\u0000').slice(0, -1);
    const literal = item.get('value');
    const secretName = item.get('valueFrom.secretKeyRef.name')?.value;
    const secretKey = item.get('valueFrom.secretKeyRef.key')?.value;
    const value = literal ? read(literal) : { value: null, ref: secretName ? `k8s-secret:${secretName}/${secretKey ?? ''}` : `env:${name.value}` };
    add(where, { key: name.value, value: value.value, ref: value.ref, line: (literal ?? name).line, text: `${name.value}: ${literal?.text ?? '(from a Secret)'}`.slice(0, 200), commented: false, raw: literal && !value.ref ? literal.text : undefined });
    for (const e of item.values()) used.add(e);
  }
  return { env, rest: entries.filter((e) => !used.has(e)) };
}

// Ansible variables (group_vars/, host_vars/, a role's defaults/ and vars/): `postfix_relayhost`, `smtp_host`-style
// variables read as environment families, nested `mail:` dictionaries as mail objects; Jinja references, lookups and
// `!vault` values name where a value lives instead of giving it.
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { flattenYamlBounded, splitLines, type YamlEntry } from '../../values.js';
import { envFindings, envRole, type EnvScope, type EnvVar } from '../docker-compose/environment.js';
import { commentedRuns, treeFindings, type TreeScope, type TreeValue } from '../helm/tree.js';

const detector = { id: 'ansible', system: 'Ansible variables' };

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // A whole file encrypted with ansible-vault: nothing to read without the vault password.
  if (/^\s*\$ANSIBLE_VAULT;/.test(content)) return null;
  // An installed collection's or Galaxy role's own defaults are library code, not this site's variables.
  if (/[\\/](ansible_collections|galaxy_roles)[\\/]/.test(path)) return null;
  const flat = flattenYamlBounded(content);
  if (flat.tooDeep) { ctx.warn('too-deep', 'nesting too deep to read; skipped'); return null; }
  if (flat.errors.length) ctx.warn('parse-error', `not valid YAML (${flat.errors[0].message}); read what could be read`, flat.errors[0].line ?? undefined);
  const topLevel = new Map(flat.entries.filter((e) => e.path.length === 1).map((e) => [e.path[0], e]));
  const read = (e: YamlEntry) => readValue(e, topLevel, path, ctx);
  const secrets: string[] = [];
  const notes = /[\\/]defaults[\\/]/.test(path) ? ['a role default: group_vars, host_vars and the inventory override it'] : [];
  const envScope: EnvScope = { detector, ctx, path, key: 'vars', label: 'variables', secrets, notes };
  const treeScope: TreeScope = { detector, ctx, path, system: 'Ansible variables', role: 'app', secrets, read };
  const vars = (entries: YamlEntry[], commented: boolean) => entries.filter((e) => e.path.length === 1 && envRole(e.path[0])).map((e) => envVar(e, read(e), commented));
  const findings = [
    ...envFindings(vars(flat.entries, false), envScope),
    ...treeFindings(flat.entries.filter((e) => e.path.length > 1), treeScope),
  ];
  for (const run of commentedRuns(splitLines(content))) {
    findings.push(...envFindings(vars(run, true), { ...envScope, key: `commented:${run[0].line}` }));
    findings.push(...treeFindings(run.filter((e) => e.path.length > 1), treeScope, true));
  }
  for (const f of findings) if (notes.length && !f.notes?.includes(notes[0])) f.notes = [...(f.notes ?? []), ...notes];
  return findings.length ? findings : null;
}

function envVar(e: YamlEntry, value: TreeValue, commented: boolean): EnvVar {
  return { key: e.path[0], value: value.value, ref: value.ref, line: e.line, commented, text: `${e.path[0]}: ${e.text}`.slice(0, 200), raw: value.ref ? undefined : e.text };
}

/**
 * A variable's value: literal; `{{ other }}` filled in from this file (never for a password); `{{ x | default('v') }}`;
 * `{{ lookup('env', 'X') }}` as `env:X`; `!vault` ciphertext as `ansible-vault:…` (registered, never shown).
 */
function readValue(e: YamlEntry, topLevel: Map<string, YamlEntry>, path: string, ctx: ExtractContext, depth = 0): TreeValue {
  if (e.value === null || typeof e.value === 'object') return { value: null };
  const text = String(e.value);
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    ctx.secret(text);
    return { value: null, ref: `ansible-vault:${path}:${e.line}` };
  }
  const trimmed = text.trim();
  if (!trimmed.startsWith('{{') || !trimmed.endsWith('}}') || trimmed.length < 4) return { value: text };
  const jinja = ['', trimmed.slice(2, -2).trim()];
  const lookup = /^lookup\(\s*['"](\w+)['"]\s*,\s*['"]([^'"]+)['"]/.exec(jinja[1]);
  if (lookup) return { value: null, ref: lookup[1] === 'env' ? `env:${lookup[2]}` : `ansible-lookup:${lookup[1]}:${lookup[2]}` };
  const m = /^([A-Za-z_]\w*)(?:\s*\|\s*default\(\s*['"]([^'"]*)['"]\s*\))?$/.exec(jinja[1]);
  if (!m) return { value: null, ref: `ansible-expression:${jinja[1].slice(0, 80)}` };
  const ref = `ansible-var:${m[1]}`;
  const other = topLevel.get(m[1]);
  const secretish = /pass|secret|token|key/i.test(e.path.at(-1) ?? '') || /pass|secret|token|vault/i.test(m[1]);
  if (other && other !== e && !secretish && depth < 5) {
    const inner = readValue(other, topLevel, path, ctx, depth + 1);
    return { value: inner.value ?? m[2] ?? null, ref };
  }
  return { value: secretish ? null : m[2] ?? null, ref };
}

// YAML homes of Rails smtp_settings: Redmine's config/configuration.yml (`email_delivery: smtp_settings:` per
// environment; ERB allowed, Redmine renders the file with ERB) and Discourse's containers/*.yml `env:` block.
import { commentedBlocks, commentedYamlLines, envReference, flattenYamlBounded, type Assignment, type FlatYaml } from '../../values.js';
import { rubyValue, type RubySettings, type RubyValue } from './ruby.js';

export interface YamlBlock {
  settings: RubySettings;
  /** Environment (Redmine: default/production/…), or '' for Discourse. */
  scope: string;
  commented: boolean;
  /** `email_delivery.delivery_method` of the same environment, as written. */
  deliveryMethod: string | null;
  /** Discourse's DISCOURSE_NOTIFICATION_EMAIL. */
  from: RubyValue | null;
}

/** A YAML scalar in the Ruby terms settingsDraft() reads: `:login` is a symbol, `<%= ENV['X'] %>` an env reference. */
export function yamlValue(raw: string | number | boolean | null, line: number, text: string): RubyValue {
  if (raw === null) return { kind: 'nil', value: '', fallback: null, line, text };
  if (typeof raw !== 'string') return { kind: typeof raw === 'boolean' ? 'bool' : 'number', value: String(raw), fallback: null, line, text };
  const erb = /^<%=?\s*([\s\S]*?)\s*-?%>$/.exec(raw.trim());
  if (erb) return rubyValue(erb[1], line, text);
  const env = envReference(raw);
  if (env) return { kind: 'env', value: env.name, fallback: env.fallback, line, text };
  if (/^:\w+$/.test(raw)) return { kind: 'symbol', value: raw.slice(1), fallback: null, line, text };
  return { kind: 'string', value: raw, fallback: null, line, text };
}

const DISCOURSE_KEYS: Record<string, string> = {
  ADDRESS: 'address', PORT: 'port', USER_NAME: 'user_name', PASSWORD: 'password', AUTHENTICATION: 'authentication',
  ENABLE_START_TLS: 'enable_starttls_auto', FORCE_TLS: 'tls', DOMAIN: 'domain',
};

/** `DISCOURSE_SMTP_USER_NAME` → `user_name`; null for keys that are not mail settings. */
export function discourseKey(key: string): string | null {
  const m = /^DISCOURSE_SMTP_(\w+)$/.exec(key);
  return m ? DISCOURSE_KEYS[m[1]] ?? null : null;
}

function fromAssignments(block: Map<string, Assignment>, keyOf: (key: string) => string | null): { settings: RubySettings; from: RubyValue | null } {
  const settings: RubySettings = new Map();
  let from: RubyValue | null = null;
  for (const a of block.values()) {
    const value = yamlValue(a.value, a.line, a.text);
    if (a.key === 'DISCOURSE_NOTIFICATION_EMAIL') from = value;
    const key = keyOf(a.key);
    if (key) settings.set(key, value);
  }
  return { settings, from };
}

/** Commented-out settings blocks (`#  address: "smtp.example.net"` runs): the shipped example keeps them all. */
function commented(content: string, hostKey: string, keyOf: (key: string) => string | null): YamlBlock[] {
  return commentedBlocks(commentedYamlLines(content), (k) => k === hostKey).map((block) => {
    const { settings, from } = fromAssignments(block, keyOf);
    const method = [...block.values()].find((a) => a.key === 'delivery_method')?.value ?? null;
    return { settings, scope: '', commented: true, deliveryMethod: method, from };
  });
}

function readYaml(content: string, warn: (message: string, line?: number) => void): FlatYaml {
  const flat = flattenYamlBounded(content);
  for (const e of flat.errors.slice(0, 3)) warn(`YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) warn('YAML nested too deeply; deeper settings were not read');
  return flat;
}

/** Redmine: each `…email_delivery.smtp_settings` map (or `<env>.smtp_settings` in the old email.yml). */
export function redmineBlocks(content: string, warn: (message: string, line?: number) => void): YamlBlock[] {
  const flat = readYaml(content, warn);
  const groups = new Map<string, YamlBlock>();
  const methods = new Map<string, string>();
  for (const e of flat.entries) {
    const i = e.path.lastIndexOf('smtp_settings');
    if (e.path.at(-1) === 'delivery_method') methods.set(`${e.doc}:${e.path.slice(0, -1).join('.')}`, String(e.value ?? ''));
    if (i < 0 || i !== e.path.length - 2) continue;
    const prefix = e.path.slice(0, i);
    const id = `${e.doc}:${prefix.join('.')}`;
    const group = groups.get(id) ?? { settings: new Map(), scope: prefix[0] ?? '', commented: false, deliveryMethod: null, from: null };
    group.settings.set(e.path[i + 1], yamlValue(e.value, e.line, `${e.path[i + 1]}: ${e.text}`));
    groups.set(id, group);
  }
  for (const [id, group] of groups) group.deliveryMethod = methods.get(id) ?? null;
  return [...groups.values(), ...commented(content, 'address', (k) => k)];
}

/** Discourse: `DISCOURSE_SMTP_*` keys anywhere in the file (normally under `env:`). */
export function discourseBlocks(content: string, warn: (message: string, line?: number) => void): YamlBlock[] {
  const flat = readYaml(content, warn);
  const block = new Map<string, Assignment>();
  for (const e of flat.entries) {
    const key = e.path.at(-1) ?? '';
    if (discourseKey(key) || key === 'DISCOURSE_NOTIFICATION_EMAIL') {
      block.set(key, { key, value: e.value === null ? '' : String(e.value), line: e.line, commented: false, text: `${key}: ${e.text}` });
    }
  }
  const live: YamlBlock[] = [];
  if ([...block.keys()].some((k) => k !== 'DISCOURSE_NOTIFICATION_EMAIL')) {
    const { settings, from } = fromAssignments(block, discourseKey);
    // Discourse's own defaults (discourse_defaults.conf): port 25, STARTTLS on.
    live.push({ settings, scope: '', commented: false, deliveryMethod: null, from });
  }
  return [...live, ...commented(content, 'DISCOURSE_SMTP_ADDRESS', discourseKey)];
}

/** discourse.conf (non-Docker installs): `smtp_address = …` lines, `#` comments. */
export function discourseConfBlocks(content: string): YamlBlock[] {
  const block = new Map<string, Assignment>();
  content.split('\n').forEach((raw, i) => {
    const m = /^\s*(smtp_\w+|notification_email)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) return;
    const key = m[1] === 'notification_email' ? 'DISCOURSE_NOTIFICATION_EMAIL' : `DISCOURSE_${m[1].toUpperCase()}`;
    block.set(key, { key, value: m[2].replace(/^(["'])(.*)\1$/, '$2'), line: i + 1, commented: false, text: raw.trim() });
  });
  if (!block.has('DISCOURSE_SMTP_ADDRESS')) return [];
  const { settings, from } = fromAssignments(block, discourseKey);
  return [{ settings, scope: '', commented: false, deliveryMethod: null, from }];
}

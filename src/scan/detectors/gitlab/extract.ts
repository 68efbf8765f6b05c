// GitLab: Omnibus /etc/gitlab/gitlab.rb `gitlab_rails['smtp_*']` lines (the shipped gitlab.rb.template keeps them
// all behind `# `), and a source install's config/initializers/smtp_settings.rb hash (config-formats.md §3.7).
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, parsePort, splitLines } from '../../values.js';

const detector = { id: 'gitlab', system: 'GitLab' };

interface RubyValue { kind: 'string' | 'bool' | 'nil' | 'number' | 'symbol' | 'env' | 'file' | 'other'; value: string; line: number; text: string }
type Settings = Map<string, RubyValue>;

const VALUE = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|:\w+|-?\d+\b|true\b|false\b|nil\b|ENV(?:\[[^\]]*\]|\.fetch\([^)]*\))|File\.read\([^)]*\)(?:\.\w+)*)/;

/** A Ruby literal as Omnibus configs write them: strings, symbols, numbers, booleans, `ENV[…]`, `File.read(…)`. */
export function rubyValue(raw: string, line: number, text: string): RubyValue {
  const v = raw.trim();
  const m = VALUE.exec(v);
  if (!m) return { kind: 'other', value: v.replace(/\s+#.*$/, ''), line, text };
  const token = m[1];
  if (token[0] === '"' || token[0] === "'") return { kind: 'string', value: token.slice(1, -1).replace(/\\(.)/g, '$1'), line, text };
  if (token[0] === ':') return { kind: 'symbol', value: token.slice(1), line, text };
  if (token === 'true' || token === 'false') return { kind: 'bool', value: token, line, text };
  if (token === 'nil') return { kind: 'nil', value: '', line, text };
  if (token.startsWith('ENV')) return { kind: 'env', value: /['"]([^'"]+)['"]/.exec(token)?.[1] ?? token, line, text };
  if (token.startsWith('File.read')) return { kind: 'file', value: /['"]([^'"]+)['"]/.exec(token)?.[1] ?? token, line, text };
  return { kind: 'number', value: token, line, text };
}

/** gitlab.rb: `gitlab_rails['smtp_address'] = "…"`, keyed without the `smtp_` prefix so both formats share one reader. */
function readGitlabRb(content: string): { live: Settings; commented: Settings } {
  const live: Settings = new Map();
  const commented: Settings = new Map();
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*(#\s?)?\s*gitlab_rails\[\s*['"](\w+)['"]\s*\]\s*=\s*(.*)$/.exec(raw);
    if (!m) return;
    const key = m[2].replace(/^smtp_/, '');
    (m[1] ? commented : live).set(key, rubyValue(m[3], i + 1, raw.trim()));
  });
  return { live, commented };
}

/** smtp_settings.rb: `ActionMailer::Base.smtp_settings = { address: "…", :port => 587, … }`. */
function readInitializer(content: string): { live: Settings; commented: Settings } {
  const live: Settings = new Map();
  const commented: Settings = new Map();
  let inHash = false;
  splitLines(content).forEach((raw, i) => {
    if (/smtp_settings\s*=\s*\{/.test(raw)) { inHash = true; return; }
    if (!inHash) return;
    if (/^\s*\}/.test(raw)) { inHash = false; return; }
    const m = /^\s*(#\s*)?:?(\w+)(?::|\s*=>)\s*(.+?),?\s*$/.exec(raw);
    if (m) (m[1] ? commented : live).set(m[2], rubyValue(m[3], i + 1, raw.trim()));
  });
  return { live, commented };
}

function truthy(v: RubyValue | undefined): boolean | null {
  if (!v || v.kind === 'nil') return null;
  if (v.kind === 'bool') return v.value === 'true';
  return null;
}

function securityOf(s: Settings, port: number | null, notes: string[]): Security {
  const tls = truthy(s.get('tls')) ?? truthy(s.get('ssl'));
  if (tls) return 'tls';
  if (truthy(s.get('enable_starttls'))) return 'starttls';
  if (port === 465 && tls === null) { notes.push('port 465 without smtp_tls: the mail gem (2.8+) switches to implicit TLS on 465'); return 'tls'; }
  const auto = truthy(s.get('enable_starttls_auto'));
  if (auto === false) return 'none';
  if (port === 465) notes.push('port 465 with smtp_tls = false: the server expects implicit TLS, STARTTLS will not be offered');
  notes.push(`${auto ? 'smtp_enable_starttls_auto = true' : 'smtp_enable_starttls_auto not set (the mail gem defaults to true)'}: STARTTLS when offered, plaintext otherwise`);
  return 'starttls';
}

function authOf(s: Settings, username: string | null): AuthMethod {
  const mech = s.get('authentication');
  const name = mech?.kind === 'string' || mech?.kind === 'symbol' ? mech.value.toLowerCase() : '';
  if (name === 'xoauth2' || name === 'oauth2') return 'oauth2';
  if (name === 'ntlm') return 'ntlm';
  if (name) return 'password';
  // net-smtp authenticates with PLAIN whenever a user is given.
  return username ? 'password' : 'none';
}

function secretOf(v: RubyValue | undefined, path: string, ctx: ExtractContext): { secret: SecretState; ref?: string } {
  if (!v || v.kind === 'nil' || (v.kind === 'string' && v.value === '')) return { secret: 'absent' };
  if (v.kind === 'env') return { secret: 'external', ref: `env:${v.value}` };
  if (v.kind === 'file') return { secret: 'external', ref: `file:${v.value}` };
  if (v.kind === 'string') ctx.secret(v.value);
  return { secret: 'present', ref: `inline:${path}:${v.line}` };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const initializer = /smtp_settings\.rb$/i.test(path.replace(/\.(sample|example)$/i, ''));
  if (initializer && !/gitlab/i.test(path) && !/Gitlab::/.test(content)) return null;
  const { live, commented } = initializer ? readInitializer(content) : readGitlabRb(content);
  // Commented-out passwords are secrets too: register them so nothing can echo them.
  for (const v of [live.get('password'), commented.get('password')]) if (v?.kind === 'string') ctx.secret(v.value);
  // Commented values speak only when nothing live names a server (the shipped template).
  const s = live.has('address') ? live : commented.has('address') ? commented : null;
  if (!s) return null;
  const address = s.get('address')!;
  const notes: string[] = [];
  const port = parsePort(s.get('port')?.value) ?? 25;
  if (!s.get('port')) notes.push('smtp_port not set: the mail gem uses 25');
  const security = securityOf(s, port, notes);
  const userValue = s.get('user_name');
  const username = userValue?.kind === 'string' && userValue.value ? userValue.value : null;
  const secret = secretOf(s.get('password'), path, ctx);
  const fromValue = initializer ? undefined : s.get('gitlab_email_from');
  let active = s === live;
  let inactiveReason = 'commented';
  const enable = truthy(live.get('enable'));
  if (active && !initializer && enable !== true) {
    active = false;
    inactiveReason = 'disabled';
    notes.push("gitlab_rails['smtp_enable'] is not true: GitLab hands mail to the local sendmail/Postfix instead");
  }
  if (active && truthy(live.get('microsoft_graph_mailer_enabled'))) {
    active = false;
    inactiveReason = 'superseded';
    notes.push('microsoft_graph_mailer_enabled: GitLab already sends through Microsoft Graph; these SMTP settings are unused');
  }
  if (!initializer && !fromValue) notes.push('gitlab_email_from not set: GitLab sends as gitlab@<external_url host>');
  const hostRef = address.kind === 'env' ? address.value : null;
  if (active && hostRef) { active = false; inactiveReason = 'unresolved'; }
  if (username === null && userValue?.kind === 'env') notes.push(`smtp_user_name comes from ENV['${userValue.value}']`);
  return [createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
    line: address.line,
    host: hostRef ? null : address.value,
    port,
    security,
    auth: { method: authOf(s, username ?? (userValue?.kind === 'env' ? userValue.value : null)), username, secret: secret.secret },
    secretRef: secret.ref,
    from: emailIn(fromValue?.value) ?? null,
    active,
    inactiveReason: active ? undefined : inactiveReason,
    valueSources: hostRef ? { host: `env:${hostRef}` } : undefined,
    evidence: address.text,
    locations: {
      host: hostRef ? undefined : at(address.line, address.value),
      port: at(s.get('port')?.line ?? 0, s.get('port')?.value),
      username: at(userValue?.line ?? 0, username),
      from: at(fromValue?.line ?? 0, emailIn(fromValue?.value)),
    },
    notes,
    role: 'app',
  })];
}

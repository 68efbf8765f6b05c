// Grafana: the [smtp] section of grafana.ini / custom.ini. `host` is host:port in one key; `;` and `#` comment
// lines; the shipped conf/defaults.ini and conf/sample.ini are samples (config-formats.md §4.1).
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, envReference, parseBool, parseHostPort, valueReference, splitLines } from '../../values.js';

const detector = { id: 'grafana', system: 'Grafana' };
const SHIPPED_SAMPLE = /(^|[\\/])(defaults|sample)\.ini$/i;

interface IniValue { value: string; line: number; text: string }

interface SmtpSection { live: Map<string, IniValue>; commented: Map<string, IniValue> }

/** go-ini values: `"""…"""` and backticks keep `#`/`;`; otherwise an inline comment ends the value. */
function iniValue(raw: string): string {
  const v = raw.trim();
  const triple = /^"""([\s\S]*?)"""/.exec(v);
  if (triple) return triple[1];
  const tick = /^`([^`]*)`/.exec(v);
  if (tick) return tick[1];
  return v.replace(/\s*[#;].*$/, '').replace(/^"(.*)"$/, '$1').trim();
}

function readSmtpSection(content: string): SmtpSection | null {
  let inSmtp = false;
  let seen = false;
  const section: SmtpSection = { live: new Map(), commented: new Map() };
  splitLines(content).forEach((raw, i) => {
    const header = /^\s*\[([^\]]*)\]/.exec(raw);
    if (header) { inSmtp = header[1].trim().toLowerCase() === 'smtp'; seen ||= inSmtp; return; }
    if (!inSmtp) return;
    const m = /^\s*([;#]+\s*)?([A-Za-z_][\w.]*)\s*=(.*)$/.exec(raw);
    if (!m) return;
    const target = m[1] ? section.commented : section.live;
    target.set(m[2].toLowerCase(), { value: iniValue(m[3]), line: i + 1, text: raw.trim() });
  });
  return seen ? section : null;
}

/** `$__file{/run/secrets/smtp}`, `$__env{GF_SMTP_PASSWORD}`, `$__vault{…}` (Grafana variable expansion) or `${VAR}`. */
function passwordSource(value: string | undefined, ctx: ExtractContext): { secret: SecretState; ref?: string } {
  if (!value) return { secret: 'absent' };
  const expansion = /^\$__(file|env|vault)\{([^}]*)\}$/.exec(value.trim());
  if (expansion) return { secret: 'external', ref: `${expansion[1]}:${expansion[2]}` };
  const ref = valueReference(value);
  if (ref) return { secret: 'external', ref };
  ctx.secret(value);
  return { secret: 'present' };
}

/** `$__env{SMTP_HOST}` (Grafana expansion) or `${SMTP_HOST}`: the variable name. */
function hostReference(value: string): string | null {
  const expansion = /^\$__env\{([^}]*)\}$/.exec(value.trim());
  return expansion ? expansion[1] : envReference(value)?.name ?? null;
}

function securityOf(port: number | null, policy: string | undefined, notes: string[]): Security {
  if (port === 465) return 'tls';
  const p = (policy ?? '').toLowerCase();
  if (p === 'nostarttls') return 'none';
  if (p === 'mandatorystarttls') return 'starttls';
  notes.push(`startTLS_policy ${policy ? '= OpportunisticStartTLS' : 'not set (OpportunisticStartTLS)'}: STARTTLS when the server offers it, plaintext otherwise`);
  return 'starttls';
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const section = readSmtpSection(content);
  if (!section) return null;
  const shipped = SHIPPED_SAMPLE.test(path);
  // Commented-out passwords are secrets too: register them so nothing can echo them.
  for (const v of [section.live.get('password'), section.commented.get('password')]) if (v?.value && !/^\$__/.test(v.value) && !valueReference(v.value)) ctx.secret(v.value);
  const liveHost = section.live.get('host');
  const enabled = parseBool(section.live.get('enabled')?.value) === true;
  // Commented values only speak for themselves when nothing live names a host (e.g. the shipped sample.ini).
  const values = liveHost || enabled ? section.live : section.commented;
  const host = values.get('host');
  if (!host && !enabled) return null;
  const get = (key: string) => values.get(key);
  const notes: string[] = [];
  const hostPort = host ? parseHostPort(host.value) : { host: 'localhost', port: 25 };
  if (!host) notes.push('[smtp] enabled without host: Grafana uses its default localhost:25');
  else if (hostPort.port === null) notes.push('host has no :port; Grafana expects host:port and fails to send');
  const env = host ? hostReference(host.value) : null;
  const security = securityOf(hostPort.port, get('starttls_policy')?.value, notes);
  if (parseBool(get('skip_verify')?.value)) notes.push('skip_verify = true: the server certificate is not checked');
  const userRef = get('user')?.value ? envReference(get('user')!.value)?.name : undefined;
  const user = userRef ? null : get('user')?.value || null;
  const password = passwordSource(get('password')?.value, ctx);
  const from = get('from_address');
  let active = values === section.live && enabled;
  let inactiveReason = values === section.live ? 'disabled' : 'commented';
  if (active && env) { active = false; inactiveReason = 'unresolved'; }
  if (shipped) { active = false; inactiveReason = 'example-file'; }
  if (values === section.live && !enabled) notes.push('[smtp] enabled is not true: Grafana sends no mail');
  const line = host?.line ?? section.live.get('enabled')?.line ?? null;
  return [createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
    line,
    host: env ? null : hostPort.host,
    port: hostPort.port,
    security,
    auth: { method: user || userRef ? 'password' : 'none', username: user, secret: password.secret },
    secretRef: password.ref,
    from: emailIn(from?.value) ?? (from?.value || null),
    active,
    inactiveReason: active ? undefined : inactiveReason,
    valueSources: { ...(env ? { host: `env:${env}` } : {}), ...(userRef ? { username: `env:${userRef}` } : {}) },
    evidence: `[smtp] ${host?.text ?? 'enabled = true'}`,
    locations: {
      host: host && !env ? at(host.line, hostPort.host) : undefined,
      port: host ? at(host.line, hostPort.port) : undefined,
      security: at(get('starttls_policy')?.line ?? 0, get('starttls_policy')?.value),
      username: at(get('user')?.line ?? 0, user),
      from: at(from?.line ?? 0, from?.value),
    },
    notes,
    role: 'app',
  })];
}

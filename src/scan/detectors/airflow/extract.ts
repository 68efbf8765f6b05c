// Apache Airflow, airflow.cfg (configparser: `%%` is a literal `%`). [smtp] smtp_host (default localhost), smtp_port
// (25), smtp_starttls (True), smtp_ssl (False; True is implicit TLS), smtp_user + smtp_password (Airflow logs in only
// when both are set; smtp_password_cmd / smtp_password_secret say where the password lives), smtp_mail_from (or
// [email] from_email). [email] email_backend picks SMTP or a provider API. Airflow's own default_airflow.cfg under
// site-packages is library defaults; AIRFLOW__SMTP__* variables are read by the docker-compose family of detectors.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, inPythonPackages, isPlaceholder, liveSettings, locationsOf, parseBool, parsePort, secretState, type Assignment } from '../../values.js';

const detector = { id: 'airflow', system: 'Apache Airflow' };

type Settings = Map<string, Assignment>;

interface Scope { ctx: ExtractContext; email: Settings; liveHost: boolean }

/** Copies inside the installed package (config_templates/default_airflow.cfg) hold defaults, not a deployment's setting. */
function isLibraryPath(path: string): boolean {
  return inPythonPackages(path) || /[\\/]config_templates[\\/]/.test(path);
}

/** configparser's interpolation turns `%%` into `%`: the password Airflow sends. */
function interpolated(value: string): string {
  return value.replace(/%%/g, '%');
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (isLibraryPath(path)) return null;
  const entries = iniEntries(content, { continuation: 'indent', inlineComments: false }).map((e) => ({ ...e, key: e.key.toLowerCase() }));
  const smtp = entries.filter((e) => e.section === 'smtp' && e.subsection === null);
  for (const e of smtp) {
    if (e.key === 'smtp_password') secretState(e.value, (v) => { ctx.secret(v); ctx.secret(interpolated(v)); });
  }
  const live = liveSettings(smtp);
  const scope: Scope = { ctx, email: liveSettings(entries.filter((e) => e.section === 'email' && e.subsection === null)), liveHost: live.has('smtp_host') };
  const findings: Finding[] = [];
  if (scope.liveHost) findings.push(build(live, false, scope));
  for (const block of commentedBlocks(smtp, (k) => k === 'smtp_host')) findings.push(build(block, true, scope));
  return findings.length ? findings : null;
}

function flag(settings: Settings, key: string, fallback: boolean, scope: Scope, commented: boolean): boolean | null {
  const entry = settings.get(key);
  if (!entry) return fallback;
  const value = parseBool(entry.value);
  if (value === null && !commented) scope.ctx.warn('parse-error', `airflow.cfg [smtp] ${key} is not True or False`, entry.line);
  return value;
}

function securityOf(settings: Settings, scope: Scope, commented: boolean, notes: string[]): Security {
  const ssl = flag(settings, 'smtp_ssl', false, scope, commented);
  const starttls = flag(settings, 'smtp_starttls', true, scope, commented);
  if (ssl && starttls) notes.push('smtp_ssl and smtp_starttls are both True: Airflow opens implicit TLS, then its STARTTLS fails');
  if (ssl) return 'tls';
  if (ssl === null || starttls === null) return 'unknown';
  if (!settings.has('smtp_starttls')) notes.push("smtp_starttls not set: Airflow's default, True (STARTTLS)");
  return starttls ? 'starttls' : 'none';
}

/** smtp_password, or the command / secrets-backend key Airflow reads it from (its `_cmd` and `_secret` options). */
function passwordOf(settings: Settings): { secret: SecretState; ref?: string } {
  const cmd = settings.get('smtp_password_cmd');
  if (cmd?.value) return { secret: 'external', ref: `command:${cmd.value.slice(0, 120)}` };
  const backend = settings.get('smtp_password_secret');
  if (backend?.value) return { secret: 'external', ref: `secrets-backend:${backend.value.slice(0, 120)}` };
  return secretState(settings.get('smtp_password')?.value, () => undefined);
}

function build(settings: Settings, commented: boolean, scope: Scope): Finding {
  const notes: string[] = [];
  const host = settings.get('smtp_host')!;
  if (commented && !scope.liveHost) notes.push("no live smtp_host: Airflow's default is localhost:25");
  // configparser keeps quotes: Airflow would look up `"mail.contoso.com` as written.
  const hostName = host.value.replace(/^["']|["']$/g, '');
  if (hostName !== host.value) {
    notes.push('smtp_host is written in quotes: Airflow reads them as part of the host name');
    if (!commented) scope.ctx.warn('parse-error', 'airflow.cfg [smtp] smtp_host is quoted', host.line);
  }
  const port = settings.get('smtp_port');
  // Python's int(): `58 7` or `25abc` is no port, where parseInt would read one.
  const portNumber = port ? (/^\s*\d+\s*$/.test(port.value) ? parsePort(port.value) : null) : 25;
  if (port && portNumber === null && !commented) scope.ctx.warn('parse-error', 'airflow.cfg [smtp] smtp_port is not a number', port.line);
  const security = securityOf(settings, scope, commented, notes);
  const user = settings.get('smtp_user');
  const username = user?.value && !isPlaceholder(user.value) ? user.value : null;
  const password = passwordOf(settings);
  const logsIn = username !== null && password.secret !== 'absent';
  if (username && !logsIn) notes.push('smtp_user without a password: Airflow does not log in');
  const connection = scope.email.get('email_conn_id');
  if (connection?.value && !commented) notes.push(`[email] email_conn_id = ${connection.value.slice(0, 80)}: when that Airflow connection exists, its login and password win over smtp_user / smtp_password`);
  const fromEntry = settings.get('smtp_mail_from') ?? scope.email.get('from_email');
  const from = emailIn(fromEntry?.value);
  const draft: FindingDraft = {
    line: host.line,
    key: commented ? `commented:${host.line}` : 'smtp',
    host: hostName,
    port: portNumber,
    security,
    auth: { method: logsIn ? 'password' : 'none', username, secret: password.secret },
    secretRef: password.ref,
    from,
    evidence: host.text,
    locations: locationsOf({ host: { line: host.line, value: hostName }, port, username: username ? user : null, from: from ? { line: fromEntry!.line, value: from } : null }),
    notes,
    role: 'app',
  };
  const backend = scope.email.get('email_backend');
  if (backend?.value && !/smtp/i.test(backend.value)) {
    Object.assign(draft, { active: false, inactiveReason: 'disabled' });
    notes.push(`[email] email_backend = ${backend.value.slice(0, 80)}: mail goes through a provider API, not [smtp]`);
  }
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, scope.ctx, draft);
}

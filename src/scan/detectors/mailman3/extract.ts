// Mailman 3 core, mailman.cfg (lazr.config: INI with `key: value`). [mta] smtp_host / smtp_port (schema defaults
// localhost:25), smtp_user + smtp_pass (Mailman logs in only when both are set), smtp_secure_mode smtp | smtps |
// starttls (3.3+; older versions always send in plain text), smtp_verify_cert / smtp_verify_hostname.
// [mta] incoming / outgoing / lmtp_* name Mailman's delivery classes and its LMTP listener: no SMTP server.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, iniEntries, inPythonPackages, isPlaceholder, liveSettings, locationsOf, parseBool, parsePort, secretState, type Assignment } from '../../values.js';

const detector = { id: 'mailman3', system: 'Mailman 3' };

const SECURE_MODES: Record<string, Security> = { smtp: 'none', smtps: 'tls', starttls: 'starttls' };

type Settings = Map<string, Assignment>;

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // Mailman's own copies under site-packages (mailman/config/mailman.cfg, schema.cfg) hold defaults, not a site's setting
  if (inPythonPackages(path)) return null;
  const entries = iniEntries(content, { continuation: 'indent', inlineComments: false });
  // The REST admin's password is scrubbed too: Debian's postinst writes a generated one into the same file.
  for (const e of entries) if (e.key === 'smtp_pass' || e.key === 'admin_pass') secretState(e.value, (v) => ctx.secret(v));
  const mta = entries.filter((e) => e.section === 'mta' && e.subsection === null);
  const live = liveSettings(mta);
  const findings: Finding[] = [];
  if (live.has('smtp_host')) findings.push(build(live, false, ctx));
  else if (live.size) findings.push(build(live, false, ctx, true));
  for (const block of commentedBlocks(mta, (k) => k === 'smtp_host')) findings.push(build(block, true, ctx));
  return findings.length ? findings : null;
}

function build(settings: Settings, commented: boolean, ctx: ExtractContext, implicitHost = false): Finding {
  const notes: string[] = [];
  const get = (key: string) => settings.get(key);
  const host = get('smtp_host');
  const anchor = host ?? [...settings.values()][0];
  if (implicitHost) notes.push("[mta] smtp_host is not set: Mailman's default, localhost:25 (the local MTA)");
  const port = get('smtp_port');
  // Python's int(): `58 7` or `25abc` is no port, where parseInt would read one.
  const portNumber = port ? (/^\s*\d+\s*$/.test(port.value) ? parsePort(port.value) : null) : 25;
  if (port && portNumber === null) {
    notes.push(`smtp_port = ${port.value.slice(0, 40)}: not a port number, Mailman fails to start`);
    if (!commented) ctx.warn('parse-error', 'mailman.cfg [mta] smtp_port is not a number', port.line);
  }
  const mode = get('smtp_secure_mode');
  const security = mode ? SECURE_MODES[mode.value.toLowerCase()] ?? 'unknown' : 'none';
  if (mode && security === 'unknown') {
    notes.push(`smtp_secure_mode = ${mode.value.slice(0, 40)}: not smtp, smtps or starttls, Mailman refuses it`);
    if (!commented) ctx.warn('parse-error', 'mailman.cfg [mta] smtp_secure_mode is not smtp, smtps or starttls', mode.line);
  }
  if (!mode) notes.push('no smtp_secure_mode: Mailman sends without TLS (the option exists since Mailman 3.3)');
  if (security === 'tls' || security === 'starttls') {
    for (const key of ['smtp_verify_cert', 'smtp_verify_hostname']) {
      if (parseBool(get(key)?.value) === false) notes.push(`${key}: no, the server certificate is not fully checked`);
    }
  }
  const user = get('smtp_user');
  const username = user?.value && !isPlaceholder(user.value) ? user.value : null;
  const secret = secretState(get('smtp_pass')?.value, () => undefined);
  const logsIn = username !== null && secret.secret !== 'absent';
  if (!logsIn && (username || secret.secret !== 'absent')) notes.push('only one of smtp_user / smtp_pass is set: Mailman does not log in');
  const outgoing = get('outgoing');
  if (outgoing && !outgoing.value.startsWith('mailman.mta.')) notes.push(`outgoing = ${outgoing.value.slice(0, 80)}: a custom delivery callable, it may not use these settings`);
  const draft: FindingDraft = {
    line: anchor.line,
    key: commented ? `commented:${anchor.line}` : 'mta',
    host: implicitHost ? 'localhost' : host!.value,
    port: portNumber,
    security,
    auth: { method: logsIn ? 'password' : 'none', username, secret: secret.secret },
    evidence: anchor.text,
    locations: locationsOf({ host: implicitHost ? null : host, port, security: mode, username: username ? user : null }),
    notes,
    role: 'app',
  };
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, ctx, draft);
}

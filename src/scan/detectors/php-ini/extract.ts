// php.ini `[mail function]`: SMTP / smtp_port / sendmail_from (used by mail() on Windows only: no TLS, no auth)
// and sendmail_path (Unix: mail() pipes into the local MTA). Also php-fpm pools' `php_admin_value[sendmail_path]`.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { emailIn, envReference, liveSettings, localMtaNotes, parsePort, splitLines, unquote, type Assignment } from '../../values.js';

const detector = { id: 'php-ini', system: 'PHP mail()' };

const KEYS = new Set(['smtp', 'smtp_port', 'sendmail_from', 'sendmail_path', 'mail.force_extra_parameters']);

/** `key = value` (ini) or `php_admin_value[key] = value` (fpm pool); `;` comments, inline ones after unquoted values. */
export function parseIni(content: string, warn?: ExtractContext['warn']): Assignment[] {
  const assignments: Assignment[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*(;+\s*)?(?:php_(?:admin_)?(?:value|flag)\[([\w.]+)\]|([\w.]+))\s*=\s*(.*)$/.exec(raw);
    if (!m) return;
    const key = (m[2] ?? m[3]).toLowerCase();
    if (!KEYS.has(key)) return;
    let value = m[4].trim();
    if (!/^["']/.test(value)) value = value.replace(/\s+;.*$/, '');
    value = unquote(value);
    if (/^["']/.test(value)) {
      warn?.('truncated', `${key} value has no closing quote`, i + 1);
      value = value.slice(1);
    }
    assignments.push({ key, value, line: i + 1, commented: Boolean(m[1]), text: raw.trim().slice(0, 300) });
  });
  return assignments;
}

/** php.ini-production / -development (and older -dist / -recommended) are the samples PHP ships. */
function isShippedSample(path: string): boolean {
  return /^php\.ini-/i.test(canonicalName(path));
}

/** `-f sender@example.com` / `-r sender` in a sendmail command line or mail.force_extra_parameters. */
function envelopeSender(command: string | undefined): string | null {
  if (!command) return null;
  const m = /(?:^|\s)-[fr]\s*['"]?([^\s'"]+)/.exec(command);
  return m ? emailIn(m[1]) ?? m[1] : null;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const assignments = parseIni(content, ctx.warn);
  if (!assignments.length) return null;
  const live = liveSettings(assignments);
  const sample = isShippedSample(path);
  const extra = live.get('mail.force_extra_parameters');
  const findings: Finding[] = [];
  const common = (a: Assignment): Partial<FindingDraft> => ({
    active: !a.commented && !sample,
    inactiveReason: a.commented ? 'commented' : sample ? 'example-file' : undefined,
    role: 'app',
  });
  for (const a of assignments.filter((x) => x.key === 'smtp' && x.value)) {
    const port = live.get('smtp_port');
    const from = live.get('sendmail_from');
    const portValue = parsePort(port?.value) ?? 25;
    const isDefault = a.value.toLowerCase() === 'localhost' && portValue === 25;
    const env = envReference(a.value);
    const draft = common(a);
    if (draft.active && isDefault) Object.assign(draft, { active: false, inactiveReason: 'default' });
    if (draft.active && env) Object.assign(draft, { active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${env.name}` } });
    findings.push(createFinding(detector, ctx, {
      ...draft,
      line: a.line,
      key: `SMTP:${a.line}`,
      host: a.value,
      port: portValue,
      security: 'none',
      auth: { method: 'none', username: null, secret: 'absent' },
      from: emailIn(from?.value) ?? envelopeSender(extra?.value),
      evidence: a.text,
      locations: { host: at(a.line, a.value), port: port ? at(port.line, port.value) : undefined, from: from ? at(from.line, from.value) : undefined },
      notes: [
        'SMTP/smtp_port are used by mail() on Windows only, without TLS or authentication',
        ...(isDefault ? ["PHP's default (localhost:25)"] : []),
      ],
    }));
  }
  for (const a of assignments.filter((x) => x.key === 'sendmail_path' && x.value)) {
    findings.push(createFinding(detector, ctx, {
      ...common(a),
      line: a.line,
      key: `sendmail_path:${a.line}`,
      host: null,
      endpointKind: 'local',
      security: 'unknown',
      auth: { method: 'none', username: null, secret: 'absent' },
      from: envelopeSender(a.value) ?? envelopeSender(extra?.value),
      evidence: a.text,
      notes: [...localMtaNotes(a.value), ...configNote(a.value)],
    }));
  }
  return findings.length ? findings : null;
}

/** `msmtp -C /etc/msmtprc`, `ssmtp -C …`: the configuration file to follow. */
function configNote(command: string): string[] {
  const config = /\s-C\s*['"]?([^\s'"]+)/.exec(command)?.[1];
  return config ? [`its configuration: ${config}`] : [];
}

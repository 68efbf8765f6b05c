// CSV: one row per sender for spreadsheets. RFC 4180 quoting and CRLF written here (a dozen lines, not a dependency);
// text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe.
import { targetLabel } from '../labels.js';
import type { ReportModel, SenderSection } from '../types.js';

const COLUMNS: [string, (s: SenderSection) => string | number | boolean | null][] = [
  ['id', (s) => s.id],
  ['name', (s) => s.name],
  ['kind', (s) => s.kind],
  ['system', (s) => s.system],
  ['status', (s) => s.status],
  ['found_at', (s) => s.sources.map((r) => `${r.kind}:${r.where}`).join('; ')],
  ['current_host', (s) => s.current.host],
  ['current_port', (s) => s.current.port],
  ['current_security', (s) => s.current.security],
  ['current_auth', (s) => s.current.auth],
  ['current_username', (s) => s.current.username],
  ['password_stored', (s) => s.current.secretWhere],
  ['from', (s) => s.current.from.join('; ')],
  ['endpoint_kind', (s) => s.current.endpointKind],
  ['max_tls', (s) => s.current.maxTls],
  ['log_messages', (s) => s.log?.messages ?? null],
  ['log_recipients', (s) => s.log?.recipients ?? null],
  ['log_external_recipients', (s) => s.log?.externalRecipients ?? null],
  ['target', (s) => s.target?.target ?? null],
  ['target_label', (s) => (s.target ? targetLabel(s.target.target) : null)],
  ['overridden', (s) => (s.target ? s.target.overridden : null)],
  ['reason', (s) => s.target?.reason ?? null],
  ['new_host', (s) => s.target?.settings.host ?? null],
  ['new_port', (s) => s.target?.settings.port ?? null],
  ['new_auth', (s) => s.target?.settings.auth ?? null],
  ['new_username', (s) => s.target?.settings.username ?? null],
  ['risks', (s) => s.risks.map((r) => `${r.severity}:${r.code}`).join('; ')],
  ['verification', (s) => s.verification.status],
  ['failed_checks', (s) => s.verification.checks.filter((c) => c.status === 'fail').map((c) => `${c.name}${c.code ? ` (${c.code})` : ''}`).join('; ')],
  ['verified_at', (s) => s.verification.at],
  ['device_ready', (s) => (s.fitness.length ? s.fitness[s.fitness.length - 1].ready : null)],
  ['blockers', (s) => s.blockers.map((b) => b.code).join('; ')],
  ['rollback', (s) => s.rollback],
];

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function renderCsv(model: ReportModel): string {
  const rows = [COLUMNS.map(([name]) => name), ...model.senders.map((s) => COLUMNS.map(([, get]) => get(s)))];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

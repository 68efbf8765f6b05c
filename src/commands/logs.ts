// `relay365 logs`: who still sends through the old relay, how much, to whom, with what TLS and auth.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Inventory } from '../inventory/types.js';
import { SCHEMA_VERSION } from '../inventory/types.js';
import { writeInventory } from '../inventory/io.js';
import { analyzeLogs } from '../logs/analyze.js';
import { LOG_FORMATS, type LogFormat, type LogReport, type LogSender } from '../logs/types.js';
import { InputError, UsageError } from '../util/errors.js';
import { createOutput, paint, table, type Output } from '../util/term.js';
import { toolVersion } from '../util/version.js';

export interface LogsCommandOptions {
  files: string[];
  internalDomain?: string[];
  tenant?: string;
  format?: string;
  out?: string;
  json?: boolean;
}

/** Exchange Online limits the table flags (microsoft-365-facts.md §1.1, §8). */
const MESSAGES_PER_MINUTE = 30;
const RECIPIENTS_PER_DAY = 10_000;

export async function logsCommand(options: LogsCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  if (!options.files?.length) throw new UsageError('logs: name at least one log file');
  if (options.format && !LOG_FORMATS.includes(options.format as LogFormat)) {
    throw new UsageError(`--format must be one of ${LOG_FORMATS.join(', ')} (got ${JSON.stringify(options.format)})`);
  }
  const internalDomains = [...(options.internalDomain ?? []), ...(options.tenant ? await tenantDomains(options.tenant) : [])];
  const report = await analyzeLogs({
    files: options.files,
    internalDomains,
    format: options.format as LogFormat | undefined,
    // Only on a terminal: the first toLocaleString loads ICU's number formats (~0.04 s) for a line nobody sees.
    onProgress: process.stderr.isTTY ? (p) => out.progress(`reading ${p.file}… ${p.lines.toLocaleString('en-US')} lines`) : undefined,
  });
  out.endProgress();
  if (options.out) await writeInventory(resolve(options.out), logInventory(report));
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else out.info(renderLogReport(report, out));
  for (const w of report.warnings.slice(0, 10)) out.warn(`${w.path}${w.line ? `:${w.line}` : ''}: ${w.code}: ${w.message}`);
  if (report.warnings.length > 10) out.warn(`… ${report.warnings.length - 10} more warnings (see --json)`);
  if (!internalDomains.length) out.warn('no --internal-domain or --tenant given: every recipient counts as external');
  if (options.out) out.info(`inventory fragment written to ${options.out}`);
  return report.stats.filesRead === 0 ? 2 : 0;
}

/** acceptedDomains from a tenant.yaml (see src/m365/tenant.ts); a missing or broken file is an input error. */
export async function tenantDomains(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read tenant file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path);
  }
  let data: unknown;
  const { parse: parseYaml } = await import('yaml'); // only with --tenant: the parser costs ~0.05 s of start-up
  try {
    data = parseYaml(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new InputError(`not valid YAML (${(error as Error).message.split('\n')[0]})`, path, line);
  }
  const root = (data && typeof data === 'object' ? data : {}) as { acceptedDomains?: unknown; tenant?: { acceptedDomains?: unknown } };
  const domains = root.acceptedDomains ?? root.tenant?.acceptedDomains;
  if (!Array.isArray(domains)) throw new InputError('no acceptedDomains list in the tenant file', path);
  return domains.filter((d): d is string => typeof d === 'string');
}

/** An inventory holding only what the logs say, for `plan --inventory`. */
export function logInventory(report: LogReport): Inventory {
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'relay365', version: toolVersion() },
    roots: report.files.map((f) => f.path),
    findings: [],
    senders: report.senders,
    relays: [],
    warnings: report.warnings,
    stats: { filesSeen: report.stats.filesSeen, filesRead: report.stats.filesRead, bytesRead: report.stats.bytesRead, ms: report.stats.ms },
    logTotals: report.totals,
  };
}

function describeTls(s: LogSender): string {
  const seen = Object.entries(s.tls).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k]) => k);
  if (!seen.length) return '-';
  return seen.length > 2 ? `${seen.slice(0, 2).join('+')}+…` : seen.join('+');
}

function describeRejects(s: LogSender): string {
  const { relayDenied, authFailed, other } = s.rejected;
  const parts = [relayDenied && `${relayDenied} relay-denied`, authFailed && `${authFailed} auth-failed`, other && `${other} other`].filter(Boolean);
  return parts.length ? parts.join(', ') : '-';
}

function describeFrom(s: LogSender): string {
  const count = s.envelopeFromCount ?? s.envelopeFrom.length;
  if (!count) return '-';
  return count > 1 ? `${s.envelopeFrom[0]} (+${count - 1})` : s.envelopeFrom[0];
}

/** The sender table and the totals under it. */
export function renderLogReport(report: LogReport, out: Pick<Output, 'color'>): string {
  const lines: string[] = [];
  const relays = new Set(report.senders.map((s) => s.relay));
  if (report.senders.length) {
    lines.push(table(
      [...(relays.size > 1 ? ['relay'] : []), 'host', 'ip', 'sasl user', 'from', 'msgs', 'rcpts', 'ext%', 'tls', 'peak/min', 'peak/day', 'rejects'],
      report.senders.map((s) => [
        ...(relays.size > 1 ? [s.relay] : []),
        s.host, s.ip, s.saslUser, describeFrom(s), s.messages, s.recipients,
        s.recipients ? Math.round((100 * s.externalRecipients) / s.recipients) : '-',
        describeTls(s),
        s.peakPerMinute > MESSAGES_PER_MINUTE ? `${s.peakPerMinute}!` : s.peakPerMinute,
        (s.peakRecipientsPerDay ?? 0) > RECIPIENTS_PER_DAY ? `${s.peakPerDay} (${s.peakRecipientsPerDay} rcpts)!` : s.peakPerDay,
        describeRejects(s),
      ]),
      40,
    ));
  } else lines.push('No sending clients found in these logs.');
  const t = report.totals;
  lines.push('');
  lines.push(`${paint(out.color, 'bold', String(report.senders.length))} sending clients. Totals: ${t.received} received, ${t.delivered} delivered, ${t.forwarded} forwarded, `
    + `${t.deferred} deferred (${t.deferrals} deferrals), ${t.bounced} bounced, ${t.rejected} rejected; ${t.bytesReceived} bytes received, `
    + `${t.bytesDelivered} delivered; ${t.senders} senders, ${t.sendingHosts} sending hosts/domains, ${t.recipients} recipients, ${t.recipientHosts} recipient hosts/domains.`);
  const flags = report.senders.flatMap((s) => notes(s).map((n) => `  ${s.host ?? s.ip ?? s.saslUser}: ${n}`));
  if (flags.length) lines.push('', 'Worth a look before cutover (! in the table):', ...flags);
  const { filesSeen, filesRead, lines: lineCount, ms } = report.stats;
  lines.push('', `${filesRead} of ${filesSeen} files read, ${lineCount.toLocaleString('en-US')} lines in ${ms} ms; internal domains: ${report.internalDomains.join(', ') || 'none given'}.`);
  return lines.join('\n');
}

function notes(s: LogSender): string[] {
  const out: string[] = [];
  if (s.peakPerMinute > MESSAGES_PER_MINUTE) out.push(`${s.peakPerMinute} messages in one minute (Exchange Online SMTP AUTH allows ${MESSAGES_PER_MINUTE}/min per mailbox)`);
  if ((s.peakRecipientsPerDay ?? 0) > RECIPIENTS_PER_DAY) out.push(`${s.peakRecipientsPerDay} recipients in one day (limit ${RECIPIENTS_PER_DAY.toLocaleString('en-US')}/day per mailbox)`);
  const legacy = Object.keys(s.tls).filter((k) => /^(SSLv|TLSv1(\.1)?$)/.test(k));
  if (legacy.length) out.push(`TLS below 1.2 (${legacy.join(', ')}): smtp.office365.com refuses it`);
  if (s.auth.basic) out.push(`${s.auth.basic} messages with Basic auth: disabled by default from the end of December 2026`);
  return out;
}

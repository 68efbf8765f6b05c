// Build the ONE report model (schemaVersion 1) from whatever stages ran; renderers read nothing else.
import { toolVersion } from '../util/version.js';
import { buildCharts, type InventoryWithDays } from './charts.js';
import { buildAppendixSteps, buildCutover } from './cutover.js';
import { buildFlow } from './flow.js';
import type { ReportInputs } from './inputs.js';
import { redactText } from './redact.js';
import { buildSecurity } from './security.js';
import { buildSenders } from './senders.js';
import {
  BASIC_AUTH_OFF_DATE, REPORT_SCHEMA_VERSION, type Appendix, type OverallStatus, type ReportModel, type ReportSummary, type SenderSection,
} from './types.js';
import { probeView, tally, where } from './views.js';

export interface ModelOptions {
  now?: Date;
  title?: string;
}

const DAY_MS = 86_400_000;

/** Whole days from `now` (UTC date) to the Basic-auth date; negative once it has passed. */
export function daysUntilBasicAuthOff(now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${BASIC_AUTH_OFF_DATE}T00:00:00Z`) - today) / DAY_MS);
}

function basicAuthText(daysLeft: number): string {
  if (daysLeft > 1) return `${daysLeft} days left until Microsoft 365 turns Basic authentication for SMTP AUTH off by default (end of December 2026).`;
  if (daysLeft === 1) return '1 day left until Microsoft 365 turns Basic authentication for SMTP AUTH off by default (end of December 2026).';
  if (daysLeft === 0) return 'Today Microsoft 365 turns Basic authentication for SMTP AUTH off by default.';
  return `Basic authentication for SMTP AUTH has been off by default since the end of December 2026 (${-daysLeft} days ago); administrators can still turn it back on until Microsoft announces the final removal.`;
}

function verificationSummary(senders: SenderSection[], inputs: ReportInputs): ReportSummary['verification'] {
  const planned = senders.filter((s) => s.target && s.status !== 'skipped');
  const count = (status: string) => planned.filter((s) => s.verification.status === status).length;
  const counts = { pass: count('pass'), fail: count('fail'), warn: count('warn'), skipped: count('skipped'), notRun: count('not-run') };
  let status: OverallStatus = 'not-run';
  if (inputs.results) {
    if (counts.fail) status = 'fail';
    else if (counts.notRun || counts.skipped) status = 'incomplete';
    else if (counts.warn) status = 'warn';
    else status = planned.length ? 'pass' : 'not-run';
  }
  return { status, ...counts, verifiedAt: inputs.results?.generatedAt || null, sent: inputs.results ? inputs.results.send : null };
}

function logSummary(inventory: InventoryWithDays | null): ReportSummary['logs'] {
  const senders = inventory?.senders ?? [];
  if (!senders.length && !inventory?.logTotals) return null;
  const seen = (pick: (s: (typeof senders)[number]) => string | null) => senders.map(pick).filter((v): v is string => Boolean(v)).sort();
  return {
    messages: inventory?.logTotals?.received ?? senders.reduce((n, s) => n + (s.messages || 0), 0),
    recipients: senders.reduce((n, s) => n + (s.recipients || 0), 0),
    senders: senders.length,
    firstSeen: seen((s) => s.firstSeen)[0] ?? null,
    lastSeen: seen((s) => s.lastSeen).at(-1) ?? null,
  };
}

function buildAppendix(inputs: ReportInputs, senders: SenderSection[], unmatched: Appendix['unmatchedFitness'], generatedAt: string): Appendix {
  const t = inputs.plan?.tenant ?? null;
  return {
    tenant: t ? {
      tenantId: t.tenantId, initialDomain: t.initialDomain, cloud: t.cloud, acceptedDomains: t.acceptedDomains ?? [], mxEndpoint: t.mxEndpoint,
      staticIps: t.staticIps ?? [], securityDefaults: t.securityDefaults, rejectDirectSend: t.rejectDirectSend, smtpAuthDisabledOrg: t.smtpAuthDisabledOrg,
    } : null,
    todo: (inputs.plan?.todo ?? []).map(redactText),
    ...buildAppendixSteps(senders, generatedAt),
    inactive: (inputs.inventory?.findings ?? []).filter((f) => !f.active)
      .map((f) => ({ where: where(f.path, f.line), system: f.system, host: f.host, reason: f.inactiveReason ?? 'inactive' })),
    unmatchedFitness: unmatched,
    scanWarnings: (inputs.inventory?.warnings ?? []).map((w) => ({ where: where(w.path, w.line), code: w.code, message: redactText(w.message) })),
  };
}

export function buildReportModel(inputs: ReportInputs, options: ModelOptions = {}): ReportModel {
  const now = options.now ?? new Date();
  const generatedAt = now.toISOString();
  const inventory = inputs.inventory as InventoryWithDays | null;
  const { senders, unmatchedFitness } = buildSenders(inputs);
  const fitness = inputs.fitness ?? [];
  const security = buildSecurity(inventory, senders, fitness, now);
  const moving = senders.filter((s) => s.status !== 'skipped');
  const byTarget = tally(moving.map((s) => s.target?.target ?? 'unplanned'));
  const blockers = moving.flatMap((s) => s.blockers);
  const daysLeft = daysUntilBasicAuthOff(now);
  const relays = [...new Set(senders.map((s) => s.log?.relay).filter((r): r is string => Boolean(r)))].sort();
  const findings = inventory?.findings ?? [];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt,
    tool: { name: 'relay365', version: toolVersion() },
    title: options.title ?? 'SMTP relay migration to Microsoft 365',
    inputs: inputs.read,
    problems: inputs.problems.map((p) => ({ ...p, message: redactText(p.message) })),
    summary: {
      senders: moving.length,
      byKind: tally(moving.map((s) => s.kind)),
      byTarget,
      byStatus: tally(moving.map((s) => s.status)),
      blockers,
      readyForCutover: moving.length > 0 && blockers.length === 0,
      basicAuth: { date: BASIC_AUTH_OFF_DATE, daysLeft, text: basicAuthText(daysLeft) },
      verification: verificationSummary(senders, inputs),
      security: {
        high: security.filter((f) => f.severity === 'high').length,
        medium: security.filter((f) => f.severity === 'medium').length,
        low: security.filter((f) => f.severity === 'low').length,
      },
      logs: logSummary(inventory),
      findings: { active: findings.filter((f) => f.active).length, inactive: findings.filter((f) => !f.active).length },
    },
    flow: buildFlow(senders),
    charts: buildCharts(inventory, senders, fitness, byTarget),
    senders,
    relays: (inventory?.relays ?? []).map((p) => ({
      probe: senders.find((s) => s.probe?.host === p.host && s.probe.port === p.port)?.probe ?? probeView(p),
      senders: senders.filter((s) => s.probe?.host === p.host && s.probe.port === p.port).map((s) => s.name),
    })),
    security,
    cutover: buildCutover(senders, inputs.plan, relays),
    appendix: buildAppendix(inputs, senders, unmatchedFitness, generatedAt),
  };
}

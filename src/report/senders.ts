// Join every input into one section per sender: a plan item with the findings, log senders, probes, verify results
// and sandbox sessions behind it; without a plan, each active finding, log sender and hand-entered device on its own.
import type { Finding, ManualDevice } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import { effectiveTarget, type PlanItem, type PlanPatch } from '../plan/types.js';
import type { ProbeResult } from '../probe/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import type { ItemResult } from '../verify/types.js';
import { checklistFor, rollbackFor } from './cutover.js';
import type { ReportInputs } from './inputs.js';
import { redactNullable, redactText } from './redact.js';
import type { Blocker, FitnessView, SenderSection, SourceRef, TargetView, VerificationView } from './types.js';
import {
  currentFromFinding, currentFromLog, currentFromManual, currentFromPlan, fitnessView, kindOfFinding, logClient, logEvidence, probeView, where,
} from './views.js';

interface Parts {
  id: string;
  name: string;
  item: PlanItem | null;
  findings: Finding[];
  logs: LogSender[];
  manual: ManualDevice | null;
  probes: ProbeResult[];
  result: ItemResult | null;
}

export interface SenderJoin {
  senders: SenderSection[];
  unmatchedFitness: FitnessView[];
}

export function buildSenders(inputs: ReportInputs): SenderJoin {
  const inventory = inputs.inventory;
  const findings = inventory?.findings ?? [];
  const logs = inventory?.senders ?? [];
  const manual = inventory?.manual ?? [];
  const probes = inventory?.relays ?? [];
  const results = new Map((inputs.results?.items ?? []).map((r) => [r.id, r]));
  const used = new Set<string>();
  const parts: Parts[] = [];

  const index = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  // The planner names a hand-entered device `manual:<id>` in an item's sources.
  const byId = { findings: index(findings), logs: index(logs), manual: new Map(manual.flatMap((d) => [[d.id, d], [`manual:${d.id}`, d]] as const)) };
  for (const item of inputs.plan?.items ?? []) {
    const sources = new Set(item.sources);
    const mine = <T>(map: Map<string, T>) => item.sources.map((id) => map.get(id)).filter((x): x is T => x !== undefined);
    for (const id of item.sources) used.add(id.replace(/^manual:/, ''));
    used.add(item.id);
    parts.push({
      id: item.id, name: item.name, item, findings: mine(byId.findings), logs: mine(byId.logs), manual: mine(byId.manual)[0] ?? null,
      probes: probes.filter((p) => sources.has(p.target) || sources.has(`probe:${p.target}`) || sources.has(`${p.host}:${p.port}`)),
      result: results.get(item.id) ?? null,
    });
  }
  for (const f of findings) {
    if (!f.active || used.has(f.id)) continue;
    parts.push({ id: f.id, name: `${f.system}: ${where(f.path, f.line)}`, item: null, findings: [f], logs: [], manual: null, probes: [], result: results.get(f.id) ?? null });
  }
  for (const s of logs) {
    if (used.has(s.id)) continue;
    parts.push({ id: s.id, name: logClient(s), item: null, findings: [], logs: [s], manual: null, probes: [], result: results.get(s.id) ?? null });
  }
  for (const d of manual) {
    if (used.has(d.id)) continue;
    parts.push({ id: d.id, name: d.name, item: null, findings: [], logs: [], manual: d, probes: [], result: results.get(d.id) ?? null });
  }
  const known = new Set(parts.map((p) => p.id));
  for (const r of inputs.results?.items ?? []) {
    if (!known.has(r.id)) parts.push({ id: r.id, name: r.name ?? r.id, item: null, findings: [], logs: [], manual: null, probes: [], result: r });
  }

  const fitness = [...(inputs.fitness ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  const matched = new Set<FitnessRecord>();
  const verifiedAt = inputs.results?.generatedAt || null;
  const senders = parts.map((p) => {
    const sessions = fitness.filter((r) => fitnessMatches(r, p));
    sessions.forEach((r) => matched.add(r));
    return finish(p, sessions, probes, { planned: Boolean(inputs.plan), verifiedAt });
  });
  return { senders, unmatchedFitness: fitness.filter((r) => !matched.has(r)).map(fitnessView) };
}

function fitnessMatches(r: FitnessRecord, p: Parts): boolean {
  const ips = new Set([...p.logs.map((s) => s.ip), p.manual?.ip].filter(Boolean));
  const users = new Set([p.item?.current.auth.username, p.item?.settings.username, p.item?.override?.settings?.username, ...p.findings.map((f) => f.auth.username), ...p.logs.map((s) => s.saslUser)]
    .filter(Boolean).map((u) => String(u).toLowerCase()));
  const froms = new Set([...(p.item?.current.from ?? []), p.item?.settings.from, ...p.findings.map((f) => f.from), p.manual?.from]
    .filter(Boolean).map((f) => String(f).toLowerCase()));
  return ips.has(r.clientIp) || (r.user !== null && users.has(r.user.toLowerCase())) || (r.mailFrom !== null && froms.has(r.mailFrom.toLowerCase()));
}

function finish(p: Parts, sessions: FitnessRecord[], probes: ProbeResult[], ctx: { planned: boolean; verifiedAt: string | null }): SenderSection {
  const finding = p.findings[0];
  const secretFinding = p.findings.find((f) => f.auth.secret === 'present') ?? p.findings.find((f) => f.auth.secret === 'external');
  const fromInventory = finding ? currentFromFinding(finding) : p.logs[0] ? currentFromLog(p.logs[0]) : p.manual ? currentFromManual(p.manual) : null;
  const current = p.item
    ? currentFromPlan(p.item.current, secretFinding?.auth.secret ?? null, secretFinding ? currentFromFinding(secretFinding).secretWhere : null)
    : fromInventory ?? currentFromPlan(unknownCurrent(), null, null);
  const viaHost = current.host?.toLowerCase();
  const probe = p.probes[0] ?? probes.find((r) => viaHost && r.host.toLowerCase() === viaHost && (current.port === null || r.port === current.port)) ?? null;
  const kind = p.item?.current.kind ?? (finding ? kindOfFinding(finding) : p.manual ? 'device' : 'unknown');
  const section: SenderSection = {
    id: p.id,
    name: redactText(p.name),
    kind,
    system: p.item?.current.system || finding?.system || (p.logs[0] ? `${p.logs[0].source} log` : p.manual ? p.manual.kind : 'unknown'),
    status: 'pending',
    sources: sourcesOf(p),
    evidence: p.findings.map((f) => ({ where: where(f.path, f.line), text: redactText(f.evidence) })),
    log: p.logs[0] ? logEvidence(p.logs[0]) : null,
    probe: probe ? probeView(probe) : null,
    current,
    target: p.item ? targetView(p.item) : p.result ? resultTarget(p.result) : null,
    patch: p.item?.patch ? patchView(p.item.patch) : null,
    steps: (p.item?.steps ?? []).map((s) => ({ who: s.who, text: redactText(s.text), ...(s.command ? { command: redactText(s.command) } : {}) })),
    risks: (p.item?.risks ?? []).map((r) => ({ ...r, text: redactText(r.text) })),
    verification: verification(p.result, ctx.verifiedAt),
    fitness: sessions.map(fitnessView),
    blockers: [],
    checklist: [],
    rollback: '',
  };
  section.blockers = blockersOf(section, p, sessions, ctx.planned);
  section.status = statusOf(section, p);
  section.checklist = checklistFor(section);
  section.rollback = rollbackFor(section);
  return section;
}

function patchView(patch: PlanPatch): PlanPatch {
  const view: PlanPatch = { file: patch.file, format: patch.format, diff: redactText(patch.diff ?? '') };
  if (patch.instructions) view.instructions = redactText(patch.instructions);
  if (Array.isArray(patch.files)) view.files = patch.files.map((f) => ({ path: String(f.path), content: redactText(String(f.content ?? '')), why: redactText(String(f.why ?? '')) }));
  return view;
}

function unknownCurrent(): PlanItem['current'] {
  return { kind: 'unknown', system: '', where: [], host: null, port: null, security: 'unknown', auth: { method: 'unknown', username: null }, from: [], endpointKind: 'unknown' };
}

function sourcesOf(p: Parts): SourceRef[] {
  const refs: SourceRef[] = [
    ...p.findings.map((f): SourceRef => ({ kind: 'file', id: f.id, where: where(f.path, f.line), detail: f.system })),
    ...p.logs.map((s): SourceRef => ({ kind: 'log', id: s.id, where: s.files?.length ? s.files.join(', ') : `${s.source} log`, detail: `${logClient(s)}: ${s.messages} messages` })),
    ...p.probes.map((r): SourceRef => ({ kind: 'probe', id: r.target, where: `${r.host}:${r.port}`, detail: redactNullable(r.banner) })),
    ...(p.manual ? [{ kind: 'manual' as const, id: p.manual.id, where: p.manual.ip ?? p.manual.name, detail: redactText(p.manual.notes || p.manual.kind) }] : []),
  ];
  if (refs.length || !p.item) return refs;
  // No inventory at hand: the plan's own record of where the sender was found.
  return p.item.current.where.map((w): SourceRef => ({ id: null, kind: /^log:/.test(w) ? 'log' : /^probe:/.test(w) ? 'probe' : 'file', where: redactText(w.replace(/^(log|probe|file):/, '')), detail: null }));
}

function targetView(item: PlanItem): TargetView {
  const target = effectiveTarget(item);
  return {
    target,
    plannedTarget: item.target,
    overridden: target !== item.target,
    reason: redactText(item.reason),
    rule: item.rule ?? null,
    alternatives: item.alternatives.map((a) => ({ target: a.target, reason: redactText(a.reason) })),
    settings: { ...item.settings, ...(item.override?.settings ?? {}) },
    notes: redactNullable(item.override?.notes),
  };
}

function resultTarget(r: ItemResult): TargetView {
  return {
    target: r.target, plannedTarget: r.target, overridden: false, reason: 'from the verify results (no plan was given)', rule: null,
    alternatives: [], settings: { host: null, port: null, security: 'unknown', auth: 'none', username: null, from: null }, notes: null,
  };
}

function verification(r: ItemResult | null, at: string | null): VerificationView {
  if (!r) return { status: 'not-run', at: null, testId: null, latencyMs: null, checks: [] };
  return {
    status: r.status,
    at,
    testId: r.testId ?? null,
    latencyMs: r.latencyMs ?? null,
    checks: r.checks.map((c) => ({
      name: c.name, status: c.status, ms: typeof c.ms === 'number' ? c.ms : 0, reply: redactNullable(c.reply), code: redactNullable(c.code),
      diagnosis: redactNullable(c.diagnosis), hint: redactNullable(c.hint),
    })),
  };
}

function blockersOf(s: SenderSection, p: Parts, sessions: FitnessRecord[], planned: boolean): Blocker[] {
  const blockers: Blocker[] = [];
  const add = (code: string, text: string) => blockers.push({ senderId: s.id, sender: s.name, code, text });
  if (p.item?.override?.skip) return blockers;
  if (!s.target) add('not-planned', planned ? 'Not in the plan: re-run relay365 plan with this inventory.' : 'No target chosen yet: run relay365 plan.');
  if (s.target?.target === 'smtp-basic') add('basic-auth', 'Planned to keep Basic authentication, which Microsoft 365 turns off by default at the end of December 2026.');
  if (s.verification.status === 'fail') {
    const failed = s.verification.checks.find((c) => c.status === 'fail');
    add('verify-failed', failed ? `Verification failed at ${failed.name}${failed.code ? ` (${failed.code})` : ''}${failed.diagnosis ? `: ${failed.diagnosis}` : ''}` : 'Verification failed.');
  }
  if (s.target && (s.verification.status === 'not-run' || s.verification.status === 'skipped')) add('not-verified', 'The new path has not been verified yet: run relay365 verify.');
  const latest = sessions.at(-1);
  if (latest && !latest.verdict.ready) add('device-not-ready', `Sandbox rehearsal: ${redactText(String(latest.verdict.reason ?? 'the device could not send'))}`);
  return blockers;
}

function statusOf(s: SenderSection, p: Parts): SenderSection['status'] {
  if (p.item?.override?.skip) return 'skipped';
  if (s.blockers.some((b) => b.code === 'basic-auth' || b.code === 'verify-failed' || b.code === 'device-not-ready')) return 'blocked';
  return s.blockers.length ? 'pending' : 'ready';
}

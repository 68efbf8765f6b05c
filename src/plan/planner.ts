// The planner is pure: inventories and the tenant in, a Plan out. It reads no file and writes none; files
// readable at plan time come in through `options.files`, human overrides through `options.overrides`.
import type { Finding } from '../inventory/types.js';
import type { Tenant } from '../m365/tenant.js';
import { decide, type Decision } from './decide.js';
import { groupSenders, type InventoryInput } from './group.js';
import { makePatch } from './patches/index.js';
import { risksFor } from './risks.js';
import type { Sender } from './sender.js';
import { mxEndpointOf, settingsFor } from './settings.js';
import { stepsFor } from './steps.js';
import { effectiveTarget, type CurrentSettings, type NewSettings, type Plan, type PlanItem, type PlanOverride, type PlanStep, type Risk } from './types.js';

export interface PlanOptions {
  /** ISO time written as generatedAt (tests pass a fixed one). */
  now?: string;
  /** Scanned files readable at plan time, by the path in their findings: patches become diffs against them. */
  files?: ReadonlyMap<string, string>;
  /** The human-owned override of each item, by item id (from the existing plan.yaml). */
  overrides?: Readonly<Record<string, PlanOverride | null | undefined>>;
}

export function createPlan(inputs: InventoryInput[], tenant: Tenant, options: PlanOptions = {}): Plan {
  const senders = groupSenders(inputs);
  const decisions = new Map<string, Decision>();
  // Relays first: their clients follow them (behind-relay), so a client needs its relay's target.
  for (const s of senders.filter((x) => x.kind === 'relay')) decisions.set(s.id, decide(s, tenant));
  for (const s of senders) {
    if (!s.via) continue;
    const relay = senders.find((r) => r.id === s.via!.id);
    const relayDecision = decisions.get(s.via.id);
    if (relay && relayDecision) s.via.target = effectiveTarget({ target: relayDecision.target, override: options.overrides?.[relay.id] ?? null } as PlanItem);
  }
  for (const s of senders) if (!decisions.has(s.id)) decisions.set(s.id, decide(s, tenant));

  const todo = new Set<string>();
  const items = senders.map((s) => buildItem(s, decisions.get(s.id)!, tenant, options, todo));
  items.sort((a, b) => Number(b.current.kind === 'relay') - Number(a.current.kind === 'relay') || a.name.localeCompare(b.name));
  for (const line of tenantTodo(tenant, items)) todo.add(line);
  return { schemaVersion: 1, generatedAt: options.now ?? new Date().toISOString(), tenant, todo: [...todo], items };
}

function buildItem(sender: Sender, decision: Decision, tenant: Tenant, options: PlanOptions, todo: Set<string>): PlanItem {
  const override = options.overrides?.[sender.id] ?? null;
  const target = override?.target ?? decision.target;
  const followsRelay = decision.rule === 'behind-relay' && !override?.target;
  const result = followsRelay ? { settings: relaySettings(sender), todo: [] } : settingsFor(target, sender, tenant);
  const settings: NewSettings = { ...result.settings, ...(override?.settings ?? {}) };
  for (const line of result.todo) todo.add(line);
  const finding = primaryFinding(sender);
  const steps: PlanStep[] = followsRelay
    ? [{ who: 'device', text: `No change: keeps sending to ${sender.via?.name}. Move it only when that relay is retired (see the alternatives).` }]
    : stepsFor(target, sender, settings, tenant);
  const patch = followsRelay || override?.skip ? null : makePatch({
    sender, finding, content: finding ? options.files?.get(finding.path) ?? null : null, files: options.files ?? new Map(), target, settings, tenant,
  });
  const risks: Risk[] = risksFor({ sender, target: followsRelay ? 'connector-relay' : target, settings, tenant }).filter((r) => !followsRelay || ['tls-below-1.2', 'from-outside-accepted', 'refused-by-relay'].includes(r.code));
  if (override?.target && override.target !== decision.target) {
    risks.unshift({ code: 'override', severity: 'low', text: `Your override chose ${override.target} over relay365's ${decision.target}: settings, steps and patch follow your choice.` });
  }
  return {
    id: sender.id,
    sources: sources(sender),
    name: sender.name,
    status: 'current',
    current: currentOf(sender),
    target: decision.target,
    reason: decision.reason,
    rule: decision.rule,
    alternatives: decision.alternatives,
    settings,
    steps,
    patch,
    risks,
    override,
  };
}

/** The finding whose file the patch changes: the live relay setting, or the first one. */
function primaryFinding(sender: Sender): Finding | null {
  return sender.findings.find((f) => f.locations?.host) ?? sender.findings[0] ?? null;
}

function relaySettings(sender: Sender): NewSettings {
  return { host: sender.host, port: sender.port ?? 25, security: sender.security, auth: 'none', username: null, from: sender.from[0] ?? null };
}

function sources(sender: Sender): string[] {
  const list = [...sender.findings.map((f) => f.id), ...sender.logs.map((l) => l.id), ...sender.probes.map((p) => `probe:${p.host}:${p.port}`), ...(sender.manual ? [`manual:${sender.manual.id}`] : [])];
  // A relay known only from the logs it wrote: its name is its only source.
  return list.length ? list : [`relay:${sender.machine ?? sender.host ?? sender.id}`];
}

function currentOf(s: Sender): CurrentSettings {
  const current: CurrentSettings = {
    kind: s.kind, system: s.system, where: s.where, host: s.host, port: s.port, security: s.security,
    auth: { method: s.auth.method, username: s.auth.username }, from: s.from, endpointKind: s.endpointKind,
  };
  if (s.volume) current.volume = { messagesPerDay: s.volume.messagesPerDay, recipientsPerDay: s.volume.recipientsPerDay, peakPerMinute: s.volume.peakPerMinute, externalRecipients: s.volume.externalRecipients, internalRecipients: s.volume.internalRecipients };
  if (s.tls.best) current.maxTls = s.tls.best;
  return current;
}

/** What the plan still needs from a person, from the tenant file and the targets chosen. */
function tenantTodo(tenant: Tenant, items: PlanItem[]): string[] {
  const targets = new Set(items.map(effectiveTarget));
  const has = (...t: string[]) => t.some((x) => targets.has(x as never));
  const out: string[] = [];
  if (!tenant.tenantId) out.push('tenant.yaml tenantId: Entra admin center > Overview > Tenant ID');
  if (!tenant.acceptedDomains.length) out.push('tenant.yaml acceptedDomains: Get-AcceptedDomain in Exchange Online PowerShell');
  if (has('direct-send', 'connector-relay') && !tenant.mxEndpoint) out.push(mxEndpointOf(tenant) ? `tenant.yaml mxEndpoint: check the derived ${mxEndpointOf(tenant)} against the MX record of ${tenant.acceptedDomains[0]}` : 'tenant.yaml mxEndpoint: the MX endpoint of your accepted domain');
  if (has('connector-relay') && !tenant.staticIps.length) out.push('tenant.yaml staticIps: the static public IPs your relays send from (a connector needs them)');
  if (has('graph', 'smtp-oauth', 'bridge', 'acs') && !tenant.app.clientId) out.push('tenant.yaml app.clientId: the app registration senders use (Entra admin center > App registrations)');
  if (!tenant.testRecipient) out.push('tenant.yaml testRecipient: the mailbox verify --send delivers test messages to');
  if (has('smtp-oauth', 'bridge') && tenant.securityDefaults === null) out.push('tenant.yaml securityDefaults: are Entra security defaults on? (they block SMTP AUTH)');
  if (has('direct-send') && tenant.rejectDirectSend === null) out.push('tenant.yaml rejectDirectSend: Get-OrganizationConfig | Format-List RejectDirectSend');
  return out;
}

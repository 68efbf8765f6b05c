// The cutover checklist (tenant work once, then per sender, then after), the rollback note per sender, and the
// Entra/Exchange script and DNS changes as an appendix: every step the plan asks for, each written once.
import type { Plan, PlanStep } from '../plan/types.js';
import { redactText } from './redact.js';
import { targetLabel } from './labels.js';
import type { Appendix, ChecklistItem, CutoverPlan, ScriptLine, SenderSection } from './types.js';
import { BASIC_AUTH_OFF_DATE } from './types.js';

function hostPort(host: string | null, port: number | null): string {
  return host ? `${host}${port ? `:${port}` : ''}` : 'its previous server';
}

/** The work for one sender at cutover, in order; tenant-wide steps live in the shared "before" list. */
export function checklistFor(s: SenderSection): ChecklistItem[] {
  if (!s.target) return [{ who: 'admin', text: 'Choose a target: run relay365 plan with this inventory.', command: 'relay365 plan', done: false }];
  const items: ChecklistItem[] = [];
  const tenantSteps = s.steps.filter((step) => step.who !== 'device').length;
  if (tenantSteps) items.push({ who: 'admin', text: `Finish the ${tenantSteps} tenant step(s) for this sender in the list above.`, command: null, done: false });
  for (const step of s.steps.filter((x) => x.who === 'device')) items.push({ who: 'device', text: step.text, command: step.command ?? null, done: false });
  if (s.patch?.instructions) items.push({ who: 'device', text: `Type the new settings into ${s.name}: ${s.patch.instructions}`, command: null, done: false });
  else if (s.patch) items.push({ who: 'device', text: `Keep a copy of ${s.patch.file}, then apply the change shown under "Patch".`, command: null, done: false });
  const settings = s.target.settings;
  if (!s.patch && settings.host) {
    items.push({ who: 'device', text: `Point ${s.name} at ${hostPort(settings.host, settings.port)} (${settings.security}, auth ${settings.auth}).`, command: null, done: false });
  }
  items.push({ who: 'admin', text: `Verify the new ${targetLabel(s.target.target)} path.`, command: `relay365 verify --only ${s.id}`, done: s.verification.status === 'pass' });
  if (s.log) {
    items.push({ who: 'admin', text: `Watch the old relay${s.log.relay ? ` ${s.log.relay}` : ''}: no more mail from ${s.log.client} after the change.`, command: null, done: false });
  }
  return items;
}

/** How to go back, in one paragraph a night operator can follow. */
export function rollbackFor(s: SenderSection): string {
  if (!s.target) return 'Nothing has changed for this sender yet.';
  const c = s.current;
  const previous = `${hostPort(c.host, c.port)} (${c.security}, auth ${c.auth})`;
  const parts = [s.patch?.file && !s.patch.instructions
    ? `Put back the copy of ${s.patch.file} kept before the change, so ${s.name} sends to ${previous} again.`
    : `Set ${s.name} back to ${previous}.`];
  if (c.endpointKind === 'm365-submission' && (c.auth === 'password' || c.auth === 'unknown')) {
    parts.push(`After ${BASIC_AUTH_OFF_DATE} that old path works only while an administrator keeps Basic authentication for SMTP AUTH turned on in the tenant.`);
  }
  if (c.endpointKind === 'internal' || c.endpointKind === 'local' || s.log) parts.push('Keep the old relay running until its logs show no mail from this sender for two weeks.');
  if (s.target.target === 'connector-relay' || s.target.target === 'direct-send') parts.push('The connector and DNS changes can stay in place: they do not affect other senders.');
  return parts.join(' ');
}

function stepKey(step: PlanStep): string {
  return `${step.who}\u0000${(step.command ?? step.text).trim().toLowerCase()}`;
}

/** Steps of the given kinds over all senders, each once, with the senders that need it. */
export function collectSteps(senders: SenderSection[], who: PlanStep['who'][]): ScriptLine[] {
  const lines = new Map<string, ScriptLine>();
  for (const s of senders) {
    if (s.status === 'skipped') continue;
    for (const step of s.steps.filter((x) => who.includes(x.who))) {
      const key = stepKey(step);
      const line = lines.get(key) ?? { who: step.who, text: step.text, command: step.command ?? null, senders: [] };
      if (!line.senders.includes(s.name)) line.senders.push(s.name);
      lines.set(key, line);
    }
  }
  const order: PlanStep['who'][] = ['entra', 'exchange', 'dns', 'device'];
  return [...lines.values()].sort((a, b) => order.indexOf(a.who) - order.indexOf(b.who));
}

export function buildCutover(senders: SenderSection[], plan: Plan | null, relays: string[]): CutoverPlan {
  const before: ChecklistItem[] = (plan?.todo ?? []).map((text) => ({ who: 'admin', text: redactText(text), command: null, done: false }));
  if (plan?.tenant.securityDefaults && senders.some((s) => s.target?.target === 'smtp-oauth')) {
    before.push({ who: 'entra', text: 'Security defaults are on and block SMTP AUTH: replace them with Conditional Access before moving smtp-oauth senders.', command: null, done: false });
  }
  for (const line of collectSteps(senders, ['entra', 'exchange', 'dns'])) before.push({ who: line.who, text: line.text, command: line.command, done: false });
  const active = senders.filter((s) => s.status !== 'skipped');
  const perSender = active.map((s) => ({ senderId: s.id, name: s.name, target: s.target?.target ?? null, items: s.checklist, rollback: s.rollback }));
  const after: ChecklistItem[] = [];
  if (relays.length) {
    after.push({ who: 'admin', text: `When the logs of ${relays.join(', ')} show no client mail for two weeks, switch the old relay(s) off.`, command: null, done: false });
  }
  const oauthMailboxes = [...new Set(active.filter((s) => s.target?.target === 'smtp-oauth').map((s) => s.target?.settings.username ?? '<mailbox>'))];
  if (oauthMailboxes.length) {
    const perMailbox = oauthMailboxes.map((m) => `Set-CASMailbox -Identity '${m.replace(/'/g, "''")}' -SmtpClientAuthenticationDisabled $false`);
    after.push({ who: 'exchange', text: 'Keep SMTP AUTH off for the organisation and on only for the mailboxes the smtp-oauth senders use.', command: [...perMailbox, 'Set-TransportConfig -SmtpClientAuthenticationDisabled $true'].join('\n'), done: false });
  } else if (active.length) {
    after.push({ who: 'exchange', text: 'No sender needs SMTP AUTH any more: turn it off for the organisation.', command: 'Set-TransportConfig -SmtpClientAuthenticationDisabled $true', done: false });
  }
  after.push({ who: 'admin', text: 'Scan and report again: every sender should show as ready, and no new sender should appear.', command: 'relay365 scan && relay365 report --format html --out report.html', done: false });
  return { before, perSender, after };
}

function scriptText(lines: ScriptLine[], generatedAt: string): string {
  if (!lines.length) return '';
  const out = [
    `# relay365: Entra ID and Exchange Online setup (generated ${generatedAt})`,
    '# Review every line before running it; steps without a command are done in the admin centers.',
  ];
  let who = '';
  for (const line of lines) {
    if (line.who !== who) {
      who = line.who;
      out.push('', `# ---- ${who === 'entra' ? 'Entra ID' : 'Exchange Online'} ----`);
    }
    out.push(`# ${line.text.replace(/\n/g, ' ')} (for: ${line.senders.join(', ').replace(/\n/g, ' ')})`);
    if (line.command) out.push(line.command);
  }
  return `${out.join('\n')}\n`;
}

export function buildAppendixSteps(senders: SenderSection[], generatedAt: string): Pick<Appendix, 'script' | 'scriptText' | 'dns'> {
  const script = collectSteps(senders, ['entra', 'exchange']);
  return { script, scriptText: scriptText(script, generatedAt), dns: collectSteps(senders, ['dns']) };
}

// Wizard step 4: each sender's target, the planner's choice preselected with its reason shown. A different choice
// becomes the item's override.target; then `relay365 plan` writes plan.yaml (keeping every human edit) and the script.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readInventory } from '../inventory/io.js';
import { readTenantFile } from '../plan/tenant-file.js';
import { effectiveTarget, TARGETS, type PlanItem, type Target } from '../plan/types.js';
import { planText } from '../plan/write.js';
import { writeFileAtomic } from '../util/atomic.js';
import { paint } from '../util/term.js';
import { askChoice, type Asker } from './ask.js';
import { chosenTarget, type TargetChoice, type WizardAnswers } from './answers.js';
import { applyOverrides, type OverrideChange } from './overrides.js';
import type { Choice } from './prompts.js';

const LABELS: Record<Target, string> = {
  graph: 'Microsoft Graph sendMail (app-only)',
  'smtp-oauth': 'SMTP AUTH with OAuth, smtp.office365.com:587',
  'direct-send': 'Direct Send to the tenant MX endpoint, port 25',
  'connector-relay': 'relay through an OnPremises inbound connector',
  hve: 'High Volume Email (internal recipients)',
  acs: 'Azure Communication Services Email',
  bridge: 'a local bridge relay (Postfix + sasl-xoauth2)',
  'smtp-basic': 'SMTP AUTH with a password (retired: off by default from end of December 2026)',
};

async function readOptional(file: string): Promise<string | null> {
  try { return await readFile(file, 'utf8'); } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function choicesFor(item: PlanItem): Choice<Target>[] {
  const reasons = new Map<Target, string>([[item.target, item.reason], ...item.alternatives.map((a) => [a.target, a.reason] as [Target, string])]);
  const order: Target[] = [...reasons.keys(), ...TARGETS.filter((t) => !reasons.has(t) && t !== 'smtp-basic')];
  return order.map((target) => ({
    value: target,
    name: `${target.padEnd(15)} ${LABELS[target]}${target === item.target ? '  ← relay365\'s choice' : ''}`,
    description: reasons.get(target) ?? 'not proposed by relay365 for this sender: check its risks after choosing',
  }));
}

function describeCurrent(item: PlanItem): string {
  const c = item.current;
  const where = c.host ? `${c.host}${c.port ? `:${c.port}` : ''}` : c.system;
  return `${where}, ${c.security}, auth ${c.auth.method}${c.from.length ? `, from ${c.from.slice(0, 3).join(', ')}` : ''}`;
}

/** Ask the targets, write plan.yaml through `relay365 plan`; returns the plan file. */
export async function choosePlan(asker: Asker, answers: WizardAnswers, inventoryFile: string, tenantFile: string, outDir: string): Promise<string> {
  const planFile = join(outDir, 'plan.yaml');
  const [inventory, { tenant }, existing] = await Promise.all([readInventory(inventoryFile), readTenantFile(tenantFile), readOptional(planFile)]);
  const proposal = planText([{ inventory, file: inventoryFile }], tenant, existing, planFile);
  const changes = new Map<string, OverrideChange>();
  const chosen: Record<string, TargetChoice> = {};
  const items = proposal.plan.items.filter((i) => i.status !== 'vanished');
  if (items.length) asker.out.info(`\n${paint(asker.out.color, 'bold', `${items.length} senders`)}: relay365's choice is preselected; Enter keeps it.`);
  for (const item of items) {
    const known = chosenTarget(answers, item);
    const current = effectiveTarget(item);
    if (asker.prompter && !known) {
      asker.out.info(`\n${paint(asker.out.color, 'bold', item.name)}  (today: ${describeCurrent(item)})`);
      asker.out.info(`  relay365: ${item.target} — ${item.reason}`);
    }
    const pick = await askChoice(asker, `Target for ${item.name}:`, known?.target, choicesFor(item), current);
    if (pick !== current || (known?.notes && known.notes !== item.override?.notes)) changes.set(item.id, { target: pick === item.target ? null : pick, notes: known?.notes });
    if (pick !== item.target) chosen[item.name] = { target: pick, ...(known?.notes ? { notes: known.notes } : {}) };
  }
  answers.targets = chosen;
  // the person's choices go in first (only override blocks change), then the re-plan makes settings follow them
  if (changes.size) await writeFileAtomic(planFile, applyOverrides(proposal.text, planFile, changes));
  const { planCommand } = await import('../commands/plan.js');
  await planCommand({ inventory: [inventoryFile], tenant: tenantFile, out: planFile });
  return planFile;
}

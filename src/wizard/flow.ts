// The guided migration: what to scan → the inventory → hand-entered devices → the tenant → each sender's target →
// validation (dry run, then --send only after a yes) → the report. Each step writes its files whole at its end and
// saves the answers given so far, so Ctrl-C anywhere leaves complete files and a way to resume.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Tenant } from '../m365/tenant.js';
import { readPlan } from '../plan/io.js';
import type { Plan } from '../plan/types.js';
import { paint } from '../util/term.js';
import { askText, type Asker } from './ask.js';
import { writeAnswers, type WizardAnswers } from './answers.js';
import { askDevices, askScan, runScan } from './scan.js';
import { choosePlan } from './targets.js';
import { askTenant, startingTenant, writeTenant } from './tenant.js';
import { WizardInterrupted } from './prompts.js';
import { validatePlan, writeReports } from './validate.js';

export const DEFAULT_OUT = 'relay365-out';
const STEPS = ['What to scan', 'Devices without a config file', 'The tenant', 'Each sender\'s target', 'Validation', 'The report'];

/** Verify against a stand-in for the tenant (the demo's sandbox) instead of the tenant the wizard wrote. */
export interface Rehearsal {
  tenantFile: string;
  tenant: Tenant;
  env: NodeJS.ProcessEnv;
  /** The plan items the stand-in can take; the others keep paths it cannot play. */
  only(plan: Plan): string[];
}

export interface FlowOptions {
  /** Flags merged over a saved answers file; filled in as questions are answered. */
  answers: WizardAnswers;
  asker: Asker;
  /** Where the answers are saved after each step: undefined = <out>/wizard-answers.yaml, null = nowhere. */
  answersFile?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Ctrl-C outside a question: the step under way finishes (its files whole), then the flow stops. */
  signal?: AbortSignal;
  rehearsal?: Rehearsal;
  now?: Date;
  title?: string;
}

export interface FlowResult {
  outDir: string;
  answersFile: string | null;
  inventory: string;
  tenant: string;
  plan: string;
  results: string | null;
  reports: string[];
  /** verify's exit code: 1 when a check failed. */
  verifyCode: number;
}

export async function runFlow(options: FlowOptions): Promise<FlowResult> {
  const { answers, asker } = options;
  let answersFile: string | null = options.answersFile ?? null;
  let n = 0;
  const step = async <T>(run: () => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw new WizardInterrupted('interrupted');
    asker.out.info(`\n${paint(asker.out.color, 'bold', `── ${++n}/${STEPS.length} ${STEPS[n - 1]} ──`)}`);
    const value = await run();
    if (answersFile) await writeAnswers(answersFile, answers);
    return value;
  };

  const outDir = resolve(await askText(asker, 'Folder for the inventory, plan, results and report:', answers.out, DEFAULT_OUT));
  answers.out = outDir;
  await mkdir(outDir, { recursive: true });
  if (options.answersFile === undefined) answersFile = join(outDir, 'wizard-answers.yaml');
  const base = await startingTenant(answers.tenant?.file, asker);

  const inventory = await step(async () => {
    const scan = await askScan(asker, answers, [...base.acceptedDomains, ...(answers.tenant?.acceptedDomains ?? [])]);
    return runScan(scan, answers.devices, outDir);
  });
  await step(() => askDevices(asker, answers, inventory, outDir));
  const { tenant, tenantFile } = await step(async () => {
    const chosen = await askTenant(asker, answers, base, answers.scan?.internalDomains ?? [], options.env ?? process.env);
    return { tenant: chosen, tenantFile: await writeTenant(outDir, chosen) };
  });
  const planFile = await step(() => choosePlan(asker, answers, inventory, tenantFile, outDir));

  const plan = await readPlan(planFile);
  const validation = await step(async () => {
    if (!plan.items.length) { asker.out.info('No senders to verify.'); return null; }
    const rehearsal = options.rehearsal;
    const only = rehearsal?.only(plan);
    if (only && !only.length) { asker.out.info('No item has a path the rehearsal can stand in for.'); return null; }
    if (only && only.length < plan.items.length) {
      asker.out.info(`${plan.items.length - only.length} of ${plan.items.length} items keep a path the rehearsal cannot stand in for (a relay on the LAN): verify them against the real tenant.`);
    }
    return validatePlan(asker, answers, {
      planFile, tenantFile: rehearsal?.tenantFile ?? tenantFile, tenant: rehearsal?.tenant ?? tenant, outDir,
      env: rehearsal?.env ?? options.env ?? process.env, only,
    });
  });
  const reports = await step(async () => writeReports(outDir, {
    inventory, plan: planFile, results: validation?.resultsFile ?? null, title: options.title,
  }, asker.out, options.now));
  return { outDir, answersFile, inventory, tenant: tenantFile, plan: planFile, results: validation?.resultsFile ?? null, reports, verifyCode: validation?.code ?? 0 };
}

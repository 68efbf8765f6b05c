// `relay365 wizard` (and a bare `relay365` on a terminal): the guided migration. Every question has a flag; flags
// win over a saved answers file (`--answers`), and `--yes` takes the defaults for the rest, so it runs unattended.
import { resolve } from 'node:path';
import { CLOUDS, type Cloud } from '../m365/endpoints.js';
import { TARGETS, type Target } from '../plan/types.js';
import { UsageError } from '../util/errors.js';
import { createOutput, paint } from '../util/term.js';
import { readAnswers, writeAnswers, type WizardAnswers } from '../wizard/answers.js';
import { runFlow } from '../wizard/flow.js';
import { terminalPrompter, WizardInterrupted } from '../wizard/prompts.js';

export interface WizardCommandOptions {
  answers?: string;
  saveAnswers?: string;
  yes?: boolean;
  out?: string;
  paths?: string[];
  logs?: string[];
  internalDomain?: string[];
  probe?: string[];
  devices?: string;
  tenant?: string;
  tenantId?: string;
  cloud?: string;
  acceptedDomain?: string[];
  clientId?: string;
  certPath?: string;
  secretEnv?: string;
  testRecipient?: string;
  target?: string[];
  send?: boolean;
  confirm?: boolean;
}

/** What the flags say, over what the answers file said. Paths from flags are relative to the working directory. */
export function mergeFlags(saved: WizardAnswers, flags: WizardCommandOptions): WizardAnswers {
  const answers: WizardAnswers = structuredClone(saved);
  const scan = (answers.scan ??= {});
  const tenant = (answers.tenant ??= {});
  if (flags.out) answers.out = resolve(flags.out);
  if (flags.paths?.length) scan.paths = flags.paths.map((p) => resolve(p));
  if (flags.logs?.length) scan.logs = flags.logs.map((p) => resolve(p));
  if (flags.internalDomain?.length) scan.internalDomains = flags.internalDomain;
  if (flags.probe?.length) scan.probe = flags.probe;
  if (flags.devices !== undefined) answers.devices = flags.devices ? resolve(flags.devices) : '';
  if (flags.tenant) tenant.file = resolve(flags.tenant);
  if (flags.tenantId) tenant.id = flags.tenantId;
  if (flags.cloud) {
    if (!(flags.cloud in CLOUDS)) throw new UsageError(`--cloud must be one of ${Object.keys(CLOUDS).join(', ')}`);
    tenant.cloud = flags.cloud as Cloud;
  }
  if (flags.acceptedDomain?.length) tenant.acceptedDomains = flags.acceptedDomain;
  if (flags.clientId) tenant.clientId = flags.clientId;
  if (flags.certPath && flags.secretEnv) throw new UsageError('give --cert-path or --secret-env, not both (a certificate is preferred)');
  if (flags.certPath) Object.assign(tenant, { credential: 'certificate', certificatePath: resolve(flags.certPath) });
  if (flags.secretEnv) Object.assign(tenant, { credential: 'secret', secretEnv: flags.secretEnv });
  if (flags.testRecipient) tenant.testRecipient = flags.testRecipient;
  for (const entry of flags.target ?? []) {
    const at = entry.lastIndexOf('=');
    const target = entry.slice(at + 1).trim() as Target;
    if (at <= 0 || !TARGETS.includes(target)) throw new UsageError(`--target '${entry}' must be SENDER=TARGET, TARGET one of ${TARGETS.join(', ')}`);
    (answers.targets ??= {})[entry.slice(0, at).trim()] = target;
  }
  if (flags.send) answers.validate = { ...answers.validate, send: true };
  if (flags.confirm) answers.validate = { ...answers.validate, confirm: true };
  return answers;
}

export async function wizardCommand(options: WizardCommandOptions): Promise<number> {
  const out = createOutput(false);
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!options.yes && !terminal) throw new UsageError('the wizard asks its questions on a terminal: add --yes (with flags or --answers FILE) to run it unattended');
  const answers = mergeFlags(options.answers ? await readAnswers(options.answers) : {}, options);
  const stop = new AbortController();
  const asker = { prompter: options.yes ? null : terminalPrompter(), out, signal: stop.signal };
  let saved: string | null = null;
  // Ctrl-C outside a question: finish the step under way (its files are written whole), then stop; twice: now
  const onSigint = () => {
    if (stop.signal.aborted) { process.off('SIGINT', onSigint); process.kill(process.pid, 'SIGINT'); return; }
    stop.abort();
    out.warn('stopping after this step (Ctrl-C again to stop at once)');
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runFlow({ answers, asker, answersFile: options.saveAnswers ? resolve(options.saveAnswers) : undefined, signal: stop.signal });
    saved = result.answersFile;
    out.info(`\n${paint(out.color, 'bold', 'Done.')} Everything is in ${result.outDir}: inventory.json, tenant.yaml, plan.yaml, exchange-setup.ps1, ${result.results ? 'results.json, ' : ''}report.html (and .md, .json, .csv).`);
    if (saved) out.info(`Your answers are in ${saved}: \`relay365 wizard --answers ${saved}\` runs it again (add --yes to run it unattended).`);
    return result.verifyCode;
  } catch (error) {
    if (!(error instanceof WizardInterrupted)) throw error;
    saved = resolve(options.saveAnswers ?? resolve(answers.out ?? 'relay365-out', 'wizard-answers.yaml'));
    if (answers.out) await writeAnswers(saved, answers);
    out.info(`\nInterrupted. Nothing is half-written: every file relay365 wrote is complete (each step writes its files whole, at its end).`);
    out.info(answers.out ? `Your answers so far are in ${saved}. Resume with:\n  relay365 wizard --answers ${saved}` : 'Resume with: relay365 wizard');
    return 130;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

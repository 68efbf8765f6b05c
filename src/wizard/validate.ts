// Wizard steps 5–6: validation — a dry run first (every step up to RCPT TO, then RSET: nothing is sent), test
// messages only after an explicit yes (`--send`) — then the report in every format. Both are the commands themselves.
import { join, relative } from 'node:path';
import type { Tenant } from '../m365/tenant.js';
import { loadReportInputs } from '../report/inputs.js';
import { buildReportModel } from '../report/model.js';
import { REPORT_FORMATS, renderReport } from '../report/renderers/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { paint, type Output } from '../util/term.js';
import { askYesNo, type Asker } from './ask.js';
import type { WizardAnswers } from './answers.js';

export interface ValidateOptions {
  planFile: string;
  /** The tenant verify talks to (the wizard's tenant.yaml, or a rehearsal's). */
  tenantFile: string;
  tenant: Tenant;
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** Only these plan items (a rehearsal verifies what its sandbox can stand in for); undefined: all. */
  only?: string[];
}

/** Returns the results file and verify's exit code (1 when a check failed). */
export async function validatePlan(asker: Asker, answers: WizardAnswers, options: ValidateOptions): Promise<{ resultsFile: string; code: number }> {
  const { verifyCommand } = await import('../commands/verify.js');
  const resultsFile = join(options.outDir, 'results.json');
  const run = (send: boolean, confirm: boolean) => verifyCommand({ plan: options.planFile, tenant: options.tenantFile, out: resultsFile, env: options.env, only: options.only, send, confirm });
  asker.out.info(`\n${paint(asker.out.color, 'bold', 'Dry run')}: DNS, TCP, TLS, EHLO, token, AUTH, MAIL FROM and RCPT TO on every path, then RSET — nothing is sent.`);
  const dry = await run(false, false);
  const recipient = options.tenant.testRecipient ?? 'the test recipient';
  const send = await askYesNo(asker, `Send one test message per path to ${recipient} now (at most one per path, X-Relay365-Test-Id)?`, answers.validate?.send, false);
  const confirm = send ? await askYesNo(asker, 'Also look for each message in the mailbox through Graph (needs Mail.Read)?', answers.validate?.confirm, false) : false;
  answers.validate = { send, confirm };
  if (!send) return { resultsFile, code: dry };
  asker.out.info(`\n${paint(asker.out.color, 'bold', 'Sending')} test messages to ${recipient}…`);
  return { resultsFile, code: await run(true, confirm) };
}

export interface ReportFiles {
  inventory: string;
  plan: string;
  results: string | null;
  title?: string;
}

/**
 * report.html, .md, .json and .csv in the output folder; returns the files written. One model, four renderers:
 * `relay365 report` would also pick up a stray results.json or fitness.jsonl from the working directory.
 */
export async function writeReports(outDir: string, inputs: ReportFiles, out: Output, now?: Date): Promise<string[]> {
  const loaded = await loadReportInputs({ inventory: [inputs.inventory], plan: inputs.plan, results: inputs.results ?? undefined });
  const model = buildReportModel(loaded, { now, title: inputs.title });
  for (const problem of model.problems) out.warn(problem.message);
  const written: string[] = [];
  for (const format of REPORT_FORMATS) {
    const file = join(outDir, `report.${format}`);
    await writeFileAtomic(file, renderReport(model, format));
    written.push(file);
  }
  const { summary } = model;
  out.info(`report written to ${written.map((f) => relative(process.cwd(), f) || f).join(', ')}: ${summary.senders} senders, ${summary.blockers.length} blockers, verification ${summary.verification.status}`);
  return written;
}

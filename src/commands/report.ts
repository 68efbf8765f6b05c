// `relay365 report`: read whatever stages ran, build the one report model, render it, write it atomically.
// Inputs that cannot be used are named (file:line) on stderr and in the report; the rest still renders, exit 2.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadReportInputs, type InputPaths } from '../report/inputs.js';
import { buildReportModel } from '../report/model.js';
import { formatForPath, isReportFormat, REPORT_FORMATS, renderReport } from '../report/renderers/index.js';
import type { ReportFormat, ReportModel } from '../report/types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { InputError, UsageError } from '../util/errors.js';
import { createOutput } from '../util/term.js';

export interface ReportCommandOptions {
  inventory?: string[];
  plan?: string;
  results?: string;
  fitness?: string;
  format?: string;
  out?: string;
  title?: string;
  /** For tests and the demo: the day the days-left count starts from. */
  now?: Date;
}

/** md | html | json | csv from --format, else from --out's extension, else md (stdout). */
export function chooseFormat(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    const wanted = format.toLowerCase();
    if (!isReportFormat(wanted)) throw new UsageError(`unknown --format ${JSON.stringify(format)} (expected ${REPORT_FORMATS.join(', ')})`);
    return wanted;
  }
  if (!out) return 'md';
  const inferred = formatForPath(out);
  if (!inferred) throw new UsageError(`cannot tell the format from ${JSON.stringify(out)}: add --format ${REPORT_FORMATS.join('|')}`);
  return inferred;
}

function defaulted(given: string | undefined, fallback: string): string | undefined {
  if (given) return given;
  return existsSync(fallback) ? fallback : undefined;
}

export function inputPaths(options: ReportCommandOptions, cwd = process.cwd()): InputPaths {
  const inventory = options.inventory?.length ? options.inventory : [defaulted(undefined, resolve(cwd, 'inventory.json'))].filter((p): p is string => Boolean(p));
  return {
    inventory,
    plan: defaulted(options.plan, resolve(cwd, 'plan.yaml')),
    results: defaulted(options.results, resolve(cwd, 'results.json')),
    fitness: defaulted(options.fitness, resolve(cwd, 'fitness.jsonl')),
  };
}

/** Read, build and check the inputs: throws only when nothing at all could be read. */
export async function buildReport(options: ReportCommandOptions): Promise<ReportModel> {
  const paths = inputPaths(options);
  if (!paths.inventory?.length && !paths.plan && !paths.results && !paths.fitness) {
    throw new UsageError('nothing to report: give at least one of --inventory, --plan, --results, --fitness (or run it where inventory.json is)');
  }
  const inputs = await loadReportInputs(paths);
  if (!inputs.read.length) {
    const first = inputs.problems[0];
    throw new InputError(first ? first.message : 'no input could be read');
  }
  return buildReportModel(inputs, { now: options.now, title: options.title });
}

export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const format = chooseFormat(options.format, options.out);
  const out = createOutput(true);
  const model = await buildReport(options);
  for (const problem of model.problems) out.warn(problem.message);
  const text = renderReport(model, format);
  if (options.out) {
    await writeFileAtomic(resolve(options.out), text);
    out.info(`${format} report written to ${options.out}: ${model.summary.senders} senders, ${model.summary.blockers.length} blockers, verification ${model.summary.verification.status}`);
  } else {
    process.stdout.write(text);
  }
  return model.problems.length ? 2 : 0;
}

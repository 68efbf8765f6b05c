// `relay365 verify`: run every planned path step by step (DNS … RCPT, then RSET or DATA; Graph token, roles,
// sendMail), write results.json and its audit log, optionally JUnit; exit 1 when anything failed.
import { relative, resolve } from 'node:path';
import { isIP } from 'node:net';
import type { Tenant } from '../m365/tenant.js';
import { readPlan } from '../plan/io.js';
import { readTenantFile } from '../plan/tenant-file.js';
import type { PlanItem } from '../plan/types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { UsageError } from '../util/errors.js';
import { createOutput, type Output } from '../util/term.js';
import type { VerifyOptions } from '../verify/context.js';
import { renderJunit } from '../verify/junit.js';
import { renderResults } from '../verify/render.js';
import { auditFileFor, buildResults, writeResults } from '../verify/results.js';
import { createRunContext, verifyItems } from '../verify/runner.js';
import type { ItemResult } from '../verify/types.js';

/** Options verify and validate share. */
export interface RunFlags {
  tenant?: string;
  send?: boolean;
  confirm?: boolean;
  json?: boolean;
  junit?: string;
  out?: string;
  concurrency?: number;
  /** Seconds per step. */
  timeout?: number;
  /** Seconds per item, retries included. */
  deadline?: number;
  caFile?: string;
  /** HOST:ADDRESS (repeatable). */
  resolve?: string[];
  /** The environment to read credentials from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface VerifyCommandOptions extends RunFlags {
  plan?: string;
  only?: string[];
}

function seconds(value: number | undefined, flag: string, fallback: number, max: number): number {
  const v = value ?? fallback;
  if (!(Number.isFinite(v) && v > 0 && v <= max)) throw new UsageError(`${flag} must be a number of seconds above 0 and at most ${max}`);
  return Math.round(v * 1000);
}

function resolveMap(entries: string[] = []): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const host = entry.slice(0, at).trim().toLowerCase();
    const address = entry.slice(at + 1).trim().replace(/^\[|\]$/g, '');
    if (at <= 0 || !host || !isIP(address)) throw new UsageError(`--resolve '${entry}' must be HOST:ADDRESS, e.g. smtp.office365.com:127.0.0.1`);
    map[host] = address;
  }
  return map;
}

/** Check the flags that need no network, so a usage error never waits for a server. */
export function runOptions(flags: RunFlags, resultsFile: string | null): VerifyOptions {
  const concurrency = flags.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a whole number from 1 to 256');
  if (flags.confirm && !flags.send) throw new UsageError('--confirm looks for the test message, so it needs --send');
  const stepTimeoutMs = seconds(flags.timeout, '--timeout', 10, 600);
  return {
    send: Boolean(flags.send), confirm: Boolean(flags.confirm), concurrency, stepTimeoutMs,
    deadlineMs: seconds(flags.deadline, '--deadline', Math.max(120, (stepTimeoutMs / 1000) * 12), 3600),
    caFile: flags.caFile ? resolve(flags.caFile) : undefined, env: flags.env ?? process.env, resolve: resolveMap(flags.resolve),
    auditFile: resultsFile ? auditFileFor(resultsFile) : null,
  };
}

export async function readTenant(file: string | undefined, fallback: Tenant, out: Output): Promise<Tenant> {
  if (!file) return fallback;
  const { tenant, warnings } = await readTenantFile(file);
  for (const w of warnings) out.warn(`${w.file}:${w.line}: ${w.message}`);
  return tenant;
}

/** Verify the items with progress on the terminal; `secrets` (found by a scan) are scrubbed from every output too. */
export async function verifyForCommand(items: PlanItem[], tenant: Tenant, flags: RunFlags, resultsFile: string | null, out: Output, secrets: Iterable<string> = []): Promise<{ items: ItemResult[]; ms: number; auditFile: string | null }> {
  const options = runOptions(flags, resultsFile);
  const started = Date.now();
  const run = await createRunContext(tenant, {
    ...options, onItem: (r, done, total) => out.progress(`verifying… ${done}/${total} (last: ${r.id} ${r.status})`),
  });
  for (const secret of secrets) run.redactor.add(secret);
  const verified = await verifyItems(run, items);
  out.endProgress();
  return { items: verified, ms: Date.now() - started, auditFile: options.auditFile ?? null };
}

/** Write results (and JUnit), show them; the exit code: 1 when anything failed. */
export async function reportResults(items: ItemResult[], flags: RunFlags, meta: { plan: string | null; resultsFile: string | null; auditFile: string | null; ms: number }, out: Output): Promise<number> {
  const shown = (file: string) => relative(process.cwd(), file) || file;
  const results = buildResults(items, { plan: meta.plan, send: Boolean(flags.send), ms: meta.ms, auditLog: meta.auditFile ? shown(meta.auditFile) : null });
  if (meta.resultsFile) await writeResults(meta.resultsFile, results);
  if (flags.junit) await writeFileAtomic(resolve(flags.junit), renderJunit(results));
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else out.info(renderResults(results, out.color));
  if (meta.resultsFile) out.info(`results written to ${shown(meta.resultsFile)}${results.auditLog ? `; every attempt is in ${results.auditLog}` : ''}`);
  if (flags.junit) out.info(`JUnit written to ${flags.junit}`);
  return results.summary.fail > 0 ? 1 : 0;
}

export async function verifyCommand(options: VerifyCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  const resultsFile = resolve(options.out ?? 'results.json');
  runOptions(options, resultsFile); // usage errors before reading anything
  const planFile = options.plan ?? 'plan.yaml';
  const plan = await readPlan(planFile);
  const tenant = await readTenant(options.tenant, plan.tenant, out);
  let items = plan.items;
  if (options.only?.length) {
    const known = new Set(items.map((i) => i.id));
    const unknown = options.only.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`--only: no item ${unknown.map((id) => `'${id}'`).join(', ')} in ${planFile} (items: ${[...known].slice(0, 10).join(', ')}${known.size > 10 ? ', …' : ''})`);
    const wanted = new Set(options.only);
    items = items.filter((i) => wanted.has(i.id));
  }
  if (!items.length) throw new UsageError(`${planFile} has no items to verify`);
  const verified = await verifyForCommand(items, tenant, options, resultsFile, out);
  return reportResults(verified.items, options, { plan: planFile, resultsFile, auditFile: verified.auditFile, ms: verified.ms }, out);
}

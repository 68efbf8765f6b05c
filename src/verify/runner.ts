// The executor: items at bounded concurrency, ≤ 3 connections and ≤ 30 messages a minute per mailbox, every step
// under a timeout, transient replies retried with backoff and jitter inside each item's deadline, every try
// written to the audit log, and at most one test message per path. A check that throws becomes a failed result.
import { randomUUID } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';
import type { Client } from '@microsoft/microsoft-graph-client';
import { CLOUDS } from '../m365/endpoints.js';
import { createGraphClient } from '../m365/graph.js';
import type { Tenant } from '../m365/tenant.js';
import type { PlanItem } from '../plan/types.js';
import type { LookupAll } from '../smtp/index.js';
import { InputError } from '../util/errors.js';
import { AuditLog } from './audit.js';
import { CHECKS, type Check, type CheckOutcome } from './checks/index.js';
import { outcomeOfError, StepTimeout } from './checks/errors.js';
import type { ItemContext, RunContext, Settings, VerifyOptions } from './context.js';
import { appCredential, TokenSource } from './credentials.js';
import { KeyedSemaphore, Semaphore, TokenBucket } from './limits.js';
import { describePath, resolvePath } from './path.js';
import { Redactor } from './redact.js';
import { itemStatus } from './results.js';
import { backoffMs, DEFAULT_BACKOFF, withTimeout } from './retry.js';
import { SendLedger } from './sends.js';
import type { CheckResult, ItemResult } from './types.js';

export function settingsOf(options: VerifyOptions): Settings {
  return {
    send: Boolean(options.send), confirm: Boolean(options.confirm && options.send), stepTimeoutMs: options.stepTimeoutMs ?? 10_000,
    deadlineMs: options.deadlineMs ?? 120_000, confirmTimeoutMs: options.confirmTimeoutMs ?? 120_000, concurrency: options.concurrency ?? 8,
  };
}

function lookupWith(resolve: Record<string, string> | undefined): LookupAll | undefined {
  if (!resolve || !Object.keys(resolve).length) return undefined;
  return async (host) => {
    const address = resolve[host.toLowerCase()];
    if (address) return [{ address, family: isIP(address) === 6 ? 6 : 4 }];
    return dnsLookup(host, { all: true, verbatim: true });
  };
}

export async function createRunContext(tenant: Tenant, options: VerifyOptions): Promise<RunContext> {
  const env = options.env ?? process.env;
  const caFile = options.caFile ?? tenant.endpoints?.caFile ?? null;
  let caPem: string | null = null;
  if (caFile) {
    try { caPem = await readFile(caFile, 'utf8'); } catch (error) { throw new InputError(`cannot read the CA file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, caFile); }
  }
  const redactor = new Redactor();
  const tokens = new TokenSource(appCredential(tenant, env), caFile, redactor, env);
  const cloud = CLOUDS[tenant.cloud] ?? CLOUDS.global;
  let graph: Promise<Client> | null = null;
  return {
    runId: randomUUID(), tenant, settings: settingsOf(options), options, env, caFile,
    // parsing the public roots costs ~100 ms a connection: a rehearsal endpoint needs only its own CA
    caFor: (path) => (!caPem ? undefined : path.rehearsal ? [caPem] : [...rootCertificates, caPem]),
    lookup: lookupWith(options.resolve), tokens,
    graph: () => (graph ??= createGraphClient({
      getAccessToken: () => tokens.get(cloud.graphScope).then((t) => t.accessToken),
      baseUrl: tenant.endpoints?.graphBaseUrl ?? `${cloud.graph}/`, caFile: caFile ?? undefined, maxRetries: 0, // retries are ours: audited, inside the deadline
    })),
    connections: new KeyedSemaphore(options.connectionsPerMailbox ?? 3),
    graphSlots: new KeyedSemaphore(options.graphRequestsPerMailbox ?? 4),
    rate: new TokenBucket(options.messagesPerMinute ?? 30),
    sends: new SendLedger(), redactor, audit: new AuditLog(options.auditFile ?? null, redactor, options.onAudit),
  };
}

/** Verify the items (at most `concurrency` at once); results come back in the items' order. */
export async function verifyItems(run: RunContext, items: PlanItem[]): Promise<ItemResult[]> {
  const gate = new Semaphore(run.settings.concurrency);
  let done = 0;
  const results = await Promise.all(items.map((item) => gate.use(() => verifyItem(run, item)).then((result) => {
    run.options.onItem?.(result, ++done, items.length);
    return result;
  })));
  await run.audit.flush();
  return results;
}

function planCheck(status: 'fail' | 'skipped', diagnosis: string, hint: string | null): CheckResult {
  return { name: 'plan', status, ms: 0, reply: null, code: status === 'fail' ? 'plan-incomplete' : null, diagnosis, hint };
}

export async function verifyItem(run: RunContext, item: PlanItem): Promise<ItemResult> {
  const started = performance.now();
  const path = resolvePath(item, run.tenant);
  const endpoint = path.kind === 'graph' ? path.graphBaseUrl : path.connect ? `${path.connect.host}:${path.connect.port}` : null;
  const base = { id: item.id, name: item.name, target: path.target, endpoint };
  const finish = (checks: CheckResult[], extra: Partial<ItemResult> = {}): ItemResult =>
    run.redactor.scrubDeep({ ...base, status: itemStatus(checks), checks, testId: null, latencyMs: null, ...extra, ms: Math.round(performance.now() - started) });
  if (item.override?.skip) return { ...finish([planCheck('skipped', 'override.skip is set in the plan', null)]), status: 'skipped' };
  if (item.status === 'vanished') return { ...finish([planCheck('skipped', 'this sender vanished from the inventory', null)]), status: 'skipped' };
  if (path.problems.length) return finish([planCheck('fail', `the plan item cannot be verified: ${path.problems.join('; ')}`, 'complete the item in plan.yaml (or tenant.yaml), then run verify again')]);
  const ctx: ItemContext = {
    run, item, path, testId: randomUUID(), deadline: Date.now() + run.settings.deadlineMs, attempt: 1,
    session: null, token: null, sent: null, latencyMs: null, passed: new Set(),
  };
  const release = path.kind === 'smtp' && path.limitKey ? await run.connections.acquire(path.limitKey) : () => undefined;
  try {
    const checks = await runChecks(ctx, CHECKS.filter((c) => c.appliesTo(path)));
    return finish(checks, { testId: ctx.sent?.testId ?? null, latencyMs: ctx.latencyMs, attempts: ctx.attempt });
  } finally {
    await ctx.session?.quit();
    release();
    run.sends.release(item.id);
  }
}

export async function runChecks(ctx: ItemContext, checks: Check[]): Promise<CheckResult[]> {
  const { run } = ctx;
  const results: CheckResult[] = [];
  const tries = new Map<string, number>();
  const firstPathStep = Math.max(0, checks.findIndex((c) => c.retry === 'path'));
  let blocked = new Set<string>();
  for (let index = 0; index < checks.length;) {
    const check = checks[index];
    const unmet = check.needs.find((need) => blocked.has(need));
    if (unmet) {
      results[index] = { name: check.id, status: 'skipped', ms: 0, reply: null, code: null, diagnosis: `skipped: ${unmet} did not pass`, hint: null };
      blocked.add(check.id);
      index++;
      continue;
    }
    const retry = tries.get(check.id) ?? 0;
    tries.set(check.id, retry + 1);
    const started = performance.now();
    const outcome = await runCheck(check, ctx);
    const result = toResult(check, outcome, Math.round(performance.now() - started), retry + 1);
    const wait = outcome.status === 'fail' && outcome.transient && check.retry !== 'never'
      ? backoffMs(check.retry === 'path' ? ctx.attempt : retry + 1, run.options.backoff ?? DEFAULT_BACKOFF, outcome.retryAfterMs ?? 0) : null;
    const again = wait !== null && Date.now() + wait < ctx.deadline;
    audit(ctx, result, retry, outcome, again ? wait! : undefined);
    if (again) {
      await new Promise((resolve) => setTimeout(resolve, wait!));
      if (check.retry === 'path') {
        // the session is spent: a new one from the first session step; earlier results (token, roles) stand
        ctx.session?.close();
        ctx.session = null;
        ctx.attempt++;
        blocked = new Set([...blocked].filter((id) => checks.findIndex((c) => c.id === id) < firstPathStep));
        index = firstPathStep;
      }
      continue;
    }
    results[index] = result;
    if (result.status === 'fail') blocked.add(check.id);
    else if (result.status !== 'skipped') ctx.passed.add(check.id);
    index++;
  }
  return results;
}

/** One check under its timeout; whatever it throws becomes a failed result. */
async function runCheck(check: Check, ctx: ItemContext): Promise<CheckOutcome> {
  const { settings, redactor } = ctx.run;
  const remaining = Math.max(1000, ctx.deadline - Date.now());
  // sending and --confirm keep their own timeouts; a guard shorter than them could strand a half-sent message
  const ownTimeouts = check.id === 'data' || check.id === 'sendmail' || check.id === 'confirm';
  const guard = ownTimeouts ? remaining + settings.stepTimeoutMs : Math.min(remaining + settings.stepTimeoutMs, (check.steps ?? 1) * settings.stepTimeoutMs + 1000);
  try {
    return await withTimeout(check.run(ctx), guard, () => new StepTimeout(`no result within ${Math.round(guard / 1000)} s (${check.title})`));
  } catch (error) {
    const outcome = outcomeOfError(error, (t) => redactor.scrub(t));
    return ownTimeouts && error instanceof StepTimeout ? { ...outcome, transient: false } : outcome;
  }
}

function toResult(check: Check, outcome: CheckOutcome, ms: number, attempts: number): CheckResult {
  const result: CheckResult = {
    name: check.id, status: outcome.status, ms, reply: outcome.reply ?? null, code: outcome.code ?? null,
    diagnosis: outcome.diagnosis ?? null, hint: outcome.hint ?? null,
  };
  if (attempts > 1) result.attempts = attempts;
  return result;
}

function audit(ctx: ItemContext, result: CheckResult, retry: number, outcome: CheckOutcome, waitMs?: number): void {
  ctx.run.audit.record({
    at: new Date().toISOString(), run: ctx.run.runId, item: ctx.item.id, path: describePath(ctx.path), step: result.name, status: result.status,
    ms: result.ms, reply: result.reply, code: result.code, retry,
    ...(outcome.transient !== undefined ? { transient: outcome.transient } : {}), ...(waitMs !== undefined ? { waitMs } : {}),
    ...(ctx.sent && (result.name === 'data' || result.name === 'sendmail') ? { testId: ctx.sent.testId } : {}),
    ...(ctx.attempt > 1 ? { note: `session attempt ${ctx.attempt}` } : {}),
  });
}

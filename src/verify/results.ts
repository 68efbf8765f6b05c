// results.json (shared/DESIGN.md "Data"): per item the checks and a status, a summary, written atomically.
import { writeFileAtomic } from '../util/atomic.js';
import type { CheckResult, CheckStatus, ItemResult, Results } from './types.js';

/** fail if any check failed, else warn if any warned, else pass if any passed; skipped when nothing ran. */
export function itemStatus(checks: CheckResult[]): CheckStatus {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return checks.some((c) => c.status === 'pass') ? 'pass' : 'skipped';
}

export function summarise(items: ItemResult[]): Results['summary'] {
  const count = (status: CheckStatus) => items.filter((i) => i.status === status).length;
  return { total: items.length, pass: count('pass'), fail: count('fail'), warn: count('warn'), skipped: count('skipped') };
}

export function buildResults(items: ItemResult[], options: { plan: string | null; send: boolean; auditLog?: string | null; ms?: number }): Results {
  return {
    schemaVersion: 1, generatedAt: new Date().toISOString(), plan: options.plan, send: options.send, summary: summarise(items), items,
    ...(options.auditLog !== undefined ? { auditLog: options.auditLog } : {}), ...(options.ms !== undefined ? { ms: options.ms } : {}),
  };
}

/** results.audit.jsonl beside results.json (results.json → results.audit.jsonl, out/run.json → out/run.audit.jsonl). */
export function auditFileFor(resultsFile: string): string {
  return resultsFile.replace(/(\.json)?$/i, '.audit.jsonl');
}

export async function writeResults(file: string, results: Results): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(results, null, 2)}\n`);
}

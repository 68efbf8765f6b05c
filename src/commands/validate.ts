// `relay365 validate FILE...`: "validate new settings before cutover". The scanner's detectors read the rewritten
// files; each active setting is checked against what a plan would write, then the path it describes is verified.
import { resolve } from 'node:path';
import type { Finding, ScanWarning } from '../inventory/types.js';
import { emptyTenant } from '../m365/tenant.js';
import type { PlanItem, Target } from '../plan/types.js';
import { scanPaths } from '../scan/scan.js';
import { stableId } from '../util/hash.js';
import { UsageError } from '../util/errors.js';
import { createOutput } from '../util/term.js';
import { itemStatus } from '../verify/results.js';
import type { CheckResult, ItemResult } from '../verify/types.js';
import { itemForFinding, judgeFinding } from '../verify/validate.js';
import { readTenant, reportResults, runOptions, verifyForCommand, type RunFlags } from './verify.js';

export interface ValidateCommandOptions extends RunFlags {
  files: string[];
}

function under(path: string, root: string): boolean {
  const r = root.replace(/[\\/]+$/, '');
  return path === r || path.startsWith(`${r}/`) || path.startsWith(`${r}\\`);
}

function displayTarget(finding: Finding, item: PlanItem | null): Target {
  return item?.target ?? (finding.auth.method === 'none' ? 'direct-send' : 'smtp-basic');
}

/** A file that yields no active setting: why, with the scanner's warnings (file and line). */
function emptyFile(file: string, warnings: ScanWarning[], inactive: number): ItemResult {
  const problems = warnings.map((w) => `${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  const diagnosis = problems.length ? problems.join('; ') : `no active SMTP setting found${inactive ? ` (${inactive} inactive: commented, example or placeholder)` : ''}`;
  const check: CheckResult = { name: 'settings', status: 'fail', ms: 0, reply: null, code: 'no-setting', diagnosis, hint: 'pass the rewritten configuration file itself (the one the software reads)' };
  return { id: stableId('validate', file), name: file, target: 'smtp-basic', status: 'fail', checks: [check] };
}

export async function validateCommand(options: ValidateCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  if (!options.files.length) throw new UsageError('validate needs at least one FILE');
  const resultsFile = resolve(options.out ?? 'validate-results.json');
  runOptions(options, resultsFile); // usage errors before reading anything
  const tenant = await readTenant(options.tenant, emptyTenant(), out);
  const { inventory, secrets } = await scanPaths({ roots: options.files });
  const settings = new Map<string, { finding: Finding; checks: CheckResult[]; item: PlanItem | null }>();
  const empty: ItemResult[] = [];
  for (const file of options.files) {
    const findings = inventory.findings.filter((f) => under(f.path, file));
    const active = findings.filter((f) => f.active);
    for (const w of inventory.warnings.filter((w) => under(w.path, file) && active.length)) out.warn(`${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
    if (!active.length) empty.push(emptyFile(file, inventory.warnings.filter((w) => under(w.path, file)), findings.length));
    for (const finding of active) settings.set(finding.id, { finding, checks: judgeFinding(finding, tenant), item: itemForFinding(finding) });
  }
  const items = [...settings.values()].flatMap((s) => (s.item ? [s.item] : []));
  // found secrets never sign in anywhere; they are scrubbed from every output like the ones verify uses
  const verified = items.length ? await verifyForCommand(items, tenant, options, resultsFile, out, secrets) : { items: [], ms: 0, auditFile: null };
  const byId = new Map(verified.items.map((r) => [r.id, r]));
  const results: ItemResult[] = [...settings.values()].map(({ finding, checks, item }) => {
    const path = byId.get(finding.id);
    const pathChecks = path?.checks ?? [{ name: 'path', status: 'skipped' as const, ms: 0, reply: null, code: null, diagnosis: 'not a Microsoft 365 endpoint: there is no new path to verify', hint: null }];
    const all = [...checks, ...pathChecks];
    return { ...(path ?? {}), id: finding.id, name: `${finding.path}${finding.line ? `:${finding.line}` : ''} (${finding.system})`, target: displayTarget(finding, item), status: itemStatus(all), checks: all };
  });
  return reportResults([...results, ...empty], options, { plan: null, resultsFile, auditFile: verified.auditFile, ms: verified.ms }, out);
}

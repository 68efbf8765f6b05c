// Run Debian's pflogsumm on log files and read its "Grand Totals" back as LogTotals.
// pflogsumm prints values above 512k as "k"/"m" (adj_int_units); `exact: true` runs a copy whose only change
// is those two display thresholds, so byte counts compare to the byte. The counting code is untouched.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LogTotals } from '../../src/logs/types.js';

const run = promisify(execFile);
export const PFLOGSUMM = '/usr/sbin/pflogsumm';

export function pflogsummAvailable(): boolean {
  return existsSync(PFLOGSUMM);
}

const LABELS: [keyof LogTotals, RegExp][] = [
  ['received', /^ *(\d+)([ km]) {2}received$/m],
  ['delivered', /^ *(\d+)([ km]) {2}delivered$/m],
  ['forwarded', /^ *(\d+)([ km]) {2}forwarded$/m],
  ['deferred', /^ *(\d+)([ km]) {2}deferred/m],
  ['deferrals', /deferred {2}\((\d+)([ km]) deferrals\)/m],
  ['bounced', /^ *(\d+)([ km]) {2}bounced$/m],
  ['rejected', /^ *(\d+)([ km]) {2}rejected \(/m],
  ['bytesReceived', /^ *(\d+)([ km]) {2}bytes received$/m],
  ['bytesDelivered', /^ *(\d+)([ km]) {2}bytes delivered$/m],
  ['senders', /^ *(\d+)([ km]) {2}senders$/m],
  ['sendingHosts', /^ *(\d+)([ km]) {2}sending hosts\/domains$/m],
  ['recipients', /^ *(\d+)([ km]) {2}recipients$/m],
  ['recipientHosts', /^ *(\d+)([ km]) {2}recipient hosts\/domains$/m],
];

/** pflogsumm's adj_int_units: "1234" up to 512k, then whole k, then whole m (truncated, as printf %d does). */
export function pflogsummUnits(value: number): string {
  if (value > 536870912) return `${Math.trunc(value / 1048576)}m`;
  if (value > 524288) return `${Math.trunc(value / 1024)}k`;
  return String(value);
}

export interface PflogsummResult {
  /** Each total as pflogsumm printed it ("1234", "567k"). */
  printed: Record<keyof LogTotals, string>;
  /** Numeric totals; exact only when run with `exact: true` (or when every value is below 512k). */
  totals: LogTotals;
  output: string;
  ms: number;
}

/** The Grand Totals section of pflogsumm's report, as printed and as numbers. */
export function parseGrandTotals(output: string): Pick<PflogsummResult, 'printed' | 'totals'> {
  const end = output.indexOf('Per-Hour Traffic Summary');
  const grand = output.slice(output.indexOf('Grand Totals'), end > 0 ? end : undefined);
  const printed = {} as Record<keyof LogTotals, string>;
  const totals = {} as LogTotals;
  for (const [key, pattern] of LABELS) {
    const m = pattern.exec(grand);
    printed[key] = m ? `${m[1]}${m[2].trim()}` : '0';
    const unit = m?.[2] === 'k' ? 1024 : m?.[2] === 'm' ? 1048576 : 1;
    totals[key] = m ? Number(m[1]) * unit : 0;
  }
  return { printed, totals };
}

/** Write the copy of pflogsumm whose only change is the k/m display thresholds; returns its path. */
export function exactPflogsumm(dir: string): string {
  const script = join(dir, 'pflogsumm-exact');
  const source = readFileSync(PFLOGSUMM, 'utf8')
    .replace(/^\$divByOneKAt\s*=\s*\d+;/m, '$divByOneKAt = 9e18;')
    .replace(/^\$divByOneMegAt\s*=\s*\d+;/m, '$divByOneMegAt = 9e18;');
  if (!source.includes('$divByOneKAt = 9e18;') || !source.includes('$divByOneMegAt = 9e18;')) throw new Error('could not find pflogsumm display thresholds');
  writeFileSync(script, source);
  return script;
}

/** Run pflogsumm (or, with `exact`, the copy with display thresholds raised) on the files. */
export async function pflogsumm(files: string[], options: { exact?: boolean } = {}): Promise<PflogsummResult> {
  const dir = options.exact ? mkdtempSync(join(tmpdir(), 'r365-pflogsumm-')) : null;
  const script = dir ? exactPflogsumm(dir) : PFLOGSUMM;
  try {
    const started = Date.now();
    const { stdout } = await run('perl', [script, ...files], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
    const ms = Date.now() - started;
    return { ...parseGrandTotals(stdout), output: stdout, ms };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

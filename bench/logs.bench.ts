// logs: relay365 over a generated ~200 MB Postfix log against Debian's pflogsumm on the same file.
// Target (issue 5): at least 10× faster than pflogsumm, under 256 MB peak, totals equal.
// Both run as child processes and are measured the same way: wall time and peak RSS (bench/support/measure.ts),
// CPU time (user + system, all threads) from /usr/bin/time, since wall time on a shared machine moves with
// its load. BENCH_RUNS runs of each, interleaved so both see the same load; the medians are compared.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticPostfixLog } from '../src/logs/testing.js';
import type { LogReport, LogTotals } from '../src/logs/types.js';
import { PFLOGSUMM, parseGrandTotals, pflogsummUnits } from '../test/support/pflogsumm.js';
import { measure, ratio, type Measurement } from './support/measure.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const megabytes = Number(process.env.BENCH_LOGS_MB ?? 200);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const dir = join(root, '.bench');
const log = join(dir, `postfix-${megabytes}mb.log`);
mkdirSync(dir, { recursive: true });

if (!existsSync(log) || statSync(log).size < megabytes * 1024 * 1024 * 0.95) {
  const t = Date.now();
  const made = writeSyntheticPostfixLog(log, { targetBytes: megabytes * 1024 * 1024, relays: ['relay01', 'relay02'], seed: 42, spacing: 0.5 });
  console.log(`generated ${log}: ${made.lines} lines, ${made.messages} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
if (!existsSync(PFLOGSUMM)) throw new Error('pflogsumm is not installed (Debian package pflogsumm)');

// Our own build, so the benchmark measures this tree (not a stale dist/) and no TypeScript loader.
// The same bundle as `npm run build`, without its type check: type errors elsewhere in the tree do not stop it.
const dist = join(dir, 'dist');
spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), dist, '--no-check'], { stdio: 'inherit' });
if (!existsSync(join(dist, 'cli/main.js'))) throw new Error('the build wrote no dist: run `npm run build`');

interface Timed extends Measurement { cpu: number }

function timed(command: string[]): Timed {
  const times = join(dir, 'logs-bench.time');
  const m = measure(['/usr/bin/time', '-o', times, '-f', '%U %S', ...command]);
  if (m.code !== 0) throw new Error(`${command.join(' ')} exited with ${m.code}`);
  const [user, system] = readFileSync(times, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ...m, cpu: user + system };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summary(name: string, all: Timed[]): { seconds: number; cpu: number; peakMb: number } {
  const result = { seconds: median(all.map((m) => m.seconds)), cpu: median(all.map((m) => m.cpu)), peakMb: Math.max(...all.map((m) => m.peakMb)) };
  const each = all.map((m) => `${m.seconds.toFixed(2)}/${m.cpu.toFixed(2)}`).join(' ');
  console.log(`${name}: ${result.seconds.toFixed(2)} s wall, ${result.cpu.toFixed(2)} s CPU (medians; wall/CPU each run: ${each}), peak ${result.peakMb.toFixed(0)} MB`);
  return result;
}

execFileSync('cat', [log], { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache for both
const oursRuns: Timed[] = [];
const theirRuns: Timed[] = [];
for (let i = 0; i < runs; i++) {
  oursRuns.push(timed([process.execPath, join(dist, 'cli/main.js'), 'logs', log, '--json']));
  theirRuns.push(timed(['perl', PFLOGSUMM, log]));
}

const report = JSON.parse(oursRuns[0].stdout) as LogReport;
const printed = parseGrandTotals(theirRuns[0].stdout).printed;
const differences = (Object.keys(printed) as (keyof LogTotals)[]).filter((k) => pflogsummUnits(report.totals[k]) !== printed[k]);
const size = statSync(log).size / 1024 / 1024;

console.log(`log: ${size.toFixed(0)} MB, ${report.stats.lines.toLocaleString('en-US')} lines, ${report.totals.received.toLocaleString('en-US')} messages received; ${runs} runs each`);
const ours = summary('relay365 logs', oursRuns);
const theirs = summary('pflogsumm    ', theirRuns);
console.log(`ratio (pflogsumm / relay365, medians): wall ${ratio(theirs.seconds, ours.seconds)}×, CPU ${ratio(theirs.cpu, ours.cpu)}× (target ≥ 10×)`);
console.log(`peak memory: ${ours.peakMb.toFixed(0)} MB at most (target < 256 MB)`);
console.log(differences.length
  ? `TOTALS DIFFER in ${differences.map((k) => `${k}: relay365 ${report.totals[k]} vs pflogsumm ${printed[k]}`).join(', ')}`
  : `totals equal: all 13 Grand Totals as pflogsumm prints them (${printed.received} received, ${printed.delivered} delivered, ${printed.bytesDelivered} bytes delivered)`);
if (differences.length) process.exitCode = 1;

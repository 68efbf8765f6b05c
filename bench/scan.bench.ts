// scan: relay365 over a generated 100,000-file tree against `rg -l -i` for SMTP keywords over the same tree
// (the native walker when it is built; RELAY365_NATIVE=0 npm run bench scan measures the JavaScript walker).
// Target (issue 2): ratio ≤ 1.0 (no slower than ripgrep), peak memory under 200 MB.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { best, ratio } from './support/measure.js';
import { generateTree } from './support/tree.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const files = Number(process.env.BENCH_SCAN_FILES ?? 100_000);
const tree = join(root, '.bench', `scan-tree-${files}`);
const marker = join(tree, '.complete');
if (!existsSync(marker)) {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const t = Date.now();
  const planted = generateTree(tree, files);
  writeFileSync(marker, JSON.stringify({ files, planted }));
  console.log(`generated ${files} files (${planted} planted settings) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const { planted } = JSON.parse(readFileSync(marker, 'utf8')) as { planted: number };
const cli = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error('run `npm run build` first');

const out = join(root, '.bench', 'scan-inventory.json');
const rgArgs = ['rg', '-l', '-i', '--hidden', '--no-ignore', '-e', 'smtp', '-e', 'relayhost', '-e', 'smarthost', '-e', 'mailhub', '-e', 'mail_host', tree];
best(1, rgArgs); // warm the page cache
const ours = best(3, [process.execPath, cli, 'scan', tree, '--out', out]);
const rg = best(3, rgArgs);
const inventory = JSON.parse(readFileSync(out, 'utf8')) as { findings: { active: boolean }[]; stats: { filesSeen: number; filesRead: number } };
const active = inventory.findings.filter((f) => f.active).length;

console.log(`tree: ${files} files, ${planted} planted active settings`);
console.log(`relay365 scan : ${ours.seconds.toFixed(2)} s, peak ${ours.peakMb.toFixed(0)} MB, ${inventory.stats.filesRead} files read, ${active} active findings`);
console.log(`rg -l -i      : ${rg.seconds.toFixed(2)} s, peak ${rg.peakMb.toFixed(0)} MB, ${rg.stdout.split('\n').filter(Boolean).length} files listed`);
console.log(`ratio (relay365 / rg) time: ${ratio(ours.seconds, rg.seconds)}  memory: ${ratio(ours.peakMb, rg.peakMb)}`);
if (active < planted) console.log(`WARNING: found ${active} of ${planted} planted settings`);

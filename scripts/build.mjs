// `npm run build`: type-check with tsc, then bundle with esbuild into dist/. One bundle per entry point
// (the CLI, the scan worker) with shared chunks for the lazily imported commands: ~110 detector modules
// load as one file, which cuts start-up by ~0.2 s (ESM costs ~1.4 ms per module on Node 20).
// Packages from node_modules stay external: they load from node_modules as they would otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const outdir = args.find((a) => !a.startsWith('--')) ?? `${root}dist`;

if (!args.includes('--no-check')) {
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`, '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'cli/main': `${root}src/cli/main.ts`, 'scan/worker': `${root}src/scan/worker.ts`, 'scan/read-rules': `${root}src/scan/read-rules.ts`, 'logs/pipeline-worker': `${root}src/logs/pipeline-worker.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
// The native reader's rules for the built-in detectors, read by the CLI before the detectors load.
const { builtInReadRules } = await import(pathToFileURL(`${outdir}/scan/read-rules.js`).href);
writeFileSync(`${outdir}/scan/read-rules.json`, JSON.stringify(builtInReadRules()));

// The native addon (native/*.c → build/Release/walk.node: the scan's walker, the Postfix log reader), built with
// npm's own node-gyp against the Node headers npm is set to use. Optional: without a compiler (Windows, a bare
// machine) scans and logs take their JavaScript paths, so a failed build says so and the build goes on. Rebuilt
// only when its sources change.
if (!args.includes('--no-native') && process.platform !== 'win32') buildNative();

function buildNative() {
  const addon = `${root}build/Release/walk.node`;
  const sources = [...readdirSync(`${root}native`).map((f) => `${root}native/${f}`), `${root}binding.gyp`];
  if (existsSync(addon) && sources.every((s) => statSync(s).mtimeMs <= statSync(addon).mtimeMs)) return;
  const gyp = process.env.npm_config_node_gyp
    ?? [join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')].find(existsSync);
  const nodedir = process.env.npm_config_nodedir ?? spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout?.trim();
  const why = (text) => console.warn(`relay365: native addon not built (${text}); scans and logs use their JavaScript paths`);
  if (!gyp) return why('node-gyp not found');
  const r = spawnSync(process.execPath, [gyp, 'rebuild', ...(nodedir && nodedir !== 'undefined' && nodedir !== 'null' ? [`--nodedir=${nodedir}`] : [])], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) why(`${(r.stderr || r.stdout || '').split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' / ') || `node-gyp exit ${r.status}`}`);
}

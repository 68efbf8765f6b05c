// `npm run bench [name...]`: runs bench/<name>.bench.ts one after another (TypeScript through tsx).
// Each benchmark prints its own figures and a ratio against a peer measured in the same run.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = new URL('../bench/', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => !wanted.length || wanted.some((w) => f.startsWith(w)));
if (!benches.length) {
  console.error(`no benchmark matched ${wanted.join(' ')}`);
  process.exit(2);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench.replace('.bench.ts', '')} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', dir + bench], { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

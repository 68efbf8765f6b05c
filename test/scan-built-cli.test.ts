// The built CLI (dist/, as a user runs it: bundled; the native walker's listing started before the CLI loads, or
// without the addon the worker threads, handed the walk as soon as there are directories to share) finds what
// the one-thread scan of the sources finds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../src/scan/scan.js';
import type { Inventory } from '../src/inventory/types.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const main = join(repoRoot, 'dist/cli/main.js');

describe('relay365 scan (built)', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'r365-built-'));
    for (let s = 0; s < 40; s++) {
      const etc = join(root, `srv${s}`, 'etc');
      mkdirSync(join(etc, 'postfix'), { recursive: true });
      writeFileSync(join(etc, 'postfix', 'main.cf'), `relayhost = [relay${s}.corp.contoso.local]:587\nsmtp_sasl_auth_enable = yes\n`);
      writeFileSync(join(etc, 'msmtprc'), `account default\nhost smtp${s}.contoso.local\nport 587\nuser app${s}\npassword R365CANARY-built-${s}\n`);
      const app = join(root, `srv${s}`, 'var', 'www', 'app');
      mkdirSync(app, { recursive: true });
      writeFileSync(join(app, '.env'), `MAIL_HOST=smtp.office365.com\nMAIL_PORT=587\nMAIL_USERNAME=app${s}@contoso.com\nMAIL_PASSWORD=R365CANARY-env-${s}\n`);
      for (let f = 0; f < 40; f++) writeFileSync(join(app, `page${f}.php`), `<?php echo "page ${f}";\n`);
    }
  });
  after(() => { if (root) { rmSync(root, { recursive: true, force: true }); rmSync(`${root}-out.json`, { force: true }); } });

  for (const [path, env, trace] of [
    ['the native walker, started ahead', {}, /native listing started ahead is taken/],
    ['the worker threads (RELAY365_NATIVE=0)', { RELAY365_NATIVE: '0' }, /directories handed to the workers/],
  ] as const) {
    it(`finds every setting the one-thread scan finds, and prints no secret: ${path}`, async () => {
      assert.ok(existsSync(main), 'dist/cli/main.js is missing: run `npm run build` (npm test does)');
      const run = spawnSync(process.execPath, [main, 'scan', root, '--json', '--out', `${root}-out.json`], { encoding: 'utf8', env: { ...process.env, RELAY365_DEBUG: '1', NO_COLOR: '1', ...env } });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, trace, `${path} walked the tree`);
      const built = JSON.parse(run.stdout) as Inventory;
      const inline = (await scanPaths({ roots: [root], workers: 1 })).inventory;
      const key = (i: Inventory) => i.findings.map((f) => `${f.path}:${f.line}:${f.detector}:${f.host}:${f.port}:${f.active}`).sort();
      assert.equal(built.findings.filter((f) => f.active).length, 120, '40 relayhosts, 40 msmtp accounts, 40 .env settings');
      assert.deepEqual(key(built), key(inline));
      assert.deepEqual(built.warnings, inline.warnings);
      assert.equal(built.stats.filesSeen, inline.stats.filesSeen);
      assert.ok(!`${run.stdout}${run.stderr}`.includes('R365CANARY'), 'no secret on stdout or stderr');
    });
  }
});

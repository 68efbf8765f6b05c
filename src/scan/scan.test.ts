import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPaths } from './scan.js';

describe('scanPaths', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'r365-scan-'));
    // 3,000 candidate files: enough to hand most of them to worker threads.
    for (let i = 0; i < 1500; i++) {
      const dir = join(root, `srv${i}`, 'etc');
      mkdirSync(join(dir, 'postfix'), { recursive: true });
      writeFileSync(join(dir, 'postfix', 'main.cf'), `relayhost = [relay${i}.corp.contoso.local]:25\n`);
      writeFileSync(join(dir, 'msmtprc'), `account default\nhost smtp${i}.contoso.local\nport 587\npassword R365CANARY-scan-${i}\n`);
    }
    writeFileSync(join(root, 'srv0', '.env'), 'MAIL_HOST=smtp.office365.com\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds the same settings with worker threads as without', async () => {
    const inline = await scanPaths({ roots: [root], workers: 1 });
    const parallel = await scanPaths({ roots: [root], workers: 2 });
    assert.equal(inline.inventory.findings.length, 3001, '1,500 relayhosts, 1,500 msmtp accounts and the .env');
    assert.deepEqual(parallel.inventory.findings, inline.inventory.findings);
    assert.equal(parallel.inventory.stats.filesRead, inline.inventory.stats.filesRead);
    assert.equal(parallel.secrets.size, 1500, 'secrets seen in workers reach the main thread for scrubbing');
    assert.ok(parallel.secrets.has('R365CANARY-scan-1499'));
  });
});

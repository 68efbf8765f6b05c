import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRoots, scanPaths, usualRoots } from './scan.js';

describe('scanPaths', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'r365-scan-'));
    // 3,000 candidate files in 1,500 small trees: past the point where worker threads take over.
    for (let i = 0; i < 1500; i++) {
      const dir = join(root, 'fleet', `srv${i}`, 'etc');
      mkdirSync(join(dir, 'postfix'), { recursive: true });
      writeFileSync(join(dir, 'postfix', 'main.cf'), `relayhost = [relay${i}.corp.contoso.local]:25\n`);
      writeFileSync(join(dir, 'msmtprc'), `account default\nhost smtp${i}.contoso.local\nport 587\npassword R365CANARY-scan-${i}\n`);
    }
    writeFileSync(join(root, 'fleet', 'srv0', '.env'), 'MAIL_HOST=smtp.office365.com\n');
    // One deep, lopsided subtree that a single walker would take alone: the others must be given parts of it.
    let deep = join(root, 'deep');
    for (let level = 0; level < 40; level++) {
      deep = join(deep, `d${level}`);
      for (let j = 0; j < 5; j++) mkdirSync(join(deep, `side${j}`), { recursive: true });
      for (let j = 0; j < 5; j++) writeFileSync(join(deep, `side${j}`, 'app.js'), `const t = nodemailer.createTransport({ host: 'mx${level}-${j}.contoso.local', port: 25 });\n`);
    }
    // A link to a directory inside the tree (walked once), and a loop (a warning).
    symlinkSync(join(root, 'fleet', 'srv7'), join(root, 'linked-srv7'));
    symlinkSync(root, join(root, 'deep', 'loop'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds the same settings and warnings with worker threads as without', async () => {
    const inline = await scanPaths({ roots: [root], workers: 1 });
    const parallel = await scanPaths({ roots: [root], workers: 2 });
    assert.equal(inline.threads, 0);
    assert.equal(parallel.threads, 2, 'the worker threads walked the tree');
    assert.equal(inline.inventory.findings.filter((f) => f.path.includes('/deep/')).length, 200, 'every file of the deep subtree');
    assert.equal(inline.inventory.findings.length, 3001 + 200, '1,500 relayhosts, 1,500 msmtp accounts, the .env and the deep ones: srv7 once, though walked twice');
    const srv7 = inline.inventory.findings.filter((f) => /\/srv7\//.test(f.path));
    assert.equal(srv7.length, 2);
    assert.ok(srv7.every((f) => f.path.includes('/fleet/srv7/') && f.notes?.some((n) => /also reached as .*linked-srv7/.test(n))), 'kept under its own path, the link noted');
    assert.deepEqual(parallel.inventory.findings, inline.inventory.findings);
    assert.deepEqual(parallel.inventory.warnings, inline.inventory.warnings);
    assert.ok(inline.inventory.warnings.some((w) => w.code === 'symlink-loop' && w.path.endsWith('loop')), 'the loop is a warning');
    assert.equal(parallel.inventory.stats.filesRead, inline.inventory.stats.filesRead);
    assert.equal(parallel.inventory.stats.filesSeen, inline.inventory.stats.filesSeen);
    assert.equal(parallel.secrets.size, 1500, 'secrets seen in workers reach the main thread for scrubbing');
    assert.ok(parallel.secrets.has('R365CANARY-scan-1499'));
  });

  it('keeps two settings of one file that share a line (an msmtp account inheriting another), with no symlink note', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay365-inherit-'));
    try {
      writeFileSync(join(dir, 'msmtprc'), 'account freemail\nhost smtp.freemail.example\nport 587\nfrom joe@freemail.example\n\naccount freemail2 : freemail\nfrom joey@freemail.example\n');
      const { inventory } = await scanPaths({ roots: [dir], workers: 1 });
      assert.deepEqual(inventory.findings.map((f) => f.from).sort(), ['joe@freemail.example', 'joey@freemail.example']);
      assert.ok(!inventory.findings.some((f) => f.notes?.some((n) => /symlinks/.test(n))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes --exclude and --include-vendored on to the worker threads', async () => {
    const options = { roots: [root], exclude: ['**/srv1*/**', 'deep'], includeVendored: true };
    const inline = await scanPaths({ ...options, workers: 1 });
    const parallel = await scanPaths({ ...options, workers: 2 });
    assert.equal(parallel.threads, 2);
    assert.ok(!inline.inventory.findings.some((f) => /\/srv1\d*\/|\/deep\//.test(f.path)), 'excluded trees are not read');
    assert.ok(inline.inventory.findings.length > 1000);
    assert.deepEqual(parallel.inventory.findings, inline.inventory.findings);
  });

  it('scans the usual config locations that exist when no path is named', () => {
    assert.ok(usualRoots('win32').includes('C:\\inetpub'));
    assert.ok(usualRoots('linux').includes('/etc') && usualRoots('linux').includes('/var/www'));
    const roots = defaultRoots('linux');
    assert.ok(roots.includes('/etc'), '/etc exists on any Linux machine');
    assert.ok(roots.every((r) => existsSync(r)), 'a missing usual location is left out, not warned about');
  });
});

// `relay365 scan` on a hostile tree: random bytes named like configs, a 50 MB one-line file, truncated XML,
// 20,000-deep JSON, symlink loops and a FIFO named like a config. It must finish, exit 0 with warnings,
// find the one planted setting and report no decoy as active.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '../src/inventory/types.js';
import { runCli } from './support/cli.js';

describe('scan on a hostile tree', () => {
  let root: string;
  let inventory: Inventory;
  let run: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'r365-hostile-'));
    const postfix = join(root, 'etc', 'postfix');
    mkdirSync(postfix, { recursive: true });
    writeFileSync(join(postfix, 'main.cf'), 'relayhost = [relay.corp.contoso.local]:25\nsmtp_tls_security_level = may\n');
    writeFileSync(join(postfix, 'main.cf.example'), 'relayhost = [decoy-example.contoso.local]:587\n');
    writeFileSync(join(root, 'README.md'), 'Set relayhost = [decoy-prose.contoso.local]:25 in main.cf to use SMTP.\n');
    // random bytes named like configs
    const junk = join(root, 'junk', 'postfix');
    mkdirSync(junk, { recursive: true });
    writeFileSync(join(junk, 'main.cf'), randomBytes(64 * 1024));
    writeFileSync(join(root, 'junk', 'msmtprc'), randomBytes(4096));
    // a 50 MB one-line file named like a config
    const big = openSync(join(root, 'junk', '.msmtprc'), 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'host x'.padEnd(16, ' '));
    for (let i = 0; i < 50; i++) writeSync(big, chunk);
    closeSync(big);
    // truncated XML, 20,000-deep JSON
    writeFileSync(join(root, 'junk', 'web.config'), '<?xml version="1.0"?><configuration><system.net><mailSettings><smtp from="a@b.c"><network host="trunc');
    writeFileSync(join(root, 'junk', 'appsettings.json'), '{"Smtp":'.repeat(20000) + '"x"' + '}'.repeat(20000));
    // 2 MiB of backslash continuations in a git config (one value rebuilt per line was quadratic: hours)
    writeFileSync(join(root, 'junk', '.gitconfig'), `[sendemail]\n\tsmtpServer = smtp.\\\n${'x\\\n'.repeat(700_000)}example.net\n`);
    // symlink loops: a link to an ancestor, and a link to itself
    const loops = join(root, 'loops', 'a');
    mkdirSync(loops, { recursive: true });
    symlinkSync('..', join(loops, 'up'));
    symlinkSync('self', join(root, 'loops', 'self'));
    // a FIFO named like a config
    const fifoDir = join(root, 'fifo', 'postfix');
    mkdirSync(fifoDir, { recursive: true });
    execFileSync('mkfifo', [join(fifoDir, 'main.cf')]);
    execFileSync('mkfifo', [join(root, 'fifo', 'msmtprc')]);

    const out = join(root, 'inventory.json');
    run = await runCli(['scan', root, '--out', out], { timeoutMs: 120_000 });
    inventory = JSON.parse(readFileSync(out, 'utf8')) as Inventory;
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('finishes and exits 0', () => {
    assert.equal(run.signal, null, `killed: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
  });

  it('finds the planted setting and no decoy as active', () => {
    const active = inventory.findings.filter((f) => f.active);
    assert.deepEqual(active.map((f) => `${f.host}:${f.port}`), ['relay.corp.contoso.local:25']);
    const example = inventory.findings.find((f) => f.host === 'decoy-example.contoso.local');
    assert.equal(example?.active, false);
    assert.ok(!inventory.findings.some((f) => f.host === 'decoy-prose.contoso.local'));
  });

  it('turns every problem into a coded warning', () => {
    const codes = new Set(inventory.warnings.map((w) => w.code));
    for (const code of ['binary', 'truncated', 'special-file'] as const) assert.ok(codes.has(code), `no ${code} warning in ${JSON.stringify([...codes])}`);
    assert.ok(inventory.warnings.some((w) => w.path.endsWith('.msmtprc') && w.code === 'truncated'));
    assert.ok(inventory.warnings.filter((w) => w.code === 'special-file').length >= 2, 'both FIFOs reported');
    assert.ok(inventory.warnings.some((w) => w.code === 'symlink-loop'), 'the ancestor link is reported');
    assert.match(run.stdout, /warnings:/);
  });

  it('bounds what it reads', () => {
    assert.ok(inventory.stats.bytesRead < 20 * 1024 * 1024, `read ${inventory.stats.bytesRead} bytes`);
  });
});

describe('scan of repository settings', () => {
  it("reads .git/config's send-email settings without walking .git", async () => {
    const root = mkdtempSync(join(tmpdir(), 'r365-git-'));
    try {
      mkdirSync(join(root, 'repo', '.git', 'objects', 'ab'), { recursive: true });
      writeFileSync(join(root, 'repo', '.git', 'config'), '[core]\n\tbare = false\n[sendemail]\n\tsmtpServer = smtp.live.com\n\tsmtpServerPort = 587\n\tsmtpEncryption = tls\n');
      writeFileSync(join(root, 'repo', '.git', 'objects', 'ab', 'main.cf'), 'relayhost = [decoy-in-git-objects.contoso.local]:25\n');
      const out = join(root, 'inventory.json');
      const run = await runCli(['scan', root, '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      const found = (JSON.parse(readFileSync(out, 'utf8')) as Inventory).findings;
      assert.ok(found.some((f) => f.host === 'smtp.live.com' && f.port === 587), JSON.stringify(found));
      assert.ok(!found.some((f) => f.host === 'decoy-in-git-objects.contoso.local'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('scan of a copied file system', () => {
  it('skips documentation trees and per-user toolchains wherever they sit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'r365-doc-'));
    try {
      mkdirSync(join(root, 'host1', 'usr', 'share', 'doc', 'msmtp', 'examples'), { recursive: true });
      writeFileSync(join(root, 'host1', 'usr', 'share', 'doc', 'msmtp', 'examples', 'msmtprc'), 'account default\nhost doc-sample.contoso.local\n');
      mkdirSync(join(root, 'host1', 'etc'), { recursive: true });
      writeFileSync(join(root, 'host1', 'etc', 'msmtprc'), 'account default\nhost live.contoso.local\n');
      // a toolchain's own docs and libraries under a home directory
      mkdirSync(join(root, 'home', 'ops', '.rustup', 'toolchains', 'stable', 'share', 'doc'), { recursive: true });
      writeFileSync(join(root, 'home', 'ops', '.rustup', 'toolchains', 'stable', 'share', 'doc', 'msmtprc'), 'account default\nhost rustup-doc.contoso.local\n');
      mkdirSync(join(root, 'opt', 'tool', 'share', 'doc', 'examples'), { recursive: true });
      writeFileSync(join(root, 'opt', 'tool', 'share', 'doc', 'examples', 'msmtprc'), 'account default\nhost opt-doc.contoso.local\n');
      mkdirSync(join(root, 'home', 'ops', '.pyenv', 'versions', '3.11', 'lib'), { recursive: true });
      writeFileSync(join(root, 'home', 'ops', '.pyenv', 'versions', '3.11', 'lib', 'msmtprc'), 'account default\nhost pyenv.contoso.local\n');
      const out = join(root, 'inventory.json');
      const run = await runCli(['scan', root, '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      const hosts = (JSON.parse(readFileSync(out, 'utf8')) as Inventory).findings.map((f) => f.host);
      assert.deepEqual(hosts, ['live.contoso.local']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

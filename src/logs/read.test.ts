import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ScanWarning } from '../inventory/types.js';
import { MAX_LINE_CHARS, expandLogPaths, orderLogFiles, readLogLines } from './read.js';

describe('orderLogFiles', () => {
  it('puts rotated sets oldest first and keeps different sets in the order given', () => {
    const given = ['/var/log/mail.log', '/var/log/mail.log.1', '/var/log/mail.log.10.gz', '/var/log/mail.log.2.gz',
      '/srv/relay02/maillog', '/srv/relay02/maillog-20261102.gz', '/srv/relay02/maillog-20261101.gz'];
    assert.deepEqual(orderLogFiles(given), ['/var/log/mail.log.10.gz', '/var/log/mail.log.2.gz', '/var/log/mail.log.1', '/var/log/mail.log',
      '/srv/relay02/maillog-20261101.gz', '/srv/relay02/maillog-20261102.gz', '/srv/relay02/maillog']);
  });
});

describe('readLogLines', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'r365-read-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  async function read(path: string) {
    const lines: [number, string][] = [];
    const warnings: ScanWarning[] = [];
    const outcome = await readLogLines(path, (line, n) => { lines.push([n, line]); }, (w) => warnings.push(w));
    return { lines, warnings, outcome };
  }

  it('splits plain and gzip files the same way, across chunk boundaries, with or without a final newline', async () => {
    const body = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}`).join('\n');
    writeFileSync(join(dir, 'plain.log'), body);
    writeFileSync(join(dir, 'packed.log.gz'), gzipSync(`${body}\n`));
    const plain = await read(join(dir, 'plain.log'));
    const packed = await read(join(dir, 'packed.log.gz'));
    assert.equal(plain.lines.length, 40_000);
    assert.deepEqual(plain.lines.map(([, l]) => l), body.split('\n'));
    assert.deepEqual(packed.lines, plain.lines);
    assert.deepEqual([plain.warnings, packed.warnings], [[], []]);
  });

  it('keeps bytes as they are (latin1: one character per byte) and CR at line ends', async () => {
    writeFileSync(join(dir, 'bytes.log'), Buffer.from([0x61, 0xc3, 0xbc, 0x0d, 0x0a, 0xff, 0x00, 0x0a]));
    const { lines } = await read(join(dir, 'bytes.log'));
    assert.deepEqual(lines, [[1, 'a\u00c3\u00bc\r'], [2, '\u00ff\u0000']]);
  });

  it('skips an endless line with one warning naming its line, and goes on', async () => {
    writeFileSync(join(dir, 'long.log'), `first\n${'y'.repeat(MAX_LINE_CHARS * 3)}\nlast\n`);
    const { lines, warnings } = await read(join(dir, 'long.log'));
    assert.deepEqual(lines, [[1, 'first'], [3, 'last']]);
    assert.deepEqual(warnings.map((w) => [w.line, w.code]), [[2, 'too-large']]);
  });

  it('a truncated gzip keeps the lines before the damage and says where it stopped', async () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `entry ${i} ${(i * 7919) % 10007}`).join('\n');
    const gz = gzipSync(body);
    writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const { lines, warnings, outcome } = await read(join(dir, 'cut.log.gz'));
    assert.ok(lines.length > 1000 && lines.length < 50_000, `${lines.length} lines`);
    assert.equal(outcome.failed, true);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].code, 'gzip-error');
    assert.ok(warnings[0].line! > 1000);
  });

  it('missing files and directories are warnings, not errors', async () => {
    const missing = await read(join(dir, 'nope.log'));
    assert.deepEqual(missing.warnings.map((w) => w.code), ['not-found']);
    mkdirSync(join(dir, 'adir'), { recursive: true });
    const directory = await read(join(dir, 'adir'));
    assert.deepEqual(directory.warnings.map((w) => w.code), ['special-file']);
  });

  it('expands a directory into its log files, by name, sorted', async () => {
    const logs = join(dir, 'tree', 'inetpub', 'logs', 'SmtpSvc1');
    mkdirSync(logs, { recursive: true });
    for (const name of ['ex261125.log', 'ex261124.log', 'notes.txt']) writeFileSync(join(logs, name), '#Fields: x\n');
    const cpanel = join(dir, 'tree', 'var', 'log');
    mkdirSync(cpanel, { recursive: true });
    for (const name of ['exim_mainlog', 'exim_mainlog-20231105']) writeFileSync(join(cpanel, name), '');
    const warnings: ScanWarning[] = [];
    const files = await expandLogPaths([join(dir, 'tree'), join(dir, 'plain.log')], (w) => warnings.push(w));
    assert.deepEqual(files, [join(logs, 'ex261124.log'), join(logs, 'ex261125.log'), join(cpanel, 'exim_mainlog'), join(cpanel, 'exim_mainlog-20231105'), join(dir, 'plain.log')]);
    assert.deepEqual(warnings.map((w) => [w.code, w.message]), [['skipped', "1 file whose name does not look like a mail log was not read (name a file to read it)"]], 'notes.txt, said once');
  });
});

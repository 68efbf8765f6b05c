import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SenderBook } from './aggregate.js';
import { analyzeLogs } from './analyze.js';
import { readPostfixNative } from './native-reader.js';
import { PostfixParser } from './parsers/postfix.js';
import { TotalsCounter } from './totals.js';
import { postfixNative } from './native.js';
import { MAX_LINE_CHARS } from './read-limits.js';
import { syntheticPostfixLog } from './testing.js';

/** Everything but the clock: the two paths must write the same report. */
function comparable(report: Awaited<ReturnType<typeof analyzeLogs>>): unknown {
  return { ...report, stats: { ...report.stats, ms: 0 } };
}

/** The reader threads to compare with one thread: the JavaScript one always, the native one where it is built. */
const READERS: ('native' | 'thread')[] = postfixNative() ? ['native', 'thread'] : ['thread'];

describe('the Postfix pipeline (reader thread + parser)', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'r365-pipeline-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  async function same(name: string, content: string, knobs: { chunkBytes: number; capacity: number }[]): Promise<Awaited<ReturnType<typeof analyzeLogs>>> {
    const path = join(dir, `${name}.log`);
    writeFileSync(path, content, 'latin1');
    const one = await analyzeLogs({ files: [path], pipeline: { mode: 'never' }, native: false });
    for (const reader of READERS) {
      for (const k of knobs) {
        const piped: string[] = [];
        const two = await analyzeLogs({ files: [path], pipeline: { mode: 'always', reader, ...k, onFile: (p, r) => piped.push(`${r} ${p}`) } });
        assert.deepEqual(piped, [`${reader} ${path}`], `read through the ${reader} reader`);
        assert.deepEqual(comparable(two), comparable(one), `${name} with ${JSON.stringify(k)} through the ${reader} reader`);
      }
    }
    return one;
  }

  it('writes the same report as one thread, however the file is cut into slots', async () => {
    const log = syntheticPostfixLog({ messages: 600, relays: ['relay01', 'relay02'], deferRate: 0.2, bounceRate: 0.1, rejectRate: 0.2, pickupRate: 0.1, seed: 41 });
    const report = await same('synthetic', log, [{ chunkBytes: 1 << 20, capacity: 16_384 }, { chunkBytes: 1000, capacity: 7 }, { chunkBytes: 333, capacity: 1000 }]);
    assert.ok(report.totals.received > 500);
  });

  it('numbers lines the same around over-long lines, blank lines, CRLF and an unterminated last line', async () => {
    const base = syntheticPostfixLog({ messages: 200, seed: 42 }).split('\n').filter(Boolean);
    const long = 'x'.repeat(MAX_LINE_CHARS + 10);
    // past the first 200 lines: those decide the format, as in the one-thread reader
    const lines = [...base.slice(0, 250), long, '', `${base[250]}\r`, ...base.slice(251, 300), `${long}${long}`, ...base.slice(300)];
    const unterminated = `${lines.join('\n')}\n${'y'.repeat(100)}`;
    const report = await same('awkward', unterminated, [{ chunkBytes: 4096, capacity: 16 }, { chunkBytes: 70_000, capacity: 5 }, { chunkBytes: 1 << 20, capacity: 100 }]);
    assert.deepEqual(report.warnings.filter((w) => w.code === 'too-large').map((w) => w.line), [251, 303]);
    const endless = `${base.slice(0, 250).join('\n')}\n${'z'.repeat(MAX_LINE_CHARS * 3)}`;
    const cut = await same('endless', endless, [{ chunkBytes: 4096, capacity: 16 }, { chunkBytes: 1 << 20, capacity: 100 }]);
    assert.equal(cut.stats.lines, 250, 'an endless last line is reported, not counted');
  });

  it('leaves small, gzip and non-Postfix files to the one-thread reader', async () => {
    const path = join(dir, 'exim.log');
    writeFileSync(path, '2026-11-03 10:00:00 1vXyZa-000123-AB <= app@contoso.com H=web01 [10.0.0.5] P=esmtp S=1234\n');
    const piped: string[] = [];
    const report = await analyzeLogs({ files: [path], pipeline: { mode: 'always', onFile: (p) => piped.push(p) } });
    assert.equal(report.files[0].format, 'exim');
    assert.deepEqual(piped, []);
    const gz = join(dir, 'mail.log.1.gz');
    writeFileSync(gz, gzipSync(syntheticPostfixLog({ messages: 300, seed: 43 })));
    const small = join(dir, 'small.log');
    writeFileSync(small, syntheticPostfixLog({ messages: 30, seed: 44 }));
    const second: string[] = [];
    await analyzeLogs({ files: [gz, small], pipeline: { onFile: (p) => second.push(p) } });
    assert.deepEqual(second, [], 'gzip never, and a small file not by default');
  });

  it('native reader: a value table that fills up restarts in step with the parser (1,100 TLS protocol names, 1,024 kept)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1100; i++) {
      const pid = 1000 + i;
      const qid = `Q${i.toString(16).toUpperCase().padStart(6, '0')}`;
      const t = `Nov  3 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} relay01`;
      lines.push(`${t} postfix/smtpd[${pid}]: connect from app.example[192.0.2.10]`,
        `${t} postfix/smtpd[${pid}]: Anonymous TLS connection established from app.example[192.0.2.10]: TLSv1.${i} with cipher X (256/256 bits)`,
        `${t} postfix/smtpd[${pid}]: ${qid}: client=app.example[192.0.2.10]`,
        `${t} postfix/qmgr[99]: ${qid}: from=<app@example.com>, size=100, nrcpt=1 (queue active)`,
        `${t} postfix/smtp[98]: ${qid}: to=<r${i}@example.org>, relay=mx[192.0.2.20]:25, delay=1, status=sent (250 ok)`,
        `${t} postfix/qmgr[99]: ${qid}: removed`,
        `${t} postfix/smtpd[${pid}]: disconnect from app.example[192.0.2.10]`);
    }
    const report = await same('protocols', `${lines.join('\n')}\n`, [{ chunkBytes: 1 << 20, capacity: 16_384 }, { chunkBytes: 5000, capacity: 50 }]);
    assert.equal(report.totals.received, 1100);
    assert.equal(Object.keys(report.senders[0].tls).length, 1100, 'every protocol name reached the sender table');
  });

  it('native reader: a file that cannot be opened or read is a warning with its line, never a crash', { skip: !postfixNative() && 'the native addon is not built here' }, async () => {
    const read = async (path: string) => {
      const parser = new PostfixParser();
      const warnings: { line?: number; code: string; message: string }[] = [];
      parser.startFile({ path, mtime: null, book: new SenderBook([]), totals: new TotalsCounter(), unknown() {}, warn() {}, relay() {} });
      const outcome = await readPostfixNative(postfixNative()!, path, parser, (w) => warnings.push(w));
      return { outcome, warnings };
    };
    const missing = await read(join(dir, 'no-such.log'));
    assert.deepEqual(missing.warnings, [{ path: join(dir, 'no-such.log'), line: 1, code: 'unreadable', message: 'cannot read (ENOENT)' }]);
    assert.equal(missing.outcome.failed, true);
    const folder = await read(dir);
    assert.deepEqual(folder.warnings.map((w) => [w.line, w.message]), [[1, 'read failed after line 0 (EISDIR)']]);
    assert.equal(folder.outcome.lines, 0);
  });
});

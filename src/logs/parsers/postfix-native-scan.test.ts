// The native Postfix scanner (native/postfix-scan.c) against PostfixLineScanner (postfix-fast.ts): every line gives
// the same row (postfix-record.ts), field for field, with one header and one scanner kept across the lines of a
// buffer as the reader thread keeps them (pipeline-worker.ts). Lines in one buffer let both read the bytes around a
// line's end; a line alone in its buffer makes those reads fall outside it (JavaScript's undefined).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { nativeAddon } from '../../scan/native.js';
import { mutateLine, seeded } from '../test-support.js';
import { syntheticPostfixLog, type SyntheticLogOptions } from '../testing.js';
import { PostfixLineScanner } from './postfix-fast.js';
import type { Header } from './postfix-line.js';
import { RECORD, SHAPES, shapeCode, writeRecord } from './postfix-record.js';

interface ScanAddon { postfixScanRows(buffer: Buffer, end?: number): { rows: Int32Array; sizes: Float64Array } }

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the build can make the addon (as src/scan/native.test.ts decides): only there must it exist. */
const buildable = process.platform !== 'win32' && process.env.RELAY365_NATIVE !== '0'
  && ['cc', 'gcc', 'clang'].some((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);

const FIELDS = ['code', 's', 'e', 'lineNo', 'h.kind', 'h.stampEnd', 'h.dayStart', 'h.hour', 'h.minute', 'h.timeStart', 'h.hostStart',
  'h.hostEnd', 'h.restStart', 'hostStart', 'hostEnd', 'pid', 'qidStart', 'qidEnd', 'a', 'b', 'c', 'd', 'sized', 'status', 'forwarded',
  'methodStart', 'methodEnd', 'userStart', 'userEnd'];

function addon(): ScanAddon {
  const native = nativeAddon() as Partial<ScanAddon> | null;
  assert.ok(native?.postfixScanRows, 'build/Release/walk.node is missing, does not load or has no postfixScanRows: run `npm run build`');
  return native as ScanAddon;
}

/**
 * The rows the reader thread writes for the lines of buffer[0, end) (pipeline-worker.ts, without its over-long
 * lines): split in that view, scanned in the whole buffer, as the worker does in its slot.
 */
function jsRows(buffer: Buffer, end: number): { rows: Int32Array; sizes: Float64Array } {
  const view = buffer.subarray(0, end);
  let n = 0;
  let pos = 0;
  for (let nl = view.indexOf(10, pos); nl !== -1; nl = view.indexOf(10, pos)) { n++; pos = nl + 1; }
  if (pos < end) n++;
  const rows = new Int32Array(n * RECORD);
  const sizes = new Float64Array(n);
  const h: Header = { kind: 'classic', stampEnd: 0, dayStart: 0, hour: 0, minute: 0, timeStart: 0, hostStart: 0, hostEnd: 0, restStart: 0 };
  const scanner = new PostfixLineScanner(h);
  let count = 0;
  let lineNo = 0;
  pos = 0;
  for (let nl = view.indexOf(10, pos); nl !== -1; nl = view.indexOf(10, pos)) {
    lineNo++;
    writeRecord(rows, sizes, count++, shapeCode(scanner.scan(buffer, pos, nl)), pos, nl, lineNo, scanner, h);
    pos = nl + 1;
  }
  if (pos < end) {
    lineNo++;
    writeRecord(rows, sizes, count++, shapeCode(scanner.scan(buffer, pos, end)), pos, end, lineNo, scanner, h);
  }
  return { rows, sizes };
}

/** Both scanners over the lines of buffer[0, end): the same rows and sizes; counts the shape codes seen. */
function agree(label: string, buffer: Buffer, shapes?: number[], end = buffer.length): void {
  const js = jsRows(buffer, end);
  const c = end === buffer.length ? addon().postfixScanRows(buffer) : addon().postfixScanRows(buffer, end);
  assert.equal(c.rows.length, js.rows.length, `${label}: number of rows`);
  const line = (row: number) => JSON.stringify(buffer.toString('latin1', js.rows[row * RECORD + 1], js.rows[row * RECORD + 2]));
  for (let k = 0; k < js.rows.length; k++) {
    if (c.rows[k] === js.rows[k]) continue;
    const row = Math.floor(k / RECORD);
    assert.fail(`${label}: line ${js.rows[row * RECORD + 3]}, ${FIELDS[k % RECORD]}: C ${c.rows[k]}, JavaScript ${js.rows[k]} (shape ${SHAPES[js.rows[row * RECORD]] ?? js.rows[row * RECORD]}): ${line(row)}`);
  }
  for (let row = 0; row < js.sizes.length; row++) {
    if (!Object.is(c.sizes[row], js.sizes[row])) assert.fail(`${label}: line ${js.rows[row * RECORD + 3]}, sizeBytes: C ${c.sizes[row]}, JavaScript ${js.sizes[row]}: ${line(row)}`);
  }
  assert.deepStrictEqual(c.rows, js.rows, label);
  assert.deepStrictEqual(c.sizes, js.sizes, label);
  if (shapes) for (let row = 0; row < js.sizes.length; row++) shapes[js.rows[row * RECORD]]++;
}

/**
 * Each line in a buffer of its own, without its newline (a fresh header and scanner each): the buffer ends with
 * it, or the next line's bytes follow it (a last line in the reader's slot, before what an earlier read left there).
 */
function agreeAlone(label: string, lines: readonly string[]): void {
  lines.forEach((line, i) => {
    agree(`${label}, line ${i + 1} alone`, Buffer.from(line, 'latin1'));
    agree(`${label}, line ${i + 1} alone, more bytes after it`, Buffer.from(line + lines[(i + 1) % lines.length], 'latin1'), undefined, line.length);
  });
}

/** All lines in one buffer (as latin1: one byte a character), ending with a newline or not. */
function joined(lines: readonly string[], newlineAtEnd = true): Buffer {
  return Buffer.from(lines.join('\n') + (newlineAtEnd ? '\n' : ''), 'latin1');
}

/**
 * The lines the other Postfix tests feed the parser (ADVERSARIAL of postfix-fast.test.ts, EDGE_CASES of
 * logs-pflogsumm.test.ts, ...): each string literal standing alone on a line of those files, evaluated, so that
 * lines added there are checked here too. A template naming the test's own variables cannot be and is left out.
 */
function literalLines(file: string): string[] {
  const out: string[] = [];
  for (const source of readFileSync(join(repo, file), 'utf8').split('\n')) {
    const m = /^\s*('(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`),?\s*$/.exec(source);
    if (!m) continue;
    try {
      out.push(new Function(`return ${m[1]};`)() as string);
    } catch {
      // a template with the test's variables in it
    }
  }
  return out;
}

const ADVERSARIAL = literalLines('src/logs/parsers/postfix-fast.test.ts');
const FIXTURE_LINES = [
  ...ADVERSARIAL,
  ...literalLines('test/logs-pflogsumm.test.ts'),
  ...literalLines('src/logs/parsers/postfix.test.ts'),
  ...literalLines('src/logs/parsers/postfix-line.test.ts'),
  ...literalLines('src/logs/per-day.test.ts'),
];
const SOLARIS = 'Nov  3 10:09:14 relay01 postfix/qmgr[102]: [ID 123 mail.info] 8B9C: from=<s@solaris.example>, size=99, nrcpt=1';

/** Lines at the edges of the scanner's rules that the other tests' lines do not reach. */
const EDGES = [
  ...[...Array.from({ length: 18 }, (_, k) => [`size=${'9'.repeat(k + 1)}`, `size=1${'0'.repeat(k)}`]).flat(), 'size=0', 'size=00', 'size=01', 'size=0x', 'size=', 'size=-1', 'size=1 ']
    .map((size) => `Nov  3 10:00:01 relay01 postfix/qmgr[102]: 1A: from=<a@b.example>, ${size}, nrcpt=1 (queue active)`),
  ...Array.from({ length: 12 }, (_, k) => `Nov  3 10:00:00 relay01 postfix/smtpd[${'8'.repeat(k + 1)}]: connect from a.example[192.0.2.1]`),
  ...Array.from({ length: 12 }, (_, k) => `Nov  3 10:00:00 relay01 postfix/qmgr[${String(10 ** k)}]: 1A: from=<a@b>, size=${k}, nrcpt=1`),
  ...['sent', 'deferred', 'bounced', 'expired', 'sent,', 'SENT'].flatMap((status) => [
    `Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, relay=local, delay=0, status=${status} (forwarded as 2B)`,
    `Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, relay=local, delay=0, status=${status} (delivered)`,
  ]),
  'Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, relay=local, delay=0, status=sent forwarded as',
  'Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, relay=local, delay=0, status=sent forwarded as ',
  'Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, relay=local, delay=0, status=sent ffforwarded as x',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<r@b>, relay=x,',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<r@b>, relay=x, delay=1,',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<r@b>, relay=x, delay=1, delays=,',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A: client=a[192.0.2.1], sasl_method=PLAIN',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A: client=a[192.0.2.1], sasl_method=PLAIN, sasl_username=',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A: client=a[192.0.2.1], sasl_method=\u00a0PLAIN, sasl_username=bob',
];

/** Lines cut at every length: each of their bytes is a line's end once. */
const CUT_SAMPLES = [
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A: client=a.example[192.0.2.1], sasl_method=PLAIN, sasl_username=alice',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher X (256/256 bits)',
  'Nov  3 10:00:01 relay01 postfix/qmgr[102]: 1A: from=<A@B.EXAMPLE>, size=10, nrcpt=2 (queue active)',
  'Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, orig_to=<root>, relay=local, conn_use=2, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 2B)',
  '2026-11-03T10:00:12.123456+01:00 relay01 postfix/submission/smtpd[107]: 7L: client=l[192.0.2.13]',
  '2026-11-03T10:00:12Z relay01 postfix/qmgr[102]: 7L: removed',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AR: uid=0 from=<root>',
  'Nov  3 10:00:18 relay01 postfix/smtpd[111]: warning: unknown[192.0.2.18]: SASL LOGIN authentication failed: xyz',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: disconnect from e.example[192.0.2.6] ehlo=1 quit=1 commands=2',
  SOLARIS,
];

const SYNTHETIC: Record<string, SyntheticLogOptions> = {
  classic: { messages: 1500, maxRecipients: 6, deferRate: 0.2, bounceRate: 0.1, rejectRate: 0.3, saslFailRate: 0.2, pickupRate: 0.2, forwardRate: 0.3, noiseRate: 0.5, relays: ['relay01', 'relay02'], seed: 41 },
  rfc3339: { messages: 800, style: 'rfc3339', deferRate: 0.2, seed: 42 },
  maillog: { messages: 800, style: 'maillog', bounceRate: 0.2, pickupRate: 0.3, seed: 43 },
  midMessage: { messages: 400, skipLines: 29, noiseRate: 0.95, seed: 44 },
};
const synthetic = (options: SyntheticLogOptions) => syntheticPostfixLog(options).split('\n').filter(Boolean);

/** Damage a line byte-wise: latin1 bytes 0x80-0xff, NBSP, CR, tabs, spaces, stray separators, here and there. */
function damageBytes(line: string, rnd: () => number): string {
  const tokens = ['\u00a0', '\r', '\t', ' ', ':', '[', ']', '<', '>', ',', '=', '\u00ff', '\u0080', '\u0085', 'f', 'I', 'ID '];
  let out = line;
  for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) {
    const at = Math.floor(rnd() * (out.length + 1));
    const roll = rnd();
    const token = roll < 0.5 ? String.fromCharCode(0x80 + Math.floor(rnd() * 0x80)) : tokens[Math.floor(rnd() * tokens.length)];
    out = rnd() < 0.5 ? out.slice(0, at) + token + out.slice(at) : out.slice(0, at) + token + out.slice(at + 1);
  }
  return out;
}

/** At least 20,000 damaged lines from several seeds, with lines left whole between them. */
function damagedLines(): string[] {
  const base = [...Object.values(SYNTHETIC).flatMap((o) => synthetic({ ...o, messages: 300 })), ...FIXTURE_LINES];
  const out: string[] = [];
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const rnd = seeded(seed);
    for (let k = 0; k < 4000; k++) {
      const line = base[Math.floor(rnd() * base.length)];
      const roll = rnd();
      out.push(roll < 0.6 ? mutateLine(line, rnd) : roll < 0.9 ? damageBytes(line, rnd) : line);
    }
  }
  return out;
}

describe('the native Postfix scanner writes the rows the JavaScript scanner writes', { skip: !buildable && 'no C compiler here, or Windows, or RELAY365_NATIVE=0: logs are scanned in JavaScript' }, () => {
  it('is built here', () => {
    assert.equal(typeof addon().postfixScanRows, 'function');
  });

  it('the other tests\' lines: the byte path\'s adversarial ones, pflogsumm\'s edge cases, the parser\'s', () => {
    assert.ok(ADVERSARIAL.length >= 70 && ADVERSARIAL.some((l) => l.includes(`${'Q'.repeat(60)}: removed`)), `${ADVERSARIAL.length} adversarial lines read`);
    assert.ok(FIXTURE_LINES.some((l) => l.includes('[ID 197553 mail.info]')) && FIXTURE_LINES.length > 150, `${FIXTURE_LINES.length} lines read`);
    const shapes = SHAPES.map(() => 0);
    const lines = [...FIXTURE_LINES, ...EDGES, SOLARIS, '', ''];
    agree('fixture lines', joined(lines), shapes);
    agree('fixture lines, no newline at the end', joined(lines.slice(0, -2), false), shapes);
    agree('fixture lines as UTF-8', Buffer.from(`${lines.join('\n')}\n`, 'utf8'), shapes);
    agree('fixture lines, CRLF', joined(lines.map((l) => `${l}\r`)), shapes);
    agreeAlone('fixture lines', lines);
    SHAPES.forEach((shape, code) => assert.ok(shapes[code] > 0, `no ${shape} line among ${JSON.stringify(shapes)}`));
  });

  it('the example fleet\'s relay01 logs', () => {
    const dir = join(repo, 'examples/fleet/relay01/var/log');
    agree('mail.log', readFileSync(join(dir, 'mail.log')));
    agree('mail.log.1.gz', gunzipSync(readFileSync(join(dir, 'mail.log.1.gz'))));
  });

  for (const [name, options] of Object.entries(SYNTHETIC)) {
    it(`a synthetic ${name} log`, () => {
      const text = syntheticPostfixLog(options);
      agree(name, Buffer.from(text, 'latin1'));
      agree(`${name}, cut mid-line`, Buffer.from(text.slice(0, Math.floor(text.length * 0.7)), 'latin1'));
    });
  }

  it('20,000+ damaged lines, together and each alone', () => {
    const lines = damagedLines();
    assert.ok(lines.length >= 20_000);
    assert.ok(lines.some((l) => /[\u0080-\u00ff]/.test(l)) && lines.some((l) => l.includes('\r')) && lines.some((l) => l.includes('\t')));
    const shapes = SHAPES.map(() => 0);
    agree('damaged lines', joined(lines), shapes);
    SHAPES.forEach((shape, code) => assert.ok(shapes[code] > 0, `no ${shape} line among ${JSON.stringify(shapes)}`));
    agreeAlone('damaged lines', lines);
  });

  it('lines cut at every length', () => {
    const cuts = CUT_SAMPLES.flatMap((line) => Array.from({ length: line.length + 1 }, (_, n) => line.slice(0, n)));
    agree('cut lines', joined(cuts));
    // each cut line before a whole one: what lies past its end is the next line's start
    agree('cut lines before whole ones', joined(cuts.flatMap((cut, i) => [cut, CUT_SAMPLES[i % CUT_SAMPLES.length]])));
    agreeAlone('cut lines', cuts);
  });

  it('a last line without newline, cut at every length, before the rest of its bytes in the buffer', () => {
    // a reader thread scans a file's last line in its whole slot, where the bytes after it are still there
    const before = `${FIXTURE_LINES.slice(0, 12).join('\n')}\n`;
    for (const line of [...CUT_SAMPLES, ...EDGES]) {
      const buffer = Buffer.from(`${before}${line}\n${CUT_SAMPLES[0]}`, 'latin1');
      for (let n = 0; n <= line.length; n++) agree(`${JSON.stringify(line)} cut at ${n}`, buffer, undefined, before.length + n);
    }
  });
});

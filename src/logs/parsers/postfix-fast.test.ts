import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SenderBook } from '../aggregate.js';
import { TotalsCounter } from '../totals.js';
import { analyzeLogs } from '../analyze.js';
import { syntheticPostfixLog, type SyntheticLogOptions } from '../testing.js';
import { mutateLine, seeded } from '../test-support.js';
import { PostfixLineScanner } from './postfix-fast.js';
import type { Header } from './postfix-line.js';
import { PostfixParser } from './postfix.js';

// The byte path (postfix-fast.ts) may only take a line when the string path would do exactly the same with
// it. Checked here as a whole: the report read through bytes (analyzeLogs) must equal the one the string
// path alone makes of the same lines — totals, every sender's facts, the per-day series.

/** Lines that aim at the byte path's shortcuts: each differs from a common shape in one place that matters. */
const ADVERSARIAL = [
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher X (256/256 bits)',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A: client=a.example[192.0.2.1], sasl_method=PLAIN, sasl_username=alice',
  'Nov  3 10:00:01 relay01 postfix/cleanup[101]: 1A: message-id=<x@y> to=<hidden@example.com>, relay=x, delay=1, status=sent (ok)',
  'Nov  3 10:00:01 relay01 postfix/qmgr[102]: 1A: from=<A@B.EXAMPLE>, size=10, nrcpt=2 (queue active)',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<x@Y.example>, relay=mx[192.0.2.4]:25, delay=1, status=sent (250 from=<z@q>, size=99)',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<x@y.example>, relay=mx, delay=1, status=sent (250: [ID 12 mail.info] forwarded as 2B)',
  'Nov  3 10:00:02 relay01 postfix/local[104]: 1A: to=<r@relay01>, orig_to=<root>, relay=local, delay=0, status=sent (forwarded as 2B)',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A: to=<q@y.example>, relay=mx, conn_use=2, delay=1, delays=1/2/3/4, dsn=2.0.0, status=sent',
  'Nov  3 10:00:03 relay01 postfix/smtp[103]: 1A: to=<q@y.example>, relay=mx,, delay=1, status=sent (comma in relay)',
  'Nov  3 10:00:03 relay01 postfix/qmgr[102]: 1A: removed',
  'Nov  3 10:00:03 relay01 postfix/qmgr[102]: 1A: removed\r',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: 2B: client=b.example[192.0.2.2], sasl_method=, sasl_method=LOGIN',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: 2C: client=c sasl_method=CRAM[192.0.2.3]',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: 2D: client=,d.example[192.0.2.5]',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: 2E: client=',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: connect from e.example[192.0.2.6]: reject: RCPT from x[192.0.2.7]: 554 no',
  'Nov  3 10:00:04 relay01 postfix/smtpd[100]: disconnect from e.example[192.0.2.6]: client=sneaky[192.0.2.8]',
  'Nov  3 10:00:05 relay01 postfix/smtpd[12345678901]: 3F: client=f.example[192.0.2.9]',
  'Nov  3 10:00:05 relay01 postfix/smtpd[100]: 3F: client=f.example[192.0.2.9]',
  'Nov  3 10:00:05 relay01 postfix/qmgr[102]: 3F: from=<f@example.com>, size=1234567890123456789, nrcpt=1',
  'Nov  3 10:00:05 relay01 postfix/qmgr[102]: 3F: from=<f@example.com>, size=0, nrcpt=1',
  'Nov  3 10:00:05 relay01 postfix/qmgr[102]: 3F: from=<f@example.com>, size=12, nrcpt=1',
  'Nov  3 10:00:06 relay01 postfix/smtp[103]: 3F: to=<a@b>, relay=x, delay=1, status=deferred (later)',
  'Nov  3 10:00:06 relay01 postfix/smtp[103]: 3F: to=<a@b>, relay=x, delay=1, status=deferredish (later)',
  'Nov  3 10:00:06 relay01 postfix/smtp[103]: 3F: to=<a@b>, relay=x, delay=1, status=bounced (no)',
  'Nov  3 10:00:06 relay01 postfix/qmgr[102]: 3F: removed',
  'Nov  3 10:00:07 relay01 postfix/smtp[103]: 3F: to=<late@b>, relay=x, delay=1, status=deferred (after removal)',
  'Nov  3 10:00:07 relay01 postfix/smtp[103]: 3F: to=<late@b>, relay=x, delay=1, status=deferred (again)',
  'Nov  3 10:00:07 relay01 postfix/smtp[103]: 3F: to=<late@b>, relay=x, delay=1, status=sent (late)',
  'Nov  3 10:00:08 relay-01.example_x postfix/smtpd[100]: 4G: client=g[192.0.2.10]',
  'Nov  3 10:00:08 relay(01) postfix/smtpd[100]: 4H: client=h[192.0.2.11]',
  'Nov  3 10:00:08 from=<x postfix/qmgr[102]: 4H: from=<h@example.com>, size=5, nrcpt=1',
  'Nov  3 10:00:09 relay01 postfix/cleanup[101]: 4G: header Subject: x: body here',
  'Nov  3 10:00:09 relay01 postfix/cleanup[101]: 4G: reject: header Subject: x from g[192.0.2.10]; from=<a@b> to=<c@d>',
  'Nov  3 10:00:09 relay01 postfix/cleanup[101]: header: message-id=<4G@x>',
  'Nov  3 10:00:10 relay01 postfix/qmgr[102]: warning: 4G: from=<w@example.com>, size=5',
  'Nov  3 10:00:10 relay01 postfix/smtp[103]: reject: 4G: to=<r@example.com>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:10 relay01 postfix/pickup[105]: 5I: uid=0 from=<root>',
  'Nov  3 10:00:10 relay01 postfix/pickup[105]: 5J: from=<root>, size=3, nrcpt=1',
  'Nov  3 10:00:10 relay01 postfix/bounce[106]: 5I: sender non-delivery notification: 6K',
  'Nov  3 10:00:10 relay01 postfix/bounce[106]: 5I: sender notification: to=<n@example.com>',
  `Nov  3 10:00:11 relay01 postfix/smtpd[100]: ${'Q'.repeat(60)}: client=long[192.0.2.12]`,
  `Nov  3 10:00:11 relay01 postfix/qmgr[102]: ${'Q'.repeat(60)}: from=<long@example.com>, size=7, nrcpt=1`,
  `Nov  3 10:00:11 relay01 postfix/smtp[103]: ${'Q'.repeat(60)}: to=<long@example.org>, relay=x, delay=1, status=sent`,
  `Nov  3 10:00:11 relay01 postfix/qmgr[102]: ${'Q'.repeat(60)}: removed`,
  `Nov  3 10:00:11 relay01 postfix/qmgr[102]: ${'Q'.repeat(59)}R: removed`,
  '2026-11-03T10:00:12.123456+01:00 relay01 postfix/smtps/smtpd[107]: 7L: client=l[192.0.2.13]',
  '2026-11-03T10:00:12Z relay01 postfix/submission/smtpd[108]: 7M: client=m[192.0.2.14]',
  'Nov  3 10:00:13 relay01 postfix/smtpd[100]: 8N: client=n[2001:db8::1], sasl_method=PLAIN',
  'Nov  3 10:00:13 relay01 postfix/smtpd[100]: Trusted TLS connection established from n[2001:db8::1]: TLSv1.2 with cipher Y',
  'Nov  3 10:00:13 relay01 postfix/smtpd[100]: Verified TLS connection established from n[192.0.2.15]: TLSv1.2 with ciphers Y',
  'Nov 3 10:00:14 relay01 postfix/qmgr[102]: 8N: from=<n@example.com>, size=8, nrcpt=1',
  'Nov 30 10:00:14 relay01 postfix/qmgr[102]: 8N: from=<n@example.com>, size=8, nrcpt=1',
  'Nov  3 10:00:15 relay01 postfix/smtp[103]: 8N: to=<Mixed.Case@Example.COM.>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:15 relay01 postfix/smtp[103]: 8N: to=<mixed.case@example.com.>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:15 relay01 postfix/smtp[103]: 8N: to=<@route@Example.COM>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:15 relay01 postfix/smtp[103]: 8N: to=<nodomain>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:15 relay01 postfix/smtp[103]: 8N: to=<trailing@>, relay=x, delay=1, status=sent',
  'Nov  3 10:00:16 relay01 postfix/from=<qmgr[102]: 9P: from=<p@example.com>, size=9, nrcpt=1',
  'Nov  3 10:00:16 relay01 postfix/smtpd[109]: connect from p.example[192.0.2.16]',
  'Nov  3 10:00:16 relay01 postfix/smtpd[109]: Anonymous TLS connection established from p.example[192.0.2.16]: TLS\u00a0v1.3 with cipher Z',
  'Nov  3 10:00:16 relay01 postfix/smtpd[109]: 9Q: client=p.example[192.0.2.16], sasl_method=P\u00a0LAIN, sasl_username=bob',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AR: uid=0 from=<root>',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AS: sender=root',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AT: uid=0 from=<root>, size=12',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AU: uid=0 from=<root> to=<x@y>, relay=z, delay=1, status=sent',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AV: uid=0 farm=<root>',
  'Nov  3 10:00:17 relay01 postfix/pickup[110]: AW: uid=0 from=<ro<ot>',
  'Nov  3 10:00:18 relay01 postfix/smtpd[111]: warning: hostname x does not resolve to address 192.0.2.17',
  'Nov  3 10:00:18 relay01 postfix/smtpd[111]: warning: unknown[192.0.2.18]: SASL LOGIN authentication failed: xyz',
  'Nov  3 10:00:18 relay01 postfix/cleanup[112]: warning: header Subject: x from y[192.0.2.19]; from=<a@b> to=<c@d>',
  'Nov  3 10:00:18 relay01 postfix/master[113]: warning: process /usr/lib/postfix/sbin/smtpd pid 1 exit status 1',
  'Nov  3 10:00:19 relay01 postfix/local[114]: AR: to=<root@relay01>, orig_to=<root>, relay=local, delay=0, status=sent (forwarded as AX)',
  'Nov  3 10:00:19 relay01 postfix/local[114]: AR: to=<root@relay01>, orig_to=<from=<x>, size=5>, relay=local, delay=0, status=sent',
];

/** The report the string path alone makes of these lines (the reference). */
function throughText(path: string, lines: string[]) {
  const book = new SenderBook([]);
  const totals = new TotalsCounter();
  const parser = new PostfixParser();
  book.setFile(path);
  parser.startFile({ path, mtime: statSync(path).mtime, book, totals, unknown() {}, warn() {}, relay() {} });
  lines.forEach((line, i) => parser.line(line, i + 1));
  return { totals: totals.toTotals(), senders: book.list(), perDay: book.perDay() };
}

describe('the Postfix byte path agrees with the string path', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'r365-fast-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  async function agree(name: string, lines: string[]): Promise<void> {
    const path = join(dir, `${name}.log`);
    writeFileSync(path, `${lines.join('\n')}\n`, 'latin1');
    const report = await analyzeLogs({ files: [path], format: 'postfix' });
    const reference = throughText(path, lines);
    assert.deepEqual(report.totals, reference.totals, `${name}: totals`);
    assert.deepEqual(report.senders, reference.senders, `${name}: senders`);
    assert.deepEqual(report.perDay, reference.perDay, `${name}: per day`);
    const piped = await analyzeLogs({ files: [path], format: 'postfix', pipeline: { mode: 'always', chunkBytes: 8192, capacity: 100 } });
    assert.deepEqual(piped.totals, reference.totals, `${name}: totals through the pipeline`);
    assert.deepEqual(piped.senders, reference.senders, `${name}: senders through the pipeline`);
    assert.deepEqual(piped.perDay, reference.perDay, `${name}: per day through the pipeline`);
  }

  it('on lines aimed at its shortcuts', async () => {
    await agree('adversarial', ADVERSARIAL);
  });

  const shapes: Record<string, SyntheticLogOptions> = {
    classic: { messages: 1500, maxRecipients: 6, deferRate: 0.2, bounceRate: 0.1, rejectRate: 0.3, saslFailRate: 0.2, pickupRate: 0.2, forwardRate: 0.3, noiseRate: 0.5, relays: ['relay01', 'relay02'], seed: 31 },
    rfc3339: { messages: 800, style: 'rfc3339', deferRate: 0.2, seed: 32 },
    maillog: { messages: 800, style: 'maillog', bounceRate: 0.2, pickupRate: 0.3, seed: 33 },
  };
  for (const [style, options] of Object.entries(shapes)) {
    it(`on ${style} logs with a third of their lines damaged`, async () => {
      const rnd = seeded(options.seed!);
      const base = syntheticPostfixLog(options).split('\n').filter(Boolean);
      const damaged = base.map((line) => (rnd() < 0.33 ? mutateLine(line, rnd) : line));
      await agree(`damaged-${style}`, [...damaged, ...ADVERSARIAL.map((line) => mutateLine(line, rnd))]);
    });
  }

  it('across read chunks (a log of several megabytes)', async () => {
    const lines = syntheticPostfixLog({ messages: 24_000, relays: ['relay01', 'relay02'], deferRate: 0.05, seed: 34 }).split('\n').filter(Boolean);
    assert.ok(lines.join('\n').length > 3 * 1024 * 1024, 'the log spans several 1 MB chunks');
    await agree('chunks', lines);
  });

  it('takes the common shapes itself and hands the rest to the string path', () => {
    const scanner = new PostfixLineScanner({} as Header);
    const shapes = new Map<string, number>();
    const text = syntheticPostfixLog({ messages: 300, seed: 35, rejectRate: 0.3, noiseRate: 0.5 });
    const buffer = Buffer.from(text, 'latin1');
    for (let s = 0, nl = buffer.indexOf(10); nl !== -1; s = nl + 1, nl = buffer.indexOf(10, s)) {
      const shape = scanner.scan(buffer, s, nl);
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
    for (const shape of ['client', 'connect', 'disconnect', 'tls', 'from', 'to', 'removed', 'noop', 'noise', 'text']) {
      assert.ok((shapes.get(shape) ?? 0) > 0, `no ${shape} line in ${JSON.stringify([...shapes])}`);
    }
    const total = [...shapes.values()].reduce((a, b) => a + b, 0);
    assert.ok((shapes.get('text') ?? 0) < total * 0.1, `${shapes.get('text')} of ${total} lines went the string path`);
  });
});

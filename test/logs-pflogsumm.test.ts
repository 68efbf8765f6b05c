// `logs` totals against Debian's pflogsumm on the same files, for logs of many shapes (DESIGN.md: they must be equal).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeLogs } from '../src/logs/analyze.js';
import { postfixNative } from '../src/logs/native.js';
import { syntheticPostfixLog, type SyntheticLogOptions } from '../src/logs/testing.js';
import { mutateLine, seeded } from '../src/logs/test-support.js';
import type { LogTotals } from '../src/logs/types.js';
import { pflogsumm, pflogsummAvailable, pflogsummUnits } from './support/pflogsumm.js';
import { repoRoot } from './support/cli.js';

const skip = pflogsummAvailable() ? false : 'pflogsumm is not installed (Debian package pflogsumm; .ci/run installs it)';

const SHAPES: Record<string, SyntheticLogOptions> = {
  'multi-recipient messages': { messages: 400, maxRecipients: 14, seed: 11 },
  'deferrals, then delivery or bounce': { messages: 400, deferRate: 0.35, seed: 12 },
  'bounces with their notification messages': { messages: 400, bounceRate: 0.25, seed: 13 },
  'NOQUEUE rejects and SASL failures': { messages: 300, noiseRate: 0.9, rejectRate: 0.5, saslFailRate: 0.3, seed: 14 },
  'several relays interleaved': { messages: 600, relays: ['relay01', 'relay02', 'mx03'], spacing: 0.3, seed: 15 },
  'noise from other daemons': { messages: 300, noiseRate: 0.95, rejectRate: 0, saslFailRate: 0, seed: 16 },
  'a log that starts mid-message': { messages: 300, skipLines: 29, seed: 17 },
  'pickup, local delivery and forwards': { messages: 300, pickupRate: 0.4, forwardRate: 0.6, seed: 18 },
  'RFC 3339 timestamps (rsyslog on Debian 12)': { messages: 400, style: 'rfc3339', deferRate: 0.1, seed: 19 },
  "Postfix's own maillog_file (zero-padded day)": { messages: 400, style: 'maillog', bounceRate: 0.1, seed: 20 },
};

/** Lines pflogsumm treats in its own particular ways: Perl truthiness, Solaris tags, IPv6 clients, CRLF, raw bytes. */
const EDGE_CASES = [
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: connect from unknown[2001:db8::5]',
  'Nov  3 10:00:00 relay01 postfix/smtpd[100]: 1A2B3C: client=unknown[2001:db8::5]',
  'Nov  3 10:00:01 relay01 postfix/cleanup[101]: 1A2B3C: message-id=<x@y>',
  'Nov  3 10:00:01 relay01 postfix/qmgr[102]: 1A2B3C: from=<0>, size=0, nrcpt=2 (queue active)',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A2B3C: to=<>, relay=none, delay=0.1, delays=0/0/0/0, dsn=5.1.3, status=bounced (bad address syntax)',
  'Nov  3 10:00:02 relay01 postfix/smtp[103]: 1A2B3C: to=<User@Example.COM>, relay=mx[192.0.2.4]:25, delay=0.1, status=sent (250 ok)',
  'Nov  3 10:00:03 relay01 postfix/qmgr[102]: 1A2B3C: removed',
  'Nov  3 10:01:00 relay01 postfix/smtpd[100]: 2B3C4D: client=mail.example.co.uk[192.0.2.7]',
  'Nov  3 10:01:00 relay01 postfix/cleanup[101]: 2B3C4D: reject: header Subject: cheap from mail.example.co.uk[192.0.2.7]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: 550 5.7.1 no',
  'Nov  3 10:01:01 relay01 postfix/cleanup[101]: 2B3C4D: milter-reject: END-OF-MESSAGE from x[192.0.2.4]: 5.7.1 virus; from=<a@b> to=<c@d>',
  'Nov  3 10:01:02 relay01 postfix/smtpd[100]: 3C4D5E: reject: RCPT from x[192.0.2.8]: 550 5.1.1 <u@contoso.com>: Recipient address rejected: User unknown; from=<a@b> to=<u@contoso.com> proto=ESMTP helo=<x>',
  'Nov  3 10:01:03 relay01 postfix/smtpd[100]: NOQUEUE: reject_warning: RCPT from x[192.0.2.8]: 450 4.7.1 <x>: Helo command rejected; from=<a@b> to=<u@contoso.com>',
  'Nov  3 10:01:04 relay01 postfix/postscreen[110]: NOQUEUE: reject: RCPT from [192.0.2.9]:4321: 550 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org; from=<s@spam.example>, to=<u@contoso.com>, proto=ESMTP, helo=<x>',
  'Nov  3 10:01:05 relay01 postfix/submission/smtpd[120]: 4D5E6F: client=laptop[10.0.0.5], sasl_method=LOGIN, sasl_username=alice',
  'Nov  3 10:01:05 relay01 postfix/qmgr[102]: 4D5E6F: from=<Alice@Contoso.COM>, size=1234, nrcpt=1 (queue active)',
  'Nov  3 10:01:06 relay01 postfix/smtp[103]: 4D5E6F: to=<bob@example.net>, relay=mx[192.0.2.4]:25, conn_use=2, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 ok)',
  'Nov  3 10:01:07 relay01 postfix/smtps/smtpd[121]: 5E6F70: client=phone[10.0.0.6]',
  'Nov  3 10:01:07 relay01 postfix/qmgr[102]: 5E6F70: from=<>, size=2000, nrcpt=1 (queue active)',
  'Nov  3 10:01:08 relay01 postfix/local[130]: 5E6F70: to=<root@relay01>, orig_to=<postmaster>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)',
  'Nov  3 10:01:09 relay01 postfix/pickup[140]: 6F7081: sender=root',
  'Nov  3 10:01:09 relay01 postfix/qmgr[102]: 6F7081: from=<root>, size=300, nrcpt=1 (queue active)',
  'Nov  3 10:01:09 relay01 postfix/local[130]: 6F7081: to=<ops@relay01>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 708192)',
  'Nov  3 10:01:10 relay01 postfix/qmgr[102]: 708192: from=<root@relay01>, size=320, nrcpt=1 (queue active)',
  'Nov  3 10:01:10 relay01 postfix/smtp[103]: 708192: to=<ops@example.net>, relay=mx[192.0.2.4]:25, delay=1, status=deferred (connect to mx[192.0.2.4]:25: Connection refused)',
  'Nov  3 10:05:10 relay01 postfix/qmgr[102]: 708192: from=<root@relay01>, size=320, nrcpt=1 (queue active)',
  'Nov  3 10:09:10 relay01 postfix/error[104]: 708192: to=<ops@example.net>, relay=none, delay=481, delays=481/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended)',
  'Nov  3 10:09:11 relay01 postfix/smtpd[100]: warning: unknown[192.0.2.66]: SASL PLAIN authentication failed: ',
  'Nov  3 10:09:12 relay01 postfix-script[999]: starting the Postfix mail system',
  'Nov  3 10:09:12 relay01 postfix/master[998]: daemon started -- version 3.7.11',
  'Nov  3 10:09:13 relay01 postfix/smtpd[100]: fatal: no SASL support',
  'Nov  3 10:09:14 relay01 postfix/smtpd[100]: [ID 197553 mail.info] 8B9C: client=solaris[192.0.2.10]',
  'Nov  3 10:09:15 relay01 postfix/qmgr[102]: [ID 197553 mail.info] 8B9C: from=<s@solaris.example>, size=99, nrcpt=1',
  'Nov  3 10:09:16 relay01 postfix/smtp[103]: 8B9C: to=<r@example.org>, relay=mx[192.0.2.4]:25, delay=1, status=sent (ok)',
  'Nov  3 10:09:17 relay01 postfix/smtpd[100]: 9CAD: client=unknown[192.0.2.11]',
  'Nov  3 10:09:17 relay01 postfix/qmgr[102]: 9CAD: from=<no-domain>, size=77, nrcpt=1',
  'Nov  3 10:09:18 relay01 postfix/smtp[103]: 9CAD: to=<user@host@weird>, relay=mx, delay=1, status=sent (ok)',
  'Nov  3 10:09:19 relay01 postfix/smtp[103]: 9CAD: to=<trunc',
  'Nov  3 10:09:20 relay01 postfix/smtpd[100]: ADBE: client=crlf.example.com[192.0.2.12]\r',
  'Nov  3 10:09:20 relay01 postfix/qmgr[102]: ADBE: from=<crlf@example.com>, size=10, nrcpt=1 (queue active)\r',
  'Nov  3 10:09:21 relay01 postfix/smtp[103]: ADBE: to=<r2@Example.ORG>, relay=mx, delay=1, status=sent (ok)\r',
  'Nov  3 10:09:22 relay01 postfix/smtpd[100]: BECF: client=nbsp\u00a0host[192.0.2.13]',
  'Nov  3 10:09:22 relay01 postfix/qmgr[102]: BECF: from=<J\u00dcRGEN@M\u00dcLLER.example>, size=11, nrcpt=1',
  'Nov  3 10:09:23 relay01 postfix/smtp[103]: BECF: to=<\u00c5SA@\u00c9XAMPLE.se>, relay=mx, delay=1, status=sent (ok)',
  '\u0000\u0001\u00ff\u00febinary garbage \u0007',
  'Nov  3 10:09:24 relay01 postfix/qmgr[102]: 1A2B3C: from=<late@example.com>, size=5, nrcpt=1',
  'Nov  3 10:09:25 relay01 postfix/smtp[103]: 1A2B3C: to=<late@example.org>, relay=mx, delay=1, status=sent (ok)',
];

describe('logs totals equal pflogsumm Grand Totals', { skip }, () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'r365-pflogsumm-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  async function crossCheck(name: string, files: string[], ours: string[] = files): Promise<LogTotals> {
    const report = await analyzeLogs({ files: ours });
    const theirs = await pflogsumm(files, { exact: true });
    assert.deepEqual(report.totals, theirs.totals, `${name}: relay365 ≠ pflogsumm`);
    const plain = await analyzeLogs({ files: ours, native: false });
    assert.deepEqual(plain.totals, theirs.totals, `${name}: relay365 without native code ≠ pflogsumm`);
    // and through each reader thread, with slots small enough to cut lines and messages everywhere
    for (const reader of postfixNative() ? ['native', 'thread'] as const : ['thread'] as const) {
      const through: string[] = [];
      const piped = await analyzeLogs({ files: ours, pipeline: { mode: 'always', reader, chunkBytes: 4096, capacity: 64, onFile: (p, r) => through.push(r) } });
      assert.ok(through.length > 0 && through.every((r) => r === reader), `${name}: a plain log went through the ${reader} reader`);
      assert.deepEqual(piped.totals, theirs.totals, `${name}: relay365 through the ${reader} reader ≠ pflogsumm`);
    }
    return report.totals;
  }

  for (const [name, options] of Object.entries(SHAPES)) {
    it(name, async () => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}.log`);
      writeFileSync(path, syntheticPostfixLog(options), 'latin1');
      const totals = await crossCheck(name, [path]);
      assert.ok(totals.received > 100 && totals.delivered > 100, 'the shape produced real traffic');
    });
  }

  it('edge cases: Perl truthiness, Solaris tags, IPv6, CRLF, raw bytes, truncation, a reused queue id', async () => {
    const path = join(dir, 'edge.log');
    writeFileSync(path, `${EDGE_CASES.join('\n')}\n`, 'latin1');
    const totals = await crossCheck('edge cases', [path]);
    assert.ok(totals.rejected >= 4 && totals.forwarded === 1 && totals.deferred === 1 && totals.deferrals === 2);
  });

  it('clients of an smtpd under another service name (postfix/submissions/smtpd): the same totals, and they are senders', async () => {
    const path = join(dir, 'submissions.log');
    // every third client line goes through the other service, from a client of its own
    let n = 0;
    const lines = syntheticPostfixLog({ messages: 300, seed: 5 }).split('\n').map((line) => (line.includes('postfix/smtpd[') && line.includes(': client=') && n++ % 3 === 0
      ? line.replace('postfix/smtpd[', 'postfix/submissions/smtpd[').replace('client=', 'client=sub-').replace(/\[(\d+)\./, '[1$1.')
      : line));
    writeFileSync(path, lines.join('\n'), 'latin1');
    const totals = await crossCheck('submissions', [path]);
    const report = await analyzeLogs({ files: [path] });
    const clients = (service: string) => new Set(lines.filter((l) => l.includes(`${service}[`) && l.includes(': client=')).map((l) => /client=([^[,]+)/.exec(l)![1]));
    const plain = clients('postfix/smtpd');
    const only = [...clients('postfix/submissions/smtpd')].filter((host) => !plain.has(host));
    assert.ok(only.length > 0 && totals.received > 50, `${only.length} clients seen only through postfix/submissions/smtpd`);
    for (const host of only) assert.ok(report.senders.some((s) => s.host === host), `${host} is a sender`);
  });

  it('another Postfix instance (postfix-out/…) in the same log: pflogsumm\'s totals, and its clients are senders of their own', async () => {
    // the second instance's log is a log of its own, its clients renamed; its queue ids collide with the first's
    const main = syntheticPostfixLog({ messages: 300, relays: ['relay01'], seed: 7 }).split('\n').filter(Boolean);
    const out = syntheticPostfixLog({ messages: 200, relays: ['relay01'], seed: 8 }).split('\n').filter(Boolean)
      .map((line) => line.replace(' postfix/', ' postfix-out/').replace(/(client=|connect from |established from )/, '$1out-'));
    const alone = join(dir, 'out-alone.log');
    writeFileSync(alone, `${out.map((line) => line.replace(' postfix-out/', ' postfix/')).join('\n')}\n`, 'latin1');
    const path = join(dir, 'instances.log');
    const lines: string[] = [];
    for (let i = 0; i < Math.max(main.length, out.length); i++) lines.push(...[main[i], out[i]].filter((l): l is string => l !== undefined));
    writeFileSync(path, `${lines.join('\n')}\n`, 'latin1');
    const totals = await crossCheck('instances', [path]);
    const mainOnly = join(dir, 'main-alone.log');
    writeFileSync(mainOnly, `${main.join('\n')}\n`, 'latin1');
    assert.deepEqual(totals, (await analyzeLogs({ files: [mainOnly] })).totals, 'the other instance moves no total');
    for (const pipeline of [{ mode: 'never' as const }, { mode: 'always' as const }]) {
      const report = await analyzeLogs({ files: [path], pipeline });
      const expected = (await analyzeLogs({ files: [alone] })).senders;
      const booked = report.senders.filter((s) => s.relay === 'relay01/postfix-out');
      assert.ok(expected.length > 0);
      assert.deepEqual(booked.map((s) => [s.host, s.ip, s.messages, s.recipients, s.tls]).sort(), expected.map((s) => [s.host, s.ip, s.messages, s.recipients, s.tls]).sort(),
        `the instance's senders, as if its log were read alone (${pipeline.mode})`);
      assert.ok(report.senders.filter((s) => s.relay === 'relay01').every((s) => !s.host?.startsWith('out-')), 'no instance client under the main relay');
      assert.ok(report.files[0].relays.includes('relay01/postfix-out'));
    }
  });

  it('randomly damaged lines (truncated, spliced, stray separators)', async () => {
    const rnd = seeded(7);
    const lines = syntheticPostfixLog({ messages: 400, seed: 21, relays: ['relay01', 'relay02'] }).split('\n');
    const damaged = lines.map((line) => (rnd() < 0.25 ? mutateLine(line, rnd) : line));
    const path = join(dir, 'damaged.log');
    writeFileSync(path, damaged.join('\n'), 'latin1');
    await crossCheck('damaged', [path]);
  });

  it('the demo estate: relay01 mail.log.1.gz then mail.log (pflogsumm reads the decompressed copy)', async () => {
    const logDir = join(repoRoot, 'examples/fleet/relay01/var/log');
    const plain = join(dir, 'mail.log.1');
    writeFileSync(plain, gunzipSync(readFileSync(join(logDir, 'mail.log.1.gz'))));
    const totals = await crossCheck('fleet', [plain, join(logDir, 'mail.log')], [join(logDir, 'mail.log'), join(logDir, 'mail.log.1.gz')]);
    assert.ok(totals.delivered > 11_000);
  });

  it('prints the same figures as the unmodified pflogsumm (its k/m units)', async () => {
    const path = join(dir, 'units.log');
    writeFileSync(path, syntheticPostfixLog({ messages: 900, seed: 22 }), 'latin1');
    const [report, theirs] = await Promise.all([analyzeLogs({ files: [path] }), pflogsumm([path])]);
    for (const key of Object.keys(theirs.printed) as (keyof LogTotals)[]) {
      assert.equal(pflogsummUnits(report.totals[key]), theirs.printed[key], key);
    }
    assert.match(theirs.printed.bytesReceived, /k$/, 'bytes are large enough to be printed in k');
  });
});

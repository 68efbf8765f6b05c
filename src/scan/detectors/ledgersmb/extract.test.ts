import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ledgersmb } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('ledgersmb', () => {
  it("reads Debian's ledgersmb.conf: [mail] keeps everything commented out, smtphost = localhost with placeholder credentials", () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'debian/etc/ledgersmb/ledgersmb.conf');
    assert.equal(run.findings.length, 1, 'the commented sendmail line is the default, no finding of its own');
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.inactiveReason, f.endpointKind], ['localhost', 25, 'none', 80, false, 'commented', 'local']);
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'absent' }, 'username / password are documentation');
    assert.equal(f.from, null, 'backup_email_from is commented out three lines further down');
    assert.equal(f.evidence, '# smtphost = localhost');
    assert.deepEqual(f.locations, { host: { line: 80, text: 'localhost' }, port: { line: 81, text: '25' } });
    assert.match(f.notes!.join('\n'), /no backup_email_from/);
    assert.equal(run.secrets.size, 0);
  });

  it('reads the shipped ledgersmb.conf.default as an inactive example', () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'debian/usr/share/ledgersmb/conf/ledgersmb.conf.default');
    assert.ok(run.findings.length === 1 && !run.findings[0].active);
    assertNoCanary(run);
  });

  it('reads a site: Microsoft 365 submission with STARTTLS and a password, the old relay in a comment', () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'site/etc/ledgersmb/ledgersmb.conf');
    assert.equal(run.findings.length, 3);
    const f = pick(run.findings, { line: 89 });
    assert.deepEqual([f.host, f.port, f.security, f.endpointKind, f.active], ['smtp.office365.com', 587, 'starttls', 'm365-submission', true]);
    assert.deepEqual(f.auth, { method: 'password', username: 'accounting@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /^inline:.*site\/etc\/ledgersmb\/ledgersmb\.conf:93$/);
    assert.equal(f.from, 'ledger-backups@contoso.com');
    assert.deepEqual(f.locations, {
      host: { line: 89, text: 'smtp.office365.com' }, port: { line: 90, text: '587' }, security: { line: 91, text: 'yes' },
      username: { line: 92, text: 'accounting@contoso.com' }, from: { line: 98, text: 'ledger-backups@contoso.com' },
    });
    const notes = f.notes!.join('\n');
    assert.match(notes, /1\.6 \(Debian 12\) ignores it/);
    assert.match(notes, /SASL mechanism LOGIN/);
    assert.match(notes, /database backups only/);
    assert.equal(f.role, 'app');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.deepEqual([old.line, old.port, old.active, old.inactiveReason], [87, 25, false, 'commented']);
    assert.equal(pick(run.findings, { host: 'localhost' }).inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-ledgersmb'));
    assertNoCanary(run);
  });

  it('reads sendmail without smtphost as a hand-off to the local MTA', () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'sendmail/etc/ledgersmb/ledgersmb.conf');
    const f = pick(run.findings, { line: 76 });
    assert.deepEqual([f.host, f.port, f.endpointKind, f.active, f.from], [null, null, 'local', true, 'ledger@contoso.com']);
    assert.match(f.notes!.join('\n'), /local MTA \(sendmail\)/);
    assert.equal(pick(run.findings, { host: 'localhost' }).active, false);
    assertNoCanary(run);
  });

  it('keeps a placeholder smtphost inactive', () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'placeholder/etc/ledgersmb/ledgersmb.conf');
    const f = pick(run.findings, { host: 'smtp.yourdomain.com' });
    assert.deepEqual([f.active, f.inactiveReason, f.auth.secret, f.auth.username], [false, 'placeholder', 'absent', null]);
    assert.equal(run.secrets.size, 0);
  });

  it('reads a broken CRLF file: an upper-case key, an indented key, [mail] twice, a service name for a port, YES', () => {
    const run = runFixtures(ledgersmb, import.meta.url, 'broken/etc/ledgersmb/ledgersmb.conf');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { line: 6 });
    assert.deepEqual([f.host, f.port, f.security, f.active, f.from], ['relay.contoso.local', null, 'none', true, 'ledger@contoso.com']);
    assert.deepEqual(f.auth, { method: 'password', username: 'ledger', secret: 'present' }, 'smtppass sits in the second [mail]');
    const notes = f.notes!.join('\n');
    assert.match(notes, /smtpport = submission is not a port/);
    assert.match(notes, /smtptls = YES is neither yes nor tls/);
    assert.equal(pick(run.findings, { host: 'old-relay.contoso.local' }).inactiveReason, 'commented');
    assert.equal(run.findings.filter((x) => x.host === 'wrong-case.contoso.com').length, 0);
    assert.ok(run.secrets.has('R365CANARY-ledgersmb-2'));
    assertNoCanary(run);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['smtptls = tls: implicit TLS, port 25 unless set', '[mail]\nsmtphost = smtp.contoso.com\nsmtptls = tls\n', { security: 'tls', port: 25 }],
    ['smtptls = no: plain', '[mail]\nsmtphost = smtp.contoso.com\nsmtptls = no\n', { security: 'none' }],
    ['host:port wins over smtpport', '[mail]\nsmtphost = smtp.contoso.com:2525\nsmtpport = 587\n', { host: 'smtp.contoso.com', port: 2525 }],
    ['smtpuser without smtppass', '[mail]\nsmtphost = smtp.contoso.com\nsmtpuser = u1\n', { auth: { method: 'password', username: 'u1', secret: 'absent' } }],
    ['no smtpuser: no AUTH', '[mail]\nsmtphost = smtp.contoso.com\nsmtppass = x1y2z3\n', { auth: { method: 'none', username: null, secret: 'absent' } }],
    ['smtphost wins over sendmail', '[mail]\nsendmail = /usr/sbin/sendmail -t\nsmtphost = smtp.contoso.com\n', { host: 'smtp.contoso.com', line: 3 }],
    ['an empty smtphost: sendmail', '[mail]\nsmtphost =\nsendmail = /usr/sbin/sendmail -t\n', { host: null, endpointKind: 'local', line: 3 }],
    ['mail keys outside [mail] do nothing', '[main]\nsmtphost = smtp.contoso.com\n', null],
    ['keys are case-sensitive', '[mail]\nSmtpHost = smtp.contoso.com\n', null],
    ['no smtphost, no sendmail: the default sendmail, no finding', '[mail]\nbackup_email_from = a@contoso.com\n', null],
    ['prose in a comment is no setting', '[mail]\n# smtphost is where mail goes\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(ledgersmb, text, '/etc/ledgersmb/ledgersmb.conf');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      '[mail]\nsmtphost = ' + 'a'.repeat(1_000_000),
      '[mail]\n' + '#smtphost = x.contoso.com\n'.repeat(20_000),
      '[mail]\nsmtphost = x \\\n'.repeat(20_000),
      '[mail]\nsmtppass = ' + '\\\n'.repeat(100_000),
      '['.repeat(1_000_000),
      '[mail]\n' + '='.repeat(1_000_000),
      '\u0000[mail]\u0001\nsmtphost\u0002=\u0003',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(ledgersmb, text, '/etc/ledgersmb/ledgersmb.conf'));
    assert.equal(runText(ledgersmb, hostile[1], '/etc/ledgersmb/ledgersmb.conf').warnings[0]?.code, 'too-large');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reportbug } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('reportbug', () => {
  it("reads Debian's /etc/reportbug.conf: the two smtphost examples are commented out", () => {
    const run = runFixtures(reportbug, import.meta.url, 'debian/etc/reportbug.conf');
    assert.deepEqual(run.findings.map((f) => [f.line, f.host, f.port, f.active, f.inactiveReason]), [
      [65, 'localhost', 25, false, 'commented'], [68, 'mail.example.com', 2525, false, 'commented'],
    ]);
    assert.ok(run.findings.every((f) => f.auth.method === 'none' && f.from === null), 'commented smtpuser/email do not attach');
    assert.equal(run.secrets.size, 0, 'smtppasswd XXX is documentation');
  });

  it('reads what reportbug --configure writes: reportbug.debian.org on port 587', () => {
    const run = runFixtures(reportbug, import.meta.url, 'configured/root/.reportbugrc');
    const f = pick(run.findings, { host: 'reportbug.debian.org' });
    assert.equal(f.active, true);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'none');
    assert.equal(f.from, 'backup-ops@contoso.com');
    assert.equal(f.role, 'client');
    assert.match(f.notes!.join('\n'), /Debian BTS only/);
    assert.equal(f.locations?.port, undefined, 'the port is implied, not written');
  });

  it('reads a user file with Microsoft 365, STARTTLS, a login and a password, and an old relay in a comment', () => {
    const run = runFixtures(reportbug, import.meta.url, 'site/home/jane/.reportbugrc');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 8);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'jane.admin@contoso.com', secret: 'present' });
    assert.equal(f.from, 'jane.admin@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations, { host: { line: 8, text: 'smtp.office365.com' }, port: { line: 8, text: '587' }, username: { line: 9, text: 'jane.admin@contoso.com' }, from: { line: 5, text: 'jane.admin@contoso.com' } });
    const old = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(old.line, 7, 'prose that mentions smtphost is not an option');
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has("R365CANARY reportbug 'one'"));
    assertNoCanary(run);
  });

  it('reads a broken file: port 465 is implicit TLS, a mail user agent overrides smtphost, unclosed quotes', () => {
    const run = runFixtures(reportbug, import.meta.url, 'broken/home/ops/.reportbugrc');
    assert.equal(run.findings.length, 1, 'an smtphost without argument names nothing');
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.gmail.com');
    assert.equal(f.security, 'tls', 'smtplib.SMTP_SSL, smtptls ignored');
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'overridden');
    assert.equal(f.from, 'ops@contoso.com');
    assert.ok(run.secrets.has('R365CANARY-reportbug-unterminated'));
    assertNoCanary(run);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(reportbug, import.meta.url, 'template/etc/reportbug.conf.dist');
    assert.equal(pick(example.findings, { host: 'smtp.office365.com' }).inactiveReason, 'example-file');
    assertNoCanary(example);
    const placeholder = runFixtures(reportbug, import.meta.url, 'template/etc/reportbug.conf');
    const p = pick(placeholder.findings, { host: 'your.smtp.server' });
    assert.equal(p.inactiveReason, 'placeholder');
    assert.equal(p.auth.secret, 'absent', 'changeme');
    assert.equal(placeholder.secrets.size, 0);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['bare host: port 25, no TLS', 'smtphost mail.contoso.com\n', { host: 'mail.contoso.com', port: 25, security: 'none' }],
    ['the last smtphost wins', 'smtphost a.contoso.com\nsmtphost b.contoso.com\n', { host: 'b.contoso.com', line: 2 }],
    ['no-smtptls after smtptls', 'smtphost a.contoso.com:587\nsmtptls\nno-smtptls\n', { security: 'none' }],
    ['keywords in any case, inline comment', 'SMTPHOST "relay.contoso.com:2525" # the relay\nSmtpTLS\n', { host: 'relay.contoso.com', port: 2525, security: 'starttls' }],
    ['user without password', 'smtphost a.contoso.com\nsmtpuser bob\n', { auth: { method: 'password', username: 'bob', secret: 'absent' } }],
    ['mua switches smtphost off', "smtphost a.contoso.com\nmua 'mutt -H'\n", { active: false, inactiveReason: 'overridden' }],
    ['no smtphost: sendmail', 'email "a@contoso.com"\nmta /usr/sbin/sendmail\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(reportbug, text, '/root/.reportbugrc');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      `smtphost "${'\\'.repeat(1_000_000)}`,
      `smtphost ${'a:'.repeat(500_000)}`,
      `smtppasswd '${'x'.repeat(1_000_000)}`,
      '# smtphost a.contoso.com\n'.repeat(20_000),
      `email "${'"'.repeat(1_000_000)}`,
      '\u0000smtphost\u0001 \u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(reportbug, text, '/etc/reportbug.conf'));
    assert.equal(runText(reportbug, '# smtphost a.contoso.com\n'.repeat(20_000), '/etc/reportbug.conf').warnings[0]?.code, 'too-large');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchmail } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('fetchmail', () => {
  it("reads Debian's example: the one server entry is commented out", () => {
    const run = runFixtures(fetchmail, import.meta.url, 'debian/usr/share/doc/fetchmail/examples/fetchmailrc.example');
    assert.deepEqual(run.findings.map((f) => [f.line, f.host, f.port, f.active, f.inactiveReason]), [[33, 'smtp.foo.bar.org', 25, false, 'commented']]);
    assert.match(run.findings[0].notes![0], /^delivery target \(inbound\): .* from foo\.bar\.org \(pop3\) for baka/);
  });

  it('reads the daemon file: defaults, a failover list with ESMTP login, an mda that overrides, a skipped entry', () => {
    const run = runFixtures(fetchmail, import.meta.url, 'site/etc/fetchmailrc');
    assert.deepEqual(run.findings.map((f) => [f.line, f.host, f.port, f.active, f.inactiveReason ?? null]), [
      [9, 'localhost', 25, true, null], [15, 'mailrelay.contoso.local', 2525, true, null], [15, 'mail02.contoso.local', 25, true, null],
      [23, '127.0.0.1', 25, false, 'overridden'], [26, 'smtp.isp.example.net', 25, false, 'disabled'],
    ]);
    for (const f of run.findings) {
      assert.match(f.notes![0], /^delivery target \(inbound\)/, 'every finding says it is a delivery target');
      assert.equal(f.security, 'none');
      assert.equal(f.from, null);
      assert.equal(f.role, 'client');
    }
    assert.match(pick(run.findings, { line: 9 }).notes!.join('\n'), /defaults: every later entry/);
    const relay = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.deepEqual(relay.auth, { method: 'password', username: 'fetchmail-relay', secret: 'present' });
    assert.deepEqual(relay.locations, { host: { line: 15, text: 'mailrelay.contoso.local' }, port: { line: 15, text: '2525' }, username: { line: 16, text: 'fetchmail-relay' } });
    assert.match(relay.notes!.join('\n'), /outlook\.office365\.com \(imap\) for helpdesk@contoso\.com/);
    assert.match(relay.notes!.join('\n'), /RCPT TO helpdesk@contoso\.com/);
    assert.match(pick(run.findings, { host: 'mail02.contoso.local' }).notes!.join('\n'), /tried when the ones before it fail/);
    assert.match(pick(run.findings, { line: 23 }).notes!.join('\n'), /procmail/);
    assert.match(pick(run.findings, { line: 26 }).evidence, /pass \*\*\* smtphost/);
    for (const secret of ["R365CANARY fetchmail 'imap'", 'R365CANARY-fetchmail-esmtp', 'R365CANARY-fetchmail-pop', 'R365CANARY-fetchmail-isp']) {
      assert.ok(run.secrets.has(secret), `${secret} (POP/IMAP passwords too)`);
    }
    assertNoCanary(run);
  });

  it('reads an LMTP socket and a commented-out entry in a user file', () => {
    const run = runFixtures(fetchmail, import.meta.url, 'home/home/jane/.fetchmailrc');
    const lmtp = pick(run.findings, { line: 3 });
    assert.equal(lmtp.host, null);
    assert.equal(lmtp.port, null);
    assert.equal(lmtp.endpointKind, 'local');
    assert.match(lmtp.notes!.join('\n'), /LMTP socket \/var\/run\/dovecot\/lmtp/);
    const old = pick(run.findings, { host: 'oldmx.contoso.local' });
    assert.equal(old.inactiveReason, 'commented');
    assert.match(old.evidence, /pass \*\*\*/);
    assert.ok(run.secrets.has('R365CANARY-fetchmail-jane') && run.secrets.has('R365CANARY-fetchmail-old'));
    assertNoCanary(run);
  });

  it('reads a broken file: an unclosed password swallows its line, a bad port, a server-less poll, IPv6', () => {
    const run = runFixtures(fetchmail, import.meta.url, 'broken/root/.fetchmailrc');
    assert.equal(run.findings.length, 2);
    const bad = pick(run.findings, { host: 'relay2.contoso.local' });
    assert.equal(bad.port, 25);
    assert.equal(bad.locations?.port, undefined);
    assert.match(bad.notes!.join('\n'), /notaport is not a number/);
    assert.match(bad.notes!.join('\n'), /LMTP/);
    const v6 = pick(run.findings, { host: '2001:db8::25' });
    assert.equal(v6.port, 2525);
    assert.ok(run.secrets.has('R365CANARY-fetchmail-2'));
    assertNoCanary(run);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(fetchmail, import.meta.url, 'template/etc/fetchmailrc.example');
    assert.equal(example.findings.length, 5);
    assert.ok(example.findings.every((f) => !f.active));
    assert.equal(pick(example.findings, { line: 15, host: 'mailrelay.contoso.local' }).inactiveReason, 'example-file');
    assertNoCanary(example);
    const placeholder = runFixtures(fetchmail, import.meta.url, 'template/etc/fetchmailrc');
    assert.equal(pick(placeholder.findings, { host: 'your.smtp.server' }).inactiveReason, 'placeholder');
    assert.equal(placeholder.secrets.size, 0, 'changeme');
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['one line', 'poll pop.contoso.com proto pop3 user a pass b is a here smtphost mx.contoso.com', { host: 'mx.contoso.com', port: 25 }],
    ['smtp synonym, quoted host', 'poll p user a smtp "mx.contoso.com/26"', { host: 'mx.contoso.com', port: 26 }],
    ['defaults mda overrides', 'defaults mda "/usr/sbin/sendmail -oem %T"\npoll p user a smtphost mx.contoso.com\n', { active: false, inactiveReason: 'overridden' }],
    ['keywords in any case', 'POLL p USER a SMTPHOST mx.contoso.com', { host: 'mx.contoso.com' }],
    ['no smtphost: nothing reported', 'poll pop.contoso.com user a pass b\n', null],
    ['set lines only', 'set daemon 300\nset logfile /var/log/fetchmail.log\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(fetchmail, text, '/root/.fetchmailrc');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      `poll p user a smtphost ${'a,'.repeat(500_000)}`,
      `poll p user a password "${'\\'.repeat(1_000_000)}`,
      `poll p ${'user a '.repeat(100_000)}`,
      `${'#poll p user a smtphost b\n'.repeat(20_000)}`,
      `poll p user a smtphost ${'x'.repeat(1_000_000)}`,
      `${':'.repeat(1_000_000)}`,
      '\u0000poll\u0001smtphost\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(fetchmail, text, '/root/.fetchmailrc'));
    const long = runText(fetchmail, `poll p user a smtphost ${'a,'.repeat(500_000)}`, '/root/.fetchmailrc');
    assert.ok(long.findings.length <= 256);
    assert.equal(long.warnings[0]?.code, 'too-large');
  });
});

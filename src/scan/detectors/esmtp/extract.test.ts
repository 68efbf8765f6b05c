import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { esmtp } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const sample = 'debian/usr/share/doc/esmtp/examples/sample.esmtprc';

describe('esmtp', () => {
  it('reads the sample Debian ships as an example: the default identity and one per-sender identity, all inactive', () => {
    const run = runFixtures(esmtp, import.meta.url, sample);
    assert.deepEqual(run.findings.map((f) => [f.host, f.port, f.line, f.from, f.active, f.inactiveReason]), [
      ['localhost', 25, 7, null, false, 'example-file'],
      ['smtp.somewhere.com', 25, 36, 'myself@somewhere.com', false, 'example-file'],
    ]);
    assert.equal(run.secrets.size, 0, '"PASSWORD", "secret" and "CERTIFICATE_PASSPHRASE" are documentation');
    assert.ok(run.findings.every((f) => f.auth.secret === 'absent' && f.security === 'none'));
  });

  it('reads the default identity: Microsoft 365 submission with STARTTLS required and a forced sender', () => {
    const run = runFixtures(esmtp, import.meta.url, 'site/etc/esmtprc');
    const f = pick(run.findings, { line: 4 });
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.active, true);
    assert.deepEqual(f.auth, { method: 'password', username: 'web01-alerts@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /site\/etc\/esmtprc:6$/);
    assert.equal(f.from, 'web01-alerts@contoso.com', 'force reverse_path without %u');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations, { host: { line: 4, text: 'smtp.office365.com:587' }, username: { line: 5, text: 'web01-alerts@contoso.com' } });
    assert.match(f.notes!.join('\n'), /default identity/);
    assert.equal(f.role, 'script');
    assert.ok(run.secrets.has('R365CANARY-esmtp-1') && run.secrets.has('R365CANARY-esmtp-2'));
    assertNoCanary(run);
  });

  it('gives each identity its own finding, sharing nothing with the default', () => {
    const run = runFixtures(esmtp, import.meta.url, 'site/etc/esmtprc');
    assert.equal(run.findings.length, 3);
    const backups = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(backups.line, 13);
    assert.equal(backups.port, 25);
    assert.equal(backups.from, 'backups@contoso.com');
    assert.equal(backups.security, 'starttls');
    assert.match(backups.notes!.join('\n'), /opportunistic/);
    assert.deepEqual(backups.auth, { method: 'none', username: null, secret: 'absent' }, 'the default identity\'s credentials do not carry over');
    assert.equal(backups.endpointKind, 'internal');
    const finance = pick(run.findings, { line: 18 });
    assert.equal(finance.port, 587, 'no service: libESMTP defaults to 587');
    assert.match(finance.notes!.join('\n'), /no port/);
    assert.equal(finance.from, 'finance-reports@contoso.com', 'quoted identity, no equal signs');
    assert.equal(finance.auth.secret, 'present');
    assert.ok(run.findings.every((x) => !x.evidence.includes('password')));
  });

  it('reads a broken CRLF file: service names, unclosed quotes, escapes, commented servers and identities, preconnect', () => {
    const run = runFixtures(esmtp, import.meta.url, 'broken/home/ops/.esmtprc');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465, 'service smtps');
    assert.equal(gmail.security, 'unknown');
    assert.match(gmail.notes!.join('\n'), /implicit TLS/);
    assert.match(gmail.notes!.join('\n'), /starttls = yes/);
    assert.equal(gmail.auth.username, 'ops.contoso@gmail.com', 'an unclosed quote runs to the end of the line');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    const exch = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(exch.active, false);
    assert.equal(exch.from, 'old@contoso.com');
    assert.equal(exch.auth.username, 'old');
    const tunnel = pick(run.findings, { host: 'localhost' });
    assert.equal(tunnel.port, 2025);
    assert.equal(tunnel.endpointKind, 'local');
    assert.match(tunnel.notes!.join('\n'), /preconnect runs "ssh -f -L 2025:mail\.contoso\.com:25/);
    assert.match(tunnel.notes!.join('\n'), /also the default identity/);
    assert.equal(run.findings.filter((f) => f.from === 'nohost@contoso.com').length, 0, 'an identity without hostname names no server');
    assert.ok(run.secrets.has("R365CANARY-esmtp-3's"), 'C escapes are decoded');
    assert.ok(run.secrets.has('R365CANARY-esmtp-old'), 'a commented password is still a secret');
    assertNoCanary(run);
  });

  it('marks an .example copy inactive and does not register its placeholder password', () => {
    const run = runFixtures(esmtp, import.meta.url, 'template/etc/esmtprc.example');
    assert.ok(run.findings.length === 3 && run.findings.every((f) => !f.active && f.inactiveReason === 'example-file'));
    assert.equal(pick(run.findings, { line: 4 }).auth.secret, 'absent', 'changeme');
    assert.ok(!run.secrets.has('changeme'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown> | null][] = [
    ['bare host: port 587', 'hostname mail.contoso.com\n', { host: 'mail.contoso.com', port: 587, security: 'none' }],
    ['IPv6 literal', 'hostname = [2001:db8::25]:25\n', { host: '2001:db8::25', port: 25 }],
    ['starttls required', 'hostname = a.contoso.com:587\nstarttls = required\n', { security: 'starttls' }],
    ['starttls disabled', 'hostname = a.contoso.com:25\nstarttls=disabled\n', { security: 'none' }],
    ['inline comment', 'hostname = relay.contoso.com:25 # the relay\n', { host: 'relay.contoso.com', port: 25 }],
    ['per-user reverse path gives no From', 'hostname = a.contoso.com\nforce reverse_path = "%u@contoso.com"\n', { from: null }],
    ['only an MDA', 'mda "/usr/bin/procmail -d %T"\n', null],
    ['prose in a comment is no setting', '# hostname is where mail goes\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(esmtp, text, '/etc/esmtprc');
      if (want === null) { assert.equal(run.findings.length, 0); return; }
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      'hostname = ' + 'a:'.repeat(500_000),
      'password = "' + '\\'.repeat(1_000_001),
      'username = "' + 'x'.repeat(1_000_000),
      'identity = a@b\n'.repeat(20_000),
      'hostname = x\n' + '#hostname = y\n'.repeat(20_000),
      ' '.repeat(1_000_000) + '=',
      '\u0000hostname\u0001=\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(esmtp, text, '/etc/esmtprc'));
    assert.equal(runText(esmtp, 'identity = a@b\n'.repeat(20_000), '/etc/esmtprc').warnings[0]?.code, 'too-large');
  });
});

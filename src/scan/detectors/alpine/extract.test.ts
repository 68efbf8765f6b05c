import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alpine } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('alpine', () => {
  it('finds nothing in the system pine.conf Debian\'s alpine -conf writes: smtp-server is empty (sendmail)', () => {
    assert.equal(runFixtures(alpine, import.meta.url, 'debian/etc/pine.conf').findings.length, 0);
  });

  it('reads a user .pinerc: Microsoft 365 with /submit/starttls/user, a backup relay on the continuation line, From from customized-hdrs', () => {
    const run = runFixtures(alpine, import.meta.url, 'site/home/jane/.pinerc');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 26);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'jane.admin@contoso.com', secret: 'absent' });
    assert.match(f.notes!.join('\n'), /pine-passfile/);
    assert.equal(f.from, 'jane.admin@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.role, 'client');
    assert.deepEqual(f.locations, { host: { line: 26, text: 'smtp.office365.com' }, username: { line: 26, text: 'jane.admin@contoso.com' }, from: { line: 88, text: 'jane.admin@contoso.com' } });
    const backup = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(backup.line, 27);
    assert.equal(backup.port, 25);
    assert.equal(backup.security, 'none', '/notls');
    assert.match(backup.notes!.join('\n'), /backup server/);
  });

  it('reads the fixed system file: an IP literal with a port, user-domain, and the old server in a comment', () => {
    const run = runFixtures(alpine, import.meta.url, 'site/etc/pinerc.fixed');
    const f = pick(run.findings, { host: '10.20.0.25' });
    assert.equal(f.port, 2525);
    assert.equal(f.active, true);
    assert.equal(f.endpointKind, 'internal');
    assert.match(f.notes!.join('\n'), /users cannot change it/);
    assert.match(f.notes!.join('\n'), /<login>@contoso\.com/);
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.security, 'starttls');
    assert.match(old.notes!.join('\n'), /opportunistic/);
  });

  it('reads a broken file: quoted items, implicit TLS, old TLS versions, an unclosed quote, a password where none belongs', () => {
    const run = runFixtures(alpine, import.meta.url, 'broken/home/ops/.pinerc');
    assert.equal(run.findings.length, 3, 'the last smtp-server wins; empty items name nothing');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465);
    assert.equal(gmail.security, 'tls');
    assert.deepEqual(gmail.auth, { method: 'password', username: 'ops.contoso@gmail.com', secret: 'present' });
    assert.match(gmail.notes!.join('\n'), /novalidate-cert/);
    assert.match(gmail.notes!.join('\n'), /Alpine rejects this server/);
    assert.match(gmail.evidence, /password=\*\*\*/);
    const old = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(old.security, 'tls');
    assert.match(old.notes!.join('\n'), /TLS 1\.1 only/);
    const v6 = pick(run.findings, { host: '2001:db8::25' });
    assert.equal(v6.port, 26);
    assert.equal(v6.security, 'starttls', 'parameter names are not case sensitive');
    assert.ok(run.secrets.has('R365CANARY-alpine-pass'));
    assertNoCanary(run);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(alpine, import.meta.url, 'template/etc/pine.conf.example');
    assert.ok(example.findings.length === 2 && example.findings.every((f) => !f.active && f.inactiveReason === 'example-file'));
    const placeholder = runFixtures(alpine, import.meta.url, 'template/etc/pine.conf');
    const p = pick(placeholder.findings, { host: 'your.smtp.server' });
    assert.equal(p.inactiveReason, 'placeholder');
    assert.match(p.notes!.join('\n'), /system-wide default/);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['bare host', 'smtp-server=mail.contoso.com\n', { host: 'mail.contoso.com', port: 25, security: 'starttls' }],
    ['/ssl with a port', 'smtp-server=smtp.contoso.com:2465/ssl\n', { port: 2465, security: 'tls' }],
    ['old /tls means STARTTLS required', 'smtp-server=smtp.contoso.com/tls\n', { port: 25, security: 'starttls', notes: undefined }],
    ['/submit beats nothing, a port beats /submit', 'smtp-server=smtp.contoso.com:2525/submit\n', { port: 2525 }],
    ['empty: sendmail', 'smtp-server=\nuser-domain=contoso.com\n', null],
    ['prose in a comment', '# List of SMTP servers for sending mail. If blank: Unix Alpine uses sendmail.\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(alpine, text, '/home/x/.pinerc');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      `smtp-server=${'a,'.repeat(500_000)}`,
      `smtp-server="${'"'.repeat(1_000_000)}`,
      `smtp-server=x\n${'\ty,\n'.repeat(100_000)}`,
      `smtp-server=${'/'.repeat(1_000_000)}`,
      `${' '.repeat(1_000_000)}smtp-server=a`,
      `smtp-server=[${'['.repeat(1_000_000)}`,
      '\u0000smtp-server=\u0001/\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(alpine, text, '/home/x/.pinerc'));
    const long = runText(alpine, `smtp-server=${'a,'.repeat(500_000)}`, '/home/x/.pinerc');
    assert.equal(long.findings.length, 100);
    assert.equal(long.warnings[0]?.code, 'too-large');
  });
});

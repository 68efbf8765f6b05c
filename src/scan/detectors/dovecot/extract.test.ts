import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dovecot } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('dovecot', () => {
  it('finds nothing in the files Debian ships: every relay setting is commented out and empty', () => {
    for (const file of ['debian/etc/dovecot/conf.d/20-submission.conf', 'debian/etc/dovecot/conf.d/15-lda.conf']) {
      assert.equal(runFixtures(dovecot, import.meta.url, file).findings.length, 0, file);
    }
  });

  it('reads a submission relay to Microsoft 365 with STARTTLS and a relay account, and the old relay left in comments', () => {
    const run = runFixtures(dovecot, import.meta.url, 'site/etc/dovecot/conf.d/20-submission.conf');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 49);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'relay-svc@contoso.com', secret: 'present' });
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.role, 'relay');
    assert.deepEqual(f.locations, { host: { line: 49, text: 'smtp.office365.com' }, port: { line: 52, text: '587' }, security: { line: 72, text: 'starttls' }, username: { line: 59, text: 'relay-svc@contoso.com' } });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.security, 'none');
    assert.equal(old.auth.secret, 'present');
    assert.ok(run.secrets.has('R365CANARY dovecot #1'), 'a # inside quotes is part of the value');
    assert.ok(run.secrets.has('R365CANARY-dovecot-old'));
    assert.ok(run.findings.every((x) => !/password/.test(x.evidence)));
    assertNoCanary(run);
  });

  it('reads the LDA submission_host with the postmaster address as From', () => {
    const run = runFixtures(dovecot, import.meta.url, 'site/etc/dovecot/conf.d/15-lda.conf');
    const f = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(f.port, 2525);
    assert.equal(f.security, 'none');
    assert.equal(f.from, 'postmaster@contoso.com');
    assert.equal(f.role, 'app');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.match(f.notes!.join('\n'), /vacation/);
    assert.deepEqual(f.locations?.port, { line: 21, text: '2525' });
  });

  it('reads a protocol filter in local.conf: smtps on the default port, a password file, XCLIENT', () => {
    const run = runFixtures(dovecot, import.meta.url, 'site/etc/dovecot/local.conf');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 25);
    assert.deepEqual(f.auth, { method: 'password', username: 'contoso.imap02@gmail.com', secret: 'external' });
    assert.equal(f.secretRef, 'file:/etc/dovecot/private/relay-password');
    const notes = f.notes!.join('\n');
    assert.match(notes, /port 25: set the port to 465/);
    assert.match(notes, /XCLIENT/);
    assert.match(notes, /protocol submission/);
  });

  it('reads a broken file: continuation lines, unclosed quotes and filters, an unknown ssl value, IPv6', () => {
    const run = runFixtures(dovecot, import.meta.url, 'broken/etc/dovecot/dovecot.conf');
    const relay = pick(run.findings, { line: 2 });
    assert.equal(relay.host, 'relay.contoso.local', 'joined with the next line, its comment stripped');
    assert.equal(relay.security, 'unknown');
    assert.equal(relay.auth.username, 'svc relay');
    const lda = pick(run.findings, { line: 8 });
    assert.equal(lda.host, '2001:db8::25');
    assert.equal(lda.port, 587);
    assert.equal(lda.security, 'tls', 'submissions');
    assert.equal(lda.from, null, 'postmaster@%d is per domain');
    const filtered = pick(run.findings, { host: '10.1.1.25' });
    assert.match(filtered.notes!.join('\n'), /remote 10\.0\.0\.0\/8/);
    assert.equal(filtered.security, 'unknown', 'settings of the top level apply inside a filter');
    assert.ok(run.secrets.has('R365CANARY-dovecot-unterminated'));
    assertNoCanary(run);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(dovecot, import.meta.url, 'template/etc/dovecot/conf.d/20-submission.conf.example');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.auth.secret, 'absent', 'changeme');
    const placeholder = runFixtures(dovecot, import.meta.url, 'template/etc/dovecot/conf.d/20-submission.conf');
    const p = pick(placeholder.findings, { host: 'smtp.yourdomain.com' });
    assert.equal(p.inactiveReason, 'placeholder');
    assert.equal(p.secretRef, 'env:RELAY_PASSWORD');
    assert.equal(example.secrets.size + placeholder.secrets.size, 0);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['the last setting wins', 'submission_relay_host = a.contoso.com\nsubmission_relay_host = b.contoso.com\n', { host: 'b.contoso.com', line: 2 }],
    ['host:port in submission_host', 'submission_host = smtp.office365.com:587\nsubmission_ssl = starttls\n', { host: 'smtp.office365.com', port: 587, security: 'starttls' }],
    ['relay port beats nothing', 'submission_relay_host = r.contoso.com\nsubmission_relay_port = 465\nsubmission_relay_ssl = smtps\n', { port: 465, security: 'tls' }],
    ['quoted host', 'submission_relay_host = "r.contoso.com"\n', { host: 'r.contoso.com' }],
    ['an empty host names nothing', 'submission_relay_host =\n', null],
    ['other settings only', 'protocols = imap\nssl = required\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(dovecot, text, '/etc/dovecot/dovecot.conf');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      `submission_relay_host = "${'\\'.repeat(1_000_000)}`,
      `submission_relay_host = x\\\n${'a\\\n'.repeat(200_000)}`,
      `${'protocol x {\n'.repeat(50_000)}submission_relay_host = a`,
      '}\n'.repeat(100_000),
      `submission_relay_host = ${'a'.repeat(1_000_000)}`,
      '#submission_relay_host = a\n'.repeat(20_000),
      '\u0000submission_relay_host\u0001=\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(dovecot, text, '/etc/dovecot/dovecot.conf'));
    assert.equal(runText(dovecot, '#submission_relay_host = a\n\n\n'.repeat(20_000), '/etc/dovecot/dovecot.conf').warnings[0]?.code, 'too-large');
  });
});

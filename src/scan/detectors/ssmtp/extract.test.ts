import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ssmtp } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const nas01 = ['nas01/etc/ssmtp/ssmtp.conf', 'nas01/etc/ssmtp/revaliases'];

describe('ssmtp', () => {
  it('reads mailhub, STARTTLS, AuthUser and the From address of revaliases', () => {
    const run = runFixtures(ssmtp, import.meta.url, ...nas01);
    const f = pick(run.findings, { host: 'smtp.office365.com', active: true });
    assert.equal(f.line, 11);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'backup-alerts@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /nas01\/etc\/ssmtp\/ssmtp\.conf:29$/);
    assert.equal(f.from, 'backup-alerts@contoso.com', 'root:… names this very hub, so it only sets the From');
    assert.match(f.notes!.join('\n'), /www-data sends as webforms@contoso\.com/);
    assert.match(f.notes!.join('\n'), /RewriteDomain=contoso\.com/);
    assert.match(f.notes!.join('\n'), /FromLineOverride=YES/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.host, { line: 11, text: 'smtp.office365.com:587' });
    assert.deepEqual(f.locations?.username, { line: 28, text: 'backup-alerts@contoso.com' });
    assert.ok(run.secrets.has('R365CANARY-ssmtp-1'));
    assertNoCanary(run);
  });

  it('reports a revaliases hub of its own and the commented mailhub', () => {
    const run = runFixtures(ssmtp, import.meta.url, ...nas01);
    const legacy = pick(run.findings, { host: 'smtp-legacy.office365.com' });
    assert.equal(legacy.line, 9);
    assert.equal(legacy.port, 587);
    assert.equal(legacy.from, 'nas-backup@contoso.com');
    assert.deepEqual(legacy.auth, { method: 'password', username: 'backup-alerts@contoso.com', secret: 'external' });
    assert.match(legacy.secretRef ?? '', /ssmtp\.conf:29$/);
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(run.findings.length, 3);
    assertNoCanary(run);
  });

  it('takes revaliases routes with the live ssmtp.conf only, not again with a .old copy beside it', () => {
    const run = runFixtures(ssmtp, import.meta.url, ...nas01, 'nas01/etc/ssmtp/ssmtp.conf.old');
    const legacy = run.findings.filter((f) => f.host === 'smtp-legacy.office365.com');
    assert.equal(legacy.length, 1, 'one route, with the live file\'s credentials');
    assert.deepEqual(legacy[0].auth, { method: 'password', username: 'backup-alerts@contoso.com', secret: 'external' });
    const old = pick(run.findings, { host: 'mail.contoso.local', line: 3 });
    assert.deepEqual([old.active, old.inactiveReason], [false, 'example-file']);
  });

  it('reads the Debian-generated default as a plain hop to "mail"', () => {
    const run = runFixtures(ssmtp, import.meta.url, 'debian-default/etc/ssmtp/ssmtp.conf', 'debian-default/etc/ssmtp/revaliases');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, 'mail');
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.endpointKind, 'internal');
  });

  it('maps UseTLS=Yes alone to implicit TLS and keeps a commented account block', () => {
    const run = runFixtures(ssmtp, import.meta.url, 'implicit/etc/ssmtp/ssmtp.conf');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.port, 465);
    assert.equal(live.security, 'tls');
    assert.equal(live.endpointKind, 'windows-live');
    assert.equal(live.active, true);
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.active, false);
    assert.equal(gmail.security, 'starttls', 'the commented block has its own UseSTARTTLS');
    assert.equal(gmail.auth.username, 'upsmon.contoso@gmail.com');
    assert.ok(run.secrets.has('R365CANARY-ssmtp-gmail'));
    assertNoCanary(run);
  });

  it('marks a .sample copy inactive and does not register its placeholder passwords', () => {
    const run = runFixtures(ssmtp, import.meta.url, 'implicit/etc/ssmtp/ssmtp.conf.sample');
    const f = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(run.secrets.size, 0);
  });

  it('survives a broken, CRLF, templated file', () => {
    const run = runFixtures(ssmtp, import.meta.url, 'broken/etc/ssmtp/ssmtp.conf', 'broken/etc/ssmtp/revaliases');
    const f = pick(run.findings, { line: 2 });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST' });
    assert.equal(f.security, 'none');
    assert.match(f.notes!.join('\n'), /only takes "YES"/);
    assert.deepEqual(f.auth, { method: 'password', username: 'ops@con', secret: 'absent' });
    const alias = pick(run.findings, { host: 'relay.contoso.com' });
    assert.equal(alias.port, 25);
    assert.equal(alias.from, 'web@contoso.com');
  });

  it('survives hostile input', () => {
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      'mailhub=' + 'a:'.repeat(500_000),
      'mailhub=x\n' + '#mailhub=y\n'.repeat(20_000),
      'root:a@b:' + ':'.repeat(1_000_000),
      '='.repeat(1_000_000),
    ];
    for (const text of hostile) {
      for (const path of ['/etc/ssmtp/ssmtp.conf', '/etc/ssmtp/revaliases']) assert.doesNotThrow(() => runText(ssmtp, text, path));
    }
  });
});

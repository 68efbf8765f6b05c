import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nullmailer } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('nullmailer', () => {
  it('reads a Microsoft 365 remote with STARTTLS, a fallback, and allmailfrom as the sender', () => {
    const run = runFixtures(nullmailer, import.meta.url, 'o365/etc/nullmailer/remotes', 'o365/etc/nullmailer/allmailfrom', 'o365/etc/nullmailer/me');
    const m365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(m365.port, 587);
    assert.equal(m365.security, 'starttls');
    assert.deepEqual(m365.auth, { method: 'password', username: 'alerts@contoso.com', secret: 'present' });
    assert.equal(m365.from, 'alerts@contoso.com');
    assert.equal(m365.endpointKind, 'm365-submission');
    assert.equal(m365.active, true);
    assert.equal(m365.line, 2);
    assert.equal(m365.role, 'relay');
    assert.deepEqual(m365.locations?.host, { line: 2, text: 'smtp.office365.com' });
    assert.deepEqual(m365.locations?.port, { line: 2, text: '587' });
    assert.ok(m365.evidence.includes('--pass=***'), m365.evidence);
    assert.ok(m365.notes?.includes('me: backup01.contoso.local'));
    const fallback = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(fallback.port, 25);
    assert.equal(fallback.security, 'none');
    assert.equal(fallback.auth.method, 'none');
    assert.equal(fallback.endpointKind, 'internal');
    assert.ok(fallback.notes?.some((n) => n.startsWith('fallback remote')));
    assert.equal(run.findings.length, 2, 'the prose comment is not a remote');
    assert.ok(run.secrets.has('R365CANARY null pass 1'), 'the quoted password is registered whole');
    assertNoCanary(run);
  });

  it('maps ssl to implicit TLS on 465, keeps commented remotes inactive and flags QMQP', () => {
    const run = runFixtures(nullmailer, import.meta.url, 'legacy/etc/nullmailer/remotes');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.security, 'tls');
    assert.equal(live.port, 465);
    assert.equal(live.endpointKind, 'windows-live');
    assert.equal(live.auth.username, 'scanner@hotmail.com');
    assert.equal(live.auth.secret, 'present');
    assert.equal(live.from, null);
    assert.ok(live.notes?.some((n) => n.startsWith('insecure')));
    const old = pick(run.findings, { host: 'smtp.isp-mail.example.net' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.line, 2);
    const qmqp = pick(run.findings, { host: '10.20.0.5' });
    assert.equal(qmqp.port, 628);
    assert.equal(qmqp.endpointKind, 'internal');
    assert.ok(qmqp.notes?.some((n) => n.startsWith('QMQP')));
    assertNoCanary(run);
  });

  it('marks a .sample copy inactive', () => {
    const run = runFixtures(nullmailer, import.meta.url, 'template/etc/nullmailer/remotes.sample');
    const f = pick(run.findings, { host: 'smarthost.dom' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.port, 2525);
    assert.equal(f.security, 'starttls');
    assert.ok(!f.evidence.includes('my pass phrase'));
  });

  it('survives a truncated quote, a bad port and an empty allmailfrom', () => {
    const run = runFixtures(nullmailer, import.meta.url, 'broken/etc/nullmailer/remotes', 'broken/etc/nullmailer/allmailfrom');
    const f = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(f.port, 25);
    assert.equal(f.from, null);
    assert.ok(f.notes?.some((n) => n.startsWith('port not a number')));
    assertNoCanary(run);
  });

  it('marks a remote host written as ${VAR} (envsubst templates) unresolved for the env pass', () => {
    const f = runText(nullmailer, '${SMTP_RELAY} smtp --port=587 --starttls\n', '/etc/nullmailer/remotes').findings[0];
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_RELAY' });
    assert.equal(f.port, 587);
  });

  it('ignores other control files alone and hostile input', () => {
    assert.equal(runText(nullmailer, 'alerts@contoso.com\n', '/etc/nullmailer/allmailfrom').findings.length, 0);
    for (const hostile of ['\u0000\u0001\u0002 random bytes \uffff', `${'x'.repeat(1_000_000)} smtp --pass=${'"'.repeat(3)}`, '\\'.repeat(20_000), "'".repeat(20_001)]) {
      assert.doesNotThrow(() => runText(nullmailer, hostile, '/etc/nullmailer/remotes'));
    }
  });
});

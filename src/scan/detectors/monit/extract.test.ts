import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monit } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('monit', () => {
  it('reads the Debian monitrc: only the commented example servers, all inactive', () => {
    const run = runFixtures(monit, import.meta.url, 'debian/etc/monit/monitrc');
    assert.deepEqual(run.findings.map((f) => [f.host, f.port, f.active]), [['mail.bar.baz', 25, false], ['backup.bar.baz', 10025, false], ['localhost', 25, false]]);
    assert.ok(run.findings.every((f) => f.inactiveReason === 'commented' && f.from === null));
  });

  it('reads a multi-line mailserver list with credentials, a backup server and the mail-format sender', () => {
    const run = runFixtures(monit, import.meta.url, 'o365/etc/monit/monitrc');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 87);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.ok(f.notes?.some((n) => n.includes('opportunistic')));
    assert.deepEqual(f.auth, { method: 'password', username: 'monit@contoso.com', secret: 'present' });
    assert.equal(f.from, 'monit@contoso.com');
    assert.deepEqual(f.locations?.username, { line: 88, text: 'monit@contoso.com' });
    assert.deepEqual(f.locations?.from, { line: 143, text: 'monit@contoso.com' });
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.role, 'app');
    assert.ok(f.evidence.includes('password "***"'), f.evidence);
    const backup = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(backup.line, 89);
    assert.equal(backup.port, 25);
    assert.equal(backup.auth.method, 'none');
    assert.ok(backup.notes?.some((n) => n.startsWith('backup mail server')));
    assert.equal(run.findings.filter((x) => x.active).length, 2);
    assert.ok(run.secrets.has('R365CANARY monit 1'));
    assertNoCanary(run);
  });

  it('treats using ssl/tlsv1 as implicit TLS and keeps `using hostname` out of it', () => {
    const run = runFixtures(monit, import.meta.url, 'broken/etc/monit/monitrc');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.security, 'tls');
    assert.equal(gmail.port, 465);
    assert.equal(gmail.auth.username, 'alerts@gmail.com');
    assert.equal(run.findings.filter((x) => x.host === 'nas01.contoso.local').length, 0);
    const sendgrid = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(sendgrid.security, 'tls');
    assert.ok(sendgrid.notes?.some((n) => n.includes('port 587')));
    assert.ok(run.secrets.has('R365CANARY-monit-2') && run.secrets.has('R365CANARY-monit-3'));
    assertNoCanary(run);
  });

  it('survives hostile input', () => {
    for (const hostile of [`set mailserver ${'{'.repeat(20_000)}`, `set mailserver ${'a,'.repeat(200_000)}`, '"'.repeat(1_000_000), '\u0000\u0001set\u0002mailserver', `set mailserver x password ${'"'.repeat(3)}`]) {
      assert.doesNotThrow(() => runText(monit, hostile, '/etc/monit/monitrc'));
    }
    assert.equal(runText(monit, 'set daemon 120\nset log syslog\n').findings.length, 0);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(monit, import.meta.url, 'template/etc/monit/monitrc.example');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(monit, import.meta.url, 'template/etc/monit/monitrc');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'your.smtp.server' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

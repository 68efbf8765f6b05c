import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ssrs } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('ssrs', () => {
  it('reads Basic auth to Exchange Online with encrypted credentials and a commented server', () => {
    const run = runFixtures(ssrs, import.meta.url, 'ReportServer/rsreportserver.config');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls', 'CDO with SMTPUseSSL on 587');
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'present' });
    assert.match(f.secretRef ?? '', /^encrypted:.*rsreportserver\.config:51$/);
    assert.equal(f.from, 'reports@contoso.com');
    assert.equal(f.line, 39);
    assert.deepEqual(f.locations?.port, { line: 40, text: '587' });
    assert.ok(f.notes?.some((n) => /stored encrypted/.test(n)));
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assertNoCanary(run);
  });

  it('reads NTLM as the service account and leaves the shipped blank configuration alone', () => {
    const run = runFixtures(ssrs, import.meta.url, 'PBIRS/rsreportserver.config');
    const f = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.method, 'ntlm');
    assert.equal(f.from, 'pbirs@contoso.com');
    assert.equal(runFixtures(ssrs, import.meta.url, 'default/rsreportserver.config').findings.length, 0);
  });

  it('reports the pickup folder mode and survives hostile input', () => {
    const run = runText(ssrs, '<Configuration><RSEmailDPConfiguration><SMTPServerPickupDirectory>C:\\inetpub\\mailroot\\Pickup</SMTPServerPickupDirectory><SendUsing>1</SendUsing><From>rs@contoso.com</From></RSEmailDPConfiguration></Configuration>', 'C:\\RS\\rsreportserver.config');
    const f = pick(run.findings, { host: 'localhost' });
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.from, 'rs@contoso.com');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `<RSEmailDPConfiguration><SMTPServer>${'x'.repeat(1_000_000)}</SMTPServer>`, `${'<a>'.repeat(20_000)}<RSEmailDPConfiguration><SMTPServer>y</SMTPServer>`, '<RSEmailDPConfiguration><SMTPServer>cut']) {
      assert.doesNotThrow(() => runText(ssrs, text, 'C:\\RS\\rsreportserver.config'));
    }
  });
});

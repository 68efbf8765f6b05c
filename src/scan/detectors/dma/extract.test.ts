import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dma } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('dma', () => {
  it('reads the Debian sample as one commented smarthost and no active setting', () => {
    const run = runFixtures(dma, import.meta.url, 'debian/etc/dma/dma.conf', 'debian/etc/dma/auth.conf');
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'mail.example.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'commented');
    assert.equal(f.line, 7);
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.method, 'none');
  });

  it('links SMARTHOST to its auth.conf entry without reading the password', () => {
    const run = runFixtures(dma, import.meta.url, 'o365/etc/dma/dma.conf', 'o365/etc/dma/auth.conf');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 7);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'backups@contoso.com', secret: 'external' });
    assert.match(f.secretRef ?? '', /^file:.*o365\/etc\/dma\/auth\.conf:5$/);
    assert.equal(f.from, 'backups@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.port, { line: 10, text: '587' });
    assert.deepEqual(f.locations?.from, { line: 70, text: 'backups@contoso.com' });
    assert.equal(f.role, 'relay');
    assert.ok(run.secrets.has('R365CANARY-dma-1') && run.secrets.has('R365CANARY-dma-2'));
    assertNoCanary(run);
  });

  it('treats SECURETRANSFER alone as implicit TLS, warns on broken auth lines and keeps the last SMARTHOST', () => {
    const run = runFixtures(dma, import.meta.url, 'broken/etc/dma/dma.conf', 'broken/etc/dma/auth.conf');
    const first = pick(run.findings, { host: '192.0.2.25' });
    assert.equal(first.active, false);
    assert.equal(first.inactiveReason, 'overridden');
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(f.active, true);
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 25);
    assert.equal(f.auth.username, 'ops');
    assert.equal(f.from, null);
    assert.ok(f.notes?.some((n) => n.startsWith('MASQUERADE ops@')));
    assert.ok(run.warnings.some((w) => w.code === 'parse-error' && w.line === 1));
    assertNoCanary(run);
  });

  it('names where the password lives when auth.conf was not scanned, and survives hostile input', () => {
    const run = runText(dma, 'SMARTHOST smtp.contoso.com\nAUTHPATH /srv/secret/dma-auth\nSECURETRANSFER\nSTARTTLS\nOPPORTUNISTIC_TLS\n', '/etc/dma/dma.conf');
    const f = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(f.secretRef, 'file:/srv/secret/dma-auth');
    assert.equal(f.auth.secret, 'external');
    assert.ok(f.notes?.some((n) => n.startsWith('OPPORTUNISTIC_TLS')));
    for (const hostile of ['\u0000\u00ff\ufffd'.repeat(1000), `SMARTHOST ${'a'.repeat(1_000_000)}`, '#'.repeat(20_000), 'SMARTHOST\nPORT 99999\n']) {
      assert.doesNotThrow(() => runText(dma, hostile, '/etc/dma/dma.conf'));
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(dma, import.meta.url, 'template/etc/dma/dma.conf.dist');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(dma, import.meta.url, 'template/etc/dma/dma.conf');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'changeme' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFinding } from './detector.js';

describe('createFinding', () => {
  const detector = { id: 'test', system: 'Test' };
  const ctx = { path: '/etc/test.conf', exampleFile: false };

  it('keeps an impossible host short and inactive: no DNS name is over 253 characters or holds control characters', () => {
    const long = createFinding(detector, ctx, { line: 1, host: `smtp.${'x'.repeat(100_000)}.example.net`, evidence: 'smtpServer = smtp.x…', locations: { host: { line: 1, text: 'x'.repeat(100_000) } } });
    assert.equal(long.active, false);
    assert.equal(long.inactiveReason, 'invalid-host');
    assert.equal(long.host!.length, 254);
    assert.equal(long.endpointKind, 'unknown');
    assert.equal(long.locations?.host, undefined, 'no patch aims at it');
    const control = createFinding(detector, ctx, { line: 2, host: 'smtp\u0007.contoso.com', evidence: 'x' });
    assert.equal(control.inactiveReason, 'invalid-host');
    const fine = createFinding(detector, ctx, { line: 3, host: 'smtp.office365.com', evidence: 'x' });
    assert.equal(fine.active, true);
    assert.equal(fine.endpointKind, 'm365-submission');
  });

  it('reads an unknown TLS mode on port 465 as implicit TLS, and leaves other ports unknown', () => {
    const ctx = { path: '/srv/chart/values.yaml', exampleFile: false };
    const smtps = createFinding({ id: 'helm', system: 'Helm' }, ctx, { line: 3, host: 'smtp.contoso.com', port: 465, evidence: 'host = smtp.contoso.com:465' });
    assert.equal(smtps.security, 'tls');
    assert.match(smtps.notes?.join() ?? '', /port 465: implicit TLS/);
    assert.equal(createFinding({ id: 'helm', system: 'Helm' }, ctx, { line: 3, host: 'smtp.contoso.com', port: 587, evidence: '' }).security, 'unknown');
    assert.equal(createFinding({ id: 'x', system: 'X' }, ctx, { line: 3, host: 'h.contoso.com', port: 465, security: 'starttls', evidence: '' }).security, 'starttls', 'a detector that knows keeps its word');
    assert.equal(createFinding({ id: 'x', system: 'X' }, ctx, { line: 3, host: 'h.contoso.com', port: 465, security: 'unknown', evidence: '' }).security, 'unknown', "…and so does one that knows its client cannot speak TLS there");
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { courier } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('courier', () => {
  it('reads a catch-all smarthost with required STARTTLS and its esmtpauthclient login', () => {
    const run = runFixtures(courier, import.meta.url, 'smarthost/etc/courier/esmtproutes', 'smarthost/etc/courier/esmtpauthclient');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 11);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'relay@contoso.com', secret: 'external' });
    assert.match(f.secretRef ?? '', /smarthost\/etc\/courier\/esmtpauthclient:1$/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.host, { line: 11, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 11, text: '587' });
    assert.ok(f.notes?.includes('smarthost for all mail'));
    const group = pick(run.findings, { host: '10.1.2.3' });
    assert.equal(group.port, 25);
    assert.equal(group.security, 'starttls');
    assert.ok(group.notes?.some((n) => n.includes('opportunistic')));
    assert.ok(group.notes?.includes('routes mail for contoso-group.com only'));
    assert.equal(group.auth.method, 'none');
    const isp = pick(run.findings, { host: 'relay.isp-mail.example.net' });
    assert.equal(isp.active, false);
    assert.equal(isp.inactiveReason, 'commented');
    assert.equal(isp.security, 'tls');
    assert.equal(isp.port, 465);
    const unused = pick(run.findings, { host: 'old-relay.contoso.local' });
    assert.equal(unused.active, false);
    assert.equal(unused.inactiveReason, 'unused');
    assert.equal(unused.auth.secret, 'present');
    assert.equal(run.findings.length, 4, 'DNS routes and prose comments are not relays');
    assertNoCanary(run);
  });

  it('reads an empty Debian esmtpauthclient as nothing', () => {
    assert.equal(runFixtures(courier, import.meta.url, 'debian/etc/courier/esmtpauthclient').findings.length, 0);
  });

  it('keeps going over broken lines', () => {
    const run = runFixtures(courier, import.meta.url, 'broken/etc/courier/esmtproutes', 'broken/etc/courier/esmtpauthclient');
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 25);
    assert.ok(f.notes?.some((n) => n.includes('without ",465"')));
    assert.equal(f.auth.username, 'user');
    assert.equal(run.findings.length, 1);
    assert.ok(run.warnings.some((w) => w.line === 1 && w.code === 'parse-error'));
    assertNoCanary(run);
    for (const hostile of [`a:${' '.repeat(1_000_000)}x`, `:${'['.repeat(20_000)}`, '\u0000:\u0001/SECURITY=\uffff', `${' '.repeat(500_000)}:relay /${' '.repeat(500_000)}`]) {
      assert.doesNotThrow(() => runText(courier, hostile, '/etc/courier/esmtproutes'));
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(courier, import.meta.url, 'template/etc/courier/esmtproutes.dist');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(courier, import.meta.url, 'template/etc/courier/esmtproutes');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'your.smtp.server' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

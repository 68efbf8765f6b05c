import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sNail } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('s-nail', () => {
  it('finds nothing in the Debian /etc/s-nail.rc', () => {
    assert.equal(runFixtures(sNail, import.meta.url, 'debian/etc/s-nail.rc').findings.length, 0);
  });

  it('reads mta URLs with smtp-use-starttls, percent-encoded users and account blocks', () => {
    const run = runFixtures(sNail, import.meta.url, 'v15/home/kim/.mailrc');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 4);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'backup@contoso.com', secret: 'present' });
    assert.equal(f.from, 'backup@contoso.com');
    assert.deepEqual(f.locations?.host, { line: 4, text: 'smtp.office365.com' });
    assert.equal(f.role, 'client');
    const isp = pick(run.findings, { host: 'smtp.isp-mail.example.net' });
    assert.equal(isp.line, 9);
    assert.equal(isp.security, 'tls');
    assert.equal(isp.port, 465);
    assert.deepEqual(isp.auth, { method: 'password', username: 'kim', secret: 'present' });
    assert.equal(isp.from, 'kim@isp-mail.example.net');
    assert.ok(isp.notes?.includes('account isp'));
    assert.ok(run.secrets.has('R365CANARY-snail-1') && run.secrets.has('R365CANARY-snail-2'));
    assertNoCanary(run);
  });

  it('reads Heirloom mailx smtp=host:port with smtp-auth-* and a commented relay', () => {
    const run = runFixtures(sNail, import.meta.url, 'heirloom/etc/nail.rc');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.line, 5);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'scanner.contoso@gmail.com', secret: 'present' });
    assert.equal(f.from, 'scanner.contoso@gmail.com');
    assert.equal(f.endpointKind, 'other-public');
    assert.ok(f.notes?.some((n) => n.startsWith('legacy `smtp`')));
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.port, 25);
    assert.ok(run.secrets.has('R365CANARY snail 3'));
    assertNoCanary(run);
  });

  it('reports mta=/usr/sbin/sendmail as a local MTA dependency', () => {
    const f = runFixtures(sNail, import.meta.url, 'sendmail/etc/mail.rc').findings[0];
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.host, null);
    assert.equal(f.from, 'root@web01.contoso.com');
  });

  it('survives broken files and hostile input', () => {
    const run = runFixtures(sNail, import.meta.url, 'broken/home/x/.mailrc');
    assert.ok(run.findings.every((f) => !JSON.stringify(f).includes('R365CANARY')));
    assertNoCanary(run);
    const plain = runText(sNail, 'set mta=smtp://relay.contoso.local\n', '/home/x/.mailrc').findings[0];
    assert.equal(plain.security, 'none');
    assert.equal(plain.auth.method, 'none');
    for (const hostile of [`set ${'a=b '.repeat(200_000)}`, `set mta=${'\\\n'.repeat(20_000)}`, '\u0000set mta=\u0001', `account ${'{'.repeat(1_000_000)}`]) {
      assert.doesNotThrow(() => runText(sNail, hostile, '/home/x/.mailrc'));
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(sNail, import.meta.url, 'template/etc/mail.rc.dist');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(sNail, import.meta.url, 'template/etc/mail.rc');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'changeme' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

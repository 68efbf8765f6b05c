import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sendmail } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const relay01 = ['relay01/etc/mail/sendmail.mc', 'relay01/etc/mail/authinfo', 'relay01/etc/mail/access', 'relay01/etc/mail/submit.mc'];

describe('sendmail', () => {
  it('reads SMART_HOST with the relay mailer port, the AuthInfo user and TLS_Srv', () => {
    const run = runFixtures(sendmail, import.meta.url, ...relay01);
    const f = pick(run.findings, { host: 'smtp.office365.com', active: true });
    assert.equal(f.line, 41);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes!.join('\n'), /TLS_Srv/);
    assert.deepEqual(f.auth, { method: 'password', username: 'relay@contoso.com', secret: 'external' });
    assert.match(f.secretRef ?? '', /relay01\/etc\/mail\/authinfo:4$/);
    assert.equal(f.from, null);
    assert.match(f.notes!.join('\n'), /MASQUERADE_AS contoso\.com/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.role, 'relay');
    assert.deepEqual(f.locations?.host, { line: 41, text: '[smtp.office365.com]' });
    assert.deepEqual(f.locations?.port, { line: 42, text: '587' });
    assert.deepEqual(f.locations?.username, { line: 4, text: 'relay@contoso.com' });
    assert.ok(!f.evidence.includes('R365CANARY'));
    assert.ok(run.secrets.has('R365CANARY-sendmail-1'));
    assert.ok(run.secrets.has('R365CANARY-sendmail-b64'), 'P= values are base64: the decoded password is scrubbed too');
    assert.ok(run.secrets.has('R365CANARY-sendmail-old'), 'commented credentials are scrubbed too');
    assert.ok(!run.secrets.has('password'), 'documentation placeholders are not registered');
    assertNoCanary(run);
  });

  it('keeps the commented smart host, reports an unused AuthInfo entry and ignores the local msp', () => {
    const run = runFixtures(sendmail, import.meta.url, ...relay01);
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.endpointKind, 'internal');
    const orphan = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.deepEqual(orphan.auth, { method: 'password', username: 'apikey', secret: 'present' });
    assert.equal(orphan.line, 5);
    assert.ok(!orphan.evidence.includes('UjM2'));
    assert.equal(run.findings.some((f) => f.host === '127.0.0.1'), false, 'FEATURE(msp) to localhost is the local MTA');
    assert.equal(run.findings.filter((f) => f.active).length, 2);
    assertNoCanary(run);
  });

  it('reads DS and the A=TCP port from a generated sendmail.cf, and mailertable routes', () => {
    const run = runFixtures(sendmail, import.meta.url, 'legacy/etc/mail/sendmail.cf', 'legacy/etc/mail/mailertable');
    const ds = pick(run.findings, { host: 'mailhub.contoso.local' });
    assert.equal(ds.line, 27);
    assert.equal(ds.port, 2525, 'the relay mailer (continuation line) says A=TCP $h 2525');
    assert.equal(ds.security, 'starttls');
    assert.match(ds.notes!.join('\n'), /opportunistic/);
    assert.equal(ds.auth.method, 'unknown', 'Kauthinfo without a scanned authinfo file');
    assert.equal(ds.active, true);
    const partner = pick(run.findings, { host: 'smtp.partner.example' });
    assert.equal(partner.port, 25);
    assert.match(partner.notes!.join('\n'), /mailertable route for \.partner\.example/);
    assert.equal(pick(run.findings, { host: '10.1.2.3' }).endpointKind, 'internal');
    assert.equal(pick(run.findings, { host: 'retired-relay.contoso.local' }).active, false);
    assert.equal(run.findings.length, 4, 'local: and error: entries are not relays');
  });

  it('never attaches one folder\'s AuthInfo to another folder\'s smart host', () => {
    const run = runFixtures(sendmail, import.meta.url, ...relay01, 'legacy/etc/mail/sendmail.cf', 'broken/etc/mail/authinfo');
    const ds = pick(run.findings, { host: 'mailhub.contoso.local' });
    assert.equal(ds.auth.username, null);
    assert.equal(ds.auth.method, 'unknown');
    assert.equal(pick(run.findings, { host: 'smtp.office365.com', active: true }).auth.username, 'relay@contoso.com');
    assertNoCanary(run);
  });

  it('marks a .dist copy as an example file', () => {
    const run = runFixtures(sendmail, import.meta.url, 'sample/etc/mail/sendmail.mc.dist');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.port, 587);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.endpointKind, 'other-public');
  });

  it('survives a truncated .mc and a broken authinfo, with a warning and no leak', () => {
    const run = runFixtures(sendmail, import.meta.url, 'broken/etc/mail/sendmail.mc', 'broken/etc/mail/authinfo');
    assert.equal(run.findings.length, 0);
    assert.ok(run.warnings.some((w) => w.code === 'parse-error' && w.line === 2));
    assert.ok(run.secrets.has('R365CANARY-sendmail-default'));
    assertNoCanary(run);
  });

  it('handles port 465, a second SMART_HOST and macros', () => {
    const mc = "define(`SMART_HOST', `relay.contoso.com')dnl\ndefine(`SMART_HOST', `esmtp:[smtp.live.com]:465')dnl\ndefine(`confFALLBACK_SMARTHOST', `mailhost.$m')dnl\n";
    const run = runText(sendmail, mc, '/etc/mail/sendmail.mc');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.port, 465);
    assert.equal(live.security, 'unknown');
    assert.equal(live.endpointKind, 'windows-live');
    assert.equal(live.active, true);
    assert.equal(pick(run.findings, { host: 'relay.contoso.com' }).inactiveReason, 'overridden');
    const macro = pick(run.findings, { line: 3 });
    assert.equal(macro.active, false);
    assert.equal(macro.inactiveReason, 'unresolved');
  });

  it('survives hostile input', () => {
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      'define(`SMART_HOST\', `' + 'x'.repeat(1_000_000) + "')dnl",
      'define('.repeat(20_000),
      '`'.repeat(50_000) + "define(`SMART_HOST', `[a]')",
      'DS[' + '['.repeat(20_000),
      'Mrelay, A=TCP $h 99999999\n' + '\tT=x\n'.repeat(10_000),
    ];
    for (const text of hostile) {
      for (const path of ['/etc/mail/sendmail.mc', '/etc/mail/sendmail.cf', '/etc/mail/authinfo', '/etc/mail/mailertable']) {
        assert.doesNotThrow(() => runText(sendmail, text, path));
      }
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rsyslog } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('rsyslog', () => {
  it('finds no mail in the Debian rsyslog.conf', () => {
    assert.equal(runFixtures(rsyslog, import.meta.url, 'debian/etc/rsyslog.conf').findings.length, 0);
  });

  it('reads a multi-line ommail action, a commented one, and keeps other actions\' passwords out', () => {
    const run = runFixtures(rsyslog, import.meta.url, 'alerts/etc/rsyslog.d/60-alerts.conf');
    const f = pick(run.findings, { host: 'contoso-com.mail.protection.outlook.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 9);
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, 'rsyslog@contoso.com');
    assert.equal(f.endpointKind, 'm365-mx');
    assert.deepEqual(f.locations?.host, { line: 10, text: 'contoso-com.mail.protection.outlook.com' });
    assert.deepEqual(f.locations?.port, { line: 11, text: '25' });
    assert.deepEqual(f.locations?.from, { line: 12, text: 'rsyslog@contoso.com' });
    assert.ok(f.notes?.includes('mailTo: oncall@contoso.com'));
    const old = pick(run.findings, { host: 'mailgw.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.line, 20);
    assert.equal(run.findings.length, 2);
    assert.ok(run.secrets.has('R365CANARY-rsyslog-1'));
    assertNoCanary(run);
  });

  it('reads legacy $ActionMail directives as state', () => {
    const run = runFixtures(rsyslog, import.meta.url, 'legacy/etc/rsyslog.d/mail.conf');
    const first = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(first.line, 2);
    assert.equal(first.port, 2525, 'the port set before the next server still applies to the first');
    assert.equal(first.from, 'rsyslog@web01.contoso.com');
    assert.equal(first.endpointKind, 'internal');
    const second = pick(run.findings, { host: '10.1.0.25' });
    assert.equal(second.port, 2525);
    assert.equal(second.from, 'rsyslog@web01.contoso.com');
    assert.deepEqual(second.locations?.port, { line: 10, text: '2525' });
  });

  it('survives unclosed actions and hostile input', () => {
    const run = runFixtures(rsyslog, import.meta.url, 'broken/etc/rsyslog.d/broken.conf');
    const noServer = pick(run.findings, { host: null });
    assert.ok(noServer.notes?.some((n) => n.startsWith('no server=')));
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(relay.port, 25);
    assert.equal(relay.from, 'ops@contoso.com');
    assertNoCanary(run);
    const backtick = runText(rsyslog, 'action(type="ommail" server=`echo $SMTP_RELAY` mailTo="ops@contoso.com")\n').findings[0];
    assert.deepEqual(backtick.valueSources, { host: 'env:SMTP_RELAY' });
    for (const hostile of [`action(type="ommail" ${'('.repeat(20_000)}`, `action(${'a="'.repeat(300_000)}`, `$ActionMailSMTPServer ${'x'.repeat(1_000_000)}`, '\u0000ommail\u0001(\uffff']) {
      assert.doesNotThrow(() => runText(rsyslog, hostile, '/etc/rsyslog.d/x.conf'));
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(rsyslog, import.meta.url, 'template/etc/rsyslog.d/50-mail.conf.sample');
    const f = pick(example.findings, { host: 'contoso-com.mail.protection.outlook.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const unresolved = runFixtures(rsyslog, import.meta.url, 'template/etc/rsyslog.d/50-mail.conf');
    assert.ok(unresolved.findings.length > 0 && unresolved.findings.every((f) => !f.active && f.inactiveReason === 'unresolved'), JSON.stringify(unresolved.findings));
    assert.deepEqual(unresolved.findings[0].valueSources, { host: 'env:MAIL_RELAY' });
    assert.equal(unresolved.findings[0].host, null);
    assertNoCanary(example);
  });
});

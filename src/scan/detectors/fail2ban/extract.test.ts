import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fail2ban } from './index.js';
import { actionParams } from './extract.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('fail2ban', () => {
  it('finds no mail in the stock Debian jail.conf (ban only)', () => {
    const run = runFixtures(fail2ban, import.meta.url, 'debian/etc/fail2ban/jail.conf', 'debian/etc/fail2ban/jail.d/defaults-debian.conf');
    assert.equal(run.findings.length, 0);
  });

  it('reports %(action_mwl)s in jail.local as a local-MTA dependency with the sender', () => {
    const run = runFixtures(fail2ban, import.meta.url, 'mailing/etc/fail2ban/jail.conf', 'mailing/etc/fail2ban/jail.d/defaults-debian.conf', 'mailing/etc/fail2ban/jail.local');
    const f = pick(run.findings, { line: 6, active: true });
    assert.match(f.path, /jail\.local$/);
    assert.equal(f.host, null);
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.security, 'unknown');
    assert.equal(f.auth.method, 'none');
    assert.equal(f.from, 'fail2ban@web01.contoso.com');
    assert.ok(f.notes?.some((n) => n.startsWith('sendmail-whois-lines')), JSON.stringify(f.notes));
    assert.ok(f.notes?.includes('destemail: security@contoso.com'));
    assert.ok(f.notes?.some((n) => n.includes('sshd')));
    const disabled = pick(run.findings, { line: 15 });
    assert.equal(disabled.active, false);
    assert.equal(disabled.inactiveReason, 'disabled');
    assert.ok(disabled.notes?.includes('destemail: postmaster@contoso.com'));
    const commented = pick(run.findings, { line: 14 });
    assert.equal(commented.inactiveReason, 'commented');
    assert.equal(run.findings.length, 3, 'the stock jail.conf action is overridden and does not mail');
  });

  it('reads smtp.py actions: host:port, user, interpolated password as a secret, plain SMTP', () => {
    const run = runFixtures(fail2ban, import.meta.url, 'smtp-py/etc/fail2ban/jail.local');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 9);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'none');
    assert.deepEqual(f.auth, { method: 'password', username: 'webteam@contoso.com', secret: 'present' });
    assert.equal(f.from, 'webteam@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.locations?.host, undefined, 'the host sits on the continuation line');
    assert.ok(f.notes?.some((n) => n.includes('in clear')));
    assert.ok(run.secrets.has('R365CANARY-f2b-1'));
    const local = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(local.port, 25);
    assert.equal(local.auth.method, 'none');
    assert.deepEqual(local.locations?.host, { line: 14, text: 'mail.contoso.local' });
    assertNoCanary(run);
  });

  it('survives a broken header, self-referencing interpolation and truncated actions', () => {
    const run = runFixtures(fail2ban, import.meta.url, 'broken/etc/fail2ban/jail.local');
    const f = pick(run.findings, { host: 'relay2.contoso.local' });
    assert.equal(f.port, 2525);
    assert.equal(f.auth.username, 'f2b');
    assert.ok(!f.evidence.includes('R365CANARY'));
    const both = runText(fail2ban, '[x]\nenabled = true\naction = smtp.py[host="h.contoso.local", user=u, password=R365CANARY-f2b-4] sendmail-whois[dest="a@contoso.com"]\n', '/etc/fail2ban/jail.local');
    assert.equal(both.findings.length, 2);
    assertNoCanary(both);
    const unresolved = runText(fail2ban, '[x]\nenabled = true\naction = smtp.py[host="%(smtp_host)s"]\n', '/etc/fail2ban/jail.local').findings[0];
    assert.equal(unresolved.host, null);
    assert.equal(unresolved.active, false);
    assert.equal(unresolved.inactiveReason, 'unresolved');
    assertNoCanary(run);
    for (const hostile of [`[a]\nenabled=1\naction=${'%(a)s'.repeat(50_000)}\na=%(a)s%(a)s`, `action = smtp.py[${'['.repeat(1_000_000)}`, '\u0000[\u0001]\n=\uffff', `[DEFAULT]\naction = %(x)s\nx = ${'%(x)s'.repeat(10)}`]) {
      assert.doesNotThrow(() => runText(fail2ban, hostile, '/etc/fail2ban/jail.local'));
    }
  });

  it('reads action parameters', () => {
    assert.deepEqual([...actionParams('name=sshd, dest="a@b.c", sender=\'x@y.z\'')], [['name', 'sshd'], ['dest', 'a@b.c'], ['sender', 'x@y.z']]);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sqlDbmail } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('sql-dbmail', () => {
  it('reads sysmail_add_account_sp calls: variables, STARTTLS, default credentials, commented calls', () => {
    const run = runFixtures(sqlDbmail, import.meta.url, 'deploy/configure-dbmail.sql');
    const o365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(o365.port, 587);
    assert.equal(o365.security, 'starttls');
    assert.deepEqual(o365.auth, { method: 'password', username: 'sql01-alerts@contoso.com', secret: 'present' });
    assert.equal(o365.from, 'sql01-alerts@contoso.com');
    assert.equal(o365.valueSources?.host, 'sql-variable:@smtp');
    assert.equal(o365.line, 21);
    assert.deepEqual(o365.locations?.port, { line: 22, text: '587' });
    assert.equal(o365.endpointKind, 'm365-submission');
    assert.ok(!o365.evidence.includes('R365CANARY'));
    const relay = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(relay.port, 25);
    assert.equal(relay.security, 'none');
    assert.equal(relay.auth.method, 'ntlm');
    assert.equal(relay.from, 'sql01@contoso.com');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.active, false);
    assert.equal(gmail.inactiveReason, 'commented');
    assert.ok(gmail.notes?.some((n) => /465/.test(n)), 'System.Net.Mail cannot do implicit TLS');
    const sqlcmd = run.findings.filter((f) => f.valueSources?.host === 'sqlcmd-variable:SmtpServer');
    assert.equal(sqlcmd.length, 2, 'SQLCMD fills in $(SmtpServer) quoted or not');
    assert.ok(sqlcmd.every((f) => f.inactiveReason === 'unresolved' && f.host === null));
    assert.equal(pick(sqlcmd, { port: 2525 }).auth.method, 'none');
    for (const s of ['R365CANARY-dbmail-o365', 'R365CANARY-dbmail-gmail']) assert.ok(run.secrets.has(s), s);
    assertNoCanary(run);
  });

  it('reads a truncated script without throwing', () => {
    const run = runFixtures(sqlDbmail, import.meta.url, 'dumps/truncated.sql');
    assert.equal(pick(run.findings, { host: 'mail.contoso.local' }).port, 25);
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `sysmail_add_account_sp @mailserver_name = N'a'\nDECLARE @x ${' '.repeat(1_000_000)}int${' '.repeat(1_000_000)}x`, `EXEC sysmail_add_account_sp @mailserver_name = N'${'x'.repeat(1_000_000)}'`, `sysmail_add_account_sp ${'@a = 1, '.repeat(20_000)}`, `/* ${'sysmail_add_account_sp '.repeat(20_000)}`, "sysmail_add_account_sp @mailserver_name = @undeclared"]) {
      assert.doesNotThrow(() => runText(sqlDbmail, text, 'C:\\deploy\\x.sql'));
    }
  });
});

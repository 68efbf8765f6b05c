import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cdo } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('cdo', () => {
  it('reads fields addressed through a schema variable; smtpusessl on 587 is STARTTLS', () => {
    const run = runFixtures(cdo, import.meta.url, 'scripts/send-report.vbs');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'reports@contoso.com', secret: 'present' });
    assert.equal(f.from, 'reports@contoso.com');
    assert.equal(f.line, 16);
    assert.deepEqual(f.locations?.host, { line: 16, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 17, text: '587' });
    assert.equal(f.role, 'script');
    assert.ok(run.secrets.has('R365CANARY-cdo-vbs'));
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assertNoCanary(run);
  });

  it('reads typelib constants inside a With block of an ASP page (NTLM)', () => {
    const run = runFixtures(cdo, import.meta.url, 'wwwroot/contact.asp');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, 'mail.contoso.local');
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.method, 'ntlm');
    assert.equal(f.from, 'website@contoso.com');
    assert.equal(f.role, 'app');
    assert.equal(f.line, 11);
  });

  it('reads a VBA module: fields before smtpserver, a prompted password, implicit TLS on 465', () => {
    const run = runFixtures(cdo, import.meta.url, 'excel/Module1.bas');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.deepEqual(f.auth, { method: 'password', username: 'finance.contoso@gmail.com', secret: 'external' });
    assert.equal(f.secretRef, 'script-expression:InputBox("Gmail password")');
    assert.equal(f.from, 'finance.contoso@gmail.com');
    assert.equal(f.endpointKind, 'other-public');
  });

  it('reports CDONTS as the local pickup service', () => {
    const run = runFixtures(cdo, import.meta.url, 'legacy/notify.vbs');
    const f = pick(run.findings, { host: 'localhost' });
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.from, 'fs02@contoso.com');
    assert.ok(f.notes?.some((n) => /CDONTS/.test(n)));
  });

  it('table: values and indirection', () => {
    const rows: [string, Record<string, unknown>][] = [
      ['Set m = CreateObject("CDO.Message")\nm.Configuration.Fields("http://schemas.microsoft.com/cdo/configuration/smtpserver") = WshShell.ExpandEnvironmentStrings("%SMTP_RELAY%")\n', { host: null, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_RELAY' } }],
      ['Set m = CreateObject("CDO.Message")\nsrv = "relay" & ".contoso.local"\nm.Configuration.Fields.Item("http://schemas.microsoft.com/cdo/configuration/smtpserver") = srv\n', { host: 'relay.contoso.local', active: true }],
      ['Set m = CreateObject("CDO.Message")\nm.From = "a@contoso.com"\nm.Send\n', { host: 'localhost', endpointKind: 'local' }],
      ['Dim x\nx = 1\n', {}],
    ];
    for (const [text, want] of rows) {
      const run = runText(cdo, text, 'C:\\Scripts\\mail.vbs');
      if (!Object.keys(want).length) { assert.equal(run.findings.length, 0, text); continue; }
      assert.equal(run.findings.length, 1, text);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((run.findings[0] as unknown as Record<string, unknown>)[k], v, `${text}: ${k}`);
    }
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const field = 'x.Fields.Item("http://schemas.microsoft.com/cdo/configuration/smtpserver") = ';
    for (const text of [random, `CDO.Message\n${' '.repeat(1_000_000)}_${' '.repeat(1_000_000)}\n`, `${field}"${'a'.repeat(1_000_000)}"`, `${field}${'('.repeat(20_000)}"x"${')'.repeat(20_000)}`, `CDO.Message ${'('.repeat(1_000_000)} = `, `${' _\n'.repeat(20_000)}CDO.Message`]) {
      assert.doesNotThrow(() => runText(cdo, text, 'C:\\Scripts\\x.vbs'));
    }
  });
});

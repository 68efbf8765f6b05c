import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dotnetConfig } from './index.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

describe('dotnet-config', () => {
  it('reads <mailSettings> from a UTF-8 BOM, CRLF web.config: EnableSsl is STARTTLS', () => {
    const run = runFixtures(dotnetConfig, import.meta.url, 'inetpub/wwwroot/intranet/web.config');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, '.NET web.config');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'intranet@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'intranet@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 23);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations, { host: { line: 23, text: 'smtp.office365.com' }, port: { line: 24, text: '587' }, username: { line: 26, text: 'intranet@contoso.com' }, from: { line: 21, text: 'intranet@contoso.com' } });
    assert.match(f.evidence, /host="smtp.office365.com" port="587"/);
    assert.match(f.evidence, /password="?\*\*\*/);
    assert.ok(run.secrets.has('R365CANARY-dotnet-1&x'), 'the entity-decoded password is the secret');
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.method, 'ntlm');
    assert.equal(old.line, 22);
    assert.equal(run.findings.length, 2, 'connection strings and unrelated appSettings are not mail');
    assertNoCanary(run);
  });

  it('groups ad-hoc appSettings keys of a UTF-16 exe.config into one finding, commented block apart', () => {
    const run = runFixtures(dotnetConfig, import.meta.url, 'Program Files/Contoso/ReportMailer/ReportMailer.exe.config');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, '.NET app.config');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'reports@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'reports@contoso.com');
    assert.equal(f.line, 8);
    assert.deepEqual(f.locations?.port, { line: 9, text: '587' });
    const old = pick(run.findings, { host: '192.168.10.25' });
    assert.equal(old.active, false);
    assert.equal(old.port, 25);
    assert.equal(old.endpointKind, 'internal');
    assertNoCanary(run);
  });

  it('maps defaultCredentials to NTLM and reports an XDT transform with deploy tokens as unresolved', () => {
    const run = runFixtures(dotnetConfig, import.meta.url, 'inetpub/wwwroot/shop/web.config', 'inetpub/wwwroot/shop/Web.Release.config');
    const base = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(base.auth.method, 'ntlm');
    assert.equal(base.auth.username, null);
    assert.equal(base.port, 25);
    assert.equal(base.security, 'none');
    assert.equal(base.active, true);
    const release = run.findings.find((f) => f.path.endsWith('Web.Release.config'))!;
    assert.equal(release.host, null);
    assert.equal(release.active, false);
    assert.equal(release.inactiveReason, 'unresolved');
    assert.deepEqual(release.valueSources, { host: 'deploy-variable:SmtpHost' });
    assert.equal(release.auth.secret, 'external');
    assert.equal(release.secretRef, 'deploy-variable:SmtpPassword');
    assert.match(release.notes!.join('\n'), /XDT transform/);
  });

  it('reports a pickup directory as a local hand-off, not SMTP', () => {
    const f = runFixtures(dotnetConfig, import.meta.url, 'pickup/web.config').findings;
    assert.equal(f.length, 1);
    assert.equal(f[0].host, null);
    assert.equal(f[0].endpointKind, 'local');
    assert.equal(f[0].active, true);
    assert.match(f[0].notes!.join('\n'), /C:\\inetpub\\mailroot\\Pickup/);
  });

  it('follows configSource to a root-level <smtp> file and flags encrypted sections', () => {
    const run = runFixtures(dotnetConfig, import.meta.url, 'configsource/web.config', 'configsource/Config/mailSettings.config', 'encrypted/web.config');
    const ref = run.findings.find((f) => f.path.endsWith('configsource/web.config'))!;
    assert.equal(ref.active, false);
    assert.deepEqual(ref.valueSources, { host: 'file:Config\\mailSettings.config' });
    const target = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(target.auth.username, 'crm');
    assert.equal(target.from, 'crm@contoso.com');
    assert.equal(target.active, true);
    const enc = run.findings.find((f) => f.path.includes('encrypted'))!;
    assert.equal(enc.host, null);
    assert.match(enc.notes!.join('\n'), /RsaProtectedConfigurationProvider/);
    assertNoCanary(run);
  });

  it('keeps sample files inactive and reads what a truncated file holds', () => {
    const sample = runFixtures(dotnetConfig, import.meta.url, 'samples/web.config.sample').findings[0];
    assert.equal(sample.active, false);
    assert.equal(sample.inactiveReason, 'example-file');
    assert.equal(sample.auth.secret, 'absent');
    const broken = runFixtures(dotnetConfig, import.meta.url, 'broken/web.config');
    assert.equal(broken.warnings[0]?.code, 'truncated');
    assert.equal(broken.findings.length, 0, 'the cut <network> tag is not trusted');
  });

  const rows: { name: string; xml: string; host: string | null; port: number; security: string; method: string; notes?: RegExp }[] = [
    { name: 'EnableSsl on 465 hangs', xml: '<smtp><network host="smtp.contoso.com" port="465" enableSsl="true" /></smtp>', host: 'smtp.contoso.com', port: 465, security: 'starttls', method: 'none', notes: /hangs/ },
    { name: 'case-insensitive attributes', xml: '<smtp DeliveryMethod="network"><network Host="10.1.1.1" Port="25" EnableSsl="False" UserName="svc" /></smtp>', host: '10.1.1.1', port: 25, security: 'none', method: 'password' },
    { name: 'MailKit words in appSettings', xml: '<appSettings><add key="Mail.SmtpHost" value="smtp.contoso.com"/><add key="Mail.SmtpPort" value="465"/><add key="Mail.SecureSocketOptions" value="SslOnConnect"/></appSettings>', host: 'smtp.contoso.com', port: 465, security: 'tls', method: 'none' },
  ];
  for (const row of rows) {
    it(`row: ${row.name}`, () => {
      const f = runText(dotnetConfig, `<configuration><system.net><mailSettings>${row.xml}</mailSettings></system.net></configuration>`.replace('<mailSettings><appSettings>', '<appSettings>').replace('</appSettings></mailSettings>', '</appSettings>'), 'C:\\app\\web.config').findings[0];
      assert.equal(f.host, row.host);
      assert.equal(f.port, row.port);
      assert.equal(f.security, row.security);
      assert.equal(f.auth.method, row.method);
      if (row.notes) assert.match(f.notes!.join('\n'), row.notes);
    });
  }

  it('returns null for configs without mail and survives hostile input', () => {
    assert.equal(runText(dotnetConfig, '<configuration><appSettings><add key="Port" value="8080"/><add key="Host" value="api"/></appSettings></configuration>', 'web.config').findings.length, 0);
    const deep = '<a>'.repeat(20000) + '<smtp><network host="x.contoso.local"/></smtp>';
    const hostile = [deep, '<configuration><smtp><network host="', '<!--', '<![CDATA[', 'x'.repeat(1_000_000), '\u0000\u0001<smtp>', '<smtp><network host="a" port="99999999"/></smtp>', '<' + 'a '.repeat(500000) + '>', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')];
    for (const text of hostile) assert.doesNotThrow(() => runText(dotnetConfig, text, 'web.config'));
    assert.equal(runText(dotnetConfig, hostile[6], 'web.config').findings[0].port, 25);
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [dotnetConfig] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [11, 5]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), ['truncated']);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});

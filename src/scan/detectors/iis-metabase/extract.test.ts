import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iisMetabase } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const metabase = 'relay01/WINDOWS/system32/inetsrv/MetaBase.xml';

describe('iis-metabase', () => {
  it('reads the smart host, outbound port, RouteAction TLS and Basic auth of a virtual server', () => {
    const run = runFixtures(iisMetabase, import.meta.url, metabase);
    const f = pick(run.findings, { line: 58 });
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'scanner-relay@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /MetaBase\.xml:54$/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.role, 'relay');
    assert.match(f.notes!.join('\n'), /stored encrypted/);
    assert.match(f.notes!.join('\n'), /MasqueradeDomain contoso\.com/);
    assert.deepEqual(f.locations, { host: { line: 58, text: 'smtp.office365.com' }, port: { line: 52, text: '587' }, username: { line: 55, text: 'scanner-relay@contoso.com' } });
    assert.ok(!f.evidence.includes('RoutePassword'));
    assertNoCanary(run);
  });

  it('reads a hand-edited server with a plaintext password, a remote-domain route and a commented server', () => {
    const run = runFixtures(iisMetabase, import.meta.url, metabase);
    const app = pick(run.findings, { line: 85 });
    assert.equal(app.host, 'smtp.office365.com');
    assert.equal(app.port, 25, 'RemoteSmtpPort inherited from <IIsSmtpService>');
    assert.equal(app.security, 'starttls');
    assert.deepEqual(app.auth, { method: 'password', username: 'app@contoso.com', secret: 'present' });
    assert.match(app.notes!.join('\n'), /DNS is tried first/);
    assert.ok(run.secrets.has('R365CANARY-iis-plain'));
    const domain = pick(run.findings, { host: '10.0.5.20' });
    assert.equal(domain.line, 68);
    assert.equal(domain.port, 587);
    assert.equal(domain.security, 'none');
    assert.deepEqual(domain.auth, { method: 'none', username: null, secret: 'absent' });
    assert.match(domain.notes!.join('\n'), /remote domain fabrikam\.com/);
    const old = pick(run.findings, { host: 'old-relay.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(run.findings.length, 4);
    assertNoCanary(run);
  });

  it('reads a UTF-16 history copy as inactive', () => {
    const run = runFixtures(iisMetabase, import.meta.url, 'relay01/WINDOWS/system32/inetsrv/History/MetaBase_0000000120_0000000000.xml');
    const f = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'history');
    assert.equal(f.endpointKind, 'windows-live');
    assert.deepEqual(f.auth, { method: 'password', username: 'contoso.scanner@hotmail.com', secret: 'present' });
    assert.ok(run.secrets.has('R365CANARY-iis-history'));
    assertNoCanary(run);
  });

  it('returns nothing for a web-only metabase and is selected only when the SMTP service is there', () => {
    const run = runFixtures(iisMetabase, import.meta.url, 'webonly/WINDOWS/system32/inetsrv/MetaBase.xml');
    assert.equal(run.findings.length, 0);
    assert.equal(iisMetabase.hint!.test('<IIsWebServer Location ="/LM/W3SVC/1">'), false);
    assert.equal(iisMetabase.hint!.test('<IIsSmtpServer\tLocation ="/LM/SmtpSvc/1"'), true);
  });

  it('reads what it can of a truncated metabase, with a warning', () => {
    const run = runFixtures(iisMetabase, import.meta.url, 'broken/WINDOWS/system32/inetsrv/MetaBase.xml');
    const f = pick(run.findings, { host: 'mail.contoso.com&x' });
    assert.equal(f.auth.username, '"relay"@contoso.com');
    assert.ok(run.warnings.some((w) => w.code === 'truncated'));
    assertNoCanary(run);
  });

  it('survives hostile input', () => {
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      '<a>'.repeat(20_000) + '<IIsSmtpServer SmartHost="x.example"' + '</a>'.repeat(20_000),
      '<IIsSmtpServer '.repeat(70_000),
      '<IIsSmtpServer SmartHost="' + 'x'.repeat(1_000_000),
      '<!--'.repeat(50_000) + '<IIsSmtpServer SmartHost="y.example">',
      '<IIsSmtpServer ' + 'a'.repeat(1_000_000) + ' SmartHost="z.example">',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(iisMetabase, text, 'C:\\WINDOWS\\system32\\inetsrv\\MetaBase.xml'));
    assert.equal(runText(iisMetabase, '<!--'.repeat(5) + '<IIsSmtpServer SmartHost="y.example">', 'MetaBase.xml').findings[0].active, false);
  });
});

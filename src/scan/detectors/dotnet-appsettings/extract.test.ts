import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dotnetAppsettings } from './index.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

describe('dotnet-appsettings', () => {
  it('reads a mail section and a Serilog Email sink from appsettings.json with comments and trailing commas', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Contoso.Web/appsettings.json');
    assert.equal(run.warnings.length, 0);
    assert.equal(run.findings.length, 2, 'ConnectionStrings and the commented host are not findings');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes!.join('\n'), /check the code/);
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'noreply@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'noreply@contoso.com');
    assert.equal(f.line, 14);
    assert.deepEqual(f.locations, { host: { line: 14, text: 'smtp.office365.com' }, port: { line: 15, text: '587' }, username: { line: 17, text: 'noreply@contoso.com' }, from: { line: 21, text: 'noreply@contoso.com' } });
    assert.match(f.evidence, /EmailSettings:Host = smtp.office365.com/);
    const serilog = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(serilog.port, 25);
    assert.equal(serilog.security, 'none');
    assert.equal(serilog.auth.username, 'svc-weblog');
    assert.equal(serilog.auth.secret, 'present');
    assert.equal(serilog.from, 'web-errors@contoso.com');
    assert.ok(run.secrets.has('R365CANARY-appsettings-serilog'));
    assertNoCanary(run);
  });

  it('maps MailKit SecureSocketOptions and notes environment files', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Contoso.Api/appsettings.Production.json', 'src/Contoso.Api/appsettings.Development.json');
    const prod = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(prod.security, 'tls');
    assert.equal(prod.port, 465);
    assert.equal(prod.auth.secret, 'absent');
    assert.equal(prod.from, 'api@contoso.com');
    assert.match(prod.notes!.join('\n'), /Production/);
    const dev = pick(run.findings, { host: 'localhost' });
    assert.equal(dev.security, 'none');
    assert.equal(dev.endpointKind, 'local');
    assert.equal(dev.auth.method, 'none');
  });

  it('reads flattened user-secrets keys', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'Users/dev/AppData/Roaming/Microsoft/UserSecrets/4f3c0b1e-7a2d-4c5e-9f10-2b3c4d5e6f70/secrets.json');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'dev.test@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.match(f.notes!.join('\n'), /user-secrets/);
    assertNoCanary(run);
  });

  it('leaves ${VAR} hosts unresolved, skips URL-shaped hosts, reads default credentials; examples inactive', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Contoso.Worker/appsettings.json', 'src/Contoso.Worker/appsettings.json.example');
    const env = run.findings.find((f) => f.valueSources?.host === 'env:SMTP_SERVER')!;
    assert.equal(env.active, false);
    assert.equal(env.inactiveReason, 'unresolved');
    assert.equal(env.from, 'worker@contoso.com');
    const ntlm = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(ntlm.auth.method, 'ntlm');
    assert.equal(ntlm.security, 'unknown');
    assert.ok(!run.findings.some((f) => f.host?.includes('cdn')));
    const example = pick(run.findings, { host: 'smtp.example.com' });
    assert.equal(example.active, false);
    assert.equal(example.inactiveReason, 'example-file');
  });

  it('reads NLog mail targets: variables, Basic auth, commented targets', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Contoso.Service/nlog.config');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'NLog mail target');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'service-alerts@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'service-alerts@contoso.com');
    assert.equal(f.line, 16);
    assert.match(f.evidence, /smtpPassword="?\*\*\*/);
    const old = pick(run.findings, { host: '192.168.1.20' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.method, 'none');
    assertNoCanary(run);
  });

  it('reads a log4net SmtpAppender and a pickup appender', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Legacy.Billing/log4net.config');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'log4net SmtpAppender');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'billing@contoso.com');
    assert.equal(f.from, 'billing@contoso.com');
    assert.equal(f.line, 7);
    const pickup = run.findings.find((x) => x.endpointKind === 'local')!;
    assert.equal(pickup.host, null);
    assert.match(pickup.notes!.join('\n'), /pickup folder/);
    assertNoCanary(run);
  });

  it('reads NLog embedded in a UTF-16 web.config: system.net settings and environment hosts unresolved', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'src/Legacy.Portal/web.config');
    assert.equal(run.findings.length, 2, 'the <system.net> block is the dotnet-config detector’s');
    const sys = run.findings.find((f) => f.valueSources?.host === 'system.net/mailSettings')!;
    assert.equal(sys.active, false);
    const env = run.findings.find((f) => f.valueSources?.host === 'env:SMTP_RELAY')!;
    assert.equal(env.inactiveReason, 'unresolved');
    assert.equal(env.auth.method, 'none');
    assert.match(env.notes!.join('\n'), /authentication is None/);
    assert.equal(env.auth.secret, 'present');
    assertNoCanary(run);
  });

  it('warns on truncated JSON and keeps what it read', () => {
    const run = runFixtures(dotnetAppsettings, import.meta.url, 'broken/appsettings.json');
    assert.equal(run.warnings[0].code, 'parse-error');
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(f.port, 25);
    assertNoCanary(run);
  });

  const rows: { name: string; json: string; host: string | null; port: number; security: string; method?: string }[] = [
    { name: 'MailKit enum as a number', json: '{"MailKit":{"Host":"smtp.contoso.com","Port":587,"SecureSocketOptions":3}}', host: 'smtp.contoso.com', port: 587, security: 'starttls' },
    { name: 'StartTlsWhenAvailable', json: '{"Smtp":{"Host":"10.0.0.9","SecureSocketOptions":"StartTlsWhenAvailable"}}', host: '10.0.0.9', port: 25, security: 'starttls' },
    { name: 'top-level SmtpServer', json: '{"SmtpServer":"mail.contoso.com","SmtpPort":"25"}', host: 'mail.contoso.com', port: 25, security: 'unknown' },
    { name: 'UseSsl on 465', json: '{"EmailSettings":{"SmtpServer":"smtp.contoso.com","SmtpPort":465,"UseSsl":true,"SmtpUser":"x"}}', host: 'smtp.contoso.com', port: 465, security: 'tls', method: 'password' },
    { name: 'OAuth authentication word', json: '{"Smtp":{"Host":"smtp.office365.com","Port":587,"UseStartTls":true,"Authentication":"XOAUTH2","UserName":"a@contoso.com"}}', host: 'smtp.office365.com', port: 587, security: 'starttls', method: 'oauth2' },
  ];
  for (const row of rows) {
    it(`row: ${row.name}`, () => {
      const f = runText(dotnetAppsettings, row.json, '/app/appsettings.json').findings[0];
      assert.equal(f.host, row.host);
      assert.equal(f.port, row.port);
      assert.equal(f.security, row.security);
      if (row.method) assert.equal(f.auth.method, row.method);
    });
  }

  it('ignores generic Host keys outside mail sections and survives hostile input', () => {
    assert.equal(runText(dotnetAppsettings, '{"Redis":{"Host":"cache","Port":6379},"Kestrel":{"Endpoints":{"Http":{"Url":"http://*:80"}}}}', '/app/appsettings.json').findings.length, 0);
    const hostile = ['{"Smtp":' + '['.repeat(20000), '{"Smtp":{"Host":"' + 'a'.repeat(1_000_000) + '"}}', '\u0000\u0001{', '{"Smtp":{"Host":', '{/* unterminated', '{"Smtp":{"Host":"x","Port":"99999999"}}', '<nlog><target xsi:type="Mail" smtpServer="', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')];
    for (const text of hostile) assert.doesNotThrow(() => runText(dotnetAppsettings, text, '/app/appsettings.json'));
    assert.doesNotThrow(() => runText(dotnetAppsettings, '<nlog>' + '<a>'.repeat(20000), '/app/nlog.config'));
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [dotnetAppsettings] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [15, 10]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), ['parse-error']);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});

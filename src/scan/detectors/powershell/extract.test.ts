import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { powershell } from './index.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

const run1 = (text: string) => runText(powershell, text, 'C:\\Scripts\\job.ps1');

describe('powershell', () => {
  it('reads a UTF-16 script: Send-MailMessage over backtick continuations, variables and Import-Clixml; help examples ignored', () => {
    const run = runFixtures(powershell, import.meta.url, 'Scripts/Backup-Report.ps1');
    assert.equal(run.findings.length, 1, 'the .EXAMPLE in comment-based help is documentation');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'PowerShell Send-MailMessage');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'file:C:\\Scripts\\Secure\\backup-mailer.cred (DPAPI)');
    assert.equal(f.from, 'backup-reports@contoso.com');
    assert.equal(f.line, 14);
    assert.equal(f.role, 'script');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.host, { line: 10, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 14, text: '587' });
    assert.deepEqual(f.locations?.from, { line: 16, text: 'backup-reports@contoso.com' });
  });

  it('follows a multi-line splat with a PSCredential built from an inline password; keeps the commented call', () => {
    const run = runFixtures(powershell, import.meta.url, 'Scripts/Send-DiskAlert.ps1');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'alerts@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'alerts@contoso.com');
    assert.equal(f.active, true);
    assert.deepEqual(f.locations?.host, { line: 4, text: 'smtp.office365.com' }, 'the param default is where the host is written');
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.method, 'ntlm', 'no -Credential, no -UseSsl: UseDefaultCredentials');
    assert.ok(run.secrets.has('R365CANARY-ps-1'));
    assertNoCanary(run);
  });

  it('reads System.Net.Mail.SmtpClient with EnableSsl, NetworkCredential and the MailMessage sender', () => {
    const run = runFixtures(powershell, import.meta.url, 'Scripts/Notify-SmtpClient.ps1');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'PowerShell SmtpClient');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'scanner-robot@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'scanner-robot@contoso.com');
    assert.equal(f.line, 7);
    assertNoCanary(run);
  });

  it('reads MailKit Connect/Authenticate with a Credential Manager secret', () => {
    const f = runFixtures(powershell, import.meta.url, 'Scripts/MailKit-Send.ps1').findings[0];
    assert.equal(f.system, 'PowerShell MailKit');
    assert.equal(f.host, 'smtp.contoso.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.secretRef, 'credman:smtp-relay');
    assert.equal(f.line, 13);
  });

  it('uses $PSEmailServer and $PSDefaultParameterValues', () => {
    const run = runFixtures(powershell, import.meta.url, 'Scripts/Legacy-Relay.ps1');
    assert.equal(run.findings.length, 1, '$PSEmailServer is consumed by the call, not reported twice');
    const f = run.findings[0];
    assert.equal(f.host, 'mailrelay.contoso.local');
    assert.equal(f.port, 2525);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.method, 'ntlm');
    assert.equal(f.endpointKind, 'internal');
  });

  it('resolves function parameter defaults and leaves parameters without one unresolved', () => {
    const run = runFixtures(powershell, import.meta.url, 'Modules/ContosoOps/ContosoOps.psm1');
    assert.equal(run.findings.length, 2, 'help examples inside the function are not findings');
    const f = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(f.port, 25, '-Port:$Port from the default');
    assert.equal(f.from, 'ops@contoso.com');
    assert.equal(f.active, true);
    const any = run.findings.find((x) => x.host === null)!;
    assert.equal(any.inactiveReason, 'unresolved');
    assert.deepEqual(any.valueSources, { host: 'param:$Server' });
    assert.equal(any.auth.method, 'none', '-UseSsl without -Credential: anonymous');
  });

  it('reads smartd_mailer settings files; the shipped sample is inactive; the mailer itself is unresolved', () => {
    const run = runFixtures(powershell, import.meta.url, 'Program Files/smartmontools/bin/smartd_mailer.conf.ps1', 'Program Files/smartmontools/bin/smartd_mailer.conf.sample.ps1', 'Program Files/smartmontools/bin/smartd_mailer.ps1');
    const conf = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(conf.system, 'PowerShell variables');
    assert.equal(conf.port, 587);
    assert.equal(conf.security, 'starttls');
    assert.equal(conf.auth.username, 'smart-alerts@contoso.com');
    assert.equal(conf.auth.secret, 'present');
    assert.equal(conf.from, 'smart-alerts@contoso.com');
    assert.equal(conf.evidence, '$smtpServer = "smtp.office365.com"');
    const sample = pick(run.findings, { host: 'smtp.domain.local' });
    assert.equal(sample.inactiveReason, 'example-file');
    const mailer = run.findings.find((f) => f.path.endsWith('smartd_mailer.ps1'))!;
    assert.equal(mailer.active, false);
    assert.deepEqual(mailer.valueSources, { host: 'var:$smtpServer', username: 'var:$username' });
    assert.equal(run.findings.length, 3, 'the usage text in a multi-line string is not code');
    assertNoCanary(run);
  });

  it('skips a mail library module and Graph sends; reads Mailozaurr SMTP with an inline password', () => {
    assert.equal(runFixtures(powershell, import.meta.url, 'Modules/Mailozaurr/1.0.2/Public/Send-EmailMessage.ps1').findings.length, 0);
    const run = runFixtures(powershell, import.meta.url, 'Scripts/Mailozaurr-Report.ps1');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'reports@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.ok(!f.evidence.includes('R365CANARY'));
    assertNoCanary(run);
  });

  it('leaves $env: hosts unresolved', () => {
    const f = runFixtures(powershell, import.meta.url, 'Scripts/From-Environment.ps1').findings[0];
    assert.equal(f.host, null);
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_SERVER' });
    assert.equal(f.auth.method, 'ntlm');
    assert.equal(f.from, 'svc-batch@contoso.com');
  });

  const rows: { name: string; text: string; host: string | null; port: number; security: string; method: string; secret?: string }[] = [
    { name: 'parameters in any order, prefix and alias', text: "Send-MailMessage -UseSsl -Port 587 -From a@contoso.com -Cred (Get-Credential a@contoso.com) -ComputerName smtp.office365.com -To b@contoso.com -Subject s", host: 'smtp.office365.com', port: 587, security: 'starttls', method: 'password', secret: 'external' },
    { name: 'single-line splat', text: "$p = @{ SmtpServer = 'relay01'; Port = 25 }; Send-MailMessage @p -To x@contoso.com -From y@contoso.com -Subject s", host: 'relay01', port: 25, security: 'none', method: 'ntlm' },
    { name: 'interpolated host', text: '$domain = "contoso.com"\n$server = "smtp.$domain"\nSend-MailMessage -SmtpServer $server -UseSsl -To a@b.com -From c@contoso.com -Subject s', host: 'smtp.contoso.com', port: 25, security: 'starttls', method: 'none' },
    { name: '[Net.Mail.SmtpClient]::new with port 465', text: "$c = [Net.Mail.SmtpClient]::new('smtp.contoso.com', 465)\n$c.EnableSsl = $true", host: 'smtp.contoso.com', port: 465, security: 'starttls', method: 'none' },
    { name: 'MailKit useSsl bool', text: "$k = New-Object MailKit.Net.Smtp.SmtpClient\n$k.Connect('smtp.contoso.com', 465, $true)\n$k.Authenticate('u@contoso.com', $env:SMTP_PW)", host: 'smtp.contoso.com', port: 465, security: 'tls', method: 'password', secret: 'external' },
    { name: 'inline client', text: "(New-Object Net.Mail.SmtpClient('10.0.0.25')).Send('a@contoso.com', 'b@contoso.com', 's', 'b')", host: '10.0.0.25', port: 25, security: 'none', method: 'none' },
    { name: 'encrypted standard string', text: "$pw = '01000000d08c9ddf0115d1118c7a00c04fc297eb' | ConvertTo-SecureString\n$c = New-Object PSCredential('svc@contoso.com', $pw)\nSend-MailMessage -SmtpServer mail.contoso.com -Credential $c -To a@b.c -From d@contoso.com -Subject s", host: 'mail.contoso.com', port: 25, security: 'none', method: 'password', secret: 'present' },
    { name: 'password from a file', text: "$pw = Get-Content C:\\ops\\pw.txt | ConvertTo-SecureString\n$c = New-Object PSCredential('svc@contoso.com', $pw)\nSend-MailMessage -SmtpServer mail.contoso.com -Credential $c -To a@b.c -From d@contoso.com -Subject s", host: 'mail.contoso.com', port: 25, security: 'none', method: 'password', secret: 'external' },
  ];
  for (const row of rows) {
    it(`row: ${row.name}`, () => {
      const run = run1(row.text);
      assert.equal(run.findings.length, 1, JSON.stringify(run.findings.map((f) => f.host)));
      const f = run.findings[0];
      assert.equal(f.host, row.host);
      assert.equal(f.port, row.port);
      assert.equal(f.security, row.security);
      assert.equal(f.auth.method, row.method);
      if (row.secret) assert.equal(f.auth.secret, row.secret);
      assert.equal(f.active, true);
    });
  }

  it('returns null for scripts that do not send and survives hostile input', () => {
    assert.equal(run1('Get-Service | Where-Object Status -eq Running\n$SmtpServer_Unused').findings.length, 0);
    assert.equal(run1('Write-Host "Run Send-MailMessage -SmtpServer relay01 to test"').findings.length, 0, 'a call inside a string is text');
    const hostile = [
      '\u0000\u0001\u0002Send-MailMessage', 'Send-MailMessage -SmtpServer ' + '('.repeat(100_000), '$p = @{' + '@{'.repeat(20_000), '<# never closed\nSend-MailMessage -SmtpServer a',
      '$x = @"\nSend-MailMessage -SmtpServer in-a-here-string\n', 'Send-MailMessage -SmtpServer "' + 'a'.repeat(1_000_000), '`\n'.repeat(50_000) + 'Send-MailMessage', "$c = New-Object Net.Mail.SmtpClient(\n", 'SmtpClient ' + Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1'),
    ];
    for (const text of hostile) assert.doesNotThrow(() => run1(text));
    assert.equal(run1(hostile[4]).findings.length, 0, 'text inside a here-string is not code');
  });

  it('reads an inline -Credential (New-Object PSCredential(user, (ConvertTo-SecureString …))), brackets three deep', () => {
    const run = runText(powershell, "Send-MailMessage -SmtpServer smtp.office365.com -Port 587 -UseSsl -Credential (New-Object System.Management.Automation.PSCredential('scan@contoso.com', (ConvertTo-SecureString 'R365CANARY-inline' -AsPlainText -Force))) -From scan@contoso.com -To a@contoso.com -Subject x\n", '/srv/scripts/send.ps1');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual(f.auth, { method: 'password', username: 'scan@contoso.com', secret: 'present' });
    assert.ok(run.secrets.has('R365CANARY-inline'), 'the inline password is registered for scrubbing');
    assertNoCanary(run);
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [powershell] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [13, 8]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), []);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});

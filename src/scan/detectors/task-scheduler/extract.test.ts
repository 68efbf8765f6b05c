import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { taskScheduler } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';
import { mailerCall } from './mailers.js';

describe('task-scheduler', () => {
  it('reads the deprecated Send an e-mail action of a task file without extension (UTF-16)', () => {
    const run = runFixtures(taskScheduler, import.meta.url, 'Windows/System32/Tasks/Contoso/Backup report mail');
    assert.equal(run.findings.length, 1, 'the backup.exe action sends nothing');
    const f = run.findings[0];
    assert.equal(f.host, 'mail.contoso.local');
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, 'fs01-backup@contoso.com');
    assert.equal(f.line, 48);
    assert.deepEqual(f.locations?.host, { line: 48, text: 'mail.contoso.local' });
    assert.equal(f.role, 'script');
    assert.ok(f.notes?.some((n) => /deprecated/.test(n)));
    assert.match(f.evidence, /Contoso\\Backup report mail/);
  });

  it('reads Send-MailMessage inside a PowerShell -Command action through the PowerShell reader', () => {
    const run = runFixtures(taskScheduler, import.meta.url, 'Windows/System32/Tasks/Contoso/Daily sales report');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'reports@contoso.com', secret: 'present' });
    assert.equal(f.from, 'reports@contoso.com');
    assert.equal(f.line, 45, 'the line of <Arguments>');
    assert.equal(f.detector, 'task-scheduler');
    assert.match(f.system, /PowerShell/);
    assert.ok(run.secrets.has('R365CANARY-task-ps'));
    assertNoCanary(run);
  });

  it('decodes -EncodedCommand, reads a blat action, and marks a disabled task inactive', () => {
    const run = runFixtures(taskScheduler, import.meta.url, 'exports/Toner alert.xml');
    const encoded = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(encoded.from, 'printers@contoso.com');
    assert.equal(encoded.active, false);
    assert.equal(encoded.inactiveReason, 'disabled');
    const blat = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(blat.port, 465);
    assert.equal(blat.security, 'tls');
    assert.deepEqual(blat.auth, { method: 'password', username: 'scanner.contoso@gmail.com', secret: 'present' });
    assert.equal(blat.from, 'scanner.contoso@gmail.com');
    assert.equal(blat.active, false);
    assert.ok(!blat.evidence.includes('R365CANARY'));
    assertNoCanary(run);
  });

  it('reads what it can of a truncated export and ignores XML that is no task', () => {
    const run = runFixtures(taskScheduler, import.meta.url, 'exports/broken.xml');
    assert.ok(run.warnings.some((w) => w.code === 'truncated'));
    assert.equal(pick(run.findings, { host: 'exch01.contoso.local' }).port, 25);
    assert.equal(runText(taskScheduler, '<project><smtp>blat</smtp></project>', '/srv/pom.xml').findings.length, 0);
  });

  it('table: command-line mailers', () => {
    const rows: [string, Record<string, unknown>][] = [
      ['sendEmail.exe -f a@contoso.com -t b@contoso.com -s smtp.office365.com:587 -xu a@contoso.com -xp secret1 -o tls=yes', { host: 'smtp.office365.com', port: 587, security: 'starttls', username: 'a@contoso.com', password: 'secret1' }],
      ['cmd /c "C:\\bin\\mailsend.exe -smtp mail.contoso.local -port 25 -f x@contoso.com -t y@contoso.com"', { host: 'mail.contoso.local', port: 25, security: 'none' }],
      ['swaks --server smtp.gmail.com --port 465 --tls-on-connect --auth-user u --auth-password p2 --from u@gmail.com', { host: 'smtp.gmail.com', port: 465, security: 'tls', password: 'p2' }],
      ['curl --url smtp://relay.contoso.local:587 --ssl-reqd --mail-from a@contoso.com --user a:p3', { host: 'relay.contoso.local', port: 587, security: 'starttls', username: 'a', password: 'p3' }],
      ['blat.exe report.txt -to a@contoso.com -server relay.contoso.local -u svc -pw %SMTP_PASS%', { host: 'relay.contoso.local', password: '%SMTP_PASS%' }],
      ['notepad.exe C:\\blatant.txt', {}],
    ];
    for (const [line, want] of rows) {
      const call = mailerCall(line);
      if (!Object.keys(want).length) { assert.equal(call, null, line); continue; }
      for (const [k, v] of Object.entries(want)) assert.deepEqual((call as unknown as Record<string, unknown>)[k], v, `${line}: ${k}`);
    }
  });

  it('names where a password given as %VARIABLE% lives', () => {
    const run = runText(taskScheduler, '<Task xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Actions><Exec><Command>C:\\Tools\\blat.exe</Command><Arguments>log.txt -to a@contoso.com -server relay.contoso.local -u svc -pw %SMTP_PASS%</Arguments></Exec></Actions></Task>', 'C:\\Windows\\System32\\Tasks\\Mail log');
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual(f.auth, { method: 'password', username: 'svc', secret: 'external' });
    assert.equal(f.secretRef, 'env:SMTP_PASS');
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `<Task xmlns="mit/task"><Actions><SendEmail><Server>${'x'.repeat(1_000_000)}</Server></SendEmail></Actions></Task>`, `<Task><Actions>${'<a>'.repeat(20_000)}<SendEmail><Server>y</Server>`, `<Task><Actions><Exec><Command>powershell</Command><Arguments>-c "${'('.repeat(20_000)}"</Arguments></Exec></Actions></Task>`, '<Task><Actions><Exec><Command>blat</Command><Arguments>-server</Arguments></Exec></Actions></Task>']) {
      assert.doesNotThrow(() => runText(taskScheduler, text, 'C:\\Windows\\System32\\Tasks\\x'));
    }
  });
});

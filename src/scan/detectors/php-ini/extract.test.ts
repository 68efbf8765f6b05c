import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phpIni } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('php-ini', () => {
  it('reads SMTP, smtp_port and sendmail_from of a Windows php.ini (CRLF, inline comment)', () => {
    const run = runFixtures(phpIni, import.meta.url, 'winsrv/PHP/php.ini');
    const f = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(f.line, 19);
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, 'intranet@contoso.com');
    assert.equal(f.endpointKind, 'internal');
    assert.equal(f.active, true);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations, { host: { line: 19, text: 'exch01.contoso.local' }, port: { line: 21, text: '25' }, from: { line: 25, text: 'intranet@contoso.com' } });
    assert.match(f.notes!.join('\n'), /Windows only/);
    const old = pick(run.findings, { host: '10.0.0.25' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(run.findings.length, 2, 'the empty ;sendmail_path = is nothing');
    assertNoCanary(run);
  });

  it('reports sendmail_path as a local MTA dependency and the untouched SMTP default as inactive', () => {
    const run = runFixtures(phpIni, import.meta.url, 'debian/etc/php/8.2/apache2/php.ini');
    const local = pick(run.findings, { line: 28 });
    assert.equal(local.host, null);
    assert.equal(local.endpointKind, 'local');
    assert.equal(local.active, true);
    assert.match(local.notes!.join('\n'), /local MTA \(msmtp\)/);
    assert.match(local.notes!.join('\n'), /configuration: \/etc\/msmtprc/);
    const smtp = pick(run.findings, { host: 'localhost' });
    assert.equal(smtp.active, false);
    assert.equal(smtp.inactiveReason, 'default');
    assert.equal(smtp.endpointKind, 'local');
  });

  it('marks the shipped php.ini-production inactive', () => {
    const run = runFixtures(phpIni, import.meta.url, 'debian/usr/lib/php/8.2/php.ini-production');
    assert.equal(run.findings.length, 1);
    assert.equal(run.findings[0].active, false);
    assert.equal(run.findings[0].inactiveReason, 'example-file');
  });

  it('reads php_admin_value[sendmail_path] of an fpm pool with its -f sender', () => {
    const run = runFixtures(phpIni, import.meta.url, 'debian/etc/php/8.2/fpm/pool.d/www.conf');
    const f = pick(run.findings, { active: true });
    assert.equal(f.line, 11);
    assert.equal(f.from, 'webshop@contoso.com');
    assert.match(f.notes!.join('\n'), /local MTA \(sendmail\)/);
    assert.equal(pick(run.findings, { line: 10 }).inactiveReason, 'commented');
  });

  it('survives a broken UTF-16 php.ini', () => {
    const run = runFixtures(phpIni, import.meta.url, 'broken/php.ini');
    const f = pick(run.findings, { line: 2 });
    assert.equal(f.host, 'smtp.office365.com');
    assert.ok(run.warnings.some((w) => w.code === 'truncated' && w.line === 2));
    assert.equal(f.port, 25, 'smtp_port = notaport falls back to the default');
    assert.equal(f.from, null);
  });

  it('handles env references and extra parameters', () => {
    const run = runText(phpIni, 'SMTP = ${SMTP_HOST}\nsmtp_port = 2525\nmail.force_extra_parameters = "-f noreply@contoso.com"\n', '/srv/app/.user.ini');
    const f = run.findings[0];
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST' });
    assert.equal(f.from, 'noreply@contoso.com');
    assert.equal(f.port, 2525);
  });

  it('rejects unrelated ini files by hint and survives hostile input', () => {
    assert.equal(phpIni.hint!.test('[mysqld]\nport = 3306\n'), false);
    assert.equal(runText(phpIni, 'extension=mysqli\n', '/etc/php/8.2/mods-available/mysqli.ini').findings.length, 0);
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      'SMTP = ' + 'x'.repeat(1_000_000),
      'sendmail_path = ' + ' -f'.repeat(300_000),
      ';'.repeat(1_000_000) + 'SMTP=a',
      'php_admin_value[' + '['.repeat(100_000) + 'SMTP] = b',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(phpIni, text, '/etc/php.ini'));
  });
});

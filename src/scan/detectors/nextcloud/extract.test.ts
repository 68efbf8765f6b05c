import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextcloud } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('nextcloud', () => {
  it('reads config.php mail_* settings with From built from address and domain', () => {
    const run = runFixtures(nextcloud, import.meta.url, 'var/www/nextcloud/config/config.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'cloud@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'cloud@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 25);
    assert.deepEqual(f.locations, {
      host: { line: 25, text: 'smtp.office365.com' }, security: { line: 27, text: 'tls' }, username: { line: 30, text: 'cloud@contoso.com' }, from: { line: 32, text: 'cloud' },
    });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.auth.method, 'none');
    assert.ok(run.secrets.has('R365CANARY-nextcloud'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it('leaves the Docker image getenv() config unresolved with the variable names', () => {
    const run = runFixtures(nextcloud, import.meta.url, 'docker/config/smtp.config.php');
    const f = pick(run.findings, { line: 5 });
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST' });
    assert.match(f.notes!.join('\n'), /env:SMTP_NAME[\s\S]*env:MAIL_FROM_ADDRESS/);
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'file:$SMTP_PASSWORD_FILE');
    assert.equal(run.findings.length, 1);
  });

  it("reads ownCloud 'ssl' as implicit TLS and a /* */ block as commented", () => {
    const run = runFixtures(nextcloud, import.meta.url, 'owncloud/config/config.php');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.equal(f.from, 'owncloud@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.endpointKind, 'other-public');
    const old = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(old.active, false);
    assert.equal(old.auth.username, 'contoso.files@hotmail.com');
    assert.ok(run.secrets.has('R365CANARY-owncloud-old'));
    assertNoCanary(run);
  });

  it('reports sendmail mode as a local MTA dependency and survives a truncated file', () => {
    const local = pick(runFixtures(nextcloud, import.meta.url, 'sendmail/config/config.php').findings, { endpointKind: 'local' });
    assert.equal(local.from, 'nextcloud@contoso.local');
    assert.equal(local.line, 3);
    const run = runFixtures(nextcloud, import.meta.url, 'broken/config/config.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(f.port, 25);
    assert.equal(f.auth.secret, 'present');
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['statement form', "<?php\n$CONFIG['mail_smtphost'] = 'relay.contoso.local';\n$CONFIG['mail_smtpport'] = 2525;\n", { host: 'relay.contoso.local', port: 2525, auth: { method: 'none', username: null, secret: 'absent' } }],
    ['mode smtp without host', "<?php\n$CONFIG = array('mail_smtpmode' => 'smtp', 'mail_from_address' => 'nc');\n", { host: '127.0.0.1', endpointKind: 'local' }],
    ['auth off ignores name', "<?php\n$CONFIG = array(\n'mail_smtphost' => 'smtp.contoso.com',\n'mail_smtpauth' => false,\n'mail_smtpname' => 'x',\n);\n", { auth: { method: 'none', username: null, secret: 'absent' } }],
    ['getenv with literal fallback', "<?php\n$CONFIG = array(\n'mail_smtphost' => getenv('NC_SMTP') ?: 'smtp.contoso.com',\n'mail_smtpport' => getenv('NC_PORT') ?: 587,\n);\n", { host: null, port: 587, valueSources: { host: 'env:NC_SMTP' } }],
    ['trailing comment', "<?php\n$CONFIG = array(\n'mail_smtphost' => 'smtp.contoso.com', // relay\n);\n", { host: 'smtp.contoso.com' }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(nextcloud, text, '/var/www/nextcloud/config/config.php');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('survives hostile input', () => {
    const path = '/var/www/nextcloud/config/config.php';
    assert.doesNotThrow(() => runText(nextcloud, `'mail_smtphost' => '${'\\'.repeat(100_000)}`, path));
    assert.doesNotThrow(() => runText(nextcloud, `'mail_smtphost' => '${'a'.repeat(1_000_000)}',`, path));
    assert.doesNotThrow(() => runText(nextcloud, `${'array('.repeat(20_000)}'mail_smtphost' => 'x'`, path));
    assert.doesNotThrow(() => runText(nextcloud, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
  });
});

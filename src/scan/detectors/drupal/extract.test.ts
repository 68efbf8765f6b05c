import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drupal } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const SETTINGS = '/var/www/web/sites/default/settings.php';

describe('drupal', () => {
  it('reads settings.php overrides of the SMTP module pointing at Microsoft 365, and a commented-out old relay', () => {
    const run = runFixtures(drupal, import.meta.url, 'o365/web/sites/default/settings.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.endpointKind, f.system, f.role], [23, 587, 'starttls', true, 'm365-submission', 'Drupal SMTP module', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'web@contoso.com', secret: 'present' });
    assert.equal(f.from, 'web@contoso.com');
    assert.deepEqual(f.locations, {
      host: { line: 23, text: 'smtp.office365.com' }, port: { line: 24, text: '587' }, security: { line: 25, text: 'tls' },
      username: { line: 26, text: 'web@contoso.com' }, from: { line: 28, text: 'web@contoso.com' },
    });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line, old.auth.method], [false, 'commented', 25, 32, 'none']);
    assert.equal(run.findings.length, 2);
    assert.ok(run.secrets.has('R365CANARY-drupal'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it("reads Drupal 7 $conf['smtp_*'] variables: ssl is implicit TLS, the backup host is a note", () => {
    const run = runFixtures(drupal, import.meta.url, 'd7/var/www/drupal7/sites/default/settings.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.active, f.line, f.from], ['mail.contoso.com', 465, 'tls', true, 22, 'noreply@contoso.com']);
    assert.deepEqual(f.auth, { method: 'password', username: 'drupal@contoso.com', secret: 'present' });
    assert.ok(f.notes?.some((n) => n.includes('relay2.contoso.local')));
    assert.ok(run.secrets.has('R365CANARY-drupal7'));
    assertNoCanary(run);
  });

  it('reads a Symfony Mailer transport set as a multi-line array, and a commented-out /* */ override', () => {
    const run = runFixtures(drupal, import.meta.url, 'mailer/web/sites/default/settings.local.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.system], [9, 587, 'starttls', true, 'Drupal Symfony Mailer']);
    assert.deepEqual(f.auth, { method: 'password', username: 'portal@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, { host: { line: 9, text: 'smtp.office365.com' }, port: { line: 10, text: '587' }, username: { line: 11, text: 'portal@contoso.com' } });
    const dev = pick(run.findings, { host: 'mailhog' });
    assert.deepEqual([dev.active, dev.inactiveReason, dev.port], [false, 'commented', 1025]);
    assert.ok(run.secrets.has('R365CANARY-drupal-mailer'));
    assertNoCanary(run);
  });

  it('reads config exports: smtp.settings.yml, a sendmail transport (not SMTP) and core mailer_dsn', () => {
    const sync = runFixtures(drupal, import.meta.url, 'sync/config/sync/smtp.settings.yml');
    const f = pick(sync.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.auth.username, f.auth.secret], [2, 587, 'starttls', true, 'intranet@contoso.com', 'present']);
    assert.ok(sync.secrets.has('R365CANARY-drupal-sync'));
    assertNoCanary(sync);
    const sendmail = runFixtures(drupal, import.meta.url, 'sync/config/sync/symfony_mailer.mailer_transport.sendmail.yml').findings[0];
    assert.deepEqual([sendmail.active, sendmail.inactiveReason, sendmail.endpointKind, sendmail.line], [false, 'not-smtp', 'local', 7]);
    const core = runFixtures(drupal, import.meta.url, 'sync/config/sync/system.mail.yml').findings[0];
    assert.deepEqual([core.host, core.port, core.active, core.system, core.line], ['relay.contoso.local', 25, true, 'Drupal core mailer', 5]);
  });

  it("keeps shipped templates inactive: the SMTP module's install defaults and example.settings.local.php", () => {
    const defaults = runFixtures(drupal, import.meta.url, 'contrib/web/modules/contrib/smtp/config/install/smtp.settings.yml').findings[0];
    assert.deepEqual([defaults.host, defaults.active, defaults.inactiveReason], [null, false, 'example-file']);
    const run = runFixtures(drupal, import.meta.url, 'template/web/sites/example.settings.local.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.active, f.inactiveReason], [false, 'example-file']);
    assert.ok(run.secrets.has('R365CANARY-drupal-example'));
    assertNoCanary(run);
    assert.equal(runText(drupal, "<?php\n$config['smtp.settings']['smtp_host'] = 'smtp.contoso.com';\n", '/var/www/web/sites/default/default.settings.php').findings[0].inactiveReason, 'example-file');
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['module off', "<?php\n$config['smtp.settings']['smtp_on'] = FALSE;\n$config['smtp.settings']['smtp_host'] = 'smtp.contoso.com';\n", { active: false, inactiveReason: 'disabled' }],
    ['placeholder host', "<?php\n$config['smtp.settings']['smtp_host'] = 'smtp.yourdomain.com';\n", { active: false, inactiveReason: 'placeholder' }],
    ['empty host', "<?php\n$config['smtp.settings']['smtp_host'] = '';\n", { host: null, active: false, inactiveReason: 'placeholder' }],
    ['getenv host and password', "<?php\n$config['smtp.settings']['smtp_host'] = getenv('SMTP_HOST');\n$config['smtp.settings']['smtp_password'] = getenv('SMTP_PASS');\n", { host: null, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_HOST' }, secretRef: 'env:SMTP_PASS' }],
    ['standard without autotls', "<?php\n$config['smtp.settings']['smtp_host'] = 'relay.contoso.local';\n$config['smtp.settings']['smtp_autotls'] = FALSE;\n", { security: 'none', port: 25, auth: { method: 'none', username: null, secret: 'absent' } }],
    ['one-line array with a DSN plugin', "<?php\n$config['symfony_mailer.mailer_transport.dsn'] = ['plugin' => 'dsn', 'configuration' => ['dsn' => 'smtps://relay.contoso.local']];\n", { host: 'relay.contoso.local', security: 'tls', port: 465 }],
    ['null transport', "<?php\n$config['symfony_mailer.mailer_transport.null']['plugin'] = 'null';\n", { active: false, inactiveReason: 'disabled' }],
    ['core DSN with php_mail in front', "<?php\n$config['system.mail']['interface']['default'] = 'php_mail';\n$config['system.mail']['mailer_dsn']['scheme'] = 'smtp';\n$config['system.mail']['mailer_dsn']['host'] = 'relay.contoso.local';\n", { active: false, inactiveReason: 'unused' }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(drupal, text, SETTINGS);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('ignores settings that are not mail and other config objects', () => {
    assert.equal(runText(drupal, "<?php\n$config['system.logging']['error_level'] = 'hide';\n$config['smtp.settings']['smtp_fromname'] = 'x';\n", SETTINGS).findings.length, 0);
    assert.equal(runText(drupal, 'smtp_host: x\n', '/config/sync/other.settings.yml').findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `<?php $config['smtp.settings']['smtp_host'] = '${'a'.repeat(1_000_000)}`,
      `<?php $config['smtp.settings']['smtp_password'] = '${'\\'.repeat(100_000)}`,
      `<?php $config['symfony_mailer.mailer_transport.smtp'] = ${'['.repeat(20_000)}`,
      `<?php $config['symfony_mailer.mailer_transport.smtp'] = [\n${"'configuration' => [\n".repeat(20_000)}`,
      `<?php /* ${"$config['smtp.settings']['smtp_port'] = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(drupal, hostile, SETTINGS));
    for (const hostile of [`smtp_host: '${'a'.repeat(1_000_000)}`, `smtp_host: ${'['.repeat(20_000)}`, `${'- '.repeat(10_000)}x`]) {
      assert.doesNotThrow(() => runText(drupal, hostile, '/config/sync/smtp.settings.yml'));
    }
  });
});

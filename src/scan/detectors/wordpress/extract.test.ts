import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordpress } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('wordpress', () => {
  it('reads WP Mail SMTP constants of wp-config.php', () => {
    const run = runFixtures(wordpress, import.meta.url, 'site1/wp-config.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'WP Mail SMTP');
    assert.equal(f.line, 48);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls', "WPMS_SSL 'tls' is STARTTLS");
    assert.deepEqual(f.auth, { method: 'password', username: 'noreply@contoso.com', secret: 'present' });
    assert.equal(f.from, 'noreply@contoso.com');
    assert.equal(f.active, true);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations, {
      host: { line: 48, text: 'smtp.office365.com' }, port: { line: 49, text: '587' },
      username: { line: 52, text: 'noreply@contoso.com' }, from: { line: 43, text: 'noreply@contoso.com' },
    });
    assert.equal(f.valueSources, undefined, 'literal constants in this file are not indirection');
    for (const secret of ['R365CANARY-wp-smtp;semi', 'R365CANARY-wp-db', 'R365CANARY-wp-salt-q;W`x9|+Zp']) assert.ok(run.secrets.has(secret), secret);
    assert.ok(!run.secrets.has('put your unique phrase here'));
    assertNoCanary(run);
  });

  it('keeps the commented rollback relay with its own commented port', () => {
    const run = runFixtures(wordpress, import.meta.url, 'site1/wp-config.php');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(run.findings.length, 2);
  });

  it('reads the SMTP_* constants, and the theme hook that uses them as unresolved', () => {
    const run = runFixtures(wordpress, import.meta.url, 'site2/wp-config.php', 'site2/wp-content/themes/storefront-child/functions.php');
    const constants = pick(run.findings, { system: 'WordPress SMTP_* constants' });
    assert.equal(constants.host, 'smtp.office365.com');
    assert.equal(constants.line, 12);
    assert.equal(constants.port, 587);
    assert.equal(constants.security, 'starttls');
    assert.deepEqual(constants.auth, { method: 'password', username: 'website@contoso.com', secret: 'present' });
    assert.equal(constants.from, 'website@contoso.com');
    assert.equal(constants.active, true);
    const hook = pick(run.findings, { system: 'WordPress phpmailer_init' });
    assert.equal(hook.host, null);
    assert.equal(hook.active, false);
    assert.equal(hook.inactiveReason, 'unresolved');
    assert.equal(hook.valueSources?.host, 'const:SMTP_HOST');
    assert.equal(hook.auth.secret, 'external');
    assert.equal(hook.secretRef, 'const:SMTP_PASS');
    assert.equal(run.findings.length, 2);
    assertNoCanary(run);
  });

  it('reads a mu-plugin hook with literal values and implicit TLS', () => {
    const run = runFixtures(wordpress, import.meta.url, 'site2/wp-content/mu-plugins/mail.php');
    const f = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls', "SMTPSecure 'ssl' is implicit TLS");
    assert.deepEqual(f.auth, { method: 'password', username: 'apikey', secret: 'present' });
    assert.equal(f.from, 'shop@contoso.com');
    assert.equal(f.endpointKind, 'other-public');
    assert.ok(run.secrets.has('SG.R365CANARY-wp-sendgrid'));
    assertNoCanary(run);
  });

  it('reports an API mailer (outlook) without an SMTP host', () => {
    const run = runFixtures(wordpress, import.meta.url, 'site3/wp-config.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.auth.method, 'oauth2');
    assert.equal(f.endpointKind, 'unknown');
    assert.equal(f.active, true);
    assert.match(f.notes!.join('\n'), /Microsoft Graph/);
    assertNoCanary(run);
  });

  it('marks wp-config-sample.php inactive and ignores the plugin\'s own code', () => {
    const sample = runFixtures(wordpress, import.meta.url, 'site3/wp-config-sample.php');
    const f = pick(sample.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(sample.secrets.size, 0, 'changeme and password_here are placeholders');
    const plugin = runFixtures(wordpress, import.meta.url, 'plugins/wp-content/plugins/wp-mail-smtp/src/Processor.php');
    assert.equal(plugin.findings.length, 0);
  });

  it('maps other WPMS_MAILER values to PHP mail() or a third-party API', () => {
    const mail = runText(wordpress, "<?php define('WPMS_ON', true); define('WPMS_MAILER', 'mail');", '/var/www/wp-config.php').findings[0];
    assert.equal(mail.endpointKind, 'local');
    assert.equal(mail.auth.method, 'none');
    const sendgrid = runText(wordpress, "<?php define('WPMS_ON', true);\ndefine('WPMS_MAILER', 'sendgrid');", '/var/www/wp-config.php').findings[0];
    assert.equal(sendgrid.endpointKind, 'other-public');
    assert.equal(sendgrid.line, 2);
    assert.match(sendgrid.notes!.join('\n'), /HTTPS API/);
  });

  it('honours WPMS_ON false', () => {
    const run = runText(wordpress, "<?php\ndefine('WPMS_ON', false);\ndefine('WPMS_SMTP_HOST', 'smtp.office365.com');\ndefine('WPMS_SMTP_PASS', getenv('WPMS_PASS'));\ndefine('WPMS_SMTP_AUTH', true);\n", '/var/www/wp-config.php');
    const f = run.findings[0];
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'disabled');
    assert.equal(f.secretRef, 'env:WPMS_PASS');
    assert.match(f.notes!.join('\n'), /WPMS_ON is not true/);
  });

  it('rejects unrelated PHP by hint and survives hostile input', () => {
    assert.equal(wordpress.hint!.test("<?php echo 'hello';"), false);
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      "<?php define('WPMS_SMTP_HOST', " + '('.repeat(20_000),
      "<?php define('WPMS_SMTP_HOST', '" + 'x'.repeat(1_000_000) + "');",
      '<?php ' + "define('WPMS_SMTP_HOST', 'a');".repeat(30_000),
      "<?php add_action('phpmailer_init', function ($p) { " + '$p->Host = "h"; '.repeat(30_000),
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(wordpress, text, '/var/www/wp-config.php'));
  });
});

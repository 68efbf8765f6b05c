import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joomla } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const SITE = '/var/www/html/configuration.php';

describe('joomla', () => {
  it('reads a site configuration.php sending through Microsoft 365 with STARTTLS and SMTP AUTH', () => {
    const run = runFixtures(joomla, import.meta.url, 'o365/var/www/html/configuration.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.endpointKind, f.role], [31, 587, 'starttls', true, 'm365-submission', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'intranet@contoso.com', secret: 'present' });
    assert.equal(f.from, 'intranet@contoso.com');
    assert.deepEqual(f.locations, {
      host: { line: 31, text: 'smtp.office365.com' }, port: { line: 33, text: '587' }, security: { line: 32, text: 'tls' },
      username: { line: 29, text: 'intranet@contoso.com' }, from: { line: 22, text: 'intranet@contoso.com' },
    });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line, old.auth.method], [false, 'commented', 25, 35, 'none']);
    assert.equal(run.findings.length, 2);
    assert.ok(run.secrets.has('R365CANARY-joomla'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it("keeps the installer's configuration.php-dist inactive", () => {
    const run = runFixtures(joomla, import.meta.url, 'site/installation/configuration.php-dist');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.active, f.inactiveReason, f.line], ['smtp.office365.com', false, 'example-file', 30]);
    assert.ok(run.secrets.has('R365CANARY-joomla-dist'));
    assertNoCanary(run);
  });

  it("reports $mailer = 'sendmail' (Joomla 1.5 `var` style) as not SMTP, pointing at the local MTA", () => {
    const run = runFixtures(joomla, import.meta.url, 'sendmail/var/www/joomla/configuration.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.active, f.inactiveReason, f.from, f.auth.method], ['localhost', false, 'not-smtp', 'shop@contoso.com', 'none']);
    assert.match(f.notes!.join('\n'), /local MTA \(sendmail\)[\s\S]*not used/);
  });

  it('reads ssl as implicit TLS, a /* */ block as commented, and survives a cut-off file', () => {
    const run = runFixtures(joomla, import.meta.url, 'broken/srv/www/intranet/configuration.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.active, f.auth.username, f.auth.secret, f.line], [465, 'tls', true, 'hr-portal@contoso.com', 'present', 16]);
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port], [false, 'commented', 2525]);
    assert.ok(run.secrets.has('R365CANARY-joomla-old') && run.secrets.has('R365CANARY-joomla-inline'));
    assertNoCanary(run);
  });

  it("ignores Joomla's own library code", () => {
    assert.equal(runFixtures(joomla, import.meta.url, 'libraries/var/www/html/libraries/vendor/joomla/test/configuration.php').findings.length, 0);
    assert.equal(runText(joomla, "<?php\n$smtphost = $config->get('smtphost');\n", SITE).findings.length, 0);
  });

  const jconfig = (body: string) => `<?php\nclass JConfig {\n${body}\n}\n`;
  const rows: [string, string, Record<string, unknown>][] = [
    ['mail offline', jconfig("public $mailonline = '0';\npublic $mailer = 'smtp';\npublic $smtphost = 'smtp.contoso.com';"), { active: false, inactiveReason: 'disabled' }],
    ["PHP mail() with the default smtp* values", jconfig("public $mailer = 'mail';\npublic $smtphost = 'localhost';\npublic $smtpport = 25;"), { host: 'localhost', active: false, inactiveReason: 'not-smtp' }],
    ['placeholder host', jconfig("public $mailer = 'smtp';\npublic $smtphost = 'smtp.yourdomain.com';"), { active: false, inactiveReason: 'placeholder' }],
    ['empty host', jconfig("public $mailer = 'smtp';\npublic $smtphost = '';"), { host: null, active: false, inactiveReason: 'placeholder' }],
    ['getenv host', jconfig("public $mailer = 'smtp';\npublic $smtphost = getenv('JOOMLA_SMTPHOST');"), { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:JOOMLA_SMTPHOST' } }],
    ["secure 'none' on 465", jconfig("public $mailer = 'smtp';\npublic $smtphost = 'relay.contoso.local';\npublic $smtpport = '465';\npublic $smtpsecure = 'none';"), { security: 'none', port: 465 }],
    ['auth off ignores the user', jconfig("public $mailer = 'smtp';\npublic $smtphost = 'relay.contoso.local';\npublic $smtpauth = '0';\npublic $smtpuser = 'x@contoso.com';"), { auth: { method: 'none', username: null, secret: 'absent' }, security: 'starttls' }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(joomla, text, SITE);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('survives hostile input', () => {
    for (const hostile of [
      jconfig(`public $smtphost = '${'a'.repeat(1_000_000)}`),
      jconfig(`public $smtppass = '${'\\'.repeat(100_000)}`),
      jconfig(`public $smtphost = ${'array('.repeat(20_000)}`),
      `<?php class JConfig { /* ${"public $smtpport = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(joomla, hostile, SITE));
  });
});

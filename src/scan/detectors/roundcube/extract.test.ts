import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { roundcube } from './index.js';
import { DetectorMatcher } from '../../match.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const CONFIG = '/etc/roundcube/config.inc.php';

describe('roundcube', () => {
  it("reads Debian's defaults.inc.php: localhost:587 live with a note, the Office 365 OAuth example commented out", () => {
    const run = runFixtures(roundcube, import.meta.url, 'debian/etc/roundcube/defaults.inc.php');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'localhost' });
    assert.deepEqual([f.port, f.security, f.active, f.line, f.endpointKind, f.role], [587, 'none', true, 271, 'local', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(f.secretRef, 'per-user:roundcube-login');
    assert.deepEqual(f.locations, { host: { line: 271, text: 'localhost' }, port: { line: 271, text: '587' } });
    assert.ok(f.notes?.some((n) => n.startsWith('defaults.inc.php holds')));
    const o365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([o365.port, o365.security, o365.active, o365.inactiveReason, o365.line, o365.endpointKind], [465, 'tls', false, 'commented', 388, 'm365-submission']);
    assert.equal(o365.auth.method, 'oauth2', "the commented oauth_provider 'outlook' beside it");
    assert.equal(run.secrets.size, 0, "'%p' is each user's own password, not a stored secret");
  });

  it("reads Debian's config.inc.php made from the sample at install; the shipped .sample is inactive", () => {
    const f = runFixtures(roundcube, import.meta.url, 'debian/etc/roundcube/config.inc.php').findings;
    assert.equal(f.length, 1);
    assert.deepEqual([f[0].host, f[0].port, f[0].security, f[0].active, f[0].line, f[0].auth.secret], ['localhost', 587, 'none', true, 31, 'external']);
    const sample = runFixtures(roundcube, import.meta.url, 'debian/usr/share/roundcube/config.inc.php.sample').findings;
    assert.deepEqual(sample.map((s) => [s.host, s.active, s.inactiveReason]), [['localhost', false, 'example-file']]);
  });

  it('reads a config.inc.php sending through Microsoft 365 with one shared mailbox', () => {
    const run = runFixtures(roundcube, import.meta.url, 'o365/var/www/roundcube/config/config.inc.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind], [587, 'starttls', 17, true, 'm365-submission']);
    assert.deepEqual(f.auth, { method: 'password', username: 'webmail@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, {
      host: { line: 17, text: 'smtp.office365.com' }, port: { line: 17, text: '587' }, username: { line: 18, text: 'webmail@contoso.com' },
    });
    assert.ok(f.notes?.includes('EHLO name: webmail.contoso.com'));
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line, old.auth.method], [false, 'commented', 25, 12, 'none']);
    assert.ok(run.secrets.has('R365CANARY-roundcube-o365'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it('reads pre-1.6 smtp_server + smtp_port, in the $rcmail_config of Roundcube 0.x', () => {
    const run = runFixtures(roundcube, import.meta.url, 'legacy/srv/webmail/config/main.inc.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active], [465, 'tls', 16, true]);
    assert.deepEqual(f.locations?.port, { line: 20, text: '465' });
    assert.deepEqual(f.auth, { method: 'password', username: 'intranet-mailer@contoso.com', secret: 'present' });
    assert.ok(f.notes?.some((n) => n.includes('ignore smtp_port')));
    assertNoCanary(run);
  });

  it('reads a /* */ block and # line as commented and survives a cut-off file', () => {
    const run = runFixtures(roundcube, import.meta.url, 'broken/config/config.inc.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.active, f.auth.username, f.auth.secret], [465, 'tls', true, 'alerts@contoso.com', 'present']);
    assert.ok(f.notes?.some((n) => n.startsWith('smtp_port is ignored')));
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.auth.secret], [false, 'commented', 2525, 'present']);
    assert.deepEqual([pick(run.findings, { host: 'smtp.yourdomain.com' }).active, pick(run.findings, { host: 'smtp.yourdomain.com' }).inactiveReason], [false, 'commented']);
    assert.ok(run.secrets.has('R365CANARY-roundcube-old') && run.secrets.has('R365CANARY-roundcube-inline'));
    assertNoCanary(run);
  });

  it('reads smtp_host as a map of IMAP host to SMTP host, %h filled in from the key', () => {
    const run = runFixtures(roundcube, import.meta.url, 'multi/config/config.inc.php');
    const o365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([o365.line, o365.port, o365.security, o365.active], [5, 587, 'starttls', true]);
    assert.ok(o365.notes?.includes('for users of the IMAP host imap.contoso.com'));
    const own = pick(run.findings, { line: 7 });
    assert.deepEqual([own.host, own.port, own.security, own.active], ['imap.fabrikam.com', 465, 'tls', true]);
    const old = pick(run.findings, { host: 'mail.fabrikam.com' });
    assert.deepEqual([old.line, old.active, old.inactiveReason], [6, false, 'commented']);
  });

  it('keeps a .dist copy inactive', () => {
    const run = runFixtures(roundcube, import.meta.url, 'template/config/config.inc.php.dist');
    assert.deepEqual(run.findings.map((f) => [f.host, f.active, f.inactiveReason]), [['smtp.office365.com', false, 'example-file']]);
    assert.ok(run.secrets.has('R365CANARY-roundcube-template'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['no prefix, no port', "<?php\n$config['smtp_host'] = 'mail.contoso.com';\n", { port: 587, security: 'none', active: true }],
    ['ssl:// without port', "<?php\n$config['smtp_host'] = 'ssl://mail.contoso.com';\n", { port: 465, security: 'tls' }],
    ['IPv6 literal', "<?php\n$config['smtp_host'] = 'tls://[2001:db8::25]:587';\n", { host: '2001:db8::25', port: 587, security: 'starttls' }],
    ['%h from a one-host imap_host list', "<?php\n$config['imap_host'] = [\"ssl://imap.contoso.com:993\"];\n$config['smtp_host'] = 'tls://%h:587';\n", { host: 'imap.contoso.com', port: 587, line: 3 }],
    ['map written as statements', "<?php\n$config['smtp_host']['imap.contoso.com'] = 'tls://smtp.office365.com:587';\n", { host: 'smtp.office365.com', line: 2 }],
    ['per-request host', "<?php\n$config['smtp_host'] = 'tls://smtp.%t';\n", { host: null, port: 587, active: true }],
    ['getenv host', "<?php\n$config['smtp_host'] = getenv('ROUNDCUBEMAIL_SMTP_SERVER');\n", { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:ROUNDCUBEMAIL_SMTP_SERVER' } }],
    ['placeholder host', "<?php\n$config['smtp_host'] = 'tls://your.smtp.server:587';\n", { active: false, inactiveReason: 'placeholder' }],
    ['empty user: no AUTH', "<?php\n$config['smtp_host'] = 'relay.contoso.local:25';\n$config['smtp_user'] = '';\n$config['smtp_pass'] = '';\n", { port: 25, auth: { method: 'none', username: null, secret: 'absent' } }],
    ['shared user with the user\'s password', "<?php\n$config['smtp_host'] = 'tls://mail.contoso.com';\n$config['smtp_user'] = 'relay@contoso.com';\n$config['smtp_pass'] = '%p';\n", { auth: { method: 'password', username: 'relay@contoso.com', secret: 'external' } }],
    ['proxy account', "<?php\n$config['smtp_host'] = 'tls://mail.contoso.com';\n$config['smtp_auth_cid'] = 'proxy@contoso.com';\n$config['smtp_auth_pw'] = 'R365CANARY-proxy';\n", { auth: { method: 'password', username: 'proxy@contoso.com', secret: 'present' } }],
    ['XOAUTH2', "<?php\n$config['smtp_host'] = 'tls://smtp.office365.com:587';\n$config['smtp_auth_type'] = 'XOAUTH2';\n", { auth: { method: 'oauth2', username: null, secret: 'external' } }],
    ['whole-array form, double quotes', '<?php\n$config = ["smtp_host" => "tls://smtp.contoso.com:2525", "smtp_user" => ""];\n', { host: 'smtp.contoso.com', port: 2525, auth: { method: 'none', username: null, secret: 'absent' } }],
    ['trailing comment', "<?php\n$config['smtp_host'] = 'relay.contoso.local:25'; // internal relay\n", { host: 'relay.contoso.local', port: 25, active: true }],
    ['user and password only: host from defaults', "<?php\n$config['smtp_user'] = 'a@contoso.com';\n$config['smtp_pass'] = 'R365CANARY-x';\n", { host: null, port: null, line: 2, auth: { method: 'password', username: 'a@contoso.com', secret: 'present' } }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(roundcube, text, CONFIG);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it('matches config.inc.php, the files it includes and defaults.inc.php', () => {
    const matcher = new DetectorMatcher([roundcube]);
    for (const path of ['/etc/roundcube/config.inc.php', '/var/roundcube/config/config.docker.inc.php', '/etc/roundcube/defaults.inc.php']) assert.ok(matcher.match(path), path);
    assert.equal(matcher.match('/etc/roundcube/debian-db-roundcube.php'), null);
  });

  it("ignores PostfixAdmin's $CONF, comparisons and files without SMTP keys", () => {
    assert.ok(!roundcube.hint!.test("$CONF['smtp_server'] = 'localhost';"));
    assert.equal(runText(roundcube, "<?php\n$CONF['smtp_server'] = 'mail.contoso.com';\n", CONFIG).findings.length, 0);
    assert.equal(runText(roundcube, "<?php\nif ($config['smtp_host'] == 'x') {}\n$config['smtp_log'] = true;\n", CONFIG).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `<?php $config['smtp_host'] = '${'a'.repeat(1_000_000)}`,
      `<?php $config['smtp_pass'] = '${'\\'.repeat(100_000)}`,
      `<?php $config['smtp_host'] = ${'['.repeat(20_000)}`,
      `<?php ${"$config['smtp_host'] = array(".repeat(20_000)}`,
      `<?php // ${"$config['smtp_host'] = [".repeat(20_000)}`,
      `<?php /* ${"$config['smtp_port'] = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(roundcube, hostile, CONFIG));
  });
});

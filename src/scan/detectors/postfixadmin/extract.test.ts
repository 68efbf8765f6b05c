import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postfixadmin } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const LOCAL = '/etc/postfixadmin/config.local.php';

describe('postfixadmin', () => {
  it("reads Debian's shipped config.inc.php: localhost:25, live, no TLS, no AUTH", () => {
    const run = runFixtures(postfixadmin, import.meta.url, 'debian/etc/postfixadmin/config.inc.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.active, f.line, f.endpointKind], ['localhost', 25, 'none', true, 175, 'local']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, null);
    assert.deepEqual(f.locations, { host: { line: 175, text: 'localhost' }, port: { line: 176, text: '25' }, security: { line: 184, text: 'NO' } });
    assert.ok(f.notes?.some((n) => n.startsWith('config.local.php')));
    assert.equal(run.secrets.size, 0, "the shipped 'changeme' setup password is no mail secret");
  });

  it('reads a config.local.php pointing at Microsoft 365 with STARTTLS and AUTH LOGIN as admin_email', () => {
    const run = runFixtures(postfixadmin, import.meta.url, 'o365/etc/postfixadmin/config.local.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind, f.role], [587, 'starttls', 23, true, 'm365-submission', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'postmaster@contoso.com', secret: 'present' });
    assert.equal(f.from, 'postmaster@contoso.com');
    assert.deepEqual(f.locations?.username, { line: 15, text: 'postmaster@contoso.com' });
    assert.ok(f.notes?.some((n) => n.includes('STARTTLS before EHLO')));
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line], [false, 'commented', 25, 20]);
    assert.ok(run.secrets.has('R365CANARY-postfixadmin'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it('reads ssl:// as implicit TLS, a /* */ block and # line as commented, and survives a cut-off file', () => {
    const run = runFixtures(postfixadmin, import.meta.url, 'broken/var/www/mail/postfixadmin/config.local.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.active, f.auth.username, f.auth.secret], [465, 'tls', true, 'alerts@contoso.com', 'present']);
    assert.ok(!f.evidence.includes('R365CANARY'), 'a password on the same line stays out of evidence');
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.auth.secret], [false, 'commented', 2525, 'present']);
    assert.equal(pick(run.findings, { host: 'your.smtp.server' }).active, false);
    assert.ok(run.secrets.has('R365CANARY-pfa-old') && run.secrets.has('R365CANARY-pfa-inline'));
    assertNoCanary(run);
  });

  it('keeps an example copy inactive', () => {
    const run = runFixtures(postfixadmin, import.meta.url, 'template/var/www/mail/postfixadmin/config.local.php.example');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.active, f.inactiveReason], [false, 'example-file']);
    assert.ok(run.secrets.has('R365CANARY-pfa-example'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['port only: server from config.inc.php', "<?php\n$CONF['smtp_port'] = '2525';\n", { host: null, port: 2525, line: 2, active: true }],
    ['empty server is a placeholder', "<?php\n$CONF['smtp_server'] = '';\n", { host: null, active: false, inactiveReason: 'placeholder' }],
    ['placeholder host', "<?php\n$CONF['smtp_server'] = 'smtp.yourdomain.com';\n", { active: false, inactiveReason: 'placeholder' }],
    ['getenv host', "<?php\n$CONF['smtp_server'] = getenv('PFA_SMTP');\n", { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:PFA_SMTP' } }],
    ['tls:// prefix, double quotes, int port', '<?php\n$CONF["smtp_server"] = "tls://smtp.contoso.com"; $CONF["smtp_port"] = 465;\n', { host: 'smtp.contoso.com', port: 465, security: 'tls' }],
    ['boolean TLS', "<?php\n$CONF['smtp_server'] = 'relay.contoso.local';\n$CONF['smtp_sendmail_tls'] = true;\n", { security: 'starttls', port: 25 }],
    ['password from getenv', "<?php\n$CONF['smtp_server'] = 'relay.contoso.local';\n$CONF['admin_smtp_password'] = getenv('PFA_PASS');\n", { auth: { method: 'password', username: null, secret: 'external' }, secretRef: 'env:PFA_PASS' }],
    ['trailing comment', "<?php\n$CONF['smtp_server'] = 'relay.contoso.local'; // internal relay\n", { host: 'relay.contoso.local', active: true }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(postfixadmin, text, LOCAL);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('ignores files without its SMTP keys (Roundcube, phpMyAdmin) and comparisons', () => {
    assert.equal(runText(postfixadmin, "<?php\n$config['smtp_server'] = 'tls://mail.contoso.com';\n", '/etc/roundcube/config.inc.php').findings.length, 0);
    assert.equal(runText(postfixadmin, "<?php\n$CONF['admin_email'] = 'a@contoso.com';\nif ($CONF['smtp_server'] == 'x') {}\n", LOCAL).findings.length, 0);
    assert.ok(!postfixadmin.hint!.test("$config['smtp_server'] = 'x';"));
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `<?php $CONF['smtp_server'] = '${'a'.repeat(1_000_000)}`,
      `<?php $CONF['admin_smtp_password'] = '${'\\'.repeat(100_000)}`,
      `<?php ${"$CONF['smtp_server'] = array(".repeat(20_000)}`,
      `<?php /* ${"$CONF['smtp_port'] = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(postfixadmin, hostile, LOCAL));
  });
});

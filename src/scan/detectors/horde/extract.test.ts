import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { horde } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const CONF = '/etc/horde/horde/conf.php';

describe('horde', () => {
  it("has nothing to report in Debian's conf.php.dist (no mailer keys: Horde's default is sendmail)", () => {
    const run = runFixtures(horde, import.meta.url, 'debian/etc/horde/horde/conf.php.dist');
    assert.equal(run.findings.length, 0);
  });

  it("reads IMP's shipped backends.php: the advanced backend's SMTP example is commented out (and the backend disabled)", () => {
    const run = runFixtures(horde, import.meta.url, 'debian/etc/horde/imp/backends.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.line, f.active, f.inactiveReason, f.system], ['smtp.example.com', 587, 402, false, 'commented', 'Horde IMP']);
    assert.ok(f.notes?.includes("backend 'advanced' is disabled"));
    assert.equal(run.secrets.size, 0, "'password' => null is no secret");
  });

  it('reads a conf.php written by the admin UI for Microsoft 365 with a master account', () => {
    const run = runFixtures(horde, import.meta.url, 'o365/etc/horde/horde/conf.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.endpointKind, f.role], ['smtp.office365.com', 587, 'starttls', 40, true, 'm365-submission', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'groupware@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, { host: { line: 40, text: 'smtp.office365.com' }, port: { line: 41, text: '587' }, username: { line: 45, text: 'groupware@contoso.com' } });
    assert.ok(f.notes?.includes('EHLO name: groupware.contoso.com'));
    assert.ok(run.secrets.has('R365CANARY-horde-o365'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mailer settings are read');
    assertNoCanary(run);
  });

  it('reports sendmail mode as a local MTA dependency, not SMTP', () => {
    const f = runFixtures(horde, import.meta.url, 'sendmail/var/www/horde/config/conf.php').findings;
    assert.equal(f.length, 1);
    assert.deepEqual([f[0].host, f[0].active, f[0].inactiveReason, f[0].endpointKind, f[0].line], [null, false, 'not-smtp', 'local', 9]);
    assert.match(f[0].notes!.join('\n'), /\/usr\/sbin\/sendmail/);
  });

  it("reads IMP backends: statements, array() and [] forms, each user's IMAP login, a disabled backend", () => {
    const run = runFixtures(horde, import.meta.url, 'imp/etc/horde/imp/backends.local.php', 'imp/etc/horde/imp/backends.d/10-gmail.php');
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([relay.port, relay.security, relay.active, relay.line, relay.auth.method], [25, 'none', true, 6, 'none']);
    const o365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([o365.port, o365.security, o365.active, o365.line], [587, 'starttls', true, 19]);
    assert.deepEqual(o365.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(o365.secretRef, 'per-user:imp-login');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.deepEqual([gmail.port, gmail.security, gmail.active, gmail.inactiveReason, gmail.auth.secret], [465, 'tls', false, 'disabled', 'present']);
    assert.ok(run.secrets.has('R365CANARY-imp-old-shared') && run.secrets.has('R365CANARY-imp-gmail'));
    assertNoCanary(run);
  });

  it('reads a /* */ block and // line as commented, a password beside the host kept out, and survives a cut-off file', () => {
    const run = runFixtures(horde, import.meta.url, 'broken/var/www/horde/config/conf.php');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.active, f.auth.username, f.auth.secret], [465, 'tls', true, null, 'present']);
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.auth.username, old.line], [false, 'commented', 25, 'horde-relay', 4]);
    assert.equal(pick(run.findings, { host: 'smtp.yourdomain.com' }).active, false);
    assert.ok(run.secrets.has('R365CANARY-horde-old') && run.secrets.has('R365CANARY-horde-inline'));
    assertNoCanary(run);
  });

  it('keeps a .dist copy inactive', () => {
    const run = runFixtures(horde, import.meta.url, 'template/var/www/horde/config/conf.php.dist');
    assert.deepEqual(run.findings.map((f) => [f.host, f.active, f.inactiveReason]), [['smtp.office365.com', false, 'example-file']]);
    assertNoCanary(run);
  });

  const mailer = (lines: string) => `<?php\n$conf['mailer']['type'] = 'smtp';\n${lines}`;
  const rows: [string, string, Record<string, unknown>][] = [
    ['no host, no port', mailer(''), { host: 'localhost', port: 25, security: 'starttls', endpointKind: 'local' }],
    ['secure false: STARTTLS when offered', mailer("$conf['mailer']['params']['host'] = 'relay.contoso.local';\n$conf['mailer']['params']['secure'] = false;\n"), { security: 'starttls' }],
    ["secure 'none'", mailer("$conf['mailer']['params']['host'] = 'relay.contoso.local';\n$conf['mailer']['params']['secure'] = 'none';\n"), { security: 'none' }],
    ["secure 'tlsv1'", mailer("$conf['mailer']['params']['host'] = 'mail.contoso.com';\n$conf['mailer']['params']['port'] = 465;\n$conf['mailer']['params']['secure'] = 'tlsv1';\n"), { security: 'tls', port: 465 }],
    ['username_auth: each Horde user', mailer("$conf['mailer']['params']['host'] = 'mail.contoso.com';\n$conf['mailer']['params']['auth'] = true;\n$conf['mailer']['params']['username_auth'] = true;\n$conf['mailer']['params']['username'] = 'guest@contoso.com';\n$conf['mailer']['params']['password_auth'] = true;\n"), { auth: { method: 'password', username: null, secret: 'external' }, secretRef: 'per-user:horde-login' }],
    ['auth off ignores the account', mailer("$conf['mailer']['params']['host'] = 'mail.contoso.com';\n$conf['mailer']['params']['auth'] = false;\n$conf['mailer']['params']['username'] = 'x@contoso.com';\n$conf['mailer']['params']['password'] = 'R365CANARY-off';\n"), { auth: { method: 'none', username: null, secret: 'absent' } }],
    ['getenv host', mailer("$conf['mailer']['params']['host'] = getenv('SMTP_HOST');\n"), { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_HOST' } }],
    ['type null with a host', "<?php\n$conf['mailer']['params']['host'] = 'mail.contoso.com';\n$conf['mailer']['type'] = 'null';\n", { host: 'mail.contoso.com', active: false, inactiveReason: 'not-smtp' }],
    ['IMP backend with horde_auth', "<?php\n$servers['imap']['smtp'] = ['host' => 'smtp.contoso.com', 'auth' => true, 'horde_auth' => true];\n", { auth: { method: 'password', username: null, secret: 'external' }, secretRef: 'file:horde/config/conf.php', port: null, security: 'unknown' }],
    ['whole mailer array', "<?php\n$conf['mailer'] = array('type' => 'smtp', 'params' => array('host' => 'smtp.contoso.com', 'port' => 2525));\n", { host: 'smtp.contoso.com', port: 2525, active: true }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(horde, text, CONF);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it("ignores other apps' conf.php and backends without SMTP", () => {
    assert.ok(!horde.hint!.test("<?php\n$conf['menu']['apps'] = array();\n"));
    assert.equal(runText(horde, "<?php\n$servers['imap'] = array('hostspec' => 'localhost', 'smtp' => array());\n", '/etc/horde/imp/backends.local.php').findings.length, 0);
    assert.equal(runText(horde, "<?php\n$settings['smtp'] = 'x';\n", CONF).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `<?php $conf['mailer']['params']['host'] = '${'a'.repeat(1_000_000)}`,
      `<?php $conf['mailer']['params']['password'] = '${'\\'.repeat(100_000)}`,
      `<?php $servers['imap'] = ${'array('.repeat(20_000)}`,
      `<?php ${"$servers['x']['smtp'] = [".repeat(20_000)}`,
      `<?php # ${"$conf['mailer']['params']['host'] = [".repeat(20_000)}`,
      `<?php /* ${"$conf['mailer']['params']['port'] = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(horde, hostile, CONF));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sogo } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const CONF = '/etc/sogo/sogo.conf';

describe('sogo', () => {
  it("reads Debian's shipped sogo.conf: live SMTP to 127.0.0.1:25 without TLS or AUTH", () => {
    const run = runFixtures(sogo, import.meta.url, 'debian/etc/sogo/sogo.conf');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.active, f.line, f.endpointKind], ['127.0.0.1', 25, 'none', true, 9, 'local']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.evidence, 'SOGoSMTPServer = 127.0.0.1;');
    assert.deepEqual(f.locations, { host: { line: 9, text: '127.0.0.1' } });
    assert.equal(run.secrets.size, 0, 'database URLs are not mail secrets');
    assert.equal(run.warnings.length, 0);
  });

  it('reads a Microsoft 365 URL with STARTTLS, the master user, a per-domain server and a commented old relay', () => {
    const run = runFixtures(sogo, import.meta.url, 'o365/etc/sogo/sogo.conf');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind, f.role], [587, 'starttls', 18, true, 'm365-submission', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'sogo-notify@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, { host: { line: 18, text: 'smtp.office365.com' }, port: { line: 18, text: '587' }, username: { line: 22, text: 'sogo-notify@contoso.com' } });
    const domain = pick(run.findings, { host: 'mail.fabrikam.com' });
    assert.deepEqual([domain.port, domain.security, domain.line, domain.active], [465, 'tls', 45, true]);
    assert.deepEqual(domain.auth, { method: 'password', username: null, secret: 'external' }, 'master user off for the domain: per-user PLAIN');
    assert.ok(domain.notes?.some((n) => n.includes('domains.fabrikam.com')));
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line], [false, 'commented', 25, 17]);
    assert.ok(run.secrets.has('R365CANARY-sogo-master'));
    assert.ok(!run.secrets.has('ldap-pass-not-mail') && !run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it("reports the server of a sendmail setup as 'not-smtp' and still registers its password", () => {
    const run = runFixtures(sogo, import.meta.url, 'sendmail/etc/sogo/sogo.conf');
    const f = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([f.active, f.inactiveReason, f.port], [false, 'not-smtp', 25]);
    assert.ok(f.notes?.some((n) => n.includes('/usr/sbin/sendmail')));
    assert.ok(run.secrets.has('R365CANARY-sogo-unused'));
    assertNoCanary(run);
  });

  it('reads a /* */ block as commented, one line of several settings, and warns on an unclosed quote', () => {
    const run = runFixtures(sogo, import.meta.url, 'broken/etc/sogo/sogo.conf');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.active, f.line, f.auth.username, f.auth.secret], [2525, true, 9, 'sogo', 'present']);
    assert.equal(f.evidence, 'SOGoSMTPServer = mail.contoso.com:2525;');
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.security, old.auth.username], [false, 'commented', 'starttls', 'relay-user']);
    assert.deepEqual(run.warnings.map((w) => [w.code, w.line]), [['parse-error', 10]]);
    assert.ok(run.secrets.has('R365CANARY-sogo-old') && run.secrets.has('R365CANARY-sogo-inline'));
    assertNoCanary(run);
  });

  it('keeps a .sample copy inactive', () => {
    const run = runFixtures(sogo, import.meta.url, 'template/etc/sogo/sogo.conf.sample');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.active, f.inactiveReason], [false, 'example-file']);
    assert.equal(pick(run.findings, { host: 'domain' }).active, false);
    assert.ok(run.secrets.has('R365CANARY-sogo-sample'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['unquoted URL', '{ SOGoMailingMechanism = smtp; SOGoSMTPServer = smtps://relay.contoso.local:465; }', { host: 'relay.contoso.local', port: 465, security: 'tls' }],
    ['plain smtp URL', '{ SOGoMailingMechanism = smtp; SOGoSMTPServer = "smtp://127.0.0.1"; }', { host: '127.0.0.1', port: 25, security: 'none', active: true }],
    ['mechanism only: default server', '{ SOGoMailingMechanism = smtp; }', { host: 'localhost', port: 25, line: 1, active: true }],
    ['server without mechanism: sendmail default', '{ SOGoSMTPServer = relay.contoso.local; }', { active: false, inactiveReason: 'not-smtp' }],
    ['sendmail only', '{ SOGoMailingMechanism = sendmail; }', { host: null, endpointKind: 'local', active: false, inactiveReason: 'not-smtp' }],
    ['placeholder port', '{ SOGoMailingMechanism = smtp; SOGoSMTPServer = "smtp://smtp.contoso.com:port/?tls=YES"; }', { active: false, inactiveReason: 'placeholder' }],
    ['PLAIN per-user', '{ SOGoMailingMechanism = smtp;\n SOGoSMTPServer = "smtp://smtp.office365.com:587/?tls=YES";\n SOGoSMTPAuthenticationType = PLAIN; }', { auth: { method: 'password', username: null, secret: 'external' }, secretRef: 'per-user:sogo-login' }],
    ['no outer braces, // comment after', 'SOGoMailingMechanism = smtp; // SMTP\nSOGoSMTPServer = "smtps://smtp.contoso.com:465"; // relay\n', { host: 'smtp.contoso.com', port: 465, security: 'tls', line: 2 }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(sogo, text, CONF);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('keeps a URL password out of evidence and registers it', () => {
    const run = runText(sogo, '{ SOGoMailingMechanism = smtp; SOGoSMTPServer = "smtp://sogo:R365CANARY-url@smtp.contoso.com:587/?tls=YES"; }', CONF);
    assert.equal(run.findings[0].host, 'smtp.contoso.com');
    assert.ok(run.secrets.has('R365CANARY-url'));
    assertNoCanary(run);
  });

  it('ignores files without SMTP settings', () => {
    assert.equal(runText(sogo, '{ SOGoLanguage = English; SOGoTimeZone = UTC; }', CONF).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `{ SOGoSMTPServer = "${'a'.repeat(1_000_000)}`,
      `${'{ domains = '.repeat(20_000)}{ SOGoMailingMechanism = smtp; SOGoSMTPServer = x; }`,
      `{ SOGoSMTPServer = "${'\\'.repeat(100_000)}`,
      `/* ${'SOGoSMTPServer = a; '.repeat(50_000)}`,
      `{ ${'SOGoSMTPMasterUserPassword = ('.repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(sogo, hostile, CONF));
    const deep = runText(sogo, `${'{ domains = '.repeat(200)}{ SOGoMailingMechanism = smtp; }`, CONF);
    assert.ok(deep.warnings.some((w) => w.code === 'too-deep'));
  });
});

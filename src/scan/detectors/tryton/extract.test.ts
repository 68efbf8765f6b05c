import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tryton } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('tryton', () => {
  it("reads Debian's /etc/tryton/trytond.conf: only the commented default smtp://localhost:25", () => {
    const run = runFixtures(tryton, import.meta.url, 'debian/etc/tryton/trytond.conf');
    assert.equal(run.findings.length, 1, 'the [database] and [ldap_authentication] uri lines are not mail');
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.inactiveReason], ['localhost', 25, 'none', 180, false, 'commented']);
    assert.ok(f.notes?.some((n) => n.includes("Tryton's default is smtp://localhost:25")));
  });

  it('reads a site uri: STARTTLS to Microsoft 365, user and password percent-encoded; the old relay commented', () => {
    const run = runFixtures(tryton, import.meta.url, 'site/etc/tryton/trytond.conf');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind], [587, 'starttls', 11, true, 'm365-submission']);
    assert.deepEqual(f.auth, { method: 'password', username: 'erp@contoso.com', secret: 'present' });
    assert.equal(f.from, 'erp@contoso.com');
    assert.deepEqual(f.locations?.port, { line: 11, text: '587' });
    assert.equal(f.locations?.username, undefined, 'the user is written encoded (%40)');
    assert.deepEqual(f.locations?.from, { line: 12, text: 'erp@contoso.com' });
    assert.match(f.evidence, /smtp\+tls:\/\/erp%40contoso\.com:\*\*\*@smtp\.office365\.com/);
    const old = pick(run.findings, { host: 'exchange01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.security, old.line], [false, 'commented', 'none', 10]);
    assert.ok(run.secrets.has('R365CANARY+tryton/1') && run.secrets.has('R365CANARY%2Btryton%2F1'), 'decoded and as written');
    assertNoCanary(run);
  });

  it('keeps an example copy and placeholder values inactive', () => {
    const example = runFixtures(tryton, import.meta.url, 'site/etc/tryton/trytond.conf.example');
    assert.equal(pick(example.findings, { host: 'smtp.office365.com' }).inactiveReason, 'example-file');
    assertNoCanary(example);
    const template = runFixtures(tryton, import.meta.url, 'template/etc/trytond.conf');
    const f = pick(template.findings, { line: 11 });
    assert.deepEqual([f.active, f.inactiveReason, f.security, f.port, f.auth.secret], [false, 'placeholder', 'tls', 465, 'absent']);
  });

  it('warns on a uri with an unclosed quote and still scrubs its password', () => {
    const run = runFixtures(tryton, import.meta.url, 'broken/srv/erp/trytond.conf');
    assert.equal(run.findings.length, 0);
    assert.deepEqual(run.warnings.map((w) => [w.code, w.line]), [['parse-error', 2]]);
    assert.ok(run.secrets.has('R365CANARY-tryton-broken'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['smtps defaults to 465, implicit TLS', '[email]\nuri = smtps://mail.contoso.com\n', { port: 465, security: 'tls' }],
    ['plain smtp with a user but no password does not log in', '[email]\nURI = smtp://erp@relay.contoso.local\n', { port: 25, security: 'none', auth: { method: 'none', username: 'erp', secret: 'absent' } }],
    ['unquote_plus: + is a space in the user', '[email]\nuri = smtp+tls://erp+svc:R365CANARY-p@mail.contoso.com:587\n', { auth: { method: 'password', username: 'erp svc', secret: 'present' } }],
    ['IPv6 host', '[email]\nuri = smtp://[2001:db8::25]:2525\n', { host: '2001:db8::25', port: 2525 }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(tryton, text, '/etc/trytond.conf');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
      assertNoCanary(run);
    });
  }

  it('survives hostile input', () => {
    for (const text of [`[email]\nuri = smtp://${'h'.repeat(1_000_000)}`, `[email]\nuri = 'smtp://a:R365CANARY-q@b\n`, `[email]\nuri = smtp://${':@'.repeat(500_000)}`, `[${'['.repeat(1_000_000)}`, '\u0000[email]\u0001uri=\uffff']) {
      assert.doesNotThrow(() => assertNoCanary(runText(tryton, text, '/etc/trytond.conf')));
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mailman3 } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('mailman3', () => {
  it("reads Debian's /etc/mailman3/mailman.cfg: the local MTA on localhost:25, plain SMTP, no login", () => {
    const run = runFixtures(mailman3, import.meta.url, 'debian/etc/mailman3/mailman.cfg');
    assert.equal(run.findings.length, 1, 'incoming / outgoing / lmtp_host are no SMTP server');
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.endpointKind], ['localhost', 25, 'none', 253, true, 'local']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.deepEqual(f.locations?.port, { line: 254, text: '25' });
    assert.ok(f.notes?.some((n) => n.includes('smtp_secure_mode')));
    assert.ok(run.secrets.has('R365CANARYrestAdminPassFromPostinstQ2x9Lk3Vb7Tn0Zs4Wd'), 'the REST admin password postinst writes is scrubbed');
    assertNoCanary(run);
  });

  it("keeps Debian's /usr/share/mailman3/mailman.cfg.sample inactive", () => {
    const f = pick(runFixtures(mailman3, import.meta.url, 'debian/usr/share/mailman3/mailman.cfg.sample').findings, { host: 'localhost' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
  });

  it('reads a site relay: Microsoft 365 with STARTTLS and a login; the old relay in comments', () => {
    const run = runFixtures(mailman3, import.meta.url, 'site/etc/mailman3/mailman.cfg');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind], [587, 'starttls', 18, true, 'm365-submission']);
    assert.deepEqual(f.auth, { method: 'password', username: 'lists@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations?.security, { line: 22, text: 'starttls' });
    assert.deepEqual(f.locations?.username, { line: 20, text: 'lists@contoso.com' });
    assert.ok(f.notes?.some((n) => n.startsWith('smtp_verify_hostname: no')));
    const old = pick(run.findings, { host: 'exchange01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line], [false, 'commented', 25, 16]);
    assert.ok(run.secrets.has('R365CANARY-mm-smtp'));
    assertNoCanary(run);
  });

  it('survives a broken file: warns on the port and the secure mode, keeps the folded password secret', () => {
    const run = runFixtures(mailman3, import.meta.url, 'broken/opt/mailman/var/etc/mailman.cfg');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.auth.method], [null, 'unknown', 'password']);
    assert.deepEqual(run.warnings.map((w) => w.line), [6, 7]);
    assert.ok(run.secrets.has('R365CANARY-mm-broken\ncontinued-on-next-line'));
    assertNoCanary(run);
  });

  it('keeps placeholder values inactive and changeme no password', () => {
    const f = pick(runFixtures(mailman3, import.meta.url, 'template/etc/mailman.cfg').findings, { line: 3 });
    assert.deepEqual([f.active, f.inactiveReason, f.auth.secret, f.auth.username], [false, 'placeholder', 'absent', null]);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['smtps is implicit TLS', '[mta]\nsmtp_host: mail.contoso.com\nsmtp_port: 465\nsmtp_secure_mode: SMTPS\n', { security: 'tls', port: 465 }],
    ['no smtp_port is 25', '[mta]\nsmtp_host = relay.contoso.local\n', { port: 25, security: 'none', line: 2 }],
    ['[mta] without smtp_host is the default localhost', '[mta]\nincoming: mailman.mta.exim4.LMTP\n', { host: 'localhost', port: 25, active: true, line: 2 }],
    ['a user without a password does not log in', '[mta]\nsmtp_host: mail.contoso.com\nsmtp_user: lists\nsmtp_pass:\n', { auth: { method: 'none', username: 'lists', secret: 'absent' } }],
    ['a commented [mta] block', '#[mta]\n#smtp_host: mail.contoso.com\n', { active: false, inactiveReason: 'commented' }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(mailman3, text, '/etc/mailman3/mailman.cfg');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it('yields nothing for the copies under site-packages or a file without [mta]', () => {
    assert.equal(runText(mailman3, '[mta]\nsmtp_host: localhost\n', '/usr/lib/python3/dist-packages/mailman/config/mailman.cfg').findings.length, 0);
    assert.equal(runText(mailman3, '[mailman]\nsite_owner: a@contoso.com\n#[mta]\n', '/etc/mailman.cfg').findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const text of [`[mta]\nsmtp_host: ${'h'.repeat(1_000_000)}`, `[mta]\nsmtp_host: "unclosed\nsmtp_pass: 'R365CANARY-x\n`, `[${'['.repeat(1_000_000)}`, `[mta]\nsmtp_host: a\n${' x\n'.repeat(200_000)}`, '\u0000[mta]\u0001smtp_host:\uffff']) {
      assert.doesNotThrow(() => assertNoCanary(runText(mailman3, text, '/etc/mailman3/mailman.cfg')));
    }
  });
});

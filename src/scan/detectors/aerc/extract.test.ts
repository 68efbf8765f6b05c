import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aerc } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const ACCOUNTS = '/home/dave/.config/aerc/accounts.conf';

describe('aerc', () => {
  it('reads an account sending through Microsoft 365 (password in the URL), a commented-out server, a cred-cmd account and a local MTA', () => {
    const run = runFixtures(aerc, import.meta.url, 'o365/home/alice/.config/aerc/accounts.conf');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.endpointKind, f.from, f.role], [3, 587, 'starttls', true, 'm365-submission', 'alice@contoso.com', 'client']);
    assert.deepEqual(f.auth, { method: 'password', username: 'alice@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, {
      host: { line: 3, text: 'smtp.office365.com' }, port: { line: 3, text: '587' },
      username: { line: 3, text: 'alice@contoso.com' }, from: { line: 6, text: 'alice@contoso.com' },
    });
    const old = pick(run.findings, { host: 'mail.contoso-old.com' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.security, old.line], [false, 'commented', 465, 'tls', 4]);
    const personal = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.deepEqual([personal.endpointKind, personal.auth.username, personal.auth.secret, personal.secretRef], ['outlook-consumer', 'alice.martin@outlook.com', 'external', 'command:pass show mail/outlook']);
    const local = pick(run.findings, { endpointKind: 'local' });
    assert.deepEqual([local.host, local.active, local.line], [null, true, 19]);
    assert.match(local.notes!.join('\n'), /msmtp, account lists/);
    assert.equal(run.findings.length, 4);
    assert.ok(run.secrets.has('R365CANARY-aerc') && run.secrets.has('R365CANARY-aerc-imap'), 'SMTP and IMAP passwords are both scrubbed');
    assertNoCanary(run);
  });

  it('reads smtp-starttls (aerc ≤ 0.14), +insecure+none, XOAUTH2 with a client secret and an echoed password', () => {
    const run = runFixtures(aerc, import.meta.url, 'old/home/bob/.config/aerc/accounts.conf');
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([relay.port, relay.security, relay.auth.secret, relay.secretRef], [25, 'starttls', 'present', undefined]);
    const printers = pick(run.findings, { host: 'printer-relay.contoso.local' });
    assert.deepEqual([printers.security, printers.auth], ['none', { method: 'none', username: null, secret: 'absent' }]);
    const graph = pick(run.findings, { port: 465 });
    assert.deepEqual([graph.host, graph.security, graph.auth.method, graph.auth.username, graph.secretRef], ['smtp.office365.com', 'tls', 'oauth2', 'bob@contoso.com', 'command:oama access bob@contoso.com']);
    assert.ok(run.secrets.has('R365CANARY-aerc-echo') && run.secrets.has('R365CANARY-aerc-oauth'));
    assertNoCanary(run);
  });

  it("keeps Debian's packaged sample (all commented, documentation syntax) and an .example copy inactive", () => {
    const shipped = runFixtures(aerc, import.meta.url, 'debian/usr/share/aerc/accounts.conf');
    assert.equal(shipped.findings.length, 1, 'the commented sendmail account is no SMTP finding');
    assert.deepEqual([shipped.findings[0].active, shipped.findings[0].inactiveReason, shipped.findings[0].port], [false, 'commented', 465]);
    assert.equal(shipped.secrets.size, 0, 'the man page syntax [:password] is no secret');
    const example = runFixtures(aerc, import.meta.url, 'example/srv/dotfiles/aerc/accounts.conf.example');
    assert.deepEqual([example.findings[0].host, example.findings[0].active, example.findings[0].inactiveReason], ['smtp.office365.com', false, 'example-file']);
    assertNoCanary(example);
    assert.equal(runText(aerc, '[Work]\noutgoing = smtps://a:b@smtp.office365.com\n', '/usr/share/aerc/accounts.conf').findings[0].inactiveReason, 'example-file');
  });

  it('survives a broken file: an unclosed section, an empty host, a placeholder, an IPv6 literal', () => {
    const run = runFixtures(aerc, import.meta.url, 'broken/home/carol/.config/aerc/accounts.conf');
    assert.deepEqual(pick(run.findings, { line: 2 }).inactiveReason, 'placeholder');
    assert.deepEqual(pick(run.findings, { host: 'your.smtp.server' }).inactiveReason, 'placeholder');
    const lab = pick(run.findings, { host: '2001:db8::25' });
    assert.deepEqual([lab.port, lab.security, lab.active], [465, 'tls', true]);
    assert.ok(run.secrets.has('R365CANARY-aerc-broken') && run.secrets.has('R365CANARY-aerc-lab'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['smtp+none', '[A]\noutgoing = smtp+none://relay.contoso.local\n', { port: 587, security: 'starttls', auth: { method: 'none', username: null, secret: 'absent' } }],
    ['smtps default port', '[A]\noutgoing = smtps+login://u%40contoso.com@smtp.contoso.com\n', { port: 465, security: 'tls', auth: { method: 'password', username: 'u@contoso.com', secret: 'absent' } }],
    ['smtp-starttls = no', '[A]\noutgoing = smtp://relay.contoso.local:25\nsmtp-starttls = no\n', { security: 'none' }],
    ['password from the environment', '[A]\noutgoing = smtps://u:${SMTP_PASS}@smtp.contoso.com\n', { auth: { method: 'password', username: 'u', secret: 'external' }, secretRef: 'env:SMTP_PASS' }],
    ['percent-encoded password', '[A]\noutgoing = smtps://u:R365CANARY%21x@smtp.contoso.com\n', { auth: { method: 'password', username: 'u', secret: 'present' } }],
    ['sendmail command', '[A]\noutgoing = /usr/sbin/sendmail\n', { host: null, endpointKind: 'local', active: true }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(aerc, text, ACCOUNTS);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it('reports nothing for accounts without SMTP (jmap, notmuch)', () => {
    assert.equal(runText(aerc, '[A]\nsource = jmap://u@jmap.fastmail.com\noutgoing = jmap://\n', ACCOUNTS).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `[A]\noutgoing = smtps://u:${'a'.repeat(1_000_000)}@host`,
      `[A]\noutgoing = smtps://${'@'.repeat(1_000_000)}`,
      `[A]\noutgoing = smtp://${'['.repeat(500_000)}`,
      `[A]\noutgoing-cred-cmd = echo "${'\\'.repeat(100_000)}\noutgoing = smtp://h`,
      `${'['.repeat(100_000)}\noutgoing = smtp://h`,
      `[A]\n${'# outgoing = smtp://h\n'.repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(aerc, hostile, ACCOUNTS));
  });
});

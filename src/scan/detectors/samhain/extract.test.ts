import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { samhain } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('samhain', () => {
  it("reads Debian's samhainrc: mail is commented out, the NULL relay is none, root@localhost would be mailed directly", () => {
    const run = runFixtures(samhain, import.meta.url, 'debian/etc/samhain/samhainrc');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.line, f.active, f.inactiveReason, f.endpointKind], ['localhost', 25, 617, false, 'commented', 'local']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.evidence, '# SetMailAddress=root@localhost');
    assert.match(f.notes!.join('\n'), /no SetMailRelay: samhain looks up the MX of localhost/);
    assert.equal(f.locations?.host, undefined);
    assert.equal(run.secrets.size, 0);
  });

  it('reads a site file: [Mail] relay to the tenant MX, port, two recipients, a sender, an old relay in a comment', () => {
    const run = runFixtures(samhain, import.meta.url, 'site/etc/samhain/samhainrc');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { line: 21 });
    assert.deepEqual([f.host, f.port, f.active, f.endpointKind, f.security], ['contoso-com.mail.protection.outlook.com', 25, true, 'm365-mx', 'none']);
    assert.equal(f.from, 'samhain@db01.contoso.com');
    assert.deepEqual(f.locations, {
      host: { line: 21, text: 'contoso-com.mail.protection.outlook.com' }, port: { line: 22, text: '25' }, from: { line: 25, text: 'samhain@db01.contoso.com' },
    });
    assert.match(f.notes!.join('\n'), /mails secops@contoso\.com, dba-team@contoso\.com/);
    assert.match(f.notes!.join('\n'), /no STARTTLS, no AUTH/);
    assert.equal(f.role, 'app');
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.line, old.port, old.active, old.inactiveReason], [19, 2525, false, 'commented']);
    assert.ok(run.secrets.has('R365CANARY-samhain-db'), 'the database password is registered');
    assertNoCanary(run);
  });

  it('reads a broken CRLF file: a relay from a shell command inside @host, ; and // comments, nothing after [EOF]', () => {
    const run = runFixtures(samhain, import.meta.url, 'broken/etc/samhainrc');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.line, f.active, f.inactiveReason, f.port], [null, 7, false, 'unresolved', null]);
    assert.deepEqual(f.valueSources, { host: 'command:cat /etc/samhain/relay' });
    const notes = f.notes!.join('\n');
    assert.match(notes, /inside "@db01\.contoso\.com"/);
    assert.match(notes, /SetMailPort = smtp is not a port/);
    assert.match(notes, /SetMailSender = samhain has no domain/);
    assert.equal(f.from, null);
    assert.ok(run.secrets.has('R365CANARY-samhain-socket'));
    assertNoCanary(run);
  });

  it('marks an .example copy inactive', () => {
    const run = runFixtures(samhain, import.meta.url, 'template/etc/samhain/samhainrc.example');
    assert.equal(pick(run.findings, { line: 21 }).inactiveReason, 'example-file');
    assertNoCanary(run);
  });

  it('keeps placeholder values inactive', () => {
    const run = runFixtures(samhain, import.meta.url, 'placeholder/etc/samhainrc');
    const f = pick(run.findings, { host: 'your.relay.host' });
    assert.equal(f.inactiveReason, 'placeholder');
    assert.equal(f.from, null);
    assertNoCanary(run);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['relay in [Misc], port 25', '[Misc]\nSetMailRelay = relay.contoso.com\n', { host: 'relay.contoso.com', port: 25, active: true }],
    ['keys in any case', '[Misc]\nsetmailrelay=relay.contoso.com\nSETMAILPORT=2525\n', { port: 2525 }],
    ['no relay: the recipient\'s domain', '[Misc]\nSetMailAddress = secops@contoso.com\n', { host: 'contoso.com', line: 2, active: true }],
    ['a bare user name goes to localhost', '[Mail]\nSetMailAddress = root\n', { host: 'localhost' }],
    ['relay NULL is no relay', '[Misc]\nSetMailRelay = NULL\nSetMailAddress = a@contoso.com\n', { host: 'contoso.com' }],
    ['MailSeverity none switches mail off', '[Log]\nMailSeverity = none\n[Misc]\nSetMailRelay = relay.contoso.com\n', { active: false, inactiveReason: 'disabled' }],
    ['mail keys outside [Misc] and [Mail] do nothing', '[ReadOnly]\nSetMailRelay = relay.contoso.com\n', null],
    ['before any section', 'SetMailRelay = relay.contoso.com\n', null],
    ['only a NULL relay', '[Misc]\n# SetMailRelay = NULL\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(samhain, text, '/etc/samhainrc');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      '[Misc]\nSetMailRelay = ' + 'a'.repeat(1_000_000),
      '[Misc]\n' + '# SetMailRelay = x.contoso.com\n'.repeat(20_000),
      '[Misc]\n' + '@host\n'.repeat(100_000) + 'SetMailRelay = r.contoso.com\n',
      '[Misc]\nSetMailAddress = ' + '@'.repeat(1_000_000),
      '[Misc]\nSetMailRelay = x \\\n'.repeat(20_000),
      '['.repeat(1_000_000),
      '\u0000[Misc]\u0001\nSetMailRelay\u0002=\u0003',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(samhain, text, '/etc/samhainrc'));
    assert.equal(runText(samhain, hostile[1], '/etc/samhainrc').warnings[0]?.code, 'too-large');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bacula } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const shipped = (f: { line: number | null; host: string | null; port: number | null; active: boolean; inactiveReason?: string }) => [f.line, f.host, f.port, f.active, f.inactiveReason ?? null];

describe('bacula', () => {
  it('reads the director file Debian writes: three bsmtp commands to localhost:25, live, and keeps the daemon passwords secret', () => {
    const run = runFixtures(bacula, import.meta.url, 'debian/etc/bacula/bacula-dir.conf');
    assert.deepEqual(run.findings.map(shipped), [[262, 'localhost', 25, true, null], [263, 'localhost', 25, true, null], [281, 'localhost', 25, true, null]]);
    for (const f of run.findings) {
      assert.equal(f.security, 'none');
      assert.equal(f.endpointKind, 'local');
      assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
      assert.equal(f.from, null, '%r is root, a local user');
      assert.deepEqual(f.locations, { host: { line: f.line, text: 'localhost' } });
      assert.match(f.notes!.join('\n'), /no STARTTLS and no AUTH/);
      assert.match(f.notes!.join('\n'), /local MTA/);
      assert.equal(f.role, 'app');
    }
    assert.ok(['dir', 'fd', 'fd2', 'sd', 'mon'].every((n) => run.secrets.has(`R365CANARY-bacula-${n}`)), 'commented passwords too');
    assertNoCanary(run);
  });

  it('keeps the template the package writes it from inactive', () => {
    const run = runFixtures(bacula, import.meta.url, 'debian/usr/share/bacula-common/defconfig/bacula-dir.conf');
    assert.deepEqual(run.findings.map(shipped), [[262, 'localhost', 25, false, 'example-file'], [263, 'localhost', 25, false, 'example-file'], [281, 'localhost', 25, false, 'example-file']]);
    assert.equal(run.secrets.size, 0, 'XXX_…_XXX markers are no secrets');
  });

  it('reads a site file: spaced directive names, host:port, a literal From, %r resolved from the resource, a commented relay, a mail program', () => {
    const run = runFixtures(bacula, import.meta.url, 'site/etc/bacula/bacula-dir.conf');
    assert.equal(run.findings.length, 4);
    const reports = pick(run.findings, { line: 21 });
    assert.equal(reports.host, 'mailrelay.contoso.local');
    assert.equal(reports.port, 2525);
    assert.equal(reports.active, true);
    assert.equal(reports.from, 'bacula@contoso.com');
    assert.equal(reports.endpointKind, 'internal');
    assert.deepEqual(reports.locations, { host: { line: 21, text: 'mailrelay.contoso.local' }, port: { line: 21, text: '2525' }, from: { line: 21, text: 'bacula@contoso.com' } });
    const operator = pick(run.findings, { line: 22 });
    assert.equal(operator.host, 'exch01.contoso.com');
    assert.equal(operator.port, 25);
    assert.equal(operator.from, 'oncall@contoso.com', 'operatorcommand %r is the operator address');
    assert.match(operator.notes!.join('\n'), /-f uses %r/);
    const old = pick(run.findings, { host: 'oldmail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.from, 'backup-admins@contoso.com', 'mailcommand %r is the mail address');
    const daemon = pick(run.findings, { line: 33 });
    assert.equal(daemon.host, null);
    assert.equal(daemon.endpointKind, 'local');
    assert.match(daemon.notes!.join('\n'), /local MTA \(mail\)/);
    assert.ok(run.secrets.has('R365CANARY-bacula-site') && run.secrets.has('R365CANARY bacula db'));
    assertNoCanary(run);
  });

  it('reads the Bareos resource folder as Bareos and keeps its .in template inactive', () => {
    const run = runFixtures(bacula, import.meta.url, 'bareos/etc/bareos/bareos-dir.d/messages/Standard.conf');
    assert.deepEqual(run.findings.map(shipped), [[4, 'localhost', 25, true, null], [5, 'localhost', 25, true, null]]);
    assert.ok(run.findings.every((f) => f.system === 'Bareos'));
    const template = runFixtures(bacula, import.meta.url, 'bareos/usr/src/bareos/core/src/defaultconfigs/bareos-dir.d/messages/Standard.conf.in');
    assert.ok(template.findings.length === 2 && template.findings.every((f) => !f.active && f.inactiveReason === 'example-file'));
  });

  it('keeps a .dist copy inactive without leaking its passwords', () => {
    const run = runFixtures(bacula, import.meta.url, 'site/etc/bacula/bacula-dir.conf.dist');
    assert.ok(run.findings.length === 4 && run.findings.every((f) => !f.active));
    assert.equal(pick(run.findings, { line: 21 }).inactiveReason, 'example-file');
    assertNoCanary(run);
  });

  it('reads a broken file: one-line resource, IPv6, no -h, unclosed quotes and braces, a placeholder host', () => {
    const run = runFixtures(bacula, import.meta.url, 'broken/etc/bacula/bacula-dir.conf');
    const v6 = pick(run.findings, { line: 5 });
    assert.equal(v6.host, '2001:db8::25');
    assert.equal(v6.port, 25);
    assert.equal(v6.from, null);
    assert.match(v6.notes!.join('\n'), /several recipients/);
    const noHost = pick(run.findings, { line: 8 });
    assert.equal(noHost.host, 'localhost');
    assert.equal(noHost.locations?.host, undefined, 'nothing written to rewrite');
    assert.match(noHost.notes!.join('\n'), /no -h/);
    const script = pick(run.findings, { line: 9 });
    assert.equal(script.endpointKind, 'unknown');
    assert.match(script.notes!.join('\n'), /page-oncall\.sh/);
    const placeholder = pick(run.findings, { line: 14 });
    assert.equal(placeholder.active, false);
    assert.equal(placeholder.inactiveReason, 'placeholder');
    assert.equal(run.findings.length, 4, 'an empty mailcommand names nothing');
    assert.ok(run.secrets.has('R365CANARY-bacula-unterminated'));
    assertNoCanary(run);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['attached -h', 'Messages {\n  mailcommand = "/usr/sbin/bsmtp -hrelay.contoso.com:26 %r"\n}\n', { host: 'relay.contoso.com', port: 26 }],
    ['key case and spaces', 'Messages {\n  MAIL   command = "bsmtp -h relay.contoso.com %r"\n}\n', { host: 'relay.contoso.com', port: 25, security: 'none' }],
    ['trailing comment', 'Messages { operatorcommand = "bsmtp -h a.contoso.com %r" # paging\n}\n', { host: 'a.contoso.com' }],
    ['sendEmail with TLS and a password', 'Messages {\n mailcommand = "sendEmail -s smtp.office365.com:587 -xu b@contoso.com -xp R365CANARY-b -f b@contoso.com -t %r"\n}\n', { host: 'smtp.office365.com', port: 587, security: 'starttls', endpointKind: 'm365-submission', from: 'b@contoso.com', auth: { method: 'password', username: 'b@contoso.com', secret: 'present' } }],
    ['a hash inside the string is text', 'Messages { mailcommand = "bsmtp -h a.contoso.com -s \\"job #%i\\" %r" }\n', { host: 'a.contoso.com' }],
    ['other directives only', 'Messages {\n  mail = root = all\n  console = all\n}\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(bacula, text, '/etc/bacula/bacula-dir.conf');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
      assertNoCanary(run);
    });
  }

  it('registers a password written in the mail command and keeps it out of the evidence', () => {
    const run = runText(bacula, 'Messages { mailcommand = "sendEmail -s smtp.contoso.com -xu b -xp R365CANARY-b2 -t %r" }\n', '/etc/bacula/bacula-dir.conf');
    assert.ok(run.secrets.has('R365CANARY-b2'));
    assert.match(run.findings[0].evidence, /-xp \*\*\*/);
    assertNoCanary(run);
  });

  it('survives hostile input', () => {
    const hostile = [
      `mailcommand = "${'\\'.repeat(1_000_000)}`,
      `Messages {${'{'.repeat(200_000)} mailcommand = "bsmtp -h x"`,
      `mailcommand = "bsmtp -h ${'a'.repeat(1_000_000)}"`,
      `Messages { mailcommand = "${'"'.repeat(1_000_000)}`,
      'mailcommand = "bsmtp -h a"\n'.repeat(5_000),
      '}'.repeat(100_000),
      '\u0000mailcommand\u0001=\u0002"bsmtp',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(bacula, text, '/etc/bacula/bacula-dir.conf'));
    assert.equal(runText(bacula, 'mailcommand = "bsmtp -h a"\n'.repeat(5_000), '/etc/bacula/bacula-dir.conf').warnings[0]?.code, 'too-large');
    assert.equal(runText(bacula, `mailcommand = "bsmtp -h ${'a'.repeat(1_000_000)}"`, '/etc/bacula/bacula-dir.conf').findings[0].active, false, 'no host is a million characters long');
  });
});

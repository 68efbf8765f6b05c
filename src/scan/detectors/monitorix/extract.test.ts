import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monitorix } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext, SourceFile } from '../../detector.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const debian = ['debian/etc/monitorix/monitorix.conf', 'debian/etc/monitorix/conf.d/00-debian.conf'];
const site = ['site/etc/monitorix/monitorix.conf', 'site/etc/monitorix/conf.d/00-debian.conf', 'site/etc/monitorix/conf.d/50-mail.conf'];
const noinclude = ['noinclude/etc/monitorix/monitorix.conf', 'noinclude/etc/monitorix/conf.d/90-relay.conf', 'noinclude/etc/monitorix/conf.d/.91-test.conf'];

/** Several in-memory files of one scan (for merge rules no fixture needs to carry). */
function runFiles(files: Record<string, string>): Finding[] {
  const sources: SourceFile[] = Object.entries(files).map(([path, content]) => ({ path, content, exampleFile: false }));
  const ctx = (path: string): ExtractContext => ({ path, exampleFile: false, warn: () => {}, secret: () => {} });
  return monitorix.extractAll!(sources, ctx);
}

describe('monitorix', () => {
  it("reads Debian's monitorix.conf: both senders go to localhost:25 and are switched off (enabled = n)", () => {
    const run = runFixtures(monitorix, import.meta.url, ...debian);
    assert.equal(run.findings.length, 2, '00-debian.conf holds no mail setting');
    const reports = pick(run.findings, { line: 1097 });
    assert.deepEqual([reports.host, reports.port, reports.security, reports.endpointKind, reports.active, reports.inactiveReason], ['localhost', 25, 'none', 'local', false, 'disabled']);
    assert.deepEqual(reports.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(reports.from, 'noreply@example.com');
    assert.deepEqual(reports.locations, { host: { line: 1097, text: 'localhost' }, from: { line: 1098, text: 'noreply@example.com' } });
    assert.equal(reports.evidence, 'smtp_hostname = localhost');
    const notes = reports.notes!.join('\n');
    assert.match(notes, /local MTA on port 25/);
    assert.match(notes, /no STARTTLS, no AUTH/);
    assert.match(notes, /<emailreports> enabled is not y/);
    const traffic = pick(run.findings, { line: 1063 });
    assert.deepEqual([traffic.host, traffic.active, traffic.inactiveReason], ['localhost', false, 'disabled']);
    assert.match(traffic.notes!.join('\n'), /<traffacct> enabled is not y/);
    assert.match(traffic.notes!.join('\n'), /default_mail \(root@localhost\)/);
    assert.equal(run.secrets.size, 0);
  });

  it('reads a site: conf.d/50-mail.conf sends the enabled daily reports to the tenant MX, over the server and the old one in monitorix.conf', () => {
    const run = runFixtures(monitorix, import.meta.url, ...site);
    assert.equal(run.findings.length, 3);
    const live = pick(run.findings, { host: 'contoso-com.mail.protection.outlook.com' });
    assert.match(live.path, /site\/etc\/monitorix\/conf\.d\/50-mail\.conf$/);
    assert.deepEqual([live.line, live.port, live.security, live.endpointKind, live.active], [5, 25, 'none', 'm365-mx', true]);
    assert.equal(live.from, 'monitorix@web01.contoso.com', 'from_address of monitorix.conf, display name dropped');
    assert.deepEqual(live.locations, { host: { line: 5, text: 'contoso-com.mail.protection.outlook.com' } }, 'the From sits in another file');
    assert.match(live.notes!.join('\n'), /daily reports to ops@contoso\.com, web-team@contoso\.com/);
    assert.doesNotMatch(live.notes!.join('\n'), /weekly/, 'weekly is enabled = n');
    assert.match(live.notes!.join('\n'), /from_address comes from monitorix\/monitorix\.conf/);
    assert.equal(live.role, 'app');
    const replaced = pick(run.findings, { host: 'mail.contoso.local' });
    assert.deepEqual([replaced.line, replaced.active, replaced.inactiveReason], [46, false, 'overridden']);
    assert.match(replaced.notes!.join('\n'), /conf\.d\/50-mail\.conf replaces this smtp_hostname/);
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.line, old.port, old.active, old.inactiveReason, old.from], [44, 2525, false, 'commented', 'monitorix@exch01.contoso.local']);
    assert.ok(run.secrets.has('R365CANARY-monitorix'), 'the password in url_prefix is registered');
    assertNoCanary(run);
  });

  it('reads a disabled variant: traffacct reports "enabled = yes" is not y, a whole <emailreports> block in comments', () => {
    const run = runFixtures(monitorix, import.meta.url, 'disabled/etc/monitorix/monitorix.conf');
    assert.equal(run.findings.length, 2);
    const traffic = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([traffic.line, traffic.active, traffic.inactiveReason, traffic.from], [25, false, 'disabled', 'traffic@contoso.com']);
    assert.match(traffic.notes!.join('\n'), /<reports> enabled is not y/);
    const old = pick(run.findings, { host: 'old-relay.contoso.local' });
    assert.deepEqual([old.line, old.active, old.inactiveReason, old.from], [36, false, 'commented', 'monitorix@contoso.com']);
    assert.ok(run.secrets.has('R365CANARY-monitorix-old'), 'a commented url_prefix password is still a secret');
    assertNoCanary(run);
  });

  it('reads conf.d only through include_dir: without it, or for a dot file, the file is unused', () => {
    const run = runFixtures(monitorix, import.meta.url, ...noinclude);
    assert.equal(run.findings.length, 3);
    const main = pick(run.findings, { host: 'localhost' });
    assert.deepEqual([main.active, main.endpointKind], [true, 'local']);
    assert.match(main.notes!.join('\n'), /weekly reports to ops@contoso\.com/);
    const notRead = pick(run.findings, { host: 'relay.contoso.com' });
    assert.deepEqual([notRead.active, notRead.inactiveReason], [false, 'unused']);
    assert.match(notRead.notes!.join('\n'), /include_dir does not point at this folder/);
    const dot = pick(run.findings, { host: 'test-relay.contoso.com' });
    assert.deepEqual([dot.active, dot.inactiveReason], [false, 'unused']);
    assert.match(dot.notes!.join('\n'), /starts with a dot/);
    assertNoCanary(run);
  });

  it('keeps a placeholder server inactive', () => {
    const run = runFixtures(monitorix, import.meta.url, 'placeholder/etc/monitorix/monitorix.conf');
    const f = pick(run.findings, { host: 'your.smtp.server' });
    assert.deepEqual([f.active, f.inactiveReason, f.endpointKind], [false, 'placeholder', 'unknown']);
    assertNoCanary(run);
  });

  it('reads a broken CRLF file: `key value` with quotes, Y, an inline comment, a C comment, a continued `to`, a doubled key, no closing tag', () => {
    const run = runFixtures(monitorix, import.meta.url, 'broken/etc/monitorix/monitorix.conf');
    assert.equal(run.findings.length, 1, 'the server inside /* */ is a comment');
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.line, f.active], ['relay.contoso.local', 2525, 7, true]);
    assert.deepEqual(f.locations, { host: { line: 7, text: 'relay.contoso.local:2525' }, from: { line: 8, text: 'monitorix@contoso.com' } });
    const notes = f.notes!.join('\n');
    assert.match(notes, /daily reports to ops@contoso\.com, dba@contoso\.com/);
    assert.doesNotMatch(notes, /never@contoso\.com/, '`enabled` written twice is a list, never "y"');
  });

  it('follows Monitorix merge rules: a conf.d sub-block replaces the whole one before it, a conf.d key only that key', () => {
    const findings = runFiles({
      '/srv/m1/etc/monitorix/monitorix.conf': 'include_dir = /etc/monitorix/conf.d/\n<emailreports>\n enabled = n\n smtp_hostname = relay.contoso.com\n <daily>\n  enabled = y\n  to = ops@contoso.com\n </daily>\n</emailreports>\n',
      '/srv/m1/etc/monitorix/conf.d/10-on.conf': '<emailreports>\n enabled = y\n <daily>\n  enabled = y\n </daily>\n</emailreports>\n',
      '/srv/m2/etc/monitorix/conf.d/10-other-host.conf': '<emailreports>\n enabled = n\n</emailreports>\n',
    });
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.deepEqual([f.host, f.active, f.line], ['relay.contoso.com', true, 4], 'enabled = y of conf.d, not of the other host\'s tree');
    assert.match(f.notes!.join('\n'), /daily reports have no "to"/, "conf.d's <daily> drops the old `to`");
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['method = relay: sendmail, smtp_hostname unused', '<emailreports>\nenabled = y\nmethod = Relay\nsmtp_hostname = relay.contoso.com\n<daily>\nenabled = y\nto = a@contoso.com\n</daily>\n</emailreports>\n', { host: 'relay.contoso.com', active: false, inactiveReason: 'not-smtp' }],
    ['an empty smtp_hostname is the loopback', '<emailreports>\nenabled = y\nsmtp_hostname =\n<daily>\nenabled = y\n</daily>\n</emailreports>\n', { host: null, endpointKind: 'local', active: true, line: 3 }],
    ['no schedule enabled: nothing is sent', '<emailreports>\nenabled = y\nsmtp_hostname = relay.contoso.com\n<daily>\nenabled = n\n</daily>\n</emailreports>\n', { active: false, inactiveReason: 'disabled' }],
    ['host:port and an IPv6 literal', '<emailreports>\nsmtp_hostname = [2001:db8::25]:587\n</emailreports>\n', { host: '2001:db8::25', port: 587 }],
    ['block names are case-sensitive', '<EmailReports>\nsmtp_hostname = relay.contoso.com\n</EmailReports>\n', null],
    ['smtp_hostname outside a mail block is no server', '<mail>\nsmtp_hostname = relay.contoso.com\n</mail>\nsmtp_hostname = other.contoso.com\n', null],
    ['no smtp_hostname: Net::SMTP has no server', '<emailreports>\nenabled = y\nfrom_address = a@contoso.com\n</emailreports>\n', null],
    ['prose in a comment is no server', '<emailreports>\n# smtp_hostname is the relay\n</emailreports>\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(monitorix, text, '/etc/monitorix/monitorix.conf');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('marks an example copy inactive', () => {
    const run = runText(monitorix, '<emailreports>\nenabled = y\nsmtp_hostname = relay.contoso.com\n<daily>\nenabled = y\n</daily>\n</emailreports>\n', '/etc/monitorix/monitorix.conf.example', true);
    assert.equal(pick(run.findings, { host: 'relay.contoso.com' }).inactiveReason, 'example-file');
  });

  it('survives hostile input', () => {
    const hostile = [
      '<emailreports>\nsmtp_hostname = ' + 'a'.repeat(1_000_000),
      '<emailreports>\n' + '#smtp_hostname = x.contoso.com\n'.repeat(20_000),
      '<emailreports>\n' + 'smtp_hostname = x.contoso.com\n'.repeat(20_000),
      '<a>\n'.repeat(100_000) + 'smtp_hostname = r.contoso.com\n',
      '#<a>\n'.repeat(100_000) + '#smtp_hostname = r.contoso.com\n',
      '<emailreports>\nsmtp_hostname = x \\\n'.repeat(20_000),
      '<emailreports>\nsmtp_hostname = ' + '\\\n'.repeat(100_000),
      '/*' + ' smtp_hostname '.repeat(100_000),
      '<'.repeat(1_000_000) + ' emailreports',
      '\u0000<emailreports>\u0001\nsmtp_hostname\u0002=\u0003',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(monitorix, text, '/etc/monitorix/monitorix.conf'));
    assert.equal(runText(monitorix, hostile[1], '/etc/monitorix/monitorix.conf').warnings[0]?.code, 'too-large');
    assert.equal(runText(monitorix, hostile[3], '/etc/monitorix/monitorix.conf').warnings[0]?.code, 'too-deep');
    assert.ok(runText(monitorix, hostile[2], '/etc/monitorix/monitorix.conf').findings.length <= 64);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tripwire } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('tripwire', () => {
  it("reads Debian's twcfg.txt: MAILMETHOD = SMTP to localhost:25, live", () => {
    const run = runFixtures(tripwire, import.meta.url, 'debian/etc/tripwire/twcfg.txt');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.line, f.active, f.endpointKind, f.security], ['localhost', 25, 15, true, 'local', 'none']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, null);
    assert.equal(f.evidence, 'SMTPHOST      =localhost');
    assert.deepEqual(f.locations, { host: { line: 15, text: 'localhost' }, port: { line: 16, text: '25' } });
    const notes = f.notes!.join('\n');
    assert.match(notes, /no STARTTLS, no AUTH/);
    assert.match(notes, /no GLOBALEMAIL/);
    assert.match(notes, /tw\.cfg/);
    assert.match(notes, /no MAILFROMADDRESS/);
  });

  it('reads a site file: direct send to the tenant MX, a From, recipients, and the old Exchange server in a comment', () => {
    const run = runFixtures(tripwire, import.meta.url, 'site/etc/tripwire/twcfg.txt');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { line: 19 });
    assert.equal(f.host, 'contoso-com.mail.protection.outlook.com');
    assert.equal(f.endpointKind, 'm365-mx');
    assert.equal(f.active, true);
    assert.equal(f.from, 'tripwire@web01.contoso.com');
    assert.deepEqual(f.locations?.from, { line: 23, text: 'tripwire@web01.contoso.com' });
    assert.match(f.notes!.join('\n'), /GLOBALEMAIL: secops@contoso\.com;ops-alerts@contoso\.com/);
    assert.match(f.notes!.join('\n'), /MAILNOVIOLATIONS = false/);
    assert.equal(f.role, 'app');
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.line, old.port, old.active, old.inactiveReason], [21, 2525, false, 'commented']);
    assertNoCanary(run);
  });

  it('keeps SMTPHOST inactive when MAILMETHOD = SENDMAIL and points at the local MTA', () => {
    const run = runFixtures(tripwire, import.meta.url, 'sendmail/etc/tripwire/twcfg.txt');
    const f = pick(run.findings, { host: 'relay.contoso.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'not-smtp');
    assert.match(f.notes!.join('\n'), /SMTPHOST is not used/);
    assert.match(f.notes!.join('\n'), /local MTA \(sendmail\)/);
    assertNoCanary(run);
  });

  it('reads a broken CRLF file: a $(VAR) host, a lower-case method, an indented comment, a line without =', () => {
    const run = runFixtures(tripwire, import.meta.url, 'broken/etc/tripwire/twcfg.txt');
    assert.deepEqual(run.findings.map((f) => [f.host, f.port, f.line, f.active]), [
      ['relay.contoso.local', 2525, 10, true], ['exch-old.contoso.local', 2525, 6, false],
    ]);
    const f = run.findings[0];
    assert.equal(f.locations?.host, undefined, 'the host is written as $(MAILHUB)');
    assert.deepEqual(f.locations?.port, { line: 9, text: '2525' });
    assert.equal(f.from, null, 'the From holds $(HOSTNAME)');
    assert.match(f.notes!.join('\n'), /depends on the machine/);
    assert.equal(run.findings.filter((x) => x.host === 'old-relay.contoso.local').length, 0, 'overridden by the later SMTPHOST');
    assertNoCanary(run);
  });

  it('marks a .dist copy inactive', () => {
    const run = runFixtures(tripwire, import.meta.url, 'template/etc/tripwire/twcfg.txt.dist');
    assert.ok(run.findings.length === 2 && run.findings.every((f) => !f.active));
    assert.equal(pick(run.findings, { line: 19 }).inactiveReason, 'example-file');
    assertNoCanary(run);
  });

  it('treats the documented mail.domain.com as a placeholder', () => {
    const run = runFixtures(tripwire, import.meta.url, 'placeholder/etc/tripwire/twcfg.txt');
    const f = pick(run.findings, { host: 'mail.domain.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'placeholder');
    assertNoCanary(run);
  });

  const rows: [string, string, Partial<Finding> | null][] = [
    ['no SMTPHOST: 127.0.0.1', 'MAILMETHOD = SMTP\n', { host: '127.0.0.1', port: 25, line: 1, active: true, endpointKind: 'local' }],
    ['no MAILMETHOD: no mail', 'SMTPHOST = relay.contoso.com\n', { active: false, inactiveReason: 'disabled' }],
    ['an unknown method', 'MAILMETHOD = MAPI\nSMTPHOST = relay.contoso.com\n', { active: false, inactiveReason: 'disabled' }],
    ['$(HOSTNAME) is the machine itself', 'MAILMETHOD = SMTP\nSMTPHOST = $(HOSTNAME)\n', { host: null, endpointKind: 'local', active: true }],
    ['variables are case-sensitive', 'relay = a.contoso.com\nMAILMETHOD = SMTP\nSMTPHOST = $(RELAY)\n', { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'variable:RELAY' } }],
    ['keys are case-sensitive', 'MAILMETHOD = SMTP\nsmtphost = a.contoso.com\n', { host: '127.0.0.1' }],
    ['a shared placeholder', 'MAILMETHOD = SMTP\nSMTPHOST = your.smtp.server\n', { active: false, inactiveReason: 'placeholder' }],
    ['an SMTPPORT that is no port', 'MAILMETHOD = SMTP\nSMTPHOST = a.contoso.com\nSMTPPORT = smtp\n', { port: null }],
    ['SENDMAIL without SMTPHOST: the local MTA has its own finding', 'MAILMETHOD = SENDMAIL\nMAILPROGRAM = /usr/sbin/sendmail -oi -t\n', null],
    ['prose in a comment is no setting', '# SMTPHOST is where reports go\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(tripwire, text, '/etc/tripwire/twcfg.txt');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      'MAILMETHOD = SMTP\nSMTPHOST = ' + '$(A)'.repeat(250_000),
      'A = x\n' + Array.from({ length: 40 }, (_, i) => `V${i + 1} = $(${i ? `V${i}` : 'A'})$(${i ? `V${i}` : 'A'})\n`).join('') + 'MAILMETHOD = SMTP\nSMTPHOST = $(V40)\n',
      '#SMTPHOST = x.contoso.com\n'.repeat(20_000),
      'SMTPHOST = x \\\n'.repeat(20_000),
      '='.repeat(1_000_000),
      'SMTPHOST = ' + 'a'.repeat(1_000_000),
      '\u0000SMTPHOST\u0001=\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(tripwire, text, '/etc/tripwire/twcfg.txt'));
    assert.equal(runText(tripwire, hostile[2], '/etc/tripwire/twcfg.txt').warnings[0]?.code, 'too-large');
  });
});

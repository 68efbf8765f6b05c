import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { smokeping } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const debian = ['debian/etc/smokeping/config', 'debian/etc/smokeping/config.d/General', 'debian/etc/smokeping/config.d/Alerts'];
const o365 = ['o365/etc/smokeping/config.d/General', 'o365/etc/smokeping/config.d/Alerts'];

describe('smokeping', () => {
  it('reads the Debian config.d/General: the shipped my.mail.host is a placeholder, From comes from config.d/Alerts', () => {
    const run = runFixtures(smokeping, import.meta.url, ...debian);
    assert.equal(run.findings.length, 1, 'the monolithic config only @includes');
    const f = run.findings[0];
    assert.match(f.path, /debian\/etc\/smokeping\/config\.d\/General$/);
    assert.deepEqual([f.host, f.port, f.line, f.active, f.inactiveReason], ['my.mail.host', 25, 5, false, 'placeholder']);
    assert.equal(f.endpointKind, 'unknown');
    assert.equal(f.from, 'smokealert@company.xy');
    assert.equal(f.locations?.from, undefined, 'the From sits in another file');
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
  });

  it('reads a Microsoft 365 mailhost with mailuser/mailpass and warns that Net::SMTP sends them without TLS', () => {
    const run = runFixtures(smokeping, import.meta.url, ...o365);
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.line, 6);
    assert.equal(f.port, 587);
    assert.equal(f.active, true);
    assert.equal(f.security, 'none');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.auth, { method: 'password', username: 'smokeping@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /o365\/etc\/smokeping\/config\.d\/General:8$/);
    assert.equal(f.from, 'smokeping-alerts@contoso.com', 'the top-level from of Alerts, not an alert\'s own');
    assert.match(f.notes!.join('\n'), /refuses AUTH before STARTTLS/);
    assert.match(f.notes!.join('\n'), /DYNAMIC hosts goes From contact netops@contoso\.com/);
    assert.deepEqual(f.locations, { host: { line: 6, text: 'smtp.office365.com:587' }, username: { line: 7, text: 'smokeping@contoso.com' } });
    assert.equal(f.role, 'app');
    assert.ok(!f.evidence.includes('mailpass'));
    assert.ok(run.secrets.has('R365CANARY-smokeping-1'));
    assertNoCanary(run);
  });

  it('reads a monolithic config: a continued mailhost list in failover order, Alerts in the same file, a commented old host', () => {
    const run = runFixtures(smokeping, import.meta.url, 'internal/etc/smokeping/config');
    assert.deepEqual(run.findings.map((f) => [f.host, f.port, f.line, f.active]), [
      ['relay1.contoso.local', 25, 6, true], ['relay2.contoso.local', 2525, 6, true], ['exch01.contoso.local', 25, 8, false],
    ]);
    const relay1 = pick(run.findings, { host: 'relay1.contoso.local' });
    assert.equal(relay1.from, 'smokeping@mon02.contoso.local');
    assert.deepEqual(relay1.locations?.from, { line: 20, text: 'smokeping@mon02.contoso.local' });
    assert.equal(relay1.evidence, 'mailhost = relay1.contoso.local, relay2.contoso.local:2525');
    const relay2 = pick(run.findings, { host: 'relay2.contoso.local' });
    assert.match(relay2.notes!.join('\n'), /fallback mail host/);
    assert.equal(relay2.locations?.host, undefined, 'it sits on the continuation line');
    assert.equal(pick(run.findings, { host: 'exch01.contoso.local' }).inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-smokeping-old'), 'a commented mailpass is still a secret');
    assertNoCanary(run);
  });

  it('survives a broken CRLF file: an env-style host, a commented host, an unclosed quote, no Alerts from', () => {
    const run = runFixtures(smokeping, import.meta.url, 'broken/etc/smokeping/config.d/General', 'broken/etc/smokeping/config.d/Alerts');
    const unresolved = pick(run.findings, { line: 5 });
    assert.equal(unresolved.active, false);
    assert.equal(unresolved.inactiveReason, 'unresolved');
    assert.deepEqual(unresolved.valueSources, { host: 'env:SMOKEPING_MAILHOST' });
    assert.equal(unresolved.from, 'ops@contoso.com', 'contact when Alerts names no from');
    const old = pick(run.findings, { host: 'old-relay.contoso.local' });
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-smokeping-2') && run.secrets.has('"R365CANARY-smokeping-2'));
    assertNoCanary(run);
  });

  it('marks a .example copy inactive', () => {
    const run = runFixtures(smokeping, import.meta.url, 'template/etc/smokeping/config.d/General.example');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.auth.secret, 'absent', 'changeme');
    assert.equal(run.secrets.size, 0);
  });

  const rows: [string, string, Record<string, unknown>[]][] = [
    ['sendmail only: the local MTA carries it', '*** General ***\ncontact = a@contoso.com\nsendmail = /usr/sbin/sendmail\n', []],
    ['mailuser alone: no AUTH', '*** General ***\nmailhost = relay.contoso.com\nmailuser = u\n', [{ auth: { method: 'none', username: null, secret: 'absent' } }]],
    ['mailpass "0" is false in Perl', '*** General ***\nmailhost = relay.contoso.com\nmailuser = u\nmailpass = 0\n', [{ auth: { method: 'none', username: null, secret: 'absent' } }]],
    ['IPv6 literal with port', '*** General ***\nmailhost = [2001:db8::25]:25\n', [{ host: '2001:db8::25', port: 25 }]],
    ['mailhost outside General is not the mail host', '*** Probes ***\n+FPing\nmailhost = x.contoso.com\n', []],
    ['an alert\'s own from is not the alerts From', '*** General ***\nmailhost = r.contoso.com\n*** Alerts ***\n+a\nfrom = x@contoso.com\n', [{ from: null }]],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(smokeping, text, '/etc/smokeping/config');
      assert.equal(run.findings.length, want.length);
      want.forEach((fields, i) => {
        for (const [k, v] of Object.entries(fields)) assert.deepEqual((run.findings[i] as unknown as Record<string, unknown>)[k], v, `${name}: ${k}`);
      });
    });
  }

  it('survives hostile input', () => {
    const hostile = [
      '*** General ***\nmailhost = ' + 'a,'.repeat(500_000),
      '*** General ***\nmailhost = x \\\n'.repeat(20_000),
      '*** General ***\nmailhost = ' + '\\\n'.repeat(100_000),
      '*** General ***\nmailpass = "' + 'x'.repeat(1_000_000),
      '*** General ***\n' + '#mailhost = y\n'.repeat(20_000),
      '*'.repeat(1_000_000) + ' mailhost',
      '\u0000mailhost\u0001=\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(smokeping, text, '/etc/smokeping/config'));
    assert.equal(runText(smokeping, hostile[0], '/etc/smokeping/config').warnings[0]?.code, 'too-large');
  });
});

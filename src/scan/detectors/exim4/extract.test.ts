import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exim4 } from './index.js';
import { parseHostList } from './lists.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const satellite = [
  'satellite/etc/exim4/update-exim4.conf.conf', 'satellite/etc/exim4/passwd.client', 'satellite/etc/exim4/exim4.conf.localmacros',
  'satellite/etc/exim4/conf.d/router/200_exim4-config_primary', 'satellite/etc/exim4/conf.d/auth/30_exim4-config_examples',
];

describe('exim4', () => {
  it('reads the Debian smarthost with its ::port, passwd.client user and required TLS', () => {
    const run = runFixtures(exim4, import.meta.url, ...satellite);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.line, 27);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes!.join('\n'), /STARTTLS required/);
    assert.deepEqual(f.auth, { method: 'password', username: 'alerts@contoso.com', secret: 'external' });
    assert.match(f.secretRef ?? '', /satellite\/etc\/exim4\/passwd\.client:9$/);
    assert.equal(f.active, true);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.match(f.notes!.join('\n'), /sender domain rewritten to contoso\.com/);
    assert.deepEqual(f.locations?.host, { line: 27, text: 'smtp.office365.com::587' });
    assert.deepEqual(f.locations?.username, { line: 9, text: 'alerts@contoso.com' });
    assert.ok(run.secrets.has('R365CANARY-exim4-1'));
    assert.ok(run.secrets.has('R365CANARY-exim4-old'), 'commented credentials are scrubbed too');
    assert.ok(!run.secrets.has('password') && !run.secrets.has('mysecret'), 'documentation examples are not secrets');
    assertNoCanary(run);
  });

  it('keeps the commented smarthost and skips the DCsmarthost macro of the split config', () => {
    const run = runFixtures(exim4, import.meta.url, ...satellite);
    const old = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.method, 'none', 'the commented passwd.client line is not used');
    assert.equal(run.findings.length, 2);
  });

  it('reads route_list items and a literal client authenticator from a hand-written config', () => {
    const run = runFixtures(exim4, import.meta.url, 'handwritten/usr/exim/configure');
    const m365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(m365.port, 587);
    assert.equal(m365.line, 24);
    assert.equal(m365.security, 'starttls');
    assert.deepEqual(m365.auth, { method: 'password', username: 'app01@contoso.com', secret: 'present' });
    assert.match(m365.notes!.join('\n'), /router "send_to_relay"/);
    const mx2 = pick(run.findings, { host: 'mx2.partner.example' });
    assert.equal(mx2.port, 25);
    assert.match(mx2.notes!.join('\n'), /for partner\.example/);
    assert.equal(pick(run.findings, { host: 'oldrelay.contoso.local' }).inactiveReason, 'commented');
    assert.equal(run.findings.length, 4);
    assert.ok(run.secrets.has('R365CANARY-exim4-literal'));
    assertNoCanary(run);
  });

  it('keeps each installation\'s credentials and macros to itself', () => {
    const run = runFixtures(exim4, import.meta.url, ...satellite, 'handwritten/usr/exim/configure', 'internet/etc/exim4/update-exim4.conf.conf');
    assert.equal(pick(run.findings, { line: 27, host: 'smtp.office365.com' }).auth.username, 'alerts@contoso.com');
    assert.equal(pick(run.findings, { line: 24, host: 'smtp.office365.com' }).auth.username, 'app01@contoso.com');
    const internet = pick(run.findings, { host: 'relay1.contoso.local' });
    assert.equal(internet.auth.method, 'unknown');
    assert.match(internet.notes!.join('\n'), /opportunistic/, 'the satellite\'s REQUIRE_TLS macro does not apply here');
    assertNoCanary(run);
  });

  it('marks smarthosts of an internet site as unused, with both list entries', () => {
    const run = runFixtures(exim4, import.meta.url, 'internet/etc/exim4/update-exim4.conf.conf');
    const first = pick(run.findings, { host: 'relay1.contoso.local' });
    assert.equal(first.port, 25);
    assert.equal(first.active, false);
    assert.equal(first.inactiveReason, 'unused');
    assert.equal(first.auth.method, 'unknown', 'passwd.client not scanned');
    const second = pick(run.findings, { host: 'relay2.contoso.local' });
    assert.equal(second.port, 2525);
    assert.match(second.notes!.join('\n'), /fallback/);
  });

  it('survives a truncated debconf file and a broken passwd.client', () => {
    const run = runFixtures(exim4, import.meta.url, 'broken/etc/exim4/update-exim4.conf.conf', 'broken/etc/exim4/passwd.client');
    assert.ok(run.warnings.some((w) => w.code === 'truncated' && w.line === 4));
    assert.ok(run.warnings.some((w) => w.code === 'parse-error' && w.line === 1));
    const env = pick(run.findings, { line: 3 });
    assert.equal(env.active, false);
    assert.equal(env.inactiveReason, 'overridden');
    assert.deepEqual(env.valueSources, { host: 'env:SMARTHOST' });
    const cut = pick(run.findings, { line: 4 });
    assert.equal(cut.host, 'smtp.office');
    assert.deepEqual(cut.auth, { method: 'password', username: 'fallback@contoso.com', secret: 'external' });
    assertNoCanary(run);
  });

  it('parses Exim host lists', () => {
    const rows: [string, { host: string; port: number | null }[]][] = [
      ['smtp.office365.com::587', [{ host: 'smtp.office365.com', port: 587 }]],
      ['a.example:b.example::2525', [{ host: 'a.example', port: null }, { host: 'b.example', port: 2525 }]],
      ['a.example;b.example', [{ host: 'a.example', port: null }, { host: 'b.example', port: null }]],
      ['<; 2001:db8::1 ; relay.example:25', [{ host: '2001:db8::1', port: null }, { host: 'relay.example', port: 25 }]],
      ['2001::db8::::1', [{ host: '2001:db8::1', port: null }]],
      ['[192.0.2.7]::465', [{ host: '192.0.2.7', port: 465 }]],
      ['relay.example/MX', [{ host: 'relay.example', port: null }]],
      ['', []],
    ];
    for (const [input, expected] of rows) assert.deepEqual(parseHostList(input).map(({ host, port }) => ({ host, port })), expected, input);
  });

  it('survives hostile input', () => {
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      `dc_smarthost='${'x:'.repeat(500_000)}'`,
      'begin routers\nr:\n  route_list = ' + '\\\n'.repeat(20_000),
      'begin routers\n' + 'r:\n'.repeat(20_000) + '  route_list = ' + ';'.repeat(100_000),
      '::::'.repeat(250_000),
    ];
    for (const text of hostile) {
      for (const path of ['/etc/exim4/update-exim4.conf.conf', '/etc/exim4/passwd.client', '/etc/exim4/exim4.conf', '/etc/exim4/conf.d/router/100_x']) {
        assert.doesNotThrow(() => runText(exim4, text, path));
      }
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { opensmtpd } from './index.js';
import { parseRelayUrl } from './extract.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('opensmtpd', () => {
  it('finds no smarthost in the Debian default (direct delivery) nor in a Cyrus SASL smtpd.conf', () => {
    assert.equal(runFixtures(opensmtpd, import.meta.url, 'debian/etc/smtpd.conf').findings.length, 0);
    assert.equal(runFixtures(opensmtpd, import.meta.url, 'cyrus-sasl/etc/postfix/sasl/smtpd.conf').findings.length, 0);
  });

  it('reads a relay action with a continuation line, its credentials table and mail-from', () => {
    const run = runFixtures(opensmtpd, import.meta.url, 'o365/etc/smtpd.conf', 'o365/etc/mail/secrets');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 14);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'backups@contoso.com', secret: 'external' });
    assert.match(f.secretRef ?? '', /o365\/etc\/mail\/secrets:2$/);
    assert.equal(f.from, 'backups@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.host, { line: 14, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 14, text: '587' });
    assert.equal(f.notes, undefined, "required STARTTLS: no opportunistic note");
    const old = pick(run.findings, { host: 'mailgw.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.security, 'starttls');
    assert.ok(old.notes?.some((n) => n.includes('opportunistic')));
    const spare = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(spare.active, false);
    assert.equal(spare.inactiveReason, 'unused');
    assert.equal(spare.port, 465);
    assert.equal(spare.security, 'tls');
    assert.equal(spare.auth.username, 'relay-user');
    assert.ok(run.secrets.has('R365CANARY-smtpd-1') && run.secrets.has('R365CANARY-smtpd-3'));
    assertNoCanary(run);
  });

  it('reads the pre-6.4 accept … relay via grammar with an inline table', () => {
    const run = runFixtures(opensmtpd, import.meta.url, 'openbsd-5/etc/mail/smtpd.conf');
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'smtp.isp-mail.example.net' });
    assert.equal(f.active, true);
    assert.equal(f.line, 15);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'relay-user', secret: 'present' });
    assert.equal(f.from, '@contoso.com');
    assert.ok(run.secrets.has('R365CANARY-smtpd-2'));
    assertNoCanary(run);
  });

  it('names the credentials file when it was not scanned, and survives broken lines', () => {
    const run = runFixtures(opensmtpd, import.meta.url, 'broken/etc/smtpd.conf');
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(relay.port, 25, 'an out-of-range port falls back to the default');
    const bad = pick(run.findings, { host: null });
    assert.equal(bad.secretRef, 'file:/etc/mail/secrets');
    assert.ok(bad.notes?.some((n) => n.startsWith('relay URL not understood')));
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.port, 2525);
    for (const hostile of ['action "a" relay host ' + '\\\n'.repeat(20_000), `action x relay host smtp://${'a'.repeat(1_000_000)}`, '"'.repeat(50_000), '\u0000\u0007\uffff']) {
      assert.doesNotThrow(() => runText(opensmtpd, hostile, '/etc/smtpd.conf'));
    }
  });

  it('maps every relay URL scheme', () => {
    assert.deepEqual(parseRelayUrl('smtps://lbl@[2001:db8::25]:4650'), { scheme: 'smtps', label: 'lbl', host: '2001:db8::25', port: 4650, portText: '4650' });
    assert.deepEqual(parseRelayUrl('relay.contoso.local'), { scheme: 'smtp', label: null, host: 'relay.contoso.local', port: null, portText: null });
    for (const [text, security, port] of [['smtp+notls://h.example', 'none', 25], ['ssl+auth://l@h.example', 'tls', 465], ['lmtp://h.example:24', 'none', 24]] as const) {
      const f = runText(opensmtpd, `action "a" relay host ${text}\n`, '/etc/smtpd.conf').findings[0];
      assert.equal(f.security, security, text);
      assert.equal(f.port, port, text);
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(opensmtpd, import.meta.url, 'template/etc/smtpd.conf.sample');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const unresolved = runFixtures(opensmtpd, import.meta.url, 'template/etc/smtpd.conf');
    assert.ok(unresolved.findings.length > 0 && unresolved.findings.every((f) => !f.active && f.inactiveReason === 'unresolved'), JSON.stringify(unresolved.findings));
    assert.deepEqual(unresolved.findings[0].valueSources, { host: 'env:SMTP_RELAY' });
    assert.equal(unresolved.findings[0].host, null);
    assertNoCanary(example);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mutt } from './index.js';
import { parseMuttUrl } from './extract.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('mutt', () => {
  it('finds nothing in the Debian /etc/Muttrc', () => {
    assert.equal(runFixtures(mutt, import.meta.url, 'debian/etc/Muttrc').findings.length, 0);
  });

  it('reads smtps:// with an unescaped @ in the user, smtp_pass and from; keeps the commented relay', () => {
    const run = runFixtures(mutt, import.meta.url, 'work/home/jo/.muttrc');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 12);
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.deepEqual(f.auth, { method: 'password', username: 'jo@contoso.com', secret: 'present' });
    assert.equal(f.from, 'jo@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.port, { line: 12, text: '465' });
    assert.deepEqual(f.locations?.from, { line: 3, text: 'jo@contoso.com' });
    assert.equal(f.role, 'client');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.security, 'starttls');
    assertNoCanary(run);
  });

  it('expands ${imap_user} and sees OAuth2 (mutt_oauth2.py)', () => {
    const run = runFixtures(mutt, import.meta.url, 'oauth/home/ana/.config/mutt/muttrc');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.ok(f.notes?.some((n) => n.includes('since mutt 2.0')));
    assert.deepEqual(f.auth, { method: 'oauth2', username: 'ana@contoso.com', secret: 'external' });
  });

  it('reads account-hook strings, pairing each smtp_url with the password on its line', () => {
    const run = runFixtures(mutt, import.meta.url, 'hooks/home/li/.mutt/muttrc');
    const work = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(work.line, 3);
    assert.equal(work.security, 'starttls');
    assert.ok(work.notes?.some((n) => n.includes('opportunistic')));
    assert.deepEqual(work.auth, { method: 'password', username: 'li', secret: 'present' });
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465);
    assert.equal(gmail.auth.secret, 'external');
    assert.equal(gmail.secretRef, 'command:pass show mail/gmail');
    assert.ok(run.secrets.has('R365CANARY-mutt-2'));
    assertNoCanary(run);
  });

  it('reports sendmail = msmtp as a local MTA dependency', () => {
    const run = runFixtures(mutt, import.meta.url, 'msmtp/home/ops/.muttrc');
    const f = pick(run.findings, { endpointKind: 'local' });
    assert.equal(f.line, 2);
    assert.equal(f.from, 'ops@contoso.com');
    assert.ok(f.notes?.some((n) => n.includes('msmtp, account work')));
  });

  it('survives broken values, marks $VARIABLE hosts unresolved', () => {
    const run = runFixtures(mutt, import.meta.url, 'broken/home/x/.muttrc');
    const env = pick(run.findings, { line: 2 });
    assert.equal(env.active, false);
    assert.equal(env.inactiveReason, 'unresolved');
    assert.deepEqual(env.valueSources, { host: 'env:SMTP_URL' });
    const hostOnly = runText(mutt, 'set smtp_url="smtps://ops@${SMTP_HOST}:465/"\n', '/home/x/.muttrc').findings[0];
    assert.equal(hostOnly.host, null);
    assert.equal(hostOnly.port, 465);
    assert.equal(hostOnly.inactiveReason, 'unresolved');
    assert.deepEqual(hostOnly.valueSources, { host: 'env:SMTP_HOST' });
    const wrong = pick(run.findings, { line: 3 });
    assert.ok(wrong.notes?.some((n) => n.startsWith('smtp_url not understood')));
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(relay.port, 25);
    assert.ok(!relay.evidence.includes('R365CANARY'));
    assertNoCanary(run);
    for (const hostile of [`set smtp_url="smtp://${'@'.repeat(1_000_000)}"`, `set ${'smtp_url='.repeat(100_000)}`, '\u0000set smtp_url\u0001=\uffff', `set smtp_url="${'\\'.repeat(20_000)}`]) {
      assert.doesNotThrow(() => runText(mutt, hostile, '/home/x/.muttrc'));
    }
  });

  it('parses mutt SMTP URLs', () => {
    assert.deepEqual(parseMuttUrl('smtp://a%40b.com:p%3Aw@[2001:db8::1]:2525/'), { scheme: 'smtp', user: 'a@b.com', password: 'p:w', host: '2001:db8::1', port: 2525, portText: '2525' });
    assert.equal(parseMuttUrl('imap://x/'), null);
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(mutt, import.meta.url, 'template/etc/Muttrc.local.example');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(mutt, import.meta.url, 'template/etc/Muttrc.local');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'xxx' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

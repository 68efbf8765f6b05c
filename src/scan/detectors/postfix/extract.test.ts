import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postfix } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('postfix', () => {
  it('reads relayhost with SASL user from sasl_passwd and required TLS', () => {
    const run = runFixtures(postfix, import.meta.url, 'relay01/etc/postfix/main.cf', 'relay01/etc/postfix/sasl_passwd', 'relay01/etc/postfix/master.cf');
    const f = pick(run.findings, { host: 'smtp.office365.com', active: true });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'relay@contoso.com');
    assert.equal(f.auth.secret, 'external');
    assert.match(f.secretRef ?? '', /sasl_passwd:2$/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 21);
    assert.deepEqual(f.locations?.host, { line: 21, text: '[smtp.office365.com]:587' });
    assert.ok(run.secrets.has('R365CANARY-postfix-1'));
    assertNoCanary(run);
  });

  it('keeps commented relayhosts and master.cf overrides as inactive', () => {
    const run = runFixtures(postfix, import.meta.url, 'relay01/etc/postfix/main.cf', 'relay01/etc/postfix/sasl_passwd', 'relay01/etc/postfix/master.cf');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.endpointKind, 'internal');
    assert.equal(pick(run.findings, { host: 'backup-relay.contoso.local' }).active, false);
    assert.equal(run.findings.filter((f) => f.active).length, 1);
  });

  it('finds nothing active in the Debian default (empty relayhost)', () => {
    const run = runFixtures(postfix, import.meta.url, 'debian-default/etc/postfix/main.cf');
    assert.equal(run.findings.filter((f) => f.active).length, 0);
  });

  it('reads a relayhost list with implicit TLS and a missing sasl_passwd', () => {
    const run = runFixtures(postfix, import.meta.url, 'wrapper/etc/postfix/main.cf');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.port, 465);
    assert.equal(live.security, 'tls');
    assert.equal(live.endpointKind, 'windows-live');
    assert.equal(live.auth.secret, 'external');
    assert.equal(live.secretRef, 'map:/etc/postfix/sasl/sasl_passwd');
    assert.equal(pick(run.findings, { host: 'mail2.contoso.lan' }).port, 25);
  });

  it('reads sasl-xoauth2 (smtp_sasl_mechanism_filter = xoauth2) as OAuth, and a mixed filter as a password', () => {
    const base = 'relayhost = [smtp.office365.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_tls_security_level = encrypt\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n';
    const oauth = runText(postfix, `${base}smtp_sasl_mechanism_filter = xoauth2\n`, '/etc/postfix/main.cf').findings[0];
    assert.equal(oauth.auth.method, 'oauth2');
    assert.match(oauth.notes?.join() ?? '', /sasl-xoauth2/);
    const mixed = runText(postfix, `${base}smtp_sasl_mechanism_filter = xoauth2, login\n`, '/etc/postfix/main.cf').findings[0];
    assert.equal(mixed.auth.method, 'password');
    const commented = runText(postfix, `${base}#smtp_sasl_mechanism_filter = xoauth2\n`, '/etc/postfix/main.cf').findings[0];
    assert.equal(commented.auth.method, 'password', 'a commented-out filter does not count');
  });

  it('survives hostile input', () => {
    for (const text of ['relayhost = [', 'relayhost = [::1', '\u0000\u0001relayhost', 'relayhost = ' + 'x'.repeat(100000), '= = =']) {
      assert.doesNotThrow(() => runText(postfix, text, '/etc/postfix/main.cf'));
    }
  });
  it('reads the routes of transport_maps and sender_dependent_relayhost_maps, each table line a relay', () => {
    const files = ['main.cf', 'transport', 'transport_regexp', 'sender_relay', 'sasl_passwd'].map((f) => `routes/etc/postfix/${f}`);
    const run = runFixtures(postfix, import.meta.url, ...files);
    const row = (host: string) => { const f = pick(run.findings, { host }); return [f.path.split('/').pop(), f.line, f.port, f.security, f.active, f.inactiveReason ?? null]; };
    assert.deepEqual(row('relay.partners.contoso.com'), ['transport', 2, 25, 'starttls', true, null]);
    assert.deepEqual(row('gw.fabrikam.com'), ['transport_regexp', 1, 2525, 'starttls', true, null]);
    assert.deepEqual(row('smtp.sendgrid.net'), ['sender_relay', 1, 587, 'starttls', true, null]);
    assert.deepEqual(row('exch01.contoso.local'), ['transport', 5, 25, 'starttls', false, 'commented']);
    assert.equal(run.findings.filter((f) => f.host === 'smtp.office365.com').length, 2, 'relayhost, and the CEO route in sender_relay');
    const billing = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.deepEqual(billing.auth, { method: 'password', username: 'apikey', secret: 'external' }, 'sasl_passwd keyed by sender (smtp_sender_dependent_authentication)');
    assert.match(billing.notes?.join('\n') ?? '', /sender_dependent_relayhost_maps .*mail from @billing\.contoso\.com/);
    assert.ok(!run.findings.some((f) => /lab is closed|contoso\.local$/.test(f.host ?? '') && f.active), 'local: and error: routes are no relays');
    assert.ok(run.secrets.has('R365CANARY-postfix-routes-2'));
    assertNoCanary(run);
  });

});

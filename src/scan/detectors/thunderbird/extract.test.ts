import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { thunderbird } from './index.js';
import { parsePrefs } from './prefs.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const WINDOWS = 'windows/Users/alex/AppData/Roaming/Thunderbird/Profiles/k3x9w2q1.default-release/prefs.js';

describe('thunderbird', () => {
  it('reads one finding per smtpN server of a Windows profile (CRLF), with identities as From', () => {
    const run = runFixtures(thunderbird, import.meta.url, WINDOWS);
    const m365 = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(m365.active, true);
    assert.equal(m365.line, 39);
    assert.equal(m365.port, 587);
    assert.equal(m365.security, 'starttls');
    assert.deepEqual(m365.auth, { method: 'oauth2', username: 'alex@contoso.com', secret: 'external' });
    assert.match(m365.secretRef ?? '', /k3x9w2q1\.default-release\/logins\.json/);
    assert.equal(m365.from, 'alex@contoso.com');
    assert.equal(m365.endpointKind, 'm365-submission');
    assert.equal(m365.role, 'client');
    assert.deepEqual(m365.locations?.port, { line: 40, text: '587' });
    assert.deepEqual(m365.locations?.security, { line: 41, text: '2' });
    assert.deepEqual(m365.locations?.from, { line: 23, text: 'alex@contoso.com' });
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.port, 25);
    assert.equal(live.security, 'starttls');
    assert.ok(live.notes?.some((n) => n.includes('opportunistic')));
    assert.deepEqual(live.auth, { method: 'password', username: 'alex.example@hotmail.com', secret: 'external' });
    assert.equal(live.from, 'alex.example@hotmail.com');
    assert.equal(live.endpointKind, 'windows-live');
    const stale = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(stale.active, false);
    assert.equal(stale.inactiveReason, 'unused');
    assert.equal(stale.security, 'none');
    assert.equal(stale.auth.method, 'none');
    assert.equal(run.findings.length, 3);
  });

  it('reads user.js with a commented-out server and the default-server identity', () => {
    const run = runFixtures(thunderbird, import.meta.url, 'linux/home/sam/.thunderbird/u7f3a1b2.default/user.js');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.line, 4);
    assert.deepEqual(f.auth, { method: 'password', username: 'sam@contoso.com', secret: 'external' });
    assert.equal(f.from, 'sam@contoso.com');
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
  });

  it('reads an old SeaMonkey profile with the password in prefs.js as a present secret', () => {
    const run = runFixtures(thunderbird, import.meta.url, 'seamonkey/home/old/.mozilla/seamonkey/abc.default/prefs.js');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(f.port, null);
    assert.ok(f.notes?.some((n) => n.startsWith('port 0')));
    assert.deepEqual(f.auth, { method: 'password', username: 'reports', secret: 'present' });
    assert.equal(f.secretRef, undefined);
    assert.equal(f.from, 'reports@contoso.com');
    assert.ok(run.secrets.has('R365CANARY-tb-1'));
    assertNoCanary(run);
  });

  it('reads lockPref/defaultPref in an autoconfig file', () => {
    const f = runFixtures(thunderbird, import.meta.url, 'autoconfig/usr/lib/thunderbird/mozilla.cfg').findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.auth.method, 'oauth2');
    assert.equal(f.auth.username, null);
  });

  it('survives broken prefs and hostile input', () => {
    const run = runFixtures(thunderbird, import.meta.url, 'broken/home/x/.thunderbird/p/prefs.js');
    assert.deepEqual(run.findings.map((f) => f.host).sort(), ['relay.contoso.local', 'smtp.contoso.com']);
    const f = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(f.security, 'unknown');
    assert.equal(f.auth.secret, 'present');
    assertNoCanary(run);
    for (const hostile of [`user_pref("mail.smtpserver.a.hostname", "${'\\'.repeat(1_000_000)}`, `user_pref(${' '.repeat(1_000_000)})`, '\u0000user_pref("mail.smtpserver.\u0001', `${'user_pref("mail.smtpserver.s.hostname", "h");\n'.repeat(20_000)}`]) {
      assert.doesNotThrow(() => runText(thunderbird, hostile, '/home/x/prefs.js'));
    }
    assert.equal(parsePrefs('user_pref("a\\u0041", "b\\"c");')[0].name, 'aA');
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(thunderbird, import.meta.url, 'template/profile/user.js.example');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(thunderbird, import.meta.url, 'template/profile/user.js');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'your-smtp-server' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { davmail } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('davmail', () => {
  it("reads Debian's davmail-server file: a gateway on localhost:1025 into Exchange Online over EWS, with Basic auth", () => {
    const run = runFixtures(davmail, import.meta.url, 'debian/etc/davmail/davmail.properties');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.line, f.active, f.endpointKind, f.security, f.role], ['localhost', 1025, 25, true, 'local', 'none', 'relay']);
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'absent' });
    assert.equal(f.evidence, 'davmail.smtpPort=1025; davmail.url=https://outlook.office365.com/EWS/Exchange.asmx');
    assert.deepEqual(f.locations, { port: { line: 25, text: '1025' } }, 'no bindAddress: the host is implied');
    const notes = f.notes!.join('\n');
    assert.match(notes, /Exchange Online \(outlook\.office365\.com\) over EWS, a Microsoft 365 dependency/);
    assert.match(notes, /switched off for EWS in October 2022/);
    assert.match(notes, /mail leaves through EWS/);
    assert.match(notes, /other machines can send through port 1025/);
    assert.match(notes, /AUTH LOGIN or PLAIN/);
    assert.equal(run.secrets.size, 0, 'empty proxy and keystore passwords');
  });

  it('reads a site gateway: O365Modern, a bind address, TLS on the listener, a stored refresh token and other secrets', () => {
    const run = runFixtures(davmail, import.meta.url, 'site/etc/davmail/davmail.properties');
    const f = pick(run.findings, { host: '10.20.0.15' });
    assert.deepEqual([f.port, f.line, f.active, f.security, f.endpointKind], [1025, 7, true, 'tls', 'internal']);
    assert.deepEqual(f.auth, { method: 'oauth2', username: 'scanner@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /site\/etc\/davmail\/davmail\.properties:24$/);
    assert.deepEqual(f.locations, { host: { line: 13, text: '10.20.0.15' }, port: { line: 7, text: '1025' } });
    assert.match(f.notes!.join('\n'), /TLS from the first byte/);
    assert.doesNotMatch(f.notes!.join('\n'), /October 2022/);
    for (const secret of ['R365CANARY-davmail-proxy', 'R365CANARY-davmail-keystore', '{AES}R365CANARY-davmail-token-1']) assert.ok(run.secrets.has(secret), secret);
    assertNoCanary(run);
  });

  it('reads a broken CRLF user file: an empty smtpPort, a continued url, Graph, a token file, escapes, a commented token', () => {
    const run = runFixtures(davmail, import.meta.url, 'broken/home/ops/.davmail.properties');
    const f = run.findings[0];
    assert.deepEqual([f.line, f.port, f.active, f.inactiveReason], [8, null, false, 'disabled']);
    assert.equal(f.evidence, 'davmail.smtpPort=; davmail.url=https://outlook.office365.com/EWS/Exchange.asmx');
    assert.deepEqual(f.auth, { method: 'oauth2', username: null, secret: 'external' });
    assert.equal(f.secretRef, 'file:/home/ops/.davmail-tokens.properties');
    const notes = f.notes!.join('\n');
    assert.match(notes, /opens no SMTP listener/);
    assert.match(notes, /over Microsoft Graph/);
    assert.doesNotMatch(notes, /leaves through EWS/);
    assert.ok(run.secrets.has('R365CANARY-davmail-3!'), '\\u0021 is decoded');
    assert.ok(run.secrets.has('{AES}R365CANARY-davmail-old'), 'a commented token is still a secret');
    assert.ok(!run.secrets.has('changeit'), "the JDK's documented store password");
    assertNoCanary(run);
  });

  it('marks an .example copy inactive', () => {
    const run = runFixtures(davmail, import.meta.url, 'template/etc/davmail/davmail.properties.example');
    assert.equal(run.findings[0].inactiveReason, 'example-file');
    assertNoCanary(run);
  });

  it('keeps a placeholder bind address inactive and says O365Manual needs a screen', () => {
    const run = runFixtures(davmail, import.meta.url, 'placeholder/etc/davmail/davmail.properties');
    const f = run.findings[0];
    assert.deepEqual([f.active, f.inactiveReason], [false, 'placeholder']);
    assert.match(f.notes!.join('\n'), /O365Manual needs a browser window or dialog/);
    assertNoCanary(run);
  });

  const url = 'davmail.url=https://outlook.office365.com/EWS/Exchange.asmx\n';
  const rows: [string, string, Partial<Finding> | null][] = [
    ['only a commented smtpPort', `${url}#davmail.smtpPort=1025\n`, { port: 1025, active: false, inactiveReason: 'commented' }],
    ['no smtpPort at all', `davmail.mode=EWS\n${url}`, { port: null, line: 2, inactiveReason: 'disabled' }],
    ['smtpPort 0', `${url}davmail.smtpPort=0\n`, { port: null, inactiveReason: 'disabled' }],
    ['on-premises Exchange', 'davmail.mode=EWS\ndavmail.url=https://mail.contoso.com/EWS/Exchange.asmx\ndavmail.smtpPort=1025\n', { auth: { method: 'password', username: null, secret: 'absent' }, active: true }],
    ['nosecuresmtp keeps plain SMTP', `${url}davmail.smtpPort=1025\ndavmail.ssl.keystoreFile=/etc/davmail/k.p12\ndavmail.ssl.nosecuresmtp=true\n`, { security: 'none' }],
    ['a custom authenticator', `davmail.mode=O365Modern\n${url}davmail.smtpPort=1025\ndavmail.authenticator=com.contoso.Auth\n`, { auth: { method: 'unknown', username: null, secret: 'absent' } }],
    ['two token users: no single username', `davmail.mode=O365Manual\n${url}davmail.smtpPort=1025\ndavmail.oauth.a@contoso.com.refreshToken=x1\ndavmail.oauth.b@contoso.com.refreshToken=x2\n`, { auth: { method: 'oauth2', username: null, secret: 'present' } }],
    ['key: value and key value forms', `davmail.url: https://outlook.office365.com/EWS/Exchange.asmx\ndavmail.smtpPort 2025\n`, { port: 2025 }],
    ['not DavMail\'s file', 'log4j.rootLogger=WARN\n', null],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(davmail, text, '/etc/davmail/davmail.properties');
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('on-premises Exchange is no Microsoft 365 dependency and has no EWS note', () => {
    const run = runText(davmail, 'davmail.mode=EWS\ndavmail.url=https://mail.contoso.com/EWS/Exchange.asmx\ndavmail.smtpPort=1025\n', '/etc/davmail/davmail.properties');
    const notes = run.findings[0].notes!.join('\n');
    assert.match(notes, /Exchange at mail\.contoso\.com over EWS$/m);
    assert.doesNotMatch(notes, /Microsoft 365 dependency|leaves through EWS|October 2022/);
  });

  it('survives hostile input', () => {
    const hostile = [
      'davmail.smtpPort=' + '\\\n'.repeat(100_000),
      `davmail.url=${'\\u'.repeat(500_000)}`,
      'davmail.oauth.x.refreshToken=' + 'y'.repeat(1_000_000),
      'davmail.oauth.a.refreshToken=b\n'.repeat(20_000) + 'davmail.mode=O365Manual\ndavmail.smtpPort=1025\n',
      '#davmail.smtpPort=1025\n'.repeat(20_000),
      'davmail.bindAddress=' + 'a'.repeat(1_000_000) + '\ndavmail.smtpPort=1025\n',
      '='.repeat(1_000_000),
      '\u0000davmail.smtpPort\u0001=\u0002',
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(davmail, text, '/etc/davmail/davmail.properties'));
  });
});

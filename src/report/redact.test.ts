import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactNullable, redactText } from './redact.js';

describe('report redaction', () => {
  const cases: [string, string][] = [
    ['password R365CANARY-a', 'password ***'],
    ['-password R365CANARY-b', '-password ***'],
    ['+  passwd R365CANARY-c', '+  passwd ***'],
    ['[smtp.office365.com]:587 relay@contoso.com:R365CANARY-d', '[smtp.office365.com]:587 relay@contoso.com:***'],
    ['-[smtp.office365.com]:587 relay@contoso.com:R365CANARY-e', '-[smtp.office365.com]:587 relay@contoso.com:***'],
    ['C: AUTH PLAIN AHJlbGF5AFIzNjVDQU5BUlk=', 'C: AUTH PLAIN ***'],
    ['AUTH XOAUTH2 dXNlcj1hQGIBYXV0aD1CZWFyZXIgZXlKMA==', 'AUTH XOAUTH2 ***'],
    ['auth login UjM2NUNBTkFSWS1o', 'auth login ***'],
    ['AUTH PLAIN AGFkbWluAHBhc3N3b3Jk', 'AUTH PLAIN ***'],
    ['smtp_password = R365CANARY-f', 'smtp_password = ***'],
    ['New-MgApplication -ClientSecret R365CANARY-g', 'New-MgApplication -ClientSecret ***'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig', 'Authorization: Bearer ***'],
  ];
  for (const [input, expected] of cases) {
    it(`scrubs ${JSON.stringify(input.slice(0, 40))}`, () => assert.equal(redactText(input), expected));
  }

  it('leaves ordinary lines, SMTP replies and mechanism lists alone', () => {
    for (const text of [
      'relayhost = [smtp.office365.com]:587', '250-AUTH PLAIN LOGIN', '+auth xoauth2\n+passwordeval relay365 token',
      '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.', 'host smtp.office365.com',
      'sign in with AUTH XOAUTH2 with a token for printer@contoso.com', 'AUTH LOGIN then, the password.',
    ]) assert.equal(redactText(text), text);
  });

  it('keeps values that only say where a secret is: maps, paths, URLs without credentials, placeholders', () => {
    for (const text of [
      'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
      '[smtp.office365.com]:587 relay@contoso.com:/var/spool/postfix/etc/tokens/relay@contoso.com',
      '  "client_secret": "",',
      '  "token_endpoint": "https://login.microsoftonline.com/<TODO: tenant id>/oauth2/v2.0/token"',
      'password = ${SMTP_PASSWORD}',
      '+smtp_password: <from the vault>',
    ]) assert.equal(redactText(text), text);
    assert.equal(redactText('url = smtp://relay:R365CANARY-h@mail.contoso.com:587'), 'url = smtp://relay:***@mail.contoso.com:587');
    assert.equal(redactText('password = /R365CANARY'), 'password = ***', 'a one-segment "path" is no reference');
    assert.equal(redactText('a password = x, token = /etc/t'), 'a password = ***, token = ***', 'two values on a line stay redacted');
  });

  it('passes null through', () => {
    assert.equal(redactNullable(null), null);
    assert.equal(redactNullable(undefined), null);
  });
});

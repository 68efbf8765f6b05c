import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentialSecrets, plainPayload, xoauth2Error, xoauth2Payload } from './sasl.js';

describe('SASL payloads', () => {
  it('builds the XOAUTH2 string of Microsoft\'s documented example byte for byte', () => {
    // microsoft-365-facts.md §2.1 (OAuth for IMAP/POP/SMTP doc sample)
    assert.equal(
      xoauth2Payload('test@contoso.onmicrosoft.com', 'EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA'),
      'dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ==',
    );
  });

  it('builds PLAIN as \\0user\\0password', () => {
    assert.equal(Buffer.from(plainPayload('u@x', 'p'), 'base64').toString(), '\u0000u@x\u0000p');
  });

  it('lists every wire form of a secret so transcripts can scrub them', () => {
    const secrets = credentialSecrets({ mechanism: 'LOGIN', user: 'u', password: 'R365CANARY-pw' });
    assert.ok(secrets.includes('R365CANARY-pw'));
    assert.ok(secrets.includes(Buffer.from('R365CANARY-pw').toString('base64')));
    assert.ok(secrets.includes(plainPayload('u', 'R365CANARY-pw')));
    assert.deepEqual(credentialSecrets({ mechanism: 'XOAUTH2', user: 'u', accessToken: 'tok-R365CANARY' }), ['tok-R365CANARY', xoauth2Payload('u', 'tok-R365CANARY')]);
  });

  it('decodes the JSON error of a 334 after a failed XOAUTH2, and survives junk', () => {
    const challenge = Buffer.from('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').toString('base64');
    assert.equal(xoauth2Error(challenge), 'status 401, scope https://mail.google.com/');
    assert.equal(xoauth2Error('not base64 json'), null);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isVerifySession } from '../sandbox/types.js';
import { verifyClientName } from './nodemailer.js';

describe('verifyClientName', () => {
  it('names verify in EHLO as a domain under the host, so servers and the report can tell its sessions', () => {
    assert.equal(verifyClientName('ops01.contoso.com'), 'relay365-verify.ops01.contoso.com');
    assert.equal(verifyClientName('ops01'), 'relay365-verify.ops01.localdomain', 'a bare host name still gives a domain');
    assert.equal(verifyClientName(''), 'relay365-verify.localhost.localdomain');
    assert.ok(isVerifySession({ clientName: verifyClientName('ops01') }));
    assert.ok(!isVerifySession({ clientName: 'relay365-verifyer.example' }), 'a device named alike is still a device');
    assert.ok(!isVerifySession({ clientName: null }));
  });
});

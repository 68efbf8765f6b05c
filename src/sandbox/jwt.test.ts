import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { decodeJwt, signJwt, timeProblem, verifySignature } from './jwt.js';

describe('sandbox JWT', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('signs RS256 and verifies only with the right key and an untouched payload', () => {
    const token = signJwt({ kid: 'k1' }, { aud: 'https://outlook.office365.com', roles: ['SMTP.SendAsApp'] }, privateKey);
    const jwt = decodeJwt(token)!;
    assert.deepEqual([jwt.header.alg, jwt.header.kid, jwt.payload.aud], ['RS256', 'k1', 'https://outlook.office365.com']);
    assert.equal(verifySignature(jwt, publicKey), true);
    assert.equal(verifySignature(jwt, other.publicKey), false);
    const [h, , s] = token.split('.');
    const tampered = decodeJwt(`${h}.${Buffer.from(JSON.stringify({ aud: 'x', roles: ['Mail.Send'] })).toString('base64url')}.${s}`)!;
    assert.equal(verifySignature(tampered, publicKey), false);
  });

  it('verifies PS256 (MSAL signs certificate assertions with it) and refuses alg none', () => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'PS256' })).toString('base64url')}.${Buffer.from('{"sub":"app"}').toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    assert.equal(verifySignature(decodeJwt(`${input}.${signature.toString('base64url')}`)!, publicKey), true);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"app"}').toString('base64url')}.`;
    assert.equal(verifySignature(decodeJwt(none)!, publicKey), false);
  });

  it('decodes garbage to null', () => {
    for (const bad of ['', 'a.b', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.x', 'x.y.z.w', '!!.??.##']) assert.equal(decodeJwt(bad), null, bad);
  });

  it('tells expired and not-yet-valid tokens apart, with clock skew', () => {
    assert.equal(timeProblem({ exp: 1_000 }, 1_200, 300), null);
    assert.equal(timeProblem({ exp: 1_000 }, 1_400, 300), 'expired');
    assert.equal(timeProblem({ exp: 9_000, nbf: 2_000 }, 1_000, 300), 'not-yet-valid');
    assert.equal(timeProblem({}, 1_000), 'expired', 'no exp: never valid');
  });
});

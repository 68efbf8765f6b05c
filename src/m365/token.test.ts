import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCa } from '../sandbox/ca.js';
import { signJwt } from '../sandbox/jwt.js';
import { acquireAppToken, certificateFromPem, tokenClaims, TokenError } from './token.js';

describe('app token helpers', () => {
  it('reads a PEM with an encrypted key (AZURE_CLIENT_CERTIFICATE_PASSWORD) into PKCS#8 and the SHA-256 thumbprint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'relay365-token-'));
    try {
      const issued = await (await loadOrCreateCa(dir)).issue('app', 'client');
      const encrypted = createPrivateKey(issued.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'R365CANARY-pass' }) as string;
      const cert = certificateFromPem(`${encrypted}${issued.certPem}`, 'R365CANARY-pass');
      assert.match(cert.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
      assert.equal(cert.thumbprintSha256, new X509Certificate(issued.certPem).fingerprint256.replace(/:/g, ''));
      assert.throws(() => certificateFromPem(issued.certPem), /needs both a CERTIFICATE and a PRIVATE KEY/);
      assert.throws(() => certificateFromPem(`${encrypted}${issued.certPem}`, 'wrong'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('decodes roles, audience and expiry from a token without verifying it', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const token = signJwt({}, { aud: 'https://graph.microsoft.com', roles: ['Mail.Send'], exp: 2_000_000_000 }, key);
    assert.deepEqual(tokenClaims(token), { roles: ['Mail.Send'], audience: 'https://graph.microsoft.com', expiresOn: new Date(2_000_000_000_000) });
    assert.deepEqual(tokenClaims('not a token'), { roles: [], audience: null, expiresOn: null });
  });

  it('says what is missing before it asks anyone for a token', async () => {
    const noClient = await acquireAppToken({ scope: 'https://graph.microsoft.com/.default', env: {} }).catch((e: unknown) => e);
    assert.ok(noClient instanceof TokenError && noClient.code === 'no-client');
    const noCredential = await acquireAppToken({ scope: 'https://graph.microsoft.com/.default', env: { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' } }).catch((e: unknown) => e);
    assert.ok(noCredential instanceof TokenError && noCredential.code === 'no-credential');
    assert.match(noCredential.diagnosis.fix, /AZURE_CLIENT_CERTIFICATE_PATH/);
  });
});

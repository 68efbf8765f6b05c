import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCa, serverCertificate } from './ca.js';

function opensslVerify(caFile: string, certFile: string, purpose: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('openssl', ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', caFile, certFile]);
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', () => resolve({ code: null, output: 'openssl missing' }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('sandbox certificate authority', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'relay365-ca-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates one CA per state directory and reuses it, key readable by the owner only', async () => {
    const first = await loadOrCreateCa(dir);
    const again = await loadOrCreateCa(dir);
    assert.equal(again.certPem, first.certPem);
    const ca = new X509Certificate(first.certPem);
    assert.equal(ca.ca, true);
    assert.equal((await stat(join(dir, 'ca', 'ca.key'))).mode & 0o777, 0o600);
  });

  it('issues server certificates for names and IP addresses (v4 and v6) that OpenSSL accepts strictly', async () => {
    const ca = await loadOrCreateCa(dir);
    const server = await serverCertificate(ca, dir, ['localhost', '127.0.0.1', '::1', '192.0.2.7']);
    const cert = new X509Certificate(server.certPem);
    assert.ok(cert.verify(createPublicKey(ca.certPem)));
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkIP('192.0.2.7'), '192.0.2.7');
    assert.equal(cert.checkIP('192.0.2.8'), undefined);
    assert.equal((await serverCertificate(ca, dir, ['::1', '192.0.2.7', '127.0.0.1', 'LOCALHOST'])).certPem, server.certPem, 'same names: same certificate');
    const file = join(dir, 'server.pem');
    await writeFile(file, server.certPem);
    const verified = await opensslVerify(ca.certFile, file, 'sslserver');
    if (verified.code !== null) assert.equal(verified.code, 0, verified.output);
  });

  it('issues client certificates (for app credentials and certificate connectors)', async () => {
    const ca = await loadOrCreateCa(dir);
    const client = await ca.issue('relay.contoso.com', 'client', ['relay.contoso.com']);
    assert.match(client.thumbprintSha256, /^[0-9A-F]{64}$/);
    assert.match(client.thumbprintSha1, /^[0-9A-F]{40}$/);
    const file = join(dir, 'client.pem');
    await writeFile(file, client.certPem);
    const verified = await opensslVerify(ca.certFile, file, 'sslclient');
    if (verified.code !== null) assert.equal(verified.code, 0, verified.output);
    const asServer = await opensslVerify(ca.certFile, file, 'sslserver');
    if (asServer.code !== null) assert.notEqual(asServer.code, 0, 'a client certificate is not a server certificate');
  });
});

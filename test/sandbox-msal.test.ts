// MSAL Node (unchanged, configured the way a user would) acquires tokens from the sandbox's token endpoint,
// with a client secret and with a certificate; the token then opens SMTP XOAUTH2 through nodemailer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { acquireAppToken, TokenError } from '../src/m365/token.js';
import { loadOrCreateCa } from '../src/sandbox/ca.js';
import { ROLES } from '../src/sandbox/config.js';
import { decodeJwt } from '../src/sandbox/jwt.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

const CANARY_SECRET = 'R365CANARY-client-secret-7a1f';
const SMTP_SCOPE = 'https://outlook.office365.com/.default';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

describe('MSAL Node against the sandbox token endpoint', () => {
  let t: TestSandbox;
  let stateDir: string;
  let certFile: string;
  let strangerFile: string;
  let canaryApp: string;
  let certApp: string;
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'relay365-msal-'));
    const ca = await loadOrCreateCa(stateDir);
    const registered = await ca.issue('relay365 test app', 'client');
    const stranger = await ca.issue('someone else', 'client');
    certFile = join(stateDir, 'app-cert.pem');
    strangerFile = join(stateDir, 'stranger.pem');
    await writeFile(certFile, `${registered.certPem}${registered.keyPem}`, { mode: 0o600 });
    await writeFile(strangerFile, `${stranger.certPem}${stranger.keyPem}`, { mode: 0o600 });
    t = await startTestSandbox((s) => {
      s.apps.push(
        { clientId: null, displayName: 'canary', secret: CANARY_SECRET, certificates: [], roles: [ROLES.smtp], mailboxes: ['*'], sendAs: [] },
        { clientId: null, displayName: 'certificate app', secret: null, certificates: [registered.certPem], roles: [ROLES.smtp, ROLES.send], mailboxes: ['*'], sendAs: [] },
      );
    }, { stateDir });
    canaryApp = t.sandbox.directory.apps[1].clientId;
    certApp = t.sandbox.directory.apps[2].clientId;
  });
  after(async () => {
    await t.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const base = () => ({ tenant: t.info.tenantId, authority: t.info.authority, caFile: t.info.caFile, env: {} });

  it('acquires an SMTP token with the client secret: roles SMTP.SendAsApp, audience outlook.office365.com', async () => {
    const token = await acquireAppToken({ ...base(), clientId: t.info.clientId, clientSecret: t.info.clientSecret!, scope: SMTP_SCOPE });
    assert.deepEqual(token.roles, ['SMTP.SendAsApp']);
    assert.equal(token.audience, 'https://outlook.office365.com');
    assert.equal(token.credential, 'secret');
    assert.ok(token.expiresOn && token.expiresOn.getTime() > Date.now());
    assert.ok(!JSON.stringify(token).includes(token.accessToken), 'the token stays out of JSON');
    const graph = await acquireAppToken({ ...base(), clientId: t.info.clientId, clientSecret: t.info.clientSecret!, scope: GRAPH_SCOPE });
    assert.deepEqual(graph.roles.sort(), ['Mail.Read', 'Mail.Send']);
  });

  it('acquires a token with a certificate (AZURE_CLIENT_CERTIFICATE_PATH), preferred over a secret', async () => {
    const env = { AZURE_TENANT_ID: t.info.tenantId, AZURE_CLIENT_ID: certApp, AZURE_CLIENT_CERTIFICATE_PATH: certFile, AZURE_CLIENT_SECRET: 'not used' };
    const token = await acquireAppToken({ authority: t.info.authority, caFile: t.info.caFile, scope: SMTP_SCOPE, env });
    assert.equal(token.credential, 'certificate');
    assert.deepEqual(token.roles, ['SMTP.SendAsApp']);
    assert.equal(decodeJwt(token.accessToken)?.payload.appidacr, '2', 'issued for a certificate credential');
  });

  it('reports Entra errors with their AADSTS code and the catalogue diagnosis, never the secret', async () => {
    const cases: [string, Parameters<typeof acquireAppToken>[0], string][] = [
      ['wrong secret', { ...base(), clientId: canaryApp, clientSecret: `${CANARY_SECRET}-wrong`, scope: SMTP_SCOPE }, 'AADSTS7000215'],
      ['unregistered certificate', { ...base(), clientId: certApp, certificatePath: strangerFile, scope: SMTP_SCOPE }, 'AADSTS700027'],
      ['unknown app', { ...base(), clientId: '11111111-2222-4333-a444-555555555555', clientSecret: 'x', scope: SMTP_SCOPE }, 'AADSTS700016'],
      ['unknown resource', { ...base(), clientId: t.info.clientId, clientSecret: t.info.clientSecret!, scope: 'https://example.invalid/.default' }, 'AADSTS500011'],
    ];
    for (const [what, options, code] of cases) {
      const error = await acquireAppToken(options).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof TokenError, `${what}: ${String(error)}`);
      assert.equal(error.code, code, what);
      assert.equal(error.diagnosis.transient, false, what);
      assert.ok(!error.message.includes(CANARY_SECRET), `${what}: the secret is in the message`);
    }
  });

  it('opens SMTP XOAUTH2 through nodemailer with the MSAL token and delivers', async () => {
    const token = await acquireAppToken({ ...base(), clientId: canaryApp, clientSecret: CANARY_SECRET, scope: SMTP_SCOPE });
    const transport = nodemailer.createTransport({
      host: t.info.submission.host, port: t.info.submission.port, secure: false, requireTLS: true,
      tls: { ca: t.sandbox.caPem, servername: 'localhost' }, auth: { type: 'OAuth2', user: 'alerts@contoso.com', accessToken: token.accessToken },
    });
    try {
      const info = await transport.sendMail({ from: 'alerts@contoso.com', to: 'it@contoso.com', subject: 'via nodemailer', text: 'hi', headers: { 'X-Relay365-Test-Id': 'msal-nm-1' } });
      assert.match(info.response, /^250 2\.0\.0 OK/);
    } finally {
      transport.close();
    }
    assert.ok((await t.sandbox.store.list('it@contoso.com')).some((m) => m.testId === 'msal-nm-1'));
  });

  it('keeps the canary client secret out of every state file', async () => {
    await t.sandbox.flush();
    const walk = async (dir: string): Promise<string[]> => (await Promise.all((await readdir(dir, { withFileTypes: true }))
      .map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])))).flat();
    for (const file of await walk(stateDir)) assert.ok(!(await readFile(file, 'utf8')).includes(CANARY_SECRET), file);
  });
});

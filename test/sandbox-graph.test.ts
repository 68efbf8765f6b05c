// The Microsoft Graph client (unchanged: baseUrl + customHosts, tokens from MSAL) sends and reads mail through
// the sandbox; Graph's errors (400, 401, 403, 404, 429 + Retry-After) come back as Graph words them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient, diagnoseGraphError, findMessageByTestId, sendMail } from '../src/m365/graph.js';
import { acquireAppToken } from '../src/m365/token.js';
import { ROLES } from '../src/sandbox/config.js';
import { openSubmission, sendMessage, simpleMessage, startTestSandbox, xoauth2, type TestSandbox } from './support/sandbox.js';

interface Raw { status: number; headers: Record<string, string | string[] | undefined>; body: { error?: { code: string; message: string }; value?: unknown[] } }

describe('Microsoft Graph client against the sandbox', () => {
  let t: TestSandbox;
  let client: Client;
  let smtpOnly: string;
  let scoped: string;
  before(async () => {
    t = await startTestSandbox((s) => {
      s.mailboxes.push({ address: 'onprem@contoso.com', displayName: 'On-premises', password: null, aliases: [], sendAs: [], smtpAuthDisabled: null, restEnabled: false });
      s.mailboxes.push({ address: 'busy@contoso.com', displayName: 'Busy', password: null, aliases: [], sendAs: [], smtpAuthDisabled: null, restEnabled: true });
      s.apps.push(
        { clientId: null, displayName: 'smtp only', secret: 's', certificates: [], roles: [ROLES.smtp], mailboxes: ['*'], sendAs: [] },
        { clientId: null, displayName: 'scoped', secret: 's', certificates: [], roles: [ROLES.send, ROLES.read], mailboxes: ['alerts@contoso.com'], sendAs: [] },
      );
      s.graph.requestsPerWindow = 1000;
    });
    smtpOnly = t.sandbox.directory.apps[1].clientId;
    scoped = t.sandbox.directory.apps[2].clientId;
    client = await graphClient(t.info.clientId, t.info.clientSecret!);
  });
  after(() => t.stop());

  function graphClient(clientId: string, clientSecret: string, maxRetries = 0): Promise<Client> {
    const getAccessToken = async () => (await acquireAppToken({ tenant: t.info.tenantId, clientId, clientSecret, authority: t.info.authority, caFile: t.info.caFile, scope: 'https://graph.microsoft.com/.default', env: {} })).accessToken;
    return createGraphClient({ baseUrl: t.info.graphBaseUrl, caFile: t.info.caFile, getAccessToken, maxRetries, retryDelaySeconds: 1 });
  }

  function raw(method: string, path: string, body?: string, token: string | null = t.sandbox.issueToken('graph'), contentType = 'application/json'): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const req = request(new URL(path, t.info.graphBaseUrl), { method, headers, ca: t.sandbox.caPem, servername: 'localhost' }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('sends with sendMail (202) and finds the message by its X-Relay365-Test-Id in the recipient mailbox', async () => {
    await sendMail(client, 'alerts@contoso.com', { to: ['it@contoso.com'], subject: 'Graph rehearsal', text: 'from the Graph client' }, 'graph-1');
    const found = await findMessageByTestId(client, 'it@contoso.com', 'graph-1');
    assert.equal(found?.subject, 'Graph rehearsal');
    assert.equal(found?.from, 'alerts@contoso.com');
    assert.equal(await findMessageByTestId(client, 'it@contoso.com', 'graph-404'), null);
    assert.ok(!(await t.sandbox.store.list('alerts@contoso.com')).some((m) => m.testId === 'graph-1'), 'saveToSentItems: false keeps no copy');
  });

  it('shows mail delivered over SMTP through Graph, headers included', async () => {
    const smtp = await openSubmission(t);
    await smtp.command(`AUTH XOAUTH2 ${xoauth2('scanner@contoso.com', t.sandbox.issueToken('smtp'))}`);
    await sendMessage(smtp, 'scanner@contoso.com', ['it@contoso.com'], simpleMessage('scanner@contoso.com', 'it@contoso.com', 'Scan over SMTP', 'X-Relay365-Test-Id: smtp-then-graph'));
    await smtp.close();
    const found = await findMessageByTestId(client, 'it@contoso.com', 'smtp-then-graph');
    assert.equal(found?.subject, 'Scan over SMTP');
    const listed = await raw('GET', `/v1.0/users/it@contoso.com/messages?$filter=subject eq 'Scan over SMTP'&$select=subject,internetMessageHeaders&$top=5`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.value?.length, 1);
  });

  it('refuses a token without Mail.Send (403) and a mailbox outside the app scope (403, RBAC)', async () => {
    const noRole = await graphClient(smtpOnly, 's');
    const denied = await sendMail(noRole, 'alerts@contoso.com', { to: ['it@contoso.com'], subject: 'x', text: 'x' }, 'x').then(() => null, diagnoseGraphError);
    assert.equal(denied?.status, 403);
    assert.equal(denied?.id, 'graph-access-denied');
    const scopedClient = await graphClient(scoped, 's');
    await sendMail(scopedClient, 'alerts@contoso.com', { to: ['it@contoso.com'], subject: 'in scope', text: 'x' }, 'scoped-ok');
    const outside = await sendMail(scopedClient, 'scanner@contoso.com', { to: ['it@contoso.com'], subject: 'x', text: 'x' }, 'x').then(() => null, diagnoseGraphError);
    assert.equal(outside?.status, 403);
    assert.equal(outside?.id, 'graph-raop');
    const sendAs = await sendMail(client, 'alerts@contoso.com', { to: ['it@contoso.com'], subject: 'x', text: 'x', from: 'noreply@contoso.com' }, 'x').then(() => null, diagnoseGraphError);
    assert.equal(sendAs?.code, 'graph 403 ErrorSendAsDenied');
  });

  it('answers unknown and on-premises mailboxes with 404', async () => {
    const unknown = await raw('POST', '/v1.0/users/ghost@contoso.com/sendMail', JSON.stringify({ message: { toRecipients: [{ emailAddress: { address: 'it@contoso.com' } }] } }));
    assert.deepEqual([unknown.status, unknown.body.error?.code, unknown.body.error?.message], [404, 'ErrorInvalidUser', "The requested user 'ghost@contoso.com' is invalid."]);
    const onprem = await raw('GET', '/v1.0/users/onprem@contoso.com/messages');
    assert.deepEqual([onprem.status, onprem.body.error?.code], [404, 'MailboxNotEnabledForRESTAPI']);
  });

  it('answers bad payloads with 400 and bad tokens with 401', async () => {
    const path = '/v1.0/users/alerts@contoso.com/sendMail';
    const cases: [string | undefined, number, string][] = [
      ['{not json', 400, 'BadRequest'],
      [JSON.stringify({ saveToSentItems: false }), 400, 'ErrorInvalidRequest'],
      [JSON.stringify({ message: { subject: 'no recipients' } }), 400, 'ErrorInvalidRecipients'],
      [JSON.stringify({ message: { toRecipients: [{ emailAddress: { address: 'not an address' } }] } }), 400, 'ErrorInvalidRecipients'],
      [JSON.stringify({ message: { toRecipients: [{ emailAddress: { address: 'it@contoso.com' } }], internetMessageHeaders: [{ name: 'Test-Id', value: '1' }] } }), 400, 'InvalidInternetMessageHeader'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await raw('POST', path, body);
      assert.deepEqual([reply.status, reply.body.error?.code], [status, code], body);
    }
    const mime = Buffer.from('From: alerts@contoso.com\r\nTo: it@contoso.com\r\nSubject: MIME via Graph\r\nX-Relay365-Test-Id: mime-1\r\n\r\nhello\r\n').toString('base64');
    assert.equal((await raw('POST', path, mime, undefined, 'text/plain')).status, 202);
    assert.equal((await raw('POST', path, 'not base64 !!', undefined, 'text/plain')).body.error?.code, 'ErrorMimeContentInvalidBase64String');
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string | null, string][] = [
      [null, 'Access token is empty.'],
      [t.sandbox.issueToken('smtp'), 'Access token validation failure. Invalid audience.'],
      [t.sandbox.issueToken('graph', { claims: { exp: now - 600 } }), 'Lifetime validation failed, the token is expired.'],
    ];
    for (const [token, message] of tokens) {
      const reply = await raw('GET', '/v1.0/users/alerts@contoso.com/messages', undefined, token);
      assert.deepEqual([reply.status, reply.body.error?.code, reply.body.error?.message], [401, 'InvalidAuthenticationToken', message]);
    }
  });

  it('throttles per app and mailbox: 429 ApplicationThrottled with Retry-After', async () => {
    t.sandbox.directory.settings.graph.requestsPerWindow = 3;
    try {
      for (let i = 0; i < 3; i++) assert.equal((await raw('GET', '/v1.0/users/busy@contoso.com/messages')).status, 200);
      const throttled = await raw('GET', '/v1.0/users/busy@contoso.com/messages');
      assert.equal(throttled.status, 429);
      assert.equal(throttled.body.error?.code, 'ApplicationThrottled');
      assert.ok(Number(throttled.headers['retry-after']) >= 1, `Retry-After: ${throttled.headers['retry-after']}`);
      const viaClient = await client.api('/users/busy@contoso.com/messages').get().then(() => null, diagnoseGraphError);
      assert.equal(viaClient?.status, 429);
      assert.equal(viaClient?.transient, true);
      assert.equal((await raw('GET', '/v1.0/users/noreply@contoso.com/messages')).status, 200, 'another mailbox is not throttled');
    } finally {
      t.sandbox.directory.settings.graph.requestsPerWindow = 1000;
    }
  });
});

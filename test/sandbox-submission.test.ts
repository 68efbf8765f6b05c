// The sandbox's submission endpoint, driven line by line over real sockets on loopback: Exchange's exact replies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { ROLES } from '../src/sandbox/config.js';
import { readFitness } from '../src/sandbox/fitness.js';
import { signJwt } from '../src/sandbox/jwt.js';
import { openSubmission, sendMessage, simpleMessage, SmtpClient, startTestSandbox, xoauth2, type TestSandbox } from './support/sandbox.js';

const HOST = 'relay365-sandbox-submission';
const CANARY_PASSWORD = 'R365CANARY-basic-password';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await filesUnder(path));
    else out.push(path);
  }
  return out;
}

describe('sandbox submission (like smtp.office365.com:587)', () => {
  let t: TestSandbox;
  let scoped: string;
  let graphOnly: string;
  before(async () => {
    t = await startTestSandbox((s) => {
      s.mailboxes.push(
        { address: 'printer@contoso.com', displayName: 'Printer', password: CANARY_PASSWORD, aliases: [], sendAs: ['noreply@contoso.com'], smtpAuthDisabled: false, restEnabled: true },
        { address: 'legacy@contoso.com', displayName: 'Legacy', password: CANARY_PASSWORD, aliases: [], sendAs: [], smtpAuthDisabled: true, restEnabled: true },
      );
      s.apps.push(
        { clientId: null, displayName: 'scoped', secret: 'x', certificates: [], roles: [ROLES.smtp, ROLES.send], mailboxes: ['alerts@contoso.com'], sendAs: ['noreply@contoso.com'] },
        { clientId: null, displayName: 'graph only', secret: 'y', certificates: [], roles: [ROLES.send], mailboxes: ['*'], sendAs: [] },
      );
      s.limits.maxMessageBytes = 64 * 1024;
    });
    scoped = t.sandbox.directory.apps[1].clientId;
    graphOnly = t.sandbox.directory.apps[2].clientId;
  });
  after(() => t.stop());

  it('greets like Exchange and offers STARTTLS first, AUTH LOGIN XOAUTH2 only after it', async () => {
    const client = await SmtpClient.connect(t.info.submission.port);
    assert.match(client.greeting, new RegExp(`^220 ${HOST} Microsoft ESMTP MAIL Service ready at `));
    const plain = await client.command('EHLO printer.lab');
    assert.match(plain, /^250-relay365-sandbox-submission Hello \[127\.0\.0\.1\]/);
    assert.match(plain, /250-STARTTLS/);
    assert.doesNotMatch(plain, /AUTH/);
    assert.match(plain, /ENHANCEDSTATUSCODES/);
    const { reply } = await client.starttls({ ca: t.sandbox.caPem });
    assert.equal(reply, '220 2.0.0 SMTP server ready');
    const secure = await client.command('EHLO printer.lab');
    assert.match(secure, /250-AUTH LOGIN XOAUTH2\n/);
    assert.doesNotMatch(secure, /STARTTLS|PLAIN/);
    await client.close();
  });

  it('refuses anonymous MAIL with 530 5.7.57 and AUTH before STARTTLS with 504 5.7.4', async () => {
    const client = await SmtpClient.connect(t.info.submission.port);
    await client.command('EHLO printer.lab');
    assert.equal(await client.command('AUTH LOGIN'), `504 5.7.4 Unrecognized authentication type [${HOST}]`);
    assert.equal(await client.command('MAIL FROM:<scanner@contoso.com>'), `530 5.7.57 Client not authenticated to send mail. [${HOST}]`);
    await client.starttls({ ca: t.sandbox.caPem });
    await client.command('EHLO printer.lab');
    assert.equal(await client.command('MAIL FROM:<scanner@contoso.com>'), `530 5.7.57 Client not authenticated to send mail. [${HOST}]`);
    await client.close();
    const record = await t.sessionFor(client);
    assert.equal(record?.authOutcome, 'none');
    assert.equal(record?.outcome, 'rejected');
    assert.deepEqual(record?.authTried, ['LOGIN']);
  });

  it('answers Basic auth as a tenant with Basic off: 535 5.7.139 (LOGIN and PLAIN)', async () => {
    const client = await openSubmission(t);
    assert.equal(await client.command('AUTH LOGIN'), '334 VXNlcm5hbWU6');
    assert.equal(await client.command(Buffer.from('printer@contoso.com').toString('base64')), '334 UGFzc3dvcmQ6');
    assert.equal(await client.command(Buffer.from(CANARY_PASSWORD).toString('base64')), `535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [${HOST}]`);
    const plain = Buffer.from(`\0printer@contoso.com\0${CANARY_PASSWORD}`).toString('base64');
    assert.equal(await client.command(`AUTH PLAIN ${plain}`), `535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [${HOST}]`);
    await client.close();
    const record = await t.sessionFor(client);
    assert.equal(record?.authOutcome, 'basic-disabled');
    assert.equal(record?.verdict.ready, false);
  });

  it('follows the tenant: Basic on, SMTP AUTH off per mailbox or tenant, security defaults, retired', async () => {
    const settings = t.sandbox.directory.settings;
    const login = async () => {
      const client = await openSubmission(t);
      const reply = await client.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
      await client.close();
      return reply;
    };
    let user = 'printer@contoso.com';
    let password = CANARY_PASSWORD;
    try {
      settings.basicAuth = 'on';
      assert.equal(await login(), '235 2.7.0 Authentication successful');
      password = 'wrong';
      assert.equal(await login(), `535 5.7.3 Authentication unsuccessful [${HOST}]`);
      password = CANARY_PASSWORD;
      user = 'legacy@contoso.com';
      assert.equal(await login(), `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [${HOST}]`);
      settings.smtpAuthDisabled = true;
      user = 'scanner@contoso.com';
      assert.equal(await login(), `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [${HOST}]`);
      user = 'printer@contoso.com'; // Set-CASMailbox -SmtpClientAuthenticationDisabled $false overrides the tenant
      assert.equal(await login(), '235 2.7.0 Authentication successful');
      settings.securityDefaults = true;
      assert.equal(await login(), `535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator. [${HOST}]`);
      settings.securityDefaults = false;
      settings.basicAuth = 'retired';
      assert.equal(await login(), `550 5.7.30 Basic authentication is not supported for Client Submission. [${HOST}]`);
    } finally {
      Object.assign(settings, { basicAuth: 'off', smtpAuthDisabled: false, securityDefaults: false });
    }
  });

  it('accepts XOAUTH2 with a sandbox token and delivers, keeping a Sent Items copy', async () => {
    const client = await openSubmission(t);
    assert.equal(await client.command(`AUTH XOAUTH2 ${xoauth2('scanner@contoso.com', t.sandbox.issueToken('smtp'))}`), '235 2.7.0 Authentication successful');
    const replies = await sendMessage(client, 'scanner@contoso.com', ['it@contoso.com'], simpleMessage('Scanner <scanner@contoso.com>', 'it@contoso.com', 'Scan 0042', 'X-Relay365-Test-Id: sub-1'));
    assert.deepEqual(replies.slice(0, 3), ['250 2.1.0 Sender OK', '250 2.1.5 Recipient OK', '354 Start mail input; end with <CRLF>.<CRLF>']);
    assert.match(replies[3], new RegExp(`^250 2\\.0\\.0 OK <[^>]+> \\[Hostname=${HOST}\\]$`));
    await client.close();
    const record = await t.sessionFor(client);
    assert.equal(record?.verdict.ready, true);
    assert.equal(record?.verdict.target, 'smtp-oauth');
    const inbox = await t.sandbox.store.list('it@contoso.com');
    const message = inbox.find((m) => m.testId === 'sub-1');
    assert.ok(message, 'delivered to the recipient');
    assert.equal(message.subject, 'Scan 0042');
    assert.ok((await t.sandbox.store.list('scanner@contoso.com')).some((m) => m.testId === 'sub-1' && m.folder === 'sentitems'));
    assert.match((await t.sandbox.store.raw(message)).toString(), /^Received: from test\.client .* with ESMTPSA \(XOAUTH2\)/);
  });

  it('refuses forged, expired, foreign-audience and role-less tokens, and mailboxes outside the app: 535 5.7.3', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = signJwt({ kid: 'x' }, { aud: 'https://outlook.office365.com', tid: t.info.tenantId, appid: t.info.clientId, roles: [ROLES.smtp], exp: now + 3600 }, stranger);
    const tokens: [string, string, string][] = [
      ['forged', 'scanner@contoso.com', forged],
      ['expired', 'scanner@contoso.com', t.sandbox.issueToken('smtp', { claims: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 } })],
      ['graph audience', 'scanner@contoso.com', t.sandbox.issueToken('graph')],
      ['no SMTP.SendAsApp', 'scanner@contoso.com', t.sandbox.issueToken('smtp', { clientId: graphOnly })],
      ['mailbox outside the app', 'scanner@contoso.com', t.sandbox.issueToken('smtp', { clientId: scoped })],
      ['unknown mailbox', 'ghost@contoso.com', t.sandbox.issueToken('smtp')],
      ['not a JWT', 'scanner@contoso.com', 'EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA'],
    ];
    for (const [what, user, token] of tokens) {
      const client = await openSubmission(t);
      assert.equal(await client.command(`AUTH XOAUTH2 ${xoauth2(user, token)}`), `535 5.7.3 Authentication unsuccessful [${HOST}]`, what);
      await client.close();
      assert.equal((await t.sessionFor(client))?.authOutcome, 'bad-token', what);
    }
    const ok = await openSubmission(t);
    assert.equal(await ok.command(`AUTH XOAUTH2 ${xoauth2('alerts@contoso.com', t.sandbox.issueToken('smtp', { clientId: scoped }))}`), '235 2.7.0 Authentication successful');
    await ok.close();
    const disabled = await openSubmission(t);
    assert.match(await disabled.command(`AUTH XOAUTH2 ${xoauth2('legacy@contoso.com', t.sandbox.issueToken('smtp'))}`), /^535 5\.7\.139 .*disabled for the Mailbox/);
    await disabled.close();
  });

  it('enforces Send As at the end of DATA: 554 5.2.252 SendAsDenied unless granted', async () => {
    const client = await openSubmission(t);
    await client.command(`AUTH XOAUTH2 ${xoauth2('scanner@contoso.com', t.sandbox.issueToken('smtp'))}`);
    const denied = await sendMessage(client, 'noreply@contoso.com', ['it@contoso.com'], simpleMessage('noreply@contoso.com', 'it@contoso.com', 'as someone else'));
    assert.equal(denied.at(-1), `554 5.2.252 SendAsDenied; scanner@contoso.com not allowed to send as noreply@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message. [${HOST}]`);
    await client.close();
    const granted = await openSubmission(t);
    await granted.command(`AUTH XOAUTH2 ${xoauth2('alerts@contoso.com', t.sandbox.issueToken('smtp', { clientId: scoped }))}`);
    const sent = await sendMessage(granted, 'noreply@contoso.com', ['it@contoso.com'], simpleMessage('noreply@contoso.com', 'it@contoso.com', 'send as granted'));
    assert.match(sent.at(-1) ?? '', /^250 2\.0\.0 OK/);
    await granted.close();
  });

  it('allows 3 concurrent sessions per mailbox: the 4th gets 432 4.3.2, and a slot frees when one leaves', async () => {
    const clients = [];
    for (let i = 0; i < 4; i++) {
      const c = await openSubmission(t);
      assert.equal(await c.command(`AUTH XOAUTH2 ${xoauth2('alerts@contoso.com', t.sandbox.issueToken('smtp'))}`), '235 2.7.0 Authentication successful');
      clients.push(c);
    }
    for (const c of clients.slice(0, 3)) assert.equal(await c.command('MAIL FROM:<alerts@contoso.com>'), '250 2.1.0 Sender OK');
    assert.equal(await clients[3].command('MAIL FROM:<alerts@contoso.com>'), `432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [${HOST}]`);
    await clients[0].close();
    await t.sessionFor(clients[0]);
    assert.equal(await clients[3].command('MAIL FROM:<alerts@contoso.com>'), '250 2.1.0 Sender OK');
    await Promise.all(clients.slice(1).map((c) => c.close()));
  });

  it('refuses a message over the size limit with 552 5.3.4', async () => {
    const client = await openSubmission(t);
    await client.command(`AUTH XOAUTH2 ${xoauth2('scanner@contoso.com', t.sandbox.issueToken('smtp'))}`);
    const big = simpleMessage('scanner@contoso.com', 'it@contoso.com', 'big') + 'x'.repeat(100).concat('\n').repeat(1000);
    const replies = await sendMessage(client, 'scanner@contoso.com', ['it@contoso.com'], big);
    assert.equal(replies.at(-1), `552 5.3.4 Message size exceeds fixed maximum message size [${HOST}]`);
    await client.close();
  });

  it('carries messages over the per-minute rate to later minutes instead of refusing them', async () => {
    const limits = t.sandbox.directory.settings.limits;
    limits.messagesPerMinute = 2;
    try {
      const client = await openSubmission(t);
      await client.command(`AUTH XOAUTH2 ${xoauth2('noreply@contoso.com', t.sandbox.issueToken('smtp'))}`);
      for (let i = 1; i <= 3; i++) {
        const replies = await sendMessage(client, 'noreply@contoso.com', ['it@contoso.com'], simpleMessage('noreply@contoso.com', 'it@contoso.com', `rate ${i}`, `X-Relay365-Test-Id: rate-${i}`));
        assert.match(replies.at(-1) ?? '', /^250 2\.0\.0 OK/, `message ${i} accepted`);
      }
      await client.close();
      assert.equal((await t.sessionFor(client))?.throttled, true);
      const all = await t.sandbox.store.list('it@contoso.com', { includeDelayed: true });
      const third = all.find((m) => m.testId === 'rate-3');
      assert.ok(third && Date.parse(third.availableAt) - Date.parse(third.receivedAt) > 30_000, 'the third is held for the next minute');
      const visible = await t.sandbox.store.list('it@contoso.com');
      assert.deepEqual(visible.filter((m) => m.testId?.startsWith('rate-')).map((m) => m.testId), ['rate-1', 'rate-2'], JSON.stringify(all.map((m) => [m.testId, m.receivedAt, m.availableAt])));
    } finally {
      limits.messagesPerMinute = 30;
    }
  });

  it('lets a TLS 1.1 client finish the handshake, then refuses it with 421 4.7.66', async () => {
    const client = await SmtpClient.connect(t.info.submission.port);
    await client.command('EHLO old.printer');
    const { socket } = await client.starttls({ ca: t.sandbox.caPem, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    assert.equal(socket.getProtocol(), 'TLSv1.1');
    assert.equal(await client.read(), '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls');
    const record = await t.sessionFor(client);
    assert.equal(record?.tls.protocol, 'TLSv1.1');
    assert.match(record?.tls.refused ?? '', /^421 4\.7\.66/);
    assert.equal(record?.verdict.ready, false);
    await client.close();
  });

  it('answers a TLS ClientHello on the STARTTLS port (port 465 habits) with 451 5.7.3', async () => {
    const socket = netConnect(t.info.submission.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const session = t.sessionFor({ localPort: socket.localPort });
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03]));
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    await new Promise((resolve) => socket.once('close', resolve));
    assert.match(text, new RegExp(`451 5\\.7\\.3 STARTTLS is required to send mail \\[${HOST}\\]`));
    const record = await session;
    assert.equal(record?.implicitTls, true);
    assert.match(record?.verdict.reason ?? '', /STARTTLS on 587/);
  });

  it('records every session in fitness.jsonl and writes no secret anywhere in the state directory', async () => {
    await t.sandbox.flush();
    const { records, skipped } = await readFitness(t.stateDir);
    assert.equal(skipped, 0);
    assert.ok(records.length >= 10, `${records.length} sessions recorded`);
    assert.ok(records.some((r) => r.verdict.ready && r.verdict.target === 'smtp-oauth'));
    assert.ok(records.some((r) => r.tls.protocol === 'TLSv1.1' && !r.verdict.ready), JSON.stringify(records.map((r) => [r.tls.protocol, r.reply])));
    for (const file of await filesUnder(t.stateDir)) {
      const text = await readFile(file, 'latin1');
      assert.ok(!text.includes('R365CANARY'), `${file} holds the canary`);
      assert.ok(!/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(text), `${file} holds a JWT`);
    }
  });
});

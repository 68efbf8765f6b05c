// The sandbox's High Volume Email and ACS Email SMTP endpoints, driven line by line over real sockets on loopback
// (and by Python's smtplib): who may sign in, whom they may send to and as, with the replies verify diagnoses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROLES } from '../src/sandbox/config.js';
import { findReply } from '../src/m365/replies.js';
import { runPython } from './support/python.js';
import { sendMessage, simpleMessage, SmtpClient, startTestSandbox, xoauth2, type TestSandbox } from './support/sandbox.js';

const HVE_PASSWORD = 'R365CANARY-hve-password';
const ACS_SECRET = 'R365CANARY-acs-app-secret';
const b64 = (text: string) => Buffer.from(text).toString('base64');

async function open(t: TestSandbox, port: number): Promise<SmtpClient> {
  const client = await SmtpClient.connect(port);
  await client.command('EHLO device.lab');
  await client.starttls({ ca: t.sandbox.caPem });
  await client.command('EHLO device.lab');
  return client;
}

async function login(client: SmtpClient, user: string, password: string): Promise<string> {
  await client.command('AUTH LOGIN');
  await client.command(b64(user));
  return client.command(b64(password));
}

describe('sandbox High Volume Email endpoint (like smtp.hve.mx.microsoft:587)', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox((s) => {
      s.basicAuth = 'retired';          // Basic is gone for smtp.office365.com…
      s.smtpAuthDisabled = true;        // …and SMTP AUTH is off for the organisation
      s.hveAccounts.push({ address: 'hve-reports@contoso.com', displayName: 'Reports', password: HVE_PASSWORD });
      s.hveAccounts.push({ address: 'hve-oauth@contoso.com', displayName: 'OAuth only', password: null });
      s.mailboxes[0].password = HVE_PASSWORD;
    });
  });
  after(() => t.stop());

  it('takes an HVE account\'s password whatever the tenant says of Basic auth, and delivers to internal recipients', async () => {
    const client = await open(t, t.info.hve.port);
    assert.equal(await login(client, 'hve-reports@contoso.com', HVE_PASSWORD), '235 2.7.0 Authentication successful');
    const replies = await sendMessage(client, 'hve-reports@contoso.com', ['it@contoso.com'], simpleMessage('hve-reports@contoso.com', 'it@contoso.com', 'HVE report'));
    assert.match(replies.at(-1)!, /^250 2\.0\.0 OK /);
    await client.close();
    const record = await t.sessionFor(client);
    assert.equal(record?.service, 'hve');
    assert.deepEqual([record?.authOutcome, record?.outcome, record?.verdict.ready, record?.verdict.target], ['ok', 'delivered', true, 'hve']);
    await t.sandbox.flush();
    const inbox = await t.sandbox.store.list('it@contoso.com', { includeDelayed: true });
    assert.equal(inbox.filter((m) => m.subject === 'HVE report' && m.via === 'hve').length, 1);
  });

  it('refuses external recipients with 550 5.5.105, a mailbox\'s sign-in with 535 5.7.3, and a From that is not the account', async () => {
    const client = await open(t, t.info.hve.port);
    assert.equal(await login(client, 'hve-reports@contoso.com', HVE_PASSWORD), '235 2.7.0 Authentication successful');
    const external = await sendMessage(client, 'hve-reports@contoso.com', ['customer@fabrikam.example'], simpleMessage('hve-reports@contoso.com', 'customer@fabrikam.example', 'x'));
    assert.equal(external.at(-1), '550 5.5.105 External sending is not supported for High Volume Email accounts [relay365-sandbox-hve]');
    assert.equal(findReply(external.at(-1)!)?.id, 'hve-external', 'verify diagnoses it');
    await client.command('RSET');
    const spoofed = await sendMessage(client, 'hve-reports@contoso.com', ['it@contoso.com'], simpleMessage('ceo@contoso.com', 'it@contoso.com', 'x'));
    assert.match(spoofed.at(-1)!, /^554 5\.2\.252 SendAsDenied; hve-reports@contoso\.com not allowed to send as ceo@contoso\.com/);
    await client.close();
    const mailbox = await open(t, t.info.hve.port);
    assert.equal(await login(mailbox, t.info.mailboxes[0], HVE_PASSWORD), '535 5.7.3 Authentication unsuccessful [relay365-sandbox-hve]', 'a mailbox is not an HVE account');
    assert.equal(await login(mailbox, 'hve-reports@contoso.com', 'wrong'), '535 5.7.3 Authentication unsuccessful [relay365-sandbox-hve]');
    assert.equal(await mailbox.command('MAIL FROM:<hve-reports@contoso.com>'), '530 5.7.57 Client not authenticated to send mail. [relay365-sandbox-hve]');
    await mailbox.close();
  });

  it('takes XOAUTH2 for an HVE account the app may use, and caps a message at 50 recipients', async () => {
    const client = await open(t, t.info.hve.port);
    const token = t.sandbox.issueToken('smtp');
    assert.equal(await client.command(`AUTH XOAUTH2 ${xoauth2('hve-oauth@contoso.com', token)}`), '235 2.7.0 Authentication successful');
    assert.equal(await client.command('MAIL FROM:<hve-oauth@contoso.com>'), '250 2.1.0 Sender OK');
    for (let i = 0; i < 50; i++) assert.equal(await client.command(`RCPT TO:<team${i}@contoso.com>`), '250 2.1.5 Recipient OK');
    assert.match(await client.command('RCPT TO:<team50@contoso.com>'), /^452 4\.5\.3 Too many recipients/);
    await client.close();
    const graphOnly = t.sandbox.issueToken('smtp', { claims: { roles: [ROLES.send] } });
    const refused = await open(t, t.info.hve.port);
    assert.match(await refused.command(`AUTH XOAUTH2 ${xoauth2('hve-oauth@contoso.com', graphOnly)}`), /^535 5\.7\.3 /, 'no SMTP.SendAsApp role');
    await refused.close();
  });

  it('tells a TLS 1.0 client why (421 4.7.66), as smtp.office365.com does', async () => {
    const client = await SmtpClient.connect(t.info.hve.port);
    await client.command('EHLO old.printer');
    const { reply, socket } = await client.starttls({ ca: t.sandbox.caPem, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    assert.equal(reply, '220 2.0.0 SMTP server ready');
    const said = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    assert.match(said, /^421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported/);
    const record = await t.sessionFor(client);
    assert.deepEqual([record?.verdict.ready, record?.verdict.target], [false, 'bridge']);
  });

  it('keeps the canary password out of every file it writes', async () => {
    await t.sandbox.flush();
    const fitness = await readFile(join(t.stateDir, 'fitness.jsonl'), 'utf8');
    assert.ok(fitness.includes('hve-reports@contoso.com'), 'the sessions were recorded');
    assert.ok(!fitness.includes(HVE_PASSWORD) && !fitness.includes(b64(HVE_PASSWORD)));
    assert.ok(!(await readFile(join(t.stateDir, 'tenant.yaml'), 'utf8')).includes(HVE_PASSWORD));
  });
});

describe('sandbox ACS Email SMTP endpoint (like smtp.azurecomm.net:587)', () => {
  let t: TestSandbox;
  let clientId: string;
  before(async () => {
    t = await startTestSandbox((s) => {
      s.apps.push({ clientId: null, displayName: 'shop mailer', secret: ACS_SECRET, certificates: [], roles: [], mailboxes: [], sendAs: [] });
      s.acs = { resource: 'contoso-acs', domains: ['contoso.com'], senders: ['donotreply@contoso.com', 'orders@contoso.com'], smtpUsernames: [{ username: 'shop-smtp', app: 'shop mailer' }] };
    });
    clientId = t.sandbox.directory.apps[1].clientId;
  });
  after(() => t.stop());

  it('offers AUTH LOGIN only, after STARTTLS, and refuses TLS 1.1', async () => {
    const client = await SmtpClient.connect(t.info.acs.port);
    assert.doesNotMatch(await client.command('EHLO shop.lab'), /AUTH/);
    await client.starttls({ ca: t.sandbox.caPem });
    const ehlo = await client.command('EHLO shop.lab');
    assert.match(ehlo, /250-AUTH LOGIN\n/);
    assert.match(await client.command(`AUTH PLAIN ${b64(`\0shop-smtp\0${ACS_SECRET}`)}`), /^504 5\.7\.4 Unrecognized authentication type/);
    await client.close();
    const old = await SmtpClient.connect(t.info.acs.port);
    await old.command('EHLO old.lab');
    await assert.rejects(old.starttls({ ca: t.sandbox.caPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }), 'TLS 1.1 never completes a handshake');
    await old.close();
  });

  it('signs in an SMTP Username (or resource|app id|tenant id) with the app secret and sends to the internet From a MailFrom address', async () => {
    for (const username of ['shop-smtp', `contoso-acs|${clientId}|${t.info.tenantId}`]) {
      const client = await open(t, t.info.acs.port);
      assert.equal(await login(client, username, ACS_SECRET), '235 2.7.0 Authentication successful', username);
      const replies = await sendMessage(client, 'orders@contoso.com', ['customer@fabrikam.example', 'it@contoso.com'], simpleMessage('orders@contoso.com', 'customer@fabrikam.example', `order ${username.length}`));
      assert.match(replies.at(-1)!, /^250 2\.0\.0 OK /, username);
      await client.close();
      const record = await t.sessionFor(client);
      assert.deepEqual([record?.service, record?.verdict.ready, record?.verdict.target], ['acs', true, 'acs']);
    }
    await t.sandbox.flush();
    assert.equal((await t.sandbox.store.list('customer@fabrikam.example', { includeDelayed: true })).filter((m) => m.via === 'acs').length, 2);
  });

  it('refuses a wrong secret, an unknown username and a sender the resource does not own', async () => {
    const client = await open(t, t.info.acs.port);
    assert.equal(await login(client, 'shop-smtp', 'not-the-secret'), '535 5.7.3 Authentication unsuccessful [relay365-sandbox-acs]');
    assert.equal(await login(client, 'nobody-smtp', ACS_SECRET), '535 5.7.3 Authentication unsuccessful [relay365-sandbox-acs]');
    assert.equal(await login(client, `other-acs|${clientId}|${t.info.tenantId}`, ACS_SECRET), '535 5.7.3 Authentication unsuccessful [relay365-sandbox-acs]', 'another resource');
    assert.equal(await client.command('MAIL FROM:<orders@contoso.com>'), '530 5.7.57 Client not authenticated to send mail. [relay365-sandbox-acs]');
    assert.equal(await login(client, 'shop-smtp', ACS_SECRET), '235 2.7.0 Authentication successful');
    const denied = await client.command('MAIL FROM:<ceo@contoso.com>');
    assert.match(denied, /^550 5\.7\.1 Sender ceo@contoso\.com is not a MailFrom address/);
    assert.equal(findReply(denied)?.id, 'acs-sender-not-allowed');
    const header = await sendMessage(client, 'orders@contoso.com', ['it@contoso.com'], simpleMessage('ceo@contoso.com', 'it@contoso.com', 'x'));
    assert.match(header.at(-1)!, /^550 5\.7\.1 Sender ceo@contoso\.com /, 'the From header too');
    await client.close();
  });

  it('serves Python smtplib the way a web app would use it (starttls, login, send_message)', async () => {
    const script = `
import smtplib, ssl, sys
from email.message import EmailMessage
port, ca, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
msg = EmailMessage()
msg['From'] = 'donotreply@contoso.com'
msg['To'] = 'it@contoso.com'
msg['Subject'] = 'smtplib via ACS'
msg.set_content('hello')
with smtplib.SMTP('127.0.0.1', port, timeout=10) as s:
    s.starttls(context=ssl.create_default_context(cafile=ca))
    s.login('shop-smtp', secret)
    s.send_message(msg)
try:
    with smtplib.SMTP('127.0.0.1', port, timeout=10) as s:
        s.starttls(context=ssl.create_default_context(cafile=ca))
        s.login('shop-smtp', 'wrong')
    print('LOGGED-IN')
except smtplib.SMTPAuthenticationError as e:
    print('REFUSED', e.smtp_code, e.smtp_error.decode())
`;
    const run = await runPython(script, [String(t.info.acs.port), t.info.caFile, ACS_SECRET]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^REFUSED 535 5\.7\.3 Authentication unsuccessful/m);
    await t.sandbox.flush();
    assert.equal((await t.sandbox.store.list('it@contoso.com', { includeDelayed: true })).filter((m) => m.subject === 'smtplib via ACS').length, 1);
    assert.ok(!(await readFile(join(t.stateDir, 'fitness.jsonl'), 'utf8')).includes(ACS_SECRET), 'the secret is in no record');
  });
});

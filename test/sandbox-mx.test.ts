// The sandbox's MX endpoint: Direct Send, connector relay by IP or certificate, RejectDirectSend.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadOrCreateCa, type IssuedCertificate } from '../src/sandbox/ca.js';
import { sendMessage, simpleMessage, SmtpClient, startTestSandbox, type TestSandbox } from './support/sandbox.js';

const HOST = 'relay365-sandbox-mx';

describe('sandbox MX endpoint (like <tenant>.mail.protection.outlook.com:25)', () => {
  let t: TestSandbox;
  let relayCert: IssuedCertificate;
  before(async () => {
    t = await startTestSandbox();
    relayCert = await (await loadOrCreateCa(t.stateDir)).issue('relay.contoso.com', 'client', ['relay.contoso.com']);
  });
  after(() => t.stop());

  const settings = () => t.sandbox.directory.settings;
  let lastClient: SmtpClient;
  const lastSession = () => t.sessionFor(lastClient);
  async function deliver(from: string, to: string, tls?: { cert?: string; key?: string }): Promise<string> {
    const client = await SmtpClient.connect(t.info.mx.port);
    lastClient = client;
    assert.doesNotMatch(await client.command('EHLO printer.lab'), /AUTH/);
    if (tls) {
      await client.starttls({ ca: t.sandbox.caPem, ...tls });
      await client.command('EHLO printer.lab');
    }
    const replies = await sendMessage(client, from, [to], simpleMessage(from, to, `mx ${from} → ${to}`));
    await client.close();
    return replies.at(-1) ?? '';
  }

  it('takes Direct Send to a mailbox of an accepted domain, with or without TLS', async () => {
    assert.match(await deliver('printer@contoso.com', 'it@contoso.com'), new RegExp(`^250 2\\.6\\.0 <[^>]+> \\[InternalId=[^,]+, Hostname=${HOST}\\] Queued mail for delivery$`));
    assert.match(await deliver('printer@contoso.com', 'it@contoso.com', {}), /^250 2\.6\.0/);
    const record = await lastSession();
    assert.equal(record?.service, 'mx');
    assert.equal(record?.tls.used, true);
    assert.deepEqual([record?.verdict.ready, record?.verdict.target], [true, 'direct-send']);
    assert.ok((await t.sandbox.store.list('it@contoso.com')).some((m) => m.via === 'mx' && m.subject === 'mx printer@contoso.com → it@contoso.com'));
  });

  it('refuses relay to the outside without a connector (5.7.64) and unknown recipients (5.4.1)', async () => {
    assert.equal(await deliver('printer@contoso.com', 'partner@fabrikam.example'), `550 5.7.64 TenantAttribution; Relay Access Denied [${HOST}]`);
    const record = await lastSession();
    assert.deepEqual([record?.verdict.ready, record?.verdict.target], [false, 'connector-relay']);
    assert.equal(await deliver('printer@contoso.com', 'nobody@contoso.com'), `550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [${HOST}]`);
  });

  it('with RejectDirectSend refuses anonymous mail from an accepted domain (5.7.68), not mail from outside', async () => {
    settings().rejectDirectSend = true;
    try {
      assert.equal(await deliver('printer@contoso.com', 'it@contoso.com'), `550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources [${HOST}]`);
      assert.match((await lastSession())?.verdict.reason ?? '', /RejectDirectSend/);
      assert.match(await deliver('news@fabrikam.example', 'it@contoso.com'), /^250 2\.6\.0/);
    } finally {
      settings().rejectDirectSend = false;
    }
  });

  it('relays for an OnPremises connector IP, which also passes RejectDirectSend; MAIL FROM must be accepted (5.7.750)', async () => {
    settings().connectors.push({ name: 'office IP', ips: ['127.0.0.0/8'], certificateName: null });
    settings().rejectDirectSend = true;
    try {
      assert.match(await deliver('printer@contoso.com', 'partner@fabrikam.example'), /^250 2\.6\.0/);
      const record = await lastSession();
      assert.equal(record?.connector, 'office IP');
      assert.deepEqual([record?.verdict.ready, record?.verdict.target], [true, 'connector-relay']);
      assert.match(await deliver('printer@contoso.com', 'it@contoso.com'), /^250 2\.6\.0/);
      assert.equal(await deliver('printer@fabrikam.example', 'partner@fabrikam.example'), `550 5.7.750 Client blocked from sending from unregistered domain [${HOST}]`);
      assert.ok((await t.sandbox.store.list('partner@fabrikam.example')).length >= 1, 'relayed mail is kept for the outside recipient');
    } finally {
      settings().connectors = [];
      settings().rejectDirectSend = false;
    }
  });

  it('relays for a certificate connector when the client presents a matching certificate', async () => {
    settings().connectors.push({ name: 'relay certificate', ips: [], certificateName: '*.contoso.com' });
    try {
      assert.equal(await deliver('printer@contoso.com', 'partner@fabrikam.example', {}), `550 5.7.64 TenantAttribution; Relay Access Denied [${HOST}]`);
      assert.match(await deliver('printer@contoso.com', 'partner@fabrikam.example', { cert: relayCert.certPem, key: relayCert.keyPem }), /^250 2\.6\.0/);
      assert.equal((await lastSession())?.connector, 'relay certificate');
    } finally {
      settings().connectors = [];
    }
  });

  it('does not negotiate TLS below 1.2 on port 25', async () => {
    const client = await SmtpClient.connect(t.info.mx.port);
    await client.command('EHLO old.printer');
    await assert.rejects(client.starttls({ ca: t.sandbox.caPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
    await client.close();
    const record = await t.sessionFor(client);
    assert.equal(record?.tls.used, false);
    assert.equal(record?.tls.refused, 'TLS handshake failed');
  });
});

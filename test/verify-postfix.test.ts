// verify against servers no one here wrote: Debian's Postfix as an authenticated submission server (STARTTLS +
// Cyrus SASL PLAIN/LOGIN from a sasldb) — a right login passes, a wrong password is a 535 diagnosis — as an open
// relay on the LAN (a bridge path), and as an old relay that only speaks TLS 1.1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTenant, type Tenant } from '../src/m365/tenant.js';
import type { VerifyOptions } from '../src/verify/context.js';
import { createRunContext, verifyItems } from '../src/verify/runner.js';
import { planItem } from '../src/verify/testing.js';
import type { ItemResult } from '../src/verify/types.js';
import { postfixUnavailable, startPostfix, type PostfixInstance } from './support/postfix.js';

const unavailable = postfixUnavailable();
const tenant: Tenant = { ...emptyTenant(), testRecipient: 'someone@example.com', testSender: 'printer@relay365.test' };

function statuses(result: ItemResult): string[] {
  return result.checks.map((c) => `${c.name}:${c.status}`);
}

describe('verify against real Postfix', { skip: unavailable ?? false }, () => {
  let submission: PostfixInstance;
  let open: PostfixInstance;
  let legacy: PostfixInstance;
  before(async () => {
    [submission, open, legacy] = await Promise.all([startPostfix('submission-auth'), startPostfix('open-relay'), startPostfix('starttls-self-signed', { tlsProtocols: '<=TLSv1.1' })]);
  });
  after(() => Promise.all([submission, open, legacy].map((p) => p?.stop())));

  async function verify(items: ReturnType<typeof planItem>[], password: string, options: VerifyOptions = {}): Promise<ItemResult[]> {
    const run = await createRunContext(tenant, {
      env: { RELAY365_SMTP_PASSWORD: password }, stepTimeoutMs: 5000, deadlineMs: 20_000, caFile: submission.certFile,
      // the certificate is for submission-auth.relay365.test: connect to it by name, checked by name
      resolve: { [submission.hostname]: '127.0.0.1' }, ...options,
    });
    return verifyItems(run, items);
  }

  const login = () => planItem('printer', 'smtp-basic', { host: submission.hostname, port: submission.port, username: submission.user!.login, from: 'printer@relay365.test' });

  it('passes a right login over STARTTLS (certificate checked for the host name), MAIL, RCPT, then RSET', async () => {
    const [r] = await verify([login()], submission.user!.password);
    assert.equal(r.status, 'pass', JSON.stringify(r.checks));
    assert.deepEqual(statuses(r), ['dns:pass', 'tcp:pass', 'banner:pass', 'ehlo:pass', 'starttls:pass', 'auth:pass', 'mail-from:pass', 'rcpt-to:pass', 'data:skipped', 'confirm:skipped']);
    const by = (name: string) => r.checks.find((c) => c.name === name)!.reply!;
    assert.match(by('dns'), new RegExp(`^${submission.hostname.replace(/\./g, '\\.')} resolves to 127\\.0\\.0\\.1$`));
    assert.match(by('banner'), /^220 submission-auth\.relay365\.test ESMTP relay365-test/);
    assert.match(by('starttls'), /TLSv1\.[23] .*CN=submission-auth\.relay365\.test/);
    assert.match(by('auth'), /^235 2\.7\.0 Authentication successful/);
    assert.deepEqual(await submission.acceptedForDelivery(), [], 'RSET: Postfix accepted nothing');
    assert.ok(!JSON.stringify(r).includes(submission.user!.password));
  });

  it('gives a wrong password a 535 diagnosis, and the canary password reaches no result', async () => {
    const wrong = `${submission.user!.password}-wrong`;
    const [r] = await verify([login()], wrong);
    const auth = r.checks.find((c) => c.name === 'auth')!;
    assert.deepEqual([auth.status, auth.code], ['fail', '535 5.7.8']);
    assert.match(auth.reply!, /^535 5\.7\.8 Error: authentication failed/);
    assert.equal(auth.diagnosis, 'authentication failed: wrong user name, password or token');
    assert.equal(auth.attempts, undefined, 'a 5xx is not retried');
    assert.equal(r.checks.find((c) => c.name === 'mail-from')!.status, 'skipped');
    assert.ok(!JSON.stringify(r).includes(wrong));
  });

  it('sends one message through Postfix with --send (nodemailer, SASL, STARTTLS)', async () => {
    const [r] = await verify([login()], submission.user!.password, { send: true });
    const data = r.checks.find((c) => c.name === 'data')!;
    assert.equal(data.status, 'pass', JSON.stringify(data));
    assert.match(data.reply!, /^250 2\.0\.0 Ok: queued as \w+/);
    const accepted = await submission.acceptedForDelivery();
    assert.equal(accepted.filter((l) => /cleanup\[\d+\]: \w+: message-id=/.test(l)).length, 1, accepted.join('\n'));
  });

  it('verifies a bridge path to a LAN relay (no TLS on that hop, as planned)', async () => {
    const [r] = await verify([planItem('mfp-bridge', 'bridge', { host: open.host, port: open.port })], '');
    assert.equal(r.status, 'pass', JSON.stringify(r.checks));
    assert.equal(r.checks.find((c) => c.name === 'starttls')!.reply, 'no TLS on this hop, as planned');
    assert.match(r.checks.find((c) => c.name === 'rcpt-to')!.reply!, /^250 2\.1\.5 Ok/);
  });

  it('refuses a relay that only speaks TLS 1.1: the handshake fails, with the reason', async () => {
    const [r] = await verify([planItem('old-relay', 'bridge', { host: legacy.host, port: legacy.port, security: 'starttls' })], '', { caFile: legacy.certFile });
    const tls = r.checks.find((c) => c.name === 'starttls')!;
    assert.equal(tls.status, 'fail');
    assert.match(tls.diagnosis!, /TLS handshake with 127\.0\.0\.1:\d+ failed/);
    assert.match(tls.hint ?? '', /TLS 1\.0\/1\.1/);
  });
});

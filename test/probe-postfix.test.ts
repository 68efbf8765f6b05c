// probe against real Postfix (Debian package) on loopback: an open relay, a closed one, STARTTLS with a self-signed
// certificate, an old TLS 1.1-only relay, and authenticated submission (Cyrus SASL) — then proof from Postfix's own
// log and queue that no message was accepted for delivery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { probeTarget, type ProbeOptions } from '../src/probe/probe.js';
import { probeTargets } from '../src/probe/run.js';
import { parseTargets } from '../src/probe/target.js';
import type { ProbeResult } from '../src/probe/types.js';
import { SmtpError, SmtpSession } from '../src/smtp/index.js';
import { freePort, postfixUnavailable, startPostfix, type PostfixInstance, type PostfixOptions, type PostfixShape } from './support/postfix.js';

const unavailable = postfixUnavailable();
const OPTIONS: ProbeOptions = { timeoutMs: 5000, otherPorts: [] };

interface Instances {
  open: PostfixInstance;
  closed: PostfixInstance;
  tls: PostfixInstance;
  legacy: PostfixInstance;
  submission: PostfixInstance;
  plainAuth: PostfixInstance;
  /** Receives one real message, to prove the no-delivery check below can fail. */
  witness: PostfixInstance;
}

describe('probe against real Postfix', { skip: unavailable ?? false }, () => {
  let pf: Instances;
  const started: PostfixInstance[] = [];

  before(async () => {
    const start = async (shape: PostfixShape, options?: PostfixOptions) => {
      const instance = await startPostfix(shape, options);
      started.push(instance);
      return instance;
    };
    const [open, closed, tls, legacy, submission, plainAuth, witness] = await Promise.all([
      start('open-relay'), start('closed-relay'), start('starttls-self-signed'),
      start('starttls-self-signed', { tlsProtocols: '<=TLSv1.1' }), start('submission-auth'), start('submission-auth', { authBeforeTls: true }),
      start('open-relay'),
    ]);
    pf = { open, closed, tls, legacy, submission, plainAuth, witness };
  });

  after(async () => {
    await Promise.all(started.map((p) => p.stop()));
  });

  function probe(instance: PostfixInstance, options: ProbeOptions = {}): Promise<ProbeResult> {
    return probeTarget(`${instance.host}:${instance.port}`, { ...OPTIONS, ...options });
  }

  function codes(result: ProbeResult): string[] {
    return (result.findings ?? []).map((f) => f.code);
  }

  it('(a) an open relay for 127.0.0.1: RCPT to an outside domain accepted, then RSET — never DATA', async () => {
    const r = await probe(pf.open);
    assert.equal(r.reachable, true);
    assert.equal(r.error, null);
    assert.match(r.banner ?? '', /^220 open-relay\.relay365\.test ESMTP/);
    assert.equal(r.openRelay, true);
    assert.match(r.relayReply ?? '', /^250 2\.1\.5/);
    assert.equal(r.maxSize, 10240000);
    assert.deepEqual(r.relayTest, { from: 'relay365-probe@example.org', to: 'relay365-probe@example.net', mailReply: '250 2.1.0 Ok' });
    assert.deepEqual(r.steps?.map((s) => s.step), ['resolve', 'connect', 'banner', 'ehlo', 'mail', 'rcpt', 'rset', 'quit']);
    assert.ok(!r.transcript?.some((l) => /^C: DATA/i.test(l)), 'DATA is never sent');
    assert.deepEqual(codes(r), ['open-relay', 'no-tls']);
    assert.equal(r.findings?.[0].severity, 'high');
  });

  it('(b) a closed relay: 554 5.7.1 Relay access denied', async () => {
    const r = await probe(pf.closed, { rcptTo: 'someone@example.com' });
    assert.equal(r.openRelay, false);
    assert.match(r.relayReply ?? '', /^554 5\.7\.1 <someone@example\.com>: Relay access denied$/);
    assert.equal(r.starttls.offered, false);
    assert.deepEqual(codes(r), ['no-tls']);
  });

  it('(c) STARTTLS with a self-signed certificate: TLS facts, AUTH none, findings low', async () => {
    const r = await probe(pf.tls);
    assert.equal(r.tlsMode, 'starttls');
    assert.equal(r.starttls.offered, true);
    assert.equal(r.starttls.negotiated, true);
    assert.match(r.starttls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(r.starttls.cipher);
    assert.equal(r.starttls.certSubject, 'CN=starttls-self-signed.relay365.test');
    assert.equal(r.starttls.certIssuer, r.starttls.certSubject);
    assert.equal(r.starttls.selfSigned, true);
    assert.equal(r.starttls.hostnameMatch, false, 'probed as 127.0.0.1');
    assert.ok(new Date(r.starttls.validTo!) > new Date());
    assert.equal(r.openRelay, false);
    assert.deepEqual(codes(r), ['cert-self-signed', 'cert-hostname-mismatch']);
    const named = await probe(pf.tls, { servername: pf.tls.hostname });
    assert.equal(named.starttls.hostnameMatch, true);
    assert.deepEqual(codes(named), ['cert-self-signed']);
  });

  it('an old relay that speaks TLS 1.1 at best: reported as below TLS 1.2', async () => {
    const r = await probe(pf.legacy);
    assert.match(r.starttls.protocol ?? '', /^TLSv1(\.1)?$/);
    assert.equal(r.findings?.find((f) => f.code === 'tls-legacy')?.severity, 'medium');
  });

  it('(d) submission: AUTH PLAIN LOGIN only after TLS, and it does not relay without login', async () => {
    const r = await probe(pf.submission);
    assert.deepEqual(r.authBeforeTls, []);
    assert.deepEqual(r.authAfterTls, ['PLAIN', 'LOGIN']);
    assert.equal(r.openRelay, false);
    assert.ok(!codes(r).includes('auth-plaintext'));
  });

  it('AUTH offered before TLS is a high finding', async () => {
    const r = await probe(pf.plainAuth);
    assert.deepEqual(r.authBeforeTls, ['PLAIN', 'LOGIN']);
    assert.equal(r.findings?.[0].code, 'auth-plaintext');
    assert.equal(r.findings?.[0].severity, 'high');
  });

  it('(d) for verify: a trusted STARTTLS login passes, a wrong password gets 535, the password never shows', async () => {
    const { user, certFile, hostname, port } = pf.submission;
    const ca = await readFile(certFile!, 'utf8');
    const login = async (password: string) => {
      const s = new SmtpSession({ host: '127.0.0.1', port, timeoutMs: 5000, tls: { ca, servername: hostname } });
      try {
        await s.connect();
        await s.greeting();
        await s.ehlo();
        const facts = await s.starttls();
        assert.equal(facts.authorized, true, 'verified against the instance certificate as CA');
        await s.ehlo();
        return { reply: await s.auth({ mechanism: 'LOGIN', user: user!.login, password }), session: s };
      } catch (error) {
        return { error, session: s };
      } finally {
        await s.quit();
      }
    };
    const good = await login(user!.password);
    assert.equal(good.reply?.code, 235);
    const bad = await login(`${user!.password}x`);
    assert.ok(bad.error instanceof SmtpError);
    assert.equal(bad.error.reply?.code, 535);
    assert.equal(bad.error.code, '535 5.7.8');
    for (const { session } of [good, bad]) assert.ok(!session.transcript.lines.join('\n').includes('R365CANARY'));
  });

  it('many at once, bounded, in the order given — an unreachable one among them', async () => {
    const dead = await freePort();
    const targets = parseTargets([pf.open, pf.closed, pf.tls].map((p) => `127.0.0.1:${p.port}`).concat(`127.0.0.1:${dead}`));
    const results = await probeTargets(targets, { ...OPTIONS, concurrency: 2 });
    assert.deepEqual(results.map((r) => r.port), [pf.open.port, pf.closed.port, pf.tls.port, dead]);
    assert.deepEqual(results.map((r) => r.openRelay), [true, false, false, null]);
    assert.equal(results[3].reachable, false);
    assert.equal(results[3].error?.kind, 'refused');
  });

  it('the no-delivery check sees a message that was accepted (on a witness instance, with DATA on purpose)', async () => {
    const s = new SmtpSession({ host: '127.0.0.1', port: pf.witness.port, timeoutMs: 5000 });
    await s.connect();
    await s.greeting();
    await s.ehlo();
    await s.mailFrom('witness@relay365.test');
    await s.rcptTo('nobody@example.net');
    assert.equal((await s.data('Subject: witness\n\nheld in the queue, never delivered\n')).code, 250);
    await s.quit();
    // qmgr logs asynchronously: wait for it rather than for a fixed time
    for (let i = 0; i < 200 && !(await pf.witness.acceptedForDelivery()).some((l) => /qmgr/.test(l)); i++) await new Promise((r) => setTimeout(r, 25));
    const accepted = await pf.witness.acceptedForDelivery();
    assert.ok(accepted.some((l) => /cleanup\[\d+\]: \w+: message-id=/.test(l)), accepted.join('\n'));
    assert.ok(accepted.some((l) => /qmgr\[\d+\]: \w+: from=<witness@relay365\.test>/.test(l)), accepted.join('\n'));
    assert.ok((await pf.witness.queueFiles()).length > 0, 'the message waits in the queue (defer_transports): nothing leaves');
  });

  it('Postfix accepted no message for delivery: no cleanup/qmgr record, an empty queue, every RCPT ended by RSET', async () => {
    for (const instance of started.filter((p) => p !== pf.witness)) {
      assert.deepEqual(await instance.acceptedForDelivery(), [], `${instance.shape}: log shows a message accepted`);
      assert.deepEqual(await instance.queueFiles(), [], `${instance.shape}: queue not empty`);
      const log = await instance.log();
      assert.ok(!/ data=/.test(log), `${instance.shape}: a DATA command reached Postfix`);
    }
    const openLog = await pf.open.log();
    assert.match(openLog, /disconnect from localhost\[127\.0\.0\.1\] ehlo=1 mail=1 rcpt=1 rset=1 quit=1 commands=5/);
    assert.match(await pf.closed.log(), /NOQUEUE: reject: RCPT from localhost\[127\.0\.0\.1\]: 554 5\.7\.1 <someone@example\.com>: Relay access denied/);
  });
});

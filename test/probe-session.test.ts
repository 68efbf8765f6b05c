// The SMTP session against scripted servers that misbehave, a TLS responder, and nodemailer's smtp-server library.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { SmtpError, SmtpSession, type SessionOptions } from '../src/smtp/index.js';
import { freePort } from './support/postfix.js';
import { responder, scriptedKit, type Misbehaviour, type ScriptedKit, type ServerTls } from './support/scripted-smtp.js';

const TIMEOUT = 600;
let kit: ScriptedKit;
let tls: ServerTls;
let expiredTls: ServerTls;

before(async () => {
  kit = await scriptedKit('probe-session');
  ({ tls, expiredTls } = kit);
});
after(() => kit.close());

function serve(script: Parameters<ScriptedKit['serve']>[0]) {
  return kit.serve(script);
}

function session(server: { port: number }, extra: Partial<SessionOptions> = {}): SmtpSession {
  return new SmtpSession({ host: '127.0.0.1', port: server.port, timeoutMs: TIMEOUT, ...extra });
}

/** Run steps until one throws; return that SmtpError (the test fails if none does). */
async function failure(s: SmtpSession, steps: ((s: SmtpSession) => Promise<unknown>)[]): Promise<SmtpError> {
  try {
    for (const step of steps) await step(s);
  } catch (error) {
    assert.ok(error instanceof SmtpError, `expected an SmtpError, got ${String(error)}`);
    assert.equal(s.steps.at(-1)?.ok, false, 'the failing step is recorded');
    return error;
  } finally {
    s.close();
  }
  assert.fail('expected a step to fail');
}

const toEhlo = [(s: SmtpSession) => s.connect(), (s: SmtpSession) => s.greeting(), (s: SmtpSession) => s.ehlo()];

describe('SMTP session failures are classified with a one-line diagnosis', () => {
  it('connection refused', async () => {
    const e = await failure(session({ port: await freePort() }), toEhlo);
    assert.equal(e.kind, 'refused');
    assert.equal(e.step, 'connect');
    assert.match(e.diagnosis, /connection refused/);
  });

  it('DNS failure (lookup injected: tests never leave loopback)', async () => {
    const lookup = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }); };
    const e = await failure(session({ port: 25 }, { host: 'relay01.corp.example.com', lookup }), toEhlo);
    assert.equal(e.kind, 'dns');
    assert.equal(e.step, 'resolve');
    assert.match(e.diagnosis, /relay01\.corp\.example\.com does not resolve/);
  });

  const cases: [Misbehaviour, string, string, RegExp][] = [
    ['silent', 'timeout', 'banner', /no answer within 0\.6 s waiting for the greeting/],
    ['hang-after-ehlo', 'timeout', 'ehlo', /no answer within 0\.6 s to EHLO/],
    ['close-after-banner', 'protocol', 'ehlo', /closed the connection \(during EHLO\)/],
    ['garbage', 'protocol', 'banner', /sent a line that is not an SMTP reply: '\\x00\\x13\\xfeGARB\\xff\\x1b\['/],
    ['ssh', 'protocol', 'banner', /not an SMTP reply: 'SSH-2\.0-OpenSSH/],
  ];
  for (const [script, kind, step, diagnosis] of cases) {
    it(`${script}: ${kind} at ${step}`, async () => {
      const server = await serve(script);
      const s = session(server);
      const e = await failure(s, toEhlo);
      assert.equal(e.kind, kind);
      assert.equal(e.step, step);
      assert.match(e.diagnosis, diagnosis);
      assert.ok(!/[\x00-\x1f]/.test(e.diagnosis), 'no raw control bytes reach a terminal');
      if (script === 'hang-after-ehlo') assert.match(server.received[0], /^EHLO /, 'the hang is after EHLO was received');
      if (script === 'silent') assert.match(e.hint ?? '', /implicit TLS/);
    });
  }

  it('STARTTLS answered with plain text: tls-handshake at starttls', async () => {
    const s = session(await serve('starttls-garbage'));
    const e = await failure(s, [...toEhlo, (x) => x.starttls()]);
    assert.equal(e.kind, 'tls-handshake');
    assert.equal(e.step, 'starttls');
  });

  it('data queued behind the 220 to STARTTLS is refused (injection)', async () => {
    const e = await failure(session(await serve('starttls-injection')), [...toEhlo, (x) => x.starttls()]);
    assert.equal(e.kind, 'protocol');
    assert.match(e.diagnosis, /after its 220 to STARTTLS/);
  });

  it('implicit TLS against a plain-text server says so', async () => {
    const server = await serve(responder());
    const e = await failure(session(server, { mode: 'implicit-tls' }), toEhlo);
    assert.equal(e.kind, 'tls-handshake');
    assert.equal(e.step, 'connect');
    assert.match(e.hint ?? '', /STARTTLS, not implicit TLS/);
  });

  it('steps in the wrong order are a programming error, not an SMTP failure', async () => {
    const s = session(await serve(responder()));
    await assert.rejects(() => s.rcptTo('x@example.net'), (e: unknown) => !(e instanceof SmtpError) && /cannot rcpt in state 'new'/.test(String(e)));
  });
});

describe('TLS facts and trust', () => {
  it('records the certificate and refuses it by default (self-signed, wrong name)', async () => {
    const s = session(await serve(responder({ tls })));
    const e = await failure(s, [...toEhlo, (x) => x.starttls()]);
    assert.equal(e.kind, 'tls-certificate');
    assert.equal(s.tls?.certSubject, 'CN=scripted.relay365.test');
    assert.equal(s.tls?.selfSigned, true);
    assert.equal(s.tls?.hostnameMatch, false);
  });

  it('trusts the certificate given as CA for its name, then EHLO again', async () => {
    const s = session(await serve(responder({ tls })), { tls: { ca: tls.cert, servername: 'scripted.relay365.test' } });
    await s.connect();
    await s.greeting();
    assert.equal((await s.ehlo()).starttls, true);
    const facts = await s.starttls();
    assert.equal(facts.authorized, true);
    assert.equal(facts.hostnameMatch, true);
    assert.equal((await s.ehlo()).starttls, false, 'STARTTLS is no longer offered over TLS');
    assert.equal(s.encrypted, true);
    await s.quit();
    assert.deepEqual(s.steps.map((x) => [x.step, x.code]), [
      ['resolve', null], ['connect', null], ['banner', '220'], ['ehlo', '250'], ['starttls', '220 2.0.0'], ['ehlo', '250'], ['quit', '221 2.0.0'],
    ]);
  });

  it('an expired certificate fails verification but its facts are kept', async () => {
    const s = session(await serve(responder({ tls: expiredTls })), { tls: { ca: expiredTls.cert, servername: 'expired.relay365.test' } });
    const e = await failure(s, [...toEhlo, (x) => x.starttls()]);
    assert.equal(e.kind, 'tls-certificate');
    assert.match(e.diagnosis, /expired/i);
    assert.ok(new Date(s.tls!.validTo!) < new Date());
  });

  it('a TLS 1.1-only server: refused at the default TLS 1.2 floor, observed with minVersion TLSv1', async () => {
    const legacy = await serve(responder({ tls: { ...tls, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' } }));
    const e = await failure(session(legacy), [...toEhlo, (x) => x.starttls()]);
    assert.equal(e.kind, 'tls-handshake');
    const s = session(legacy, { tls: { rejectUnauthorized: false, minVersion: 'TLSv1' } });
    await s.connect();
    await s.greeting();
    await s.ehlo();
    assert.equal((await s.starttls()).protocol, 'TLSv1.1');
    await s.quit();
  });

  it('implicit TLS (465 style): the handshake is part of connect', async () => {
    const s = session(await serve(responder({ tls, implicitTls: true })), { mode: 'implicit-tls', tls: { rejectUnauthorized: false } });
    await s.connect();
    assert.equal(s.tls?.protocol, 'TLSv1.3');
    assert.equal((await s.greeting()).code, 220);
    await s.quit();
  });
});

describe('a whole dialogue against smtp-server (nodemailer): AUTH, MAIL, RCPT, DATA, and no secret in the transcript', () => {
  const password = 'R365CANARY-password-7f3a';
  const token = 'R365CANARY.token.eyJhbGciOi';
  const received: { auth: string[]; messages: string[] } = { auth: [], messages: [] };
  let server: SMTPServer;
  let port: number;

  before(async () => {
    server = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'], allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth(auth, _session, callback) {
        received.auth.push(auth.method);
        const ok = auth.method === 'XOAUTH2' ? auth.accessToken === token : auth.password === password;
        if (ok) return callback(null, { user: auth.username });
        if (auth.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer' } } as never);
        return callback(Object.assign(new Error('5.7.8 Authentication unsuccessful'), { responseCode: 535 }));
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { received.messages.push(Buffer.concat(chunks).toString()); callback(); });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function ready(): Promise<SmtpSession> {
    const s = session({ port });
    await s.connect();
    await s.greeting();
    await s.ehlo();
    return s;
  }

  for (const mechanism of ['PLAIN', 'LOGIN'] as const) {
    it(`AUTH ${mechanism}: right password 235, wrong one 535; neither appears in the transcript`, async () => {
      const s = await ready();
      const bad = await failure(s, [(x) => x.auth({ mechanism, user: 'printer@contoso.com', password: `${password}-wrong` })]);
      assert.equal(bad.kind, 'reply');
      assert.equal(bad.reply?.code, 535);
      assert.match(bad.diagnosis, /wrong user name, password or token/);
      const good = await ready();
      assert.equal((await good.auth({ mechanism, user: 'printer@contoso.com', password })).code, 235);
      await good.quit();
      const text = [...s.transcript.lines, ...good.transcript.lines, JSON.stringify(s.steps), JSON.stringify(good.steps), bad.message].join('\n');
      assert.ok(!text.includes('R365CANARY'), 'no password in transcript, steps or error');
      assert.ok(!text.includes(Buffer.from(password).toString('base64')), 'nor its base64');
      assert.match(text, mechanism === 'PLAIN' ? /C: AUTH PLAIN \*\*\*/ : /C: \*\*\*/);
    });
  }

  it('AUTH XOAUTH2: the 334 error is read, the token never logged', async () => {
    const s = await ready();
    const bad = await failure(s, [(x) => x.auth({ mechanism: 'XOAUTH2', user: 'app@contoso.com', accessToken: 'R365CANARY-expired' })]);
    assert.equal(bad.reply?.code, 535);
    assert.match(bad.diagnosis, /token rejected \(status 401\)/);
    const good = await ready();
    assert.equal((await good.auth({ mechanism: 'XOAUTH2', user: 'app@contoso.com', accessToken: token })).code, 235);
    await good.quit();
    const text = [...s.transcript.lines, ...good.transcript.lines].join('\n');
    assert.ok(!text.includes('R365CANARY'));
    assert.match(text, /C: AUTH XOAUTH2 \*\*\*/);
    assert.ok(received.auth.includes('XOAUTH2'));
  });

  it('DATA only when asked: dot-stuffed, CRLF, the body kept out of the transcript', async () => {
    const s = await ready();
    await s.auth({ mechanism: 'PLAIN', user: 'printer@contoso.com', password });
    await s.mailFrom('printer@contoso.com', 120);
    await s.rcptTo('it@contoso.com');
    const before = received.messages.length;
    const reply = await s.data('Subject: relay365 test\n\n.leading dot\nbody R365CANARY-body\n');
    assert.equal(reply.code, 250);
    await s.quit();
    assert.equal(received.messages.length, before + 1);
    assert.equal(received.messages.at(-1), 'Subject: relay365 test\r\n\r\n.leading dot\r\nbody R365CANARY-body\r\n');
    assert.ok(s.transcript.lines.some((l) => /^C: \[message: \d+ bytes, not recorded\]$/.test(l)));
    assert.ok(!s.transcript.lines.join('\n').includes('R365CANARY'));
    assert.ok(s.steps.every((x) => x.ok && x.ms >= 0));
  });
});

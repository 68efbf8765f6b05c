// probeTarget against scripted servers: every misbehaviour ends in a result with a diagnosis, never a throw.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { probeTarget, type ProbeOptions } from '../src/probe/probe.js';
import { probeFailed } from '../src/probe/run.js';
import { responder, scriptedKit, type ScriptedKit, type ServerTls } from './support/scripted-smtp.js';

const OPTIONS: ProbeOptions = { timeoutMs: 600, otherPorts: [] };
let kit: ScriptedKit;
let tls: ServerTls;

before(async () => {
  kit = await scriptedKit('probe-scripted');
  tls = kit.tls;
});
after(() => kit.close());

function serve(script: Parameters<ScriptedKit['serve']>[0]) {
  return kit.serve(script);
}

describe('probe: misbehaving servers give a clear diagnosis within the timeout', () => {
  it('hangs after EHLO: timeout at ehlo, the banner kept', async () => {
    const r = await probeTarget(`127.0.0.1:${(await serve('hang-after-ehlo')).port}`, OPTIONS);
    assert.equal(r.reachable, true);
    assert.match(r.banner ?? '', /^220 scripted/);
    assert.deepEqual(r.error, { kind: 'timeout', step: 'ehlo', diagnosis: 'no answer within 0.6 s to EHLO', hint: 'the server stopped answering mid-dialogue' });
    assert.equal(r.openRelay, null);
    assert.deepEqual(r.findings, [], 'nothing is judged about a dialogue that never got its extensions');
    assert.equal(probeFailed(r), true);
  });

  it('closes after the banner: protocol at ehlo', async () => {
    const r = await probeTarget(`127.0.0.1:${(await serve('close-after-banner')).port}`, OPTIONS);
    assert.equal(r.error?.kind, 'protocol');
    assert.equal(r.error?.step, 'ehlo');
    assert.match(r.error?.diagnosis ?? '', /closed the connection \(during EHLO\)/);
  });

  it('speaks garbage: protocol at the banner, printable', async () => {
    const r = await probeTarget(`127.0.0.1:${(await serve('garbage')).port}`, OPTIONS);
    assert.equal(r.error?.kind, 'protocol');
    assert.equal(r.error?.step, 'banner');
    assert.equal(r.banner, null);
    assert.match(r.error?.diagnosis ?? '', /not an SMTP reply/);
    assert.ok(r.transcript?.every((l) => !/[\x00-\x1f\x7f-\xff]/.test(l)), 'transcript is printable');
  });

  it('a 421 greeting is kept as the banner and classified as a reply', async () => {
    const r = await probeTarget(`127.0.0.1:${(await serve((s) => s.end('421 4.3.2 Service not available, closing channel\r\n'))).port}`, OPTIONS);
    assert.equal(r.banner, '421 4.3.2 Service not available, closing channel');
    assert.equal(r.error?.kind, 'reply');
    assert.match(r.error?.diagnosis ?? '', /^421 4\.3\.2 Service not available, closing channel: A transient service problem/);
  });

  it('STARTTLS that breaks: reported, and the relay test still runs on a fresh clear-text connection', async () => {
    const server = await serve('starttls-garbage');
    const r = await probeTarget(`127.0.0.1:${server.port}`, OPTIONS);
    assert.equal(r.starttls.offered, true);
    assert.equal(r.starttls.negotiated, false);
    assert.match(r.starttls.error ?? '', /TLS handshake .* failed \(wrong version number\)/);
    assert.equal(r.error, null);
    assert.equal(r.openRelay, true, 'this script says 250 to everything');
    assert.deepEqual(r.findings?.map((f) => f.code), ['open-relay', 'tls-failed']);
    assert.ok(r.transcript?.includes('* reconnecting without STARTTLS for the relay test'));
    assert.ok(server.received.includes('RSET') && !server.received.includes('DATA'));
  });
});

describe('probe: names, implicit TLS and the other submission ports', () => {
  it('a name is resolved (here through /etc/hosts) and every address tried until one answers', async () => {
    const server = await serve(responder());
    const r = await probeTarget(`localhost:${server.port}`, OPTIONS);
    assert.equal(r.reachable, true, r.error?.diagnosis);
    assert.ok(r.addresses?.includes('127.0.0.1'));
    assert.equal(r.steps?.[0].step, 'resolve');
    assert.equal(r.steps?.[0].ok, true);
  });


  it('smtps://HOST:PORT probes with implicit TLS; AUTH counts as after TLS', async () => {
    const server = await serve(responder({ tls, implicitTls: true, auth: ['PLAIN', 'LOGIN'] }));
    const r = await probeTarget(`smtps://127.0.0.1:${server.port}`, OPTIONS);
    assert.equal(r.tlsMode, 'implicit');
    assert.equal(r.starttls.negotiated, true);
    assert.equal(r.starttls.certSubject, 'CN=scripted.relay365.test');
    assert.deepEqual(r.authBeforeTls, []);
    assert.deepEqual(r.authAfterTls, ['PLAIN', 'LOGIN']);
    assert.equal(r.openRelay, false);
    assert.ok(!r.findings?.some((f) => f.code === 'no-tls' || f.code === 'auth-plaintext'));
  });

  it('reports whether 465 (implicit TLS) and 587 (STARTTLS) answer on the same host', async () => {
    const main = await serve(responder({ rcptReply: '554 5.7.1 Relay access denied' }));
    const implicit = await serve(responder({ tls, implicitTls: true, auth: ['LOGIN'] }));
    const submission = await serve(responder({ tls, auth: ['PLAIN'] }));
    const silent = await serve('silent');
    const r = await probeTarget(`127.0.0.1:${main.port}`, {
      ...OPTIONS,
      otherPorts: [{ port: implicit.port, mode: 'implicit-tls' }, { port: submission.port, mode: 'plain' }, { port: silent.port, mode: 'plain' }],
    });
    const [tlsPort, starttlsPort, deadPort] = r.otherPorts ?? [];
    assert.equal(tlsPort.answers, true);
    assert.equal(tlsPort.tlsProtocol, 'TLSv1.3');
    assert.deepEqual(tlsPort.auth, ['LOGIN']);
    assert.equal(starttlsPort.answers, true);
    assert.equal(starttlsPort.starttls, true);
    assert.equal(deadPort.answers, false);
    assert.equal(deadPort.failure, 'timeout');
    assert.deepEqual(r.findings?.map((f) => f.code), ['no-tls']);
  });
});

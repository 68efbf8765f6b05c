// A test message is never sent twice for one path in one run. A refusal after the message (451) proves nothing was
// taken, so the path is tried again; a connection that breaks after the message was handed over leaves the outcome
// unknown, so it is not — the server below counts how many times it was given a message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { emptyTenant } from '../src/m365/tenant.js';
import type { AuditEntry } from '../src/verify/audit.js';
import { createRunContext, verifyItems } from '../src/verify/runner.js';
import { planItem } from '../src/verify/testing.js';
import { startScriptedSmtp, type Handler, type ScriptedServer } from './support/scripted-smtp.js';

/** A plain SMTP server that takes everything, then after the message's final dot does what `afterDot` says. */
function relay(afterDot: (socket: Socket, message: number) => void): Handler {
  let messages = 0;
  return (socket, listen) => {
    let inData = false;
    listen(socket, (line) => {
      if (inData) {
        if (line === '.') { inData = false; afterDot(socket, ++messages); }
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write('250-bridge.relay365.test\r\n250 8BITMIME\r\n');
      else if (verb === 'DATA') { inData = true; socket.write('354 go ahead\r\n'); }
      else if (verb === 'QUIT') socket.end('221 bye\r\n');
      else socket.write('250 ok\r\n');
    });
    socket.write('220 bridge.relay365.test ESMTP\r\n');
  };
}

describe('verify sends at most one message per path', () => {
  const servers: ScriptedServer[] = [];
  let broken: ScriptedServer;
  let busy: ScriptedServer;
  before(async () => {
    broken = await startScriptedSmtp(relay((socket) => socket.destroy())); // the message is in, the reply never comes
    busy = await startScriptedSmtp(relay((socket, n) => socket.write(n === 1 ? '451 4.3.0 try again later\r\n' : '250 2.0.0 queued\r\n')));
    servers.push(broken, busy);
  });
  after(() => Promise.all(servers.map((s) => s.close())));

  async function verifyBridge(server: ScriptedServer, audit: AuditEntry[]) {
    const tenant = { ...emptyTenant(), testRecipient: 'it@contoso.com', acceptedDomains: ['contoso.com'] };
    const run = await createRunContext(tenant, { send: true, env: {}, stepTimeoutMs: 3000, deadlineMs: 20_000, backoff: { baseMs: 50, capMs: 100 }, onAudit: (e) => audit.push(e) });
    const [result] = await verifyItems(run, [planItem('bridge', 'bridge', { host: server.host, port: server.port })]);
    return result;
  }

  it('does not resend when the connection broke after the message was handed over', async () => {
    const audit: AuditEntry[] = [];
    const result = await verifyBridge(broken, audit);
    const data = result.checks.find((c) => c.name === 'data')!;
    assert.equal(data.status, 'fail');
    assert.match(data.diagnosis!, /it may have been delivered, so it is not sent again/);
    assert.equal(broken.received.filter((l) => l === 'DATA').length, 1, 'one message handed over, never a second');
    assert.equal(audit.filter((e) => e.step === 'data').length, 1);
    assert.match(result.testId ?? '', /^[0-9a-f-]{36}$/, 'the message that may be out keeps its Test-Id, for --confirm and the report');
    assert.ok(broken.received.some((l) => l.toLowerCase() === `x-relay365-test-id: ${result.testId}`), 'and it is the one the server was given');
  });

  it('tries again after a 451 to the message (nothing was taken), and the second copy is the only one accepted', async () => {
    const audit: AuditEntry[] = [];
    const result = await verifyBridge(busy, audit);
    assert.equal(result.status, 'pass', JSON.stringify(result.checks));
    assert.equal(busy.received.filter((l) => l === 'DATA').length, 2);
    const tries = audit.filter((e) => e.step === 'data');
    assert.deepEqual(tries.map((e) => [e.status, e.code, e.retry]), [['fail', '451 4.3.0', 0], ['pass', '250 2.0.0', 1]]);
    const ids = busy.received.filter((l) => /^X-Relay365-Test-Id:/i.test(l));
    assert.equal(new Set(ids).size, 1, 'both tries carry the same Test-Id');
  });
});

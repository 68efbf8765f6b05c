// Each failure the sandbox can produce gives the right diagnosis, from the reply catalogue: Basic auth off, SMTP AUTH
// disabled for the mailbox, no Send As, connector IP mismatch, RejectDirectSend, a TLS 1.0 device, Graph 403; and
// throttling (432 4.3.2, Graph 429) is retried with backoff — to success when the limit lifts, else a clean failure.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replyEntry } from '../src/m365/replies.js';
import type { Tenant } from '../src/m365/tenant.js';
import { ROLES } from '../src/sandbox/config.js';
import type { AuditEntry } from '../src/verify/audit.js';
import type { VerifyOptions } from '../src/verify/context.js';
import { createRunContext, verifyItems } from '../src/verify/runner.js';
import { planItem, sandboxTenant } from '../src/verify/testing.js';
import type { CheckResult, ItemResult } from '../src/verify/types.js';
import { openSubmission, startTestSandbox, xoauth2, type SmtpClient, type TestSandbox } from './support/sandbox.js';

const CANARY_PASSWORD = 'R365CANARY-basic-password-51c';
const NO_ROLE_SECRET = 'R365CANARY-no-role-secret';
const SCOPED_SECRET = 'R365CANARY-scoped-secret';
const FAST: VerifyOptions = { stepTimeoutMs: 5000, deadlineMs: 20_000, backoff: { baseMs: 100, capMs: 400 } };

function check(result: ItemResult, name: string): CheckResult {
  const found = result.checks.find((c) => c.name === name);
  assert.ok(found, `${result.id} has no ${name} check: ${JSON.stringify(result.checks)}`);
  return found;
}

function failsWith(result: ItemResult, step: string, replyId: string): CheckResult {
  const c = check(result, step);
  const entry = replyEntry(replyId);
  assert.equal(c.status, 'fail', `${result.id}/${step}: ${JSON.stringify(c)}`);
  assert.equal(c.code, `${entry.code} ${entry.detail}`, `${result.id}/${step}`);
  assert.ok(c.diagnosis?.includes(entry.cause), `${result.id}/${step}: diagnosis ${c.diagnosis}`);
  assert.equal(c.hint, entry.fix, `${result.id}/${step}`);
  assert.equal(result.status, 'fail');
  const after = result.checks.slice(result.checks.indexOf(c) + 1).filter((x) => x.name !== 'confirm');
  assert.ok(after.every((x) => x.status === 'skipped' && /did not pass/.test(x.diagnosis ?? '')), `${result.id}: later steps are skipped with the reason`);
  return c;
}

async function run(t: TestSandbox, items: ReturnType<typeof planItem>[], options: VerifyOptions & { tenant?: Partial<Tenant> } = {}): Promise<ItemResult[]> {
  const { tenant, ...rest } = options;
  const context = await createRunContext(sandboxTenant(t.info, tenant), { env: { AZURE_CLIENT_SECRET: t.info.clientSecret!, RELAY365_SMTP_PASSWORD: CANARY_PASSWORD }, ...FAST, ...rest });
  return verifyItems(context, items);
}

describe('verify against the sandbox: failures and their diagnoses', () => {
  let t: TestSandbox;
  let noRoleApp: string;
  let scopedApp: string;
  before(async () => {
    t = await startTestSandbox((s) => {
      s.rejectDirectSend = true;
      s.connectors.push({ name: 'office', ips: ['203.0.113.7'], certificateName: null });
      s.mailboxes.push({ address: 'locked@contoso.com', displayName: 'Locked', password: null, aliases: [], sendAs: [], smtpAuthDisabled: true, restEnabled: true });
      s.mailboxes[0].password = CANARY_PASSWORD;
      s.apps.push(
        { clientId: null, displayName: 'no mail send', secret: NO_ROLE_SECRET, certificates: [], roles: [ROLES.smtp], mailboxes: ['*'], sendAs: [] },
        { clientId: null, displayName: 'scoped', secret: SCOPED_SECRET, certificates: [], roles: [ROLES.send, ROLES.read], mailboxes: ['scanner@contoso.com'], sendAs: [] },
      );
    });
    noRoleApp = t.sandbox.directory.apps[1].clientId;
    scopedApp = t.sandbox.directory.apps[2].clientId;
  });
  after(() => t.stop());

  it('names the cause and the fix of each refusal, and skips the later steps', async () => {
    const results = await run(t, [
      planItem('basic', 'smtp-basic'),
      planItem('locked', 'smtp-oauth', { username: 'locked@contoso.com', from: 'locked@contoso.com' }),
      planItem('connector', 'connector-relay'),
      planItem('direct', 'direct-send'),
      planItem('tls10', 'smtp-oauth', {}, { maxTls: '1.0' }),
      planItem('send-as', 'smtp-oauth', { from: 'alerts@contoso.com' }),
    ]);
    const [basic, locked, connector, direct, tls10, sendAs] = results;
    assert.match(failsWith(basic, 'auth', 'basic-auth-disabled').reply!, /^535 5\.7\.139 Authentication unsuccessful, basic authentication is disabled/);
    failsWith(locked, 'auth', 'smtp-auth-disabled-mailbox');
    failsWith(connector, 'rcpt-to', 'relay-denied');
    failsWith(direct, 'rcpt-to', 'direct-send-rejected');
    const legacy = failsWith(tls10, 'starttls', 'legacy-tls');
    assert.match(legacy.diagnosis!, /^a TLS 1\.0 client is refused/);
    assert.match(legacy.reply!, /^421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported/);
    const from = check(sendAs, 'mail-from');
    assert.equal(from.status, 'warn', 'without --send, Send As cannot be proven yet');
    assert.match(from.diagnosis!, /needs Send As/);
    assert.equal(sendAs.status, 'warn');
    assert.ok(!JSON.stringify(results).includes(CANARY_PASSWORD), 'the password never reaches a result');
  });

  it('proves a missing Send As with --send (554 5.2.252), without retrying a permanent refusal', async () => {
    const audit: AuditEntry[] = [];
    const [sendAs] = await run(t, [planItem('send-as', 'smtp-oauth', { from: 'alerts@contoso.com' })], { send: true, onAudit: (e) => audit.push(e) });
    const c = failsWith(sendAs, 'data', 'send-as-denied');
    assert.match(c.reply!, /^554 5\.2\.252 SendAsDenied; scanner@contoso\.com not allowed to send as alerts@contoso\.com/);
    assert.equal(audit.filter((e) => e.step === 'data').length, 1, 'a 5xx is not retried');
  });

  it('Graph 403: a token without Mail.Send, and a mailbox outside the app scope (RBAC for Applications)', async () => {
    const [noRole] = await run(t, [planItem('graph-no-role', 'graph')], { tenant: { app: { clientId: noRoleApp, certificatePath: null, secretEnv: 'NO_ROLE' } }, env: { NO_ROLE: NO_ROLE_SECRET } });
    const roles = check(noRole, 'roles');
    assert.equal(roles.status, 'fail');
    assert.match(roles.diagnosis!, /no Mail\.Send application role/);
    assert.equal(roles.hint, replyEntry('graph-access-denied').fix);
    const [scoped] = await run(t, [planItem('graph-raop', 'graph')], { tenant: { app: { clientId: scopedApp, certificatePath: null, secretEnv: 'SCOPED' } }, env: { SCOPED: SCOPED_SECRET } });
    const mailbox = check(scoped, 'mailbox');
    assert.deepEqual([mailbox.status, mailbox.code], ['fail', 'graph 403 ErrorAccessDenied']);
    assert.equal(mailbox.diagnosis, replyEntry('graph-raop').cause);
    assert.equal(check(scoped, 'sendmail').status, 'skipped');
  });

  it('a wrong app secret is an AADSTS diagnosis, and the secret stays out of it', async () => {
    const [r] = await run(t, [planItem('bad-secret', 'smtp-oauth')], { env: { AZURE_CLIENT_SECRET: 'R365CANARY-wrong-secret' } });
    const token = check(r, 'token');
    assert.deepEqual([token.status, token.code], ['fail', 'AADSTS7000215']);
    assert.equal(token.diagnosis, replyEntry('token-bad-secret').cause);
    assert.equal(check(r, 'auth').status, 'skipped', 'no token, no AUTH');
    assert.equal(check(r, 'starttls').status, 'pass', 'the network steps still ran');
    assert.ok(!JSON.stringify(r).includes('R365CANARY-wrong-secret'));
  });
});

describe('verify against the sandbox: throttling', () => {
  it('retries 432 4.3.2 and Graph 429 with backoff until the deadline, then fails cleanly', async () => {
    const t = await startTestSandbox((s) => { s.limits.concurrentConnections = 0; s.graph.requestsPerWindow = 0; });
    try {
      const audit: AuditEntry[] = [];
      const [smtp, graph] = await run(t, [planItem('busy-smtp', 'smtp-oauth'), planItem('busy-graph', 'graph')], { deadlineMs: 3000, onAudit: (e) => audit.push(e) });
      failsWith(smtp, 'mail-from', 'concurrency-limit');
      assert.ok(smtp.attempts! > 1, 'the whole session was tried again');
      const tries = audit.filter((e) => e.item === 'busy-smtp' && e.step === 'mail-from');
      assert.ok(tries.length > 1 && tries.slice(0, -1).every((e) => e.transient && e.waitMs! > 0), JSON.stringify(tries));
      assert.deepEqual(tries.map((e) => e.retry), tries.map((_, i) => i));
      const mailbox = check(graph, 'mailbox');
      assert.deepEqual([mailbox.status, mailbox.code], ['fail', 'graph 429 ApplicationThrottled']);
      assert.equal(mailbox.diagnosis, replyEntry('graph-throttled').cause);
      assert.ok(mailbox.attempts! > 1);
      assert.ok(audit.filter((e) => e.item === 'busy-graph' && e.step === 'mailbox').slice(0, -1).every((e) => e.waitMs! >= 1000), 'Retry-After (1 s) is honoured');
    } finally {
      await t.stop();
    }
  });

  it('succeeds once the limit lifts: a fourth connection for a mailbox, and Graph over its request window', async () => {
    const t = await startTestSandbox((s) => { s.graph.requestsPerWindow = 1; s.graph.windowSeconds = 1; });
    const holders: SmtpClient[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const client = await openSubmission(t);
        assert.match(await client.command(`AUTH XOAUTH2 ${xoauth2('scanner@contoso.com', t.sandbox.issueToken('smtp'))}`), /^235/);
        holders.push(client);
      }
      const audit: AuditEntry[] = [];
      const results = await run(t, [
        planItem('fourth', 'smtp-oauth'),
        planItem('graph-a', 'graph'),
        planItem('graph-b', 'graph', {}, { testRecipient: 'scanner@contoso.com' }),
      ], {
        onAudit: (e) => {
          audit.push(e);
          // another sender's session ends after verify met the limit: the next try gets in
          if (e.step === 'mail-from' && e.code === '432 4.3.2' && holders.length === 3) void holders.shift()!.close();
        },
      });
      for (const r of results) assert.equal(r.status, 'pass', `${r.id}: ${JSON.stringify(r.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped'))}`);
      assert.ok(audit.some((e) => e.item === 'fourth' && e.code === '432 4.3.2' && e.transient && e.waitMs! > 0), 'met 432 4.3.2 first');
      assert.equal(results[0].attempts, 2);
      const throttled = audit.filter((e) => e.step === 'mailbox' && e.code === 'graph 429 ApplicationThrottled');
      assert.ok(throttled.length >= 1 && throttled.every((e) => e.waitMs! >= 1000), 'one Graph request waited for Retry-After');
    } finally {
      await Promise.all(holders.map((h) => h.close()));
      await t.stop();
    }
  });
});

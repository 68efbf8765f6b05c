// verify against the sandbox on a correct plan: every target passes, over real sockets (SMTP with STARTTLS and
// XOAUTH2 from an MSAL token, the MX endpoint, Graph). With --send each path delivers one message — one, even when
// two items share a path — and --confirm finds it by its Test-Id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../src/verify/audit.js';
import type { VerifyOptions } from '../src/verify/context.js';
import { createRunContext, verifyItems } from '../src/verify/runner.js';
import { planItem, sandboxTenant } from '../src/verify/testing.js';
import type { ItemResult } from '../src/verify/types.js';
import { isVerifySession } from '../src/sandbox/types.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

describe('verify against the sandbox: a correct plan', () => {
  let t: TestSandbox;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay365-verify-'));
    t = await startTestSandbox((s) => {
      s.connectors.push({ name: 'relay01', ips: ['127.0.0.1'], certificateName: null });
      s.mailboxes.push({ address: 'printer@contoso.com', displayName: 'Printer', password: null, aliases: [], sendAs: [], smtpAuthDisabled: null, restEnabled: true });
      s.hveAccounts.push({ address: 'hve-newsletter@contoso.com', displayName: 'Newsletter', password: null });
    });
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function verify(items: ReturnType<typeof planItem>[], options: VerifyOptions = {}): Promise<ItemResult[]> {
    const run = await createRunContext(sandboxTenant(t.info), { env: { AZURE_CLIENT_SECRET: t.info.clientSecret! }, stepTimeoutMs: 5000, deadlineMs: 30_000, confirmTimeoutMs: 20_000, ...options });
    return verifyItems(run, items);
  }

  const correct = () => [
    planItem('printer-oauth', 'smtp-oauth'),
    planItem('billing-graph', 'graph'),
    planItem('mfp-direct', 'direct-send'),
    planItem('relay01-connector', 'connector-relay', {}, { testRecipient: 'partner@fabrikam.example' }),
    planItem('newsletter-hve', 'hve'),
  ];

  it('passes every target step by step, sending nothing without --send', async () => {
    const before = (await t.sandbox.store.list(t.info.testRecipient, { includeDelayed: true })).length;
    const results = await verify(correct());
    for (const r of results) assert.equal(r.status, 'pass', `${r.id}: ${JSON.stringify(r.checks.filter((c) => c.status !== 'pass'))}`);
    const steps = (id: string) => results.find((r) => r.id === id)!.checks.map((c) => `${c.name}:${c.status}`);
    assert.deepEqual(steps('printer-oauth'), ['token:pass', 'roles:pass', 'dns:pass', 'tcp:pass', 'banner:pass', 'ehlo:pass', 'starttls:pass', 'auth:pass', 'mail-from:pass', 'rcpt-to:pass', 'data:skipped', 'confirm:skipped']);
    assert.deepEqual(steps('mfp-direct'), ['dns:pass', 'tcp:pass', 'banner:pass', 'ehlo:pass', 'starttls:pass', 'mail-from:pass', 'rcpt-to:pass', 'data:skipped', 'confirm:skipped']);
    assert.deepEqual(steps('billing-graph'), ['token:pass', 'roles:pass', 'mailbox:pass', 'sendmail:skipped', 'confirm:skipped']);
    const oauth = results[0].checks;
    assert.match(oauth.find((c) => c.name === 'auth')!.reply!, /^235 2\.7\.0/);
    assert.match(oauth.find((c) => c.name === 'starttls')!.reply!, /TLSv1\.[23]/);
    assert.match(oauth.find((c) => c.name === 'data')!.reply!, /^250 2\.0\.0 Resetting/, 'RSET instead of DATA');
    assert.match(results[3].checks.find((c) => c.name === 'rcpt-to')!.reply!, /relay to an outside domain accepted/);
    // the sandbox writes a session's record once the client has gone; wait for it (an event, not a timing)
    const seen = () => t.sessions.some((s) => s.service === 'submission' && s.authTried.includes('XOAUTH2') && s.authOutcome === 'ok' && s.tls.used);
    for (let i = 0; i < 100 && !seen(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(seen(), 'the sandbox saw an XOAUTH2 login over TLS');
    const own = t.sessions.filter((s) => s.service === 'submission' && s.authOutcome === 'ok');
    assert.ok(own.length > 0 && own.every((s) => s.clientName?.startsWith('relay365-verify.')), `verify names itself in EHLO: ${own.map((s) => s.clientName).join()}`);
    assert.ok(own.every(isVerifySession), 'and the report can leave its sessions out of the devices');
    await t.sandbox.flush();
    assert.equal((await t.sandbox.store.list(t.info.testRecipient, { includeDelayed: true })).length, before, 'nothing was delivered');
  });

  it('with --send and --confirm delivers one message per path — once, even for two items on one path — and finds it', async () => {
    const items = [...correct(), planItem('printer-oauth-copy', 'smtp-oauth'), planItem('billing-graph-copy', 'graph')];
    const audit: AuditEntry[] = [];
    const results = await verify(items, { send: true, confirm: true, auditFile: join(dir, 'send.audit.jsonl'), onAudit: (e) => audit.push(e) });
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const r of results) assert.equal(r.status, 'pass', `${r.id}: ${JSON.stringify(r.checks.filter((c) => c.status !== 'pass'))}`);
    await t.sandbox.flush();
    const inbox = await t.sandbox.store.list(t.info.testRecipient, { includeDelayed: true });
    const sentIds = ['printer-oauth', 'billing-graph', 'mfp-direct', 'newsletter-hve'].map((id) => byId.get(id)!.testId!);
    for (const id of sentIds) assert.equal(inbox.filter((m) => m.testId === id).length, 1, `one message for Test-Id ${id}`);
    assert.equal(byId.get('printer-oauth-copy')!.testId, byId.get('printer-oauth')!.testId, 'the copy reports the message of its path');
    assert.equal(byId.get('billing-graph-copy')!.testId, byId.get('billing-graph')!.testId);
    assert.match(byId.get('printer-oauth-copy')!.checks.find((c) => c.name === 'data')!.reply!, /same path as item printer-oauth: .*not sent again/);
    assert.equal(inbox.filter((m) => m.testId && (sentIds.includes(m.testId) || results.some((r) => r.testId === m.testId))).length, 4, 'four paths, four messages');
    assert.equal(byId.get('relay01-connector')!.checks.find((c) => c.name === 'data')!.status, 'pass', 'a named outside recipient gets the relay test');
    const viaGraph = inbox.find((m) => m.testId === byId.get('billing-graph')!.testId)!;
    assert.equal(viaGraph.via, 'graph');
    assert.ok(viaGraph.headers.some((h) => /^x-relay365-test-id$/i.test(h.name)), 'the Test-Id travels as a header');
    assert.equal((await t.sandbox.store.list('alerts@contoso.com', { includeDelayed: true })).filter((m) => m.folder === 'sentitems' && m.testId === viaGraph.testId).length, 0, 'saveToSentItems: false');
    for (const id of ['printer-oauth', 'billing-graph', 'mfp-direct', 'newsletter-hve']) {
      const r = byId.get(id)!;
      assert.equal(typeof r.latencyMs, 'number', id);
      assert.match(r.checks.find((c) => c.name === 'confirm')!.reply!, /^found in it@contoso\.com after \d+ ms/);
    }
    const lines = (await readFile(join(dir, 'send.audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    assert.deepEqual(lines.map((l) => `${l.item}/${l.step}`).sort(), audit.map((l) => `${l.item}/${l.step}`).sort());
    assert.equal(lines.filter((l) => l.step === 'data' || l.step === 'sendmail').length, 7, 'one send entry per item (copies included)');
    assert.ok(lines.every((l) => l.run === lines[0].run && typeof l.ms === 'number' && typeof l.retry === 'number' && l.path && l.at));
  });
});

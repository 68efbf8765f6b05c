import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTenant } from '../m365/tenant.js';
import type { AuditEntry } from './audit.js';
import type { Check } from './checks/types.js';
import type { ItemContext } from './context.js';
import { resolvePath } from './path.js';
import { createRunContext, runChecks } from './runner.js';
import { planItem } from './testing.js';

function check(id: string, needs: string[], run: Check['run'], retry: Check['retry'] = 'never'): Check {
  return { id, title: id, needs, retry, appliesTo: () => true, run };
}

async function context(audit: AuditEntry[]): Promise<ItemContext> {
  const tenant = { ...emptyTenant(), testRecipient: 'it@contoso.com' };
  const run = await createRunContext(tenant, { env: {}, stepTimeoutMs: 200, backoff: { baseMs: 10, capMs: 20 }, onAudit: (e) => audit.push(e) });
  const item = planItem('x', 'bridge', { host: '127.0.0.1' });
  return { run, item, path: resolvePath(item, tenant), testId: 't', deadline: Date.now() + 5000, attempt: 1, session: null, token: null, sent: null, latencyMs: null, passed: new Set() };
}

describe('running the checks of a path', () => {
  it('turns a crash into a failed result, skips what needed it with the reason, and goes on with the rest', async () => {
    const audit: AuditEntry[] = [];
    const results = await runChecks(await context(audit), [
      check('first', [], async () => ({ status: 'pass', reply: 'ok' })),
      check('crashes', ['first'], async () => { throw new TypeError('cannot read properties of undefined'); }),
      check('after', ['crashes'], async () => ({ status: 'pass' })),
      check('independent', ['first'], async () => ({ status: 'pass', reply: 'still ran' })),
    ]);
    assert.deepEqual(results.map((r) => [r.name, r.status, r.code]), [['first', 'pass', null], ['crashes', 'fail', 'crash'], ['after', 'skipped', null], ['independent', 'pass', null]]);
    assert.match(results[1].diagnosis!, /^relay365 failed inside this check: cannot read properties of undefined$/);
    assert.equal(results[2].diagnosis, 'skipped: crashes did not pass');
    assert.deepEqual(audit.map((e) => e.step), ['first', 'crashes', 'independent'], 'skipped checks never ran, so they are not attempts');
  });

  it('retries a transient failure in place with backoff, and times out a step that never answers', async () => {
    const audit: AuditEntry[] = [];
    let calls = 0;
    const results = await runChecks(await context(audit), [
      check('flaky', [], async () => (++calls < 3 ? { status: 'fail', code: '451 4.7.0', transient: true, diagnosis: 'busy' } : { status: 'pass', reply: '250' }), 'step'),
      check('hangs', [], () => new Promise(() => undefined)),
    ]);
    assert.deepEqual([results[0].status, results[0].attempts], ['pass', 3]);
    assert.deepEqual(audit.filter((e) => e.step === 'flaky').map((e) => [e.status, e.retry, e.waitMs !== undefined]), [['fail', 0, true], ['fail', 1, true], ['pass', 2, false]]);
    assert.deepEqual([results[1].status, results[1].code], ['fail', 'timeout']);
  });
});

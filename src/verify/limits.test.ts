import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedSemaphore, Semaphore, TokenBucket } from './limits.js';
import { backoffMs, retryAfterMs, waitWithin, withTimeout } from './retry.js';
import { SendLedger } from './sends.js';
import { Redactor } from './redact.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('per-mailbox limits', () => {
  it('a semaphore lets at most N in, in arrival order', async () => {
    const gate = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => gate.use(async () => {
      inside++;
      peak = Math.max(peak, inside);
      order.push(n);
      await tick();
      inside--;
    })));
    assert.equal(peak, 2);
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
  });

  it('keys are limited separately: 3 per mailbox, other mailboxes unaffected', async () => {
    const slots = new KeyedSemaphore(3);
    const held = await Promise.all([1, 2, 3].map(() => slots.acquire('scanner@contoso.com')));
    let fourth = false;
    const waiting = slots.acquire('scanner@contoso.com').then((release) => { fourth = true; return release; });
    const other = await slots.acquire('alerts@contoso.com'); // not blocked by scanner's three
    await tick();
    assert.equal(fourth, false, 'a fourth connection for the same mailbox waits');
    held[0]();
    (await waiting)();
    assert.equal(fourth, true);
    held.slice(1).forEach((release) => release());
    other();
  });

  it('a token bucket gives 30 at once, then one every 2 s, and refuses a wait past the deadline', async () => {
    let now = 1_000_000;
    const bucket = new TokenBucket(30, () => now);
    for (let i = 0; i < 30; i++) assert.equal(await bucket.take('m', now), true);
    assert.equal(bucket.waitMs('m'), 2000);
    assert.equal(await bucket.take('m', now + 1000), false, 'the next token is 2 s away; the deadline is in 1 s');
    now += 2000;
    assert.equal(bucket.waitMs('m'), 0);
    assert.equal(await bucket.take('m', now), true);
    assert.equal(bucket.waitMs('other'), 0, 'another mailbox has its own bucket');
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, capped, and never below Retry-After', () => {
    const opts = { baseMs: 500, capMs: 4000 };
    assert.equal(backoffMs(1, { ...opts, random: () => 0 }), 250);
    assert.equal(backoffMs(1, { ...opts, random: () => 1 }), 500);
    assert.equal(backoffMs(3, { ...opts, random: () => 1 }), 2000);
    assert.equal(backoffMs(10, { ...opts, random: () => 1 }), 4000, 'capped');
    assert.equal(backoffMs(1, { ...opts, random: () => 0 }, 3000), 3000, 'Retry-After wins when longer');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), () => Date.now()) > 3000, true);
    assert.equal(retryAfterMs(null), 0);
    assert.equal(retryAfterMs('soon'), 0);
  });

  it('waits only inside the deadline, and a timeout rejects with the given error', async () => {
    assert.equal(await waitWithin(10_000, Date.now() + 100), false);
    assert.equal(await waitWithin(1, Date.now() + 1000), true);
    await assert.rejects(withTimeout(new Promise(() => undefined), 10, () => new Error('too slow')), /too slow/);
    assert.equal(await withTimeout(Promise.resolve(7), 1000, () => new Error('x')), 7);
  });
});

describe('one test message per path', () => {
  const detail = { status: 'pass' as const, reply: '250 OK', code: '250', diagnosis: null, hint: null };

  it('the first item owns the path; others wait for its outcome and never send', async () => {
    const ledger = new SendLedger();
    assert.deepEqual(ledger.claim('path', 'a', 'id-a'), { mine: true });
    const other = ledger.claim('path', 'b', 'id-b');
    assert.equal(other.mine, false);
    ledger.record('path', 'sent', 123, detail);
    const record = await (other as { done: Promise<{ owner: string; testId: string; state: string }> }).done;
    assert.deepEqual([record.owner, record.testId, record.state], ['a', 'id-a', 'sent']);
    assert.equal(ledger.claim('path', 'a', 'id-a').mine, false, 'not even the owner sends again once sent');
    assert.equal(ledger.sent, 1);
  });

  it('a refusal that took nothing (4xx) lets the owner retry; an unknown outcome never does', () => {
    const ledger = new SendLedger();
    ledger.claim('p1', 'a', 't');
    ledger.record('p1', 'refused', null, { ...detail, status: 'fail' }, true);
    assert.equal(ledger.claim('p1', 'a', 't').mine, true, 'retry after 451 is safe');
    ledger.record('p1', 'unknown', 5, { ...detail, status: 'fail' });
    assert.equal(ledger.claim('p1', 'a', 't').mine, false, 'after a broken DATA the message may be delivered');
    ledger.claim('p2', 'c', 't2');
    ledger.release('c');
    assert.equal(ledger.claim('p2', 'c', 't2').mine, false);
  });
});

describe('redactor', () => {
  it('scrubs secrets, their base64 and any JWT', () => {
    const r = new Redactor();
    r.add('R365CANARY-pass');
    const b64 = Buffer.from('R365CANARY-pass').toString('base64');
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl';
    const out = r.scrub(`pw R365CANARY-pass b64 ${b64} token ${jwt}`);
    assert.equal(out, 'pw *** b64 *** token ***');
    assert.deepEqual(r.scrubDeep({ a: ['R365CANARY-pass'] }), { a: ['***'] });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CarryOver, ConcurrencyTracker, SlidingWindow } from './limits.js';

describe('sandbox limits', () => {
  it('counts events in a sliding window and says when the oldest leaves it', () => {
    const w = new SlidingWindow(60_000);
    w.add('m', 2, 1_000);
    w.add('m', 3, 30_000);
    assert.equal(w.total('m', 59_000), 5);
    assert.equal(w.total('m', 61_500), 3);
    assert.equal(w.retryAfterMs('m', 61_500), 28_500);
    assert.equal(w.total('other', 61_500), 0);
  });

  it('ranks holders in arrival order and moves them up when one leaves', () => {
    const c = new ConcurrencyTracker();
    for (const id of ['a', 'b', 'c', 'd']) c.enter('mbx', id);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => c.rank('mbx', id)), [0, 1, 2, 3]);
    c.leave('mbx', 'b');
    assert.equal(c.rank('mbx', 'd'), 2);
    assert.equal(c.rank('mbx', 'b'), -1);
    assert.equal(c.count('mbx'), 3);
  });

  it('carries messages over the per-minute rate to the following minutes', () => {
    const rate = new CarryOver();
    const at = [0, 1_000, 2_000, 3_000, 4_000].map((now) => rate.schedule('mbx', 2, now));
    assert.deepEqual(at, [0, 1_000, 60_000, 61_000, 120_000]);
    assert.equal(rate.schedule('mbx', 0, 5_000), 5_000, 'no limit: delivered at once');
  });
});

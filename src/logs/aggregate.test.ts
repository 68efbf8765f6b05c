import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SenderBook } from './aggregate.js';

const ref = { source: 'postfix' as const, relay: 'relay01', host: 'app01', ip: '10.20.2.10', saslUser: null };

describe('SenderBook', () => {
  it('counts messages, peaks per minute and per day, internal vs external recipients', () => {
    const book = new SenderBook(['contoso.com', 'Fabrikam.COM.']);
    const s = book.sender(ref);
    for (let i = 0; i < 35; i++) book.message(s, `2026-11-24T14:02:${String(i).padStart(2, '0')}`, 'none', 'none');
    book.message(s, '2026-11-24T14:03:00', 'TLSv1.2', 'PLAIN');
    book.message(s, '2026-11-25T09:00:00', 'TLSv1.2', 'PLAIN');
    book.recipient(s, 'a@contoso.com', '2026-11-24');
    book.recipient(s, 'b@FABRIKAM.com', '2026-11-24');
    book.recipient(s, 'c@gmail.com', '2026-11-25');
    const [out] = book.list();
    assert.equal(out.messages, 37);
    assert.equal(out.peakPerMinute, 35);
    assert.equal(out.peakPerDay, 36);
    assert.deepEqual(out.tls, { none: 35, 'TLSv1.2': 2 });
    assert.deepEqual([out.internalRecipients, out.externalRecipients], [2, 1]);
    assert.equal(out.firstSeen, '2026-11-24T14:02:00');
    assert.equal(out.lastSeen, '2026-11-25T09:00:00');
    assert.deepEqual(book.perDay()['2026-11-24'], { messages: 36, recipients: 2, deferred: 0, bounced: 0, rejected: 0 });
  });

  it('keeps every list bounded: envelope senders, recipient domains, days', () => {
    const book = new SenderBook([]);
    const s = book.sender(ref);
    for (let i = 0; i < 500; i++) book.envelopeFrom(s, `user${i}@contoso.com`);
    for (let i = 0; i < 3000; i++) book.recipient(s, `x@d${i}.example`, null);
    for (let d = 0; d < 200; d++) {
      const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      for (let m = 0; m < (d === 5 ? 40 : 2); m++) book.message(s, `${day}T10:${String(m).padStart(2, '0')}:00`, null, null);
    }
    const [out] = book.list();
    assert.equal(out.envelopeFrom.length, 50);
    assert.equal(out.envelopeFromCount, 500);
    assert.equal(Object.keys(out.recipientDomains).length, 26, '25 busiest domains and (other)');
    assert.equal(Object.values(out.recipientDomains).reduce((a, b) => a + b, 0), 3000);
    assert.equal(Object.keys(out.perDay!).length, 92);
    assert.equal(out.peakPerDay, 40, 'the peak of a day no longer kept is remembered');
    assert.ok(Object.keys(book.perDay()).length <= 400);
  });

  it('one client is one sender per relay and SASL user; the resolved name replaces "unknown"', () => {
    const book = new SenderBook([]);
    book.sender({ ...ref, host: 'unknown' });
    book.sender(ref);
    book.sender({ ...ref, saslUser: 'svc' });
    book.sender({ ...ref, relay: 'relay02' });
    const list = book.list();
    assert.equal(list.length, 3);
    assert.ok(list.some((s) => s.host === 'app01' && s.saslUser === null && s.relay === 'relay01'));
    assert.equal(new Set(list.map((s) => s.id)).size, 3);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSIC_LINE, COMMAND, DELIVERY, FROM_SIZE, RFC3339_LINE } from './pflogsumm-rules.js';
import { scanCommand, scanDelivery, scanFromSize, scanHeader, type Command, type Fields, type Header } from './postfix-line.js';
import { syntheticPostfixLog } from '../testing.js';
import { mutateLine, seeded } from '../test-support.js';

// The scanners replace pflogsumm's regular expressions on the hot path; they must accept exactly the same
// lines and find the same fields. Checked on real-shaped lines and on the same lines mutated at random.

function corpus(): string[] {
  const lines: string[] = [];
  for (const style of ['classic', 'rfc3339', 'maillog'] as const) {
    lines.push(...syntheticPostfixLog({ messages: 120, style, seed: 7, relays: ['relay01', 'relay02'], rejectRate: 0.3 }).split('\n').filter(Boolean));
  }
  lines.push(
    'Nov  2 08:15:01 relay01 postfix/smtp[1]: 4ABC: to=<a@b.c>, orig_to=<a>, relay=x[1.2.3.4]:25, conn_use=2, delay=1, delays=1/2/3/4, dsn=2.0.0, status=sent (ok)',
    'Nov  2 08:15:01 relay01 postfix/smtp[1]: 4ABC: to=<a@b.c>, orig_to=<a, relay=x, delay=1, status=sent',
    'Nov  2 08:15:01 relay01 postfix/smtp[1]: 4ABC: to=<a@b.c>, relay=x,y, delay=1, status=sent x; to=<d@e.f>, relay=z, delay=2, status=deferred (later)',
    'Nov  2 08:15:01 relay01 postfix/qmgr[1]: 4ABC: from=<a>b>, size=12, from=<c>, size=13, nrcpt=1',
    'Nov 12 08:15:01 relay01 postfix/smtps/smtpd[2]: 4ABC: client=x[1.2.3.4]',
    'Nov 12 08:15:01 relay01 postfix/smtps[2]: connect from x[1.2.3.4]',
    'Nov 12 08:15:01 relay01 postfix/submission/smtpd[2]: : : x: y',
    '2026-11-02T08:15:01Z relay01 postfix/qmgr[1]: 4ABC: removed',
    '2026-11-02T08:15:01. relay01 postfix/qmgr[1]: 4ABC: removed',
    'Nov   2 08:15:01 relay01 postfix/qmgr[1]: 4ABC: removed',
    'Nov 123 08:15:01 relay01 postfix/qmgr[1]: 4ABC: removed',
    'Nov  2 08:15:01 relay\t01 postfix/qmgr[1]: 4ABC: removed',
    'Nov  2 08:15:01 relay01  postfix/qmgr[1]: 4ABC: removed',
    'Nov  2 08:15:01 relay01 ',
  );
  return lines;
}

describe('postfix line scanners agree with pflogsumm regular expressions', () => {
  const base = corpus();
  const rnd = seeded(42);
  const lines = [...base, ...Array.from({ length: 20_000 }, () => mutateLine(base[Math.floor(rnd() * base.length)], rnd))];

  it('header: same acceptance, same host and remainder', () => {
    const h = {} as Header;
    let accepted = 0;
    for (const line of lines) {
      const m = CLASSIC_LINE.exec(line) ?? RFC3339_LINE.exec(line);
      const ok = scanHeader(line, h);
      assert.equal(ok, m !== null, JSON.stringify(line));
      if (!m) continue;
      accepted++;
      const host = m.length === 8 ? m[6] : m[8];
      const rest = m.length === 8 ? m[7] : m[9];
      assert.equal(line.slice(h.hostStart, h.hostEnd), host, JSON.stringify(line));
      assert.equal(line.slice(h.restStart), rest, JSON.stringify(line));
    }
    assert.ok(accepted > 5000, `only ${accepted} lines accepted: the corpus lost its shape`);
  });

  it('command and queue id', () => {
    const h = {} as Header;
    const c = {} as Command;
    let matched = 0;
    for (const line of lines) {
      if (!scanHeader(line, h) || !line.startsWith('postfix', h.restStart)) continue;
      const rest = line.slice(h.restStart);
      const m = COMMAND.exec(rest);
      const ok = scanCommand(line, h.restStart, c);
      assert.equal(ok, m !== null, JSON.stringify(line));
      if (!m) continue;
      matched++;
      assert.equal(line.slice(c.cmdStart, c.cmdEnd), m[1], JSON.stringify(line));
      assert.equal(line.slice(c.qidStart, c.qidEnd), m[2], JSON.stringify(line));
    }
    assert.ok(matched > 3000);
  });

  it('from=<…>, size=… and delivery lines', () => {
    const f = {} as Fields;
    let deliveries = 0;
    for (const line of lines) {
      const fs = FROM_SIZE.exec(line);
      assert.equal(scanFromSize(line, f), fs !== null, JSON.stringify(line));
      if (fs) {
        assert.equal(line.slice(f.a, f.b), fs[1]);
        assert.equal(line.slice(f.c, f.d), fs[2]);
      }
      const d = DELIVERY.exec(line);
      assert.equal(scanDelivery(line, f), d !== null, JSON.stringify(line));
      if (d) {
        deliveries++;
        assert.equal(line.slice(f.a, f.b), d[1], JSON.stringify(line));
        assert.equal(line.slice(f.c, f.d), d[4], JSON.stringify(line));
        assert.equal(line.slice(f.d), d[5], JSON.stringify(line));
      }
    }
    assert.ok(deliveries > 500);
  });
});

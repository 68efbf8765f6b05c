import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SenderBook } from '../aggregate.js';
import { TotalsCounter } from '../totals.js';
import type { FileContext } from '../parser.js';
import { generatePostfixLog } from '../testing.js';
import { PostfixParser } from './postfix.js';

function context(book: SenderBook, totals: TotalsCounter): FileContext {
  return { path: 'mail.log', mtime: new Date('2026-12-01T00:00:00Z'), book, totals, unknown() {}, warn() {}, relay() {} };
}

describe('postfix parser state', () => {
  it('holds messages in flight, not the whole log: state stays flat while the log grows', () => {
    const book = new SenderBook(['contoso.com']);
    const totals = new TotalsCounter();
    const parser = new PostfixParser();
    parser.startFile(context(book, totals));
    let n = 0;
    let peak = 0;
    generatePostfixLog({ messages: 60_000, seed: 3, spacing: 1, deferRate: 0.01 }, (chunk) => {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        parser.line(line, ++n);
        if (n % 1000 === 0) peak = Math.max(peak, parser.stateSize().inFlight);
      }
    });
    const size = parser.stateSize();
    assert.ok(totals.received > 55_000, `${totals.received} received`);
    assert.ok(peak < 2_000, `at most ${peak} messages in flight at a time`);
    assert.ok(size.removed <= 200_000);
    assert.ok(size.connections < 100, `${size.connections} connections open at the end`);
  });

  it('attributes TLS, SASL and recipients to the client that sent the message', () => {
    const book = new SenderBook(['contoso.com']);
    const parser = new PostfixParser();
    parser.startFile(context(book, new TotalsCounter()));
    const lines = [
      '2026-11-24T02:00:07.100000+01:00 relay01 postfix/smtpd[4100]: connect from backup01.corp.contoso.com[10.20.3.7]',
      '2026-11-24T02:00:07.140000+01:00 relay01 postfix/smtpd[4100]: Anonymous TLS connection established from backup01.corp.contoso.com[10.20.3.7]: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      '2026-11-24T02:00:07.190000+01:00 relay01 postfix/smtpd[4100]: 3F2A1C1000: client=backup01.corp.contoso.com[10.20.3.7], sasl_method=PLAIN, sasl_username=backup01',
      '2026-11-24T02:00:07.250000+01:00 relay01 postfix/qmgr[812]: 3F2A1C1000: from=<backup-reports@hotmail.com>, size=2100, nrcpt=2 (queue active)',
      '2026-11-24T02:00:07.260000+01:00 relay01 postfix/smtpd[4100]: disconnect from backup01.corp.contoso.com[10.20.3.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=2 data=1 quit=1 commands=9',
      '2026-11-24T02:00:08.000000+01:00 relay01 postfix/smtp[2300]: 3F2A1C1000: to=<it-ops@contoso.com>, relay=smtp.office365.com[52.96.91.34]:587, delay=1, delays=0.1/0/0.4/0.5, dsn=4.7.500, status=deferred (451 busy)',
      '2026-11-24T02:00:08.010000+01:00 relay01 postfix/smtp[2300]: 3F2A1C1000: to=<ceo@gmail.com>, relay=smtp.office365.com[52.96.91.34]:587, delay=1, delays=0.1/0/0.4/0.5, dsn=2.6.0, status=sent (250 ok)',
      '2026-11-24T02:10:08.000000+01:00 relay01 postfix/smtp[2301]: 3F2A1C1000: to=<it-ops@contoso.com>, relay=smtp.office365.com[52.96.91.34]:587, delay=601, delays=600/0/0.4/0.5, dsn=2.6.0, status=sent (250 ok)',
      '2026-11-24T02:10:08.100000+01:00 relay01 postfix/qmgr[812]: 3F2A1C1000: removed',
    ];
    lines.forEach((line, i) => parser.line(line, i + 1));
    const [s] = book.list();
    assert.equal(s.saslUser, 'backup01');
    assert.deepEqual(s.auth, { PLAIN: 1 });
    assert.deepEqual(s.tls, { 'TLSv1.2': 1 });
    assert.deepEqual(s.envelopeFrom, ['backup-reports@hotmail.com']);
    assert.deepEqual([s.recipients, s.internalRecipients, s.externalRecipients], [2, 1, 1]);
    assert.equal(s.firstSeen, '2026-11-24T02:00:07.190000+01:00');
    assert.equal(s.bytes, 2100);
    assert.equal(parser.stateSize().inFlight, 0);
  });

  it('files a message under the day of its own stamp, also after a one-digit day without padding', async () => {
    const lines = [
      'Nov 2 08:00:00 relay01 postfix/smtpd[1]: 1A: client=app[10.0.0.1]',
      'Nov 23 08:00:00 relay01 postfix/smtpd[1]: 2B: client=app[10.0.0.1]',
      'Nov 23 08:00:01 relay01 postfix/smtpd[1]: 3C: client=app[10.0.0.1]',
    ];
    const book = new SenderBook([]);
    const parser = new PostfixParser();
    parser.startFile(context(book, new TotalsCounter()));
    lines.forEach((line, i) => parser.line(line, i + 1));
    const expected = { '2026-11-02': { messages: 1, recipients: 0 }, '2026-11-23': { messages: 2, recipients: 0 } };
    assert.deepEqual(book.list()[0].perDay, expected);
    const viaBytes = new SenderBook([]);
    const fast = new PostfixParser();
    fast.startFile(context(viaBytes, new TotalsCounter()));
    const buffer = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
    for (let s = 0, n = 1, nl = buffer.indexOf(10); nl !== -1; s = nl + 1, nl = buffer.indexOf(10, s)) fast.bytes(buffer, s, nl, n++);
    assert.deepEqual(viaBytes.list()[0].perDay, expected);
  });

  it('books the clients of an smtpd under another service name (postfix/submissions/smtpd), which pflogsumm counts nowhere', () => {
    const lines = [
      'Nov 28 10:00:03 relay01 postfix/submissions/smtpd[1301]: connect from app7.corp.contoso.local[10.1.2.77]',
      'Nov 28 10:00:03 relay01 postfix/submissions/smtpd[1301]: Anonymous TLS connection established from app7.corp.contoso.local[10.1.2.77]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      'Nov 28 10:00:03 relay01 postfix/submissions/smtpd[1301]: 5AbC2dE3fG: client=app7.corp.contoso.local[10.1.2.77], sasl_method=PLAIN, sasl_username=app7@contoso.com',
      'Nov 28 10:00:03 relay01 postfix/qmgr[900]: 5AbC2dE3fG: from=<app7@contoso.com>, size=1024, nrcpt=1 (queue active)',
      'Nov 28 10:00:04 relay01 postfix/smtp[1303]: 5AbC2dE3fG: to=<carol@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK)',
      'Nov 28 10:00:04 relay01 postfix/qmgr[900]: 5AbC2dE3fG: removed',
      'Nov 28 10:00:05 relay01 postfix/submissions/smtpd[1301]: disconnect from app7.corp.contoso.local[10.1.2.77] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6',
    ];
    for (const path of ['text', 'bytes'] as const) {
      const book = new SenderBook(['contoso.com']);
      const totals = new TotalsCounter();
      const parser = new PostfixParser();
      parser.startFile(context(book, totals));
      if (path === 'text') lines.forEach((line, i) => parser.line(line, i + 1));
      else {
        const buffer = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
        for (let s = 0, n = 1, nl = buffer.indexOf(10); nl !== -1; s = nl + 1, nl = buffer.indexOf(10, s)) parser.bytes(buffer, s, nl, n++);
      }
      const [sender] = book.list();
      assert.equal(sender?.host, 'app7.corp.contoso.local', path);
      assert.equal(sender.saslUser, 'app7@contoso.com');
      assert.deepEqual(sender.auth, { PLAIN: 1 });
      assert.deepEqual(sender.tls, { 'TLSv1.3': 1 });
      assert.deepEqual([sender.messages, sender.externalRecipients], [1, 1]);
      assert.equal(totals.received, 0, 'pflogsumm counts no message received by that smtpd');
      assert.equal(totals.delivered, 1, 'its delivery is counted as pflogsumm counts it');
    }
  });

  it('counts a failed sign-in against the client, not Postfix losing its own auth service', () => {
    const lines = [
      'Nov 28 11:00:01 relay01 postfix/smtpd[2001]: warning: scanner4.corp.contoso.local[10.1.2.44]: SASL LOGIN authentication failed: UGFzc3dvcmQ6',
      'Nov 28 11:00:02 relay01 postfix/smtpd[2002]: warning: app9.corp.contoso.local[10.1.2.99]: SASL LOGIN authentication failed: Connection lost to authentication server',
    ];
    for (const path of ['text', 'bytes'] as const) {
      const book = new SenderBook(['contoso.com']);
      const parser = new PostfixParser();
      parser.startFile(context(book, new TotalsCounter()));
      if (path === 'text') lines.forEach((line, i) => parser.line(line, i + 1));
      else {
        const buffer = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
        for (let s = 0, n = 1, nl = buffer.indexOf(10); nl !== -1; s = nl + 1, nl = buffer.indexOf(10, s)) parser.bytes(buffer, s, nl, n++);
      }
      const failed = book.list().filter((s) => s.rejected.authFailed > 0).map((s) => s.host);
      assert.deepEqual(failed, ['scanner4.corp.contoso.local'], path);
    }
  });
});


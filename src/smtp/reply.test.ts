import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatReply, NotSmtpError, parseEhlo, ReplyParser, replyCode } from './reply.js';

describe('ReplyParser', () => {
  it('assembles multi-line replies split across chunks and reads the enhanced code', () => {
    const parser = new ReplyParser();
    assert.deepEqual(parser.feed('250-relay.example\r\n250-SIZE 1'), []);
    const [reply] = parser.feed('0240000\r\n250 8BITMIME\r\n');
    assert.equal(reply.code, 250);
    assert.deepEqual(reply.lines, ['relay.example', 'SIZE 10240000', '8BITMIME']);
    const [denied] = parser.feed('554 5.7.1 <x@example.net>: Relay access denied\n');
    assert.equal(replyCode(denied), '554 5.7.1');
    assert.equal(formatReply(denied), '554 5.7.1 <x@example.net>: Relay access denied');
    assert.equal(parser.buffered, 0);
  });

  it('ignores an enhanced code whose class differs from the reply code', () => {
    const [reply] = new ReplyParser().feed('250 5.7.1 odd\r\n');
    assert.equal(reply.enhanced, null);
  });

  it('accepts a bare three-digit reply', () => {
    const [reply] = new ReplyParser().feed('220\r\n');
    assert.equal(reply.code, 220);
    assert.deepEqual(reply.lines, ['']);
  });

  const garbage: [string, string][] = [
    ['SSH-2.0-OpenSSH_9.2\r\n', 'not an SMTP reply'],
    ['* OK IMAP4rev1 ready\r\n', 'not an SMTP reply'],
    ['HTTP/1.1 400 Bad Request\r\n', 'not an SMTP reply'],
    ['250-a\r\n550 b\r\n', 'codes differ'],
    ['\u0000\u0013\u00fe\r\n', 'not an SMTP reply'],
    ['2'.repeat(5000), 'longer than'],
  ];
  for (const [input, reason] of garbage) {
    it(`refuses ${JSON.stringify(input.slice(0, 20))}`, () => {
      assert.throws(() => new ReplyParser().feed(input), (e: unknown) => e instanceof NotSmtpError && e.message.includes(reason) && !/[^\x20-\x7e]/.test(e.sample));
    });
  }
});

describe('parseEhlo', () => {
  it('reads extensions, AUTH in both forms, SIZE and STARTTLS', () => {
    const [reply] = new ReplyParser().feed([
      '250-mail.contoso.com Hello', '250-SIZE 36700160', '250-PIPELINING', '250-starttls', '250-AUTH LOGIN PLAIN',
      '250-AUTH=LOGIN XOAUTH2', '250-8BITMIME', '250-SMTPUTF8', '250 ENHANCEDSTATUSCODES', '',
    ].join('\r\n'));
    const facts = parseEhlo(reply);
    assert.equal(facts.size, 36700160);
    assert.equal(facts.starttls, true);
    assert.deepEqual(facts.auth, ['LOGIN', 'PLAIN', 'XOAUTH2']);
    assert.equal(facts.pipelining && facts.eightBitMime && facts.smtpUtf8 && facts.enhancedStatusCodes, true);
    assert.ok(facts.extensions.includes('STARTTLS'));
    assert.ok(!facts.extensions.some((e) => e.includes('Hello')), 'the greeting line is not an extension');
  });

  it('SIZE without a number means no announced limit; no SIZE means unknown', () => {
    const [withSize] = new ReplyParser().feed('250-x\r\n250 SIZE\r\n');
    assert.equal(parseEhlo(withSize).size, 0);
    const [without] = new ReplyParser().feed('250 x\r\n');
    assert.equal(parseEhlo(without).size, null);
    assert.deepEqual(parseEhlo(without).auth, []);
  });

  it('stays fast on an AUTH line padded with spaces (no backtracking)', () => {
    const [reply] = new ReplyParser().feed(`250-x\r\n250 AUTH ${' '.repeat(3000)}PLAIN\r\n`);
    assert.deepEqual(parseEhlo(reply).auth, ['PLAIN']);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decode } from './decode.js';

function text(bytes: Uint8Array): string {
  const d = decode(bytes);
  assert.ok(!('binary' in d), 'decoded as binary');
  return d.text;
}

describe('decode', () => {
  it('reads UTF-8 with and without BOM, CRLF kept for the line splitter', () => {
    assert.equal(text(Buffer.from('relayhost = x\r\n')), 'relayhost = x\r\n');
    assert.equal(text(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a=1')])), 'a=1');
  });

  it('reads UTF-16LE and UTF-16BE with BOM, and UTF-16LE without one', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<smtp host="mail">', 'utf16le')]);
    assert.equal(text(le), '<smtp host="mail">');
    const be = Buffer.from(Buffer.from('SMTP=x', 'utf16le')).swap16();
    assert.equal(text(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'SMTP=x');
    assert.equal(text(Buffer.from('Windows Registry Editor Version 5.00', 'utf16le')), 'Windows Registry Editor Version 5.00');
  });

  it('falls back to latin1 for non-UTF-8 bytes', () => {
    assert.equal(text(Buffer.from([0x66, 0x72, 0x6f, 0x6d, 0x3d, 0xe9])), 'from=é');
  });

  it('reads legacy code pages whose bytes 0x80–0x9f are text: Shift-JIS comments, cp1252 quotes', () => {
    // msmtprc with Japanese comments in Shift-JIS: "# 会社のメールサーバー" (lead bytes 0x89, 0x83, 0x81, 0x8b…)
    const sjis = Buffer.from([0x23, 0x20, 0x89, 0xef, 0x8e, 0xd0, 0x82, 0xcc, 0x83, 0x81, 0x81, 0x5b, 0x83, 0x8b, 0x83, 0x54, 0x81, 0x5b, 0x83, 0x6f, 0x81, 0x5b, 0x0a]);
    const file = Buffer.concat([sjis, sjis, sjis, Buffer.from('account default\nhost smtp.contoso.co.jp\nport 587\n')]);
    assert.match(text(file), /host smtp\.contoso\.co\.jp/);
    assert.match(text(Buffer.from([0x23, 0x20, 0x93, 0x6f, 0x6c, 0x64, 0x94, 0x20, 0x80, 0x0a, 0x68, 0x6f, 0x73, 0x74, 0x3d, 0x78])), /host=x/);
  });

  it('calls random bytes and NUL-ridden files binary', () => {
    assert.ok('binary' in decode(randomBytes(8192)));
    assert.ok('binary' in decode(randomBytes(8192).map((b) => b || 1)), 'random bytes without a NUL: read as latin1, still binary');
    assert.ok('binary' in decode(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0])));
  });
});

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

  it('calls random bytes and NUL-ridden files binary', () => {
    assert.ok('binary' in decode(randomBytes(8192)));
    assert.ok('binary' in decode(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0])));
  });
});

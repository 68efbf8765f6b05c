import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressesIn, headerValue, splitMessage, textBody } from './mime.js';

describe('sandbox MIME reading', () => {
  it('unfolds headers and decodes encoded words', () => {
    const first = Buffer.from('Scan über ').toString('base64');
    const { headers, body } = splitMessage(Buffer.from(`Subject: =?utf-8?B?${first}?=\r\n =?iso-8859-1?Q?f=FCr_Sie?=\r\nX-Relay365-Test-Id:  t-1 \r\n\r\nbody\r\n`));
    assert.equal(headerValue(headers, 'subject'), 'Scan über für Sie');
    assert.equal(headerValue(headers, 'x-relay365-test-id'), 't-1');
    assert.equal(headerValue(headers, 'missing'), null);
    assert.equal(body, 'body\r\n');
  });

  it('lists the bare addresses of a header, groups included', () => {
    assert.deepEqual(addressesIn('"Ops, Team" <Ops@Contoso.com>, b@x.org, undisclosed: c@y.org, d@z.org;'), ['ops@contoso.com', 'b@x.org', 'c@y.org', 'd@z.org']);
    assert.deepEqual(addressesIn(null), []);
  });

  it('finds the text of plain, quoted-printable, base64 and multipart messages', () => {
    assert.equal(textBody(Buffer.from('Content-Transfer-Encoding: quoted-printable\r\n\r\nSch=C3=B6n=\r\n gr=C3=BC=C3=9Fe')), 'Schön grüße');
    assert.equal(textBody(Buffer.from(`Content-Transfer-Encoding: base64\r\n\r\n${Buffer.from('hello there').toString('base64')}\r\n`)), 'hello there');
    const multipart = 'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--b1\r\nContent-Type: text/plain\r\n\r\nthe scan\r\n--b1--\r\n';
    assert.equal(textBody(Buffer.from(multipart)).trim(), 'the scan');
    assert.equal(textBody(Buffer.from('Content-Type: image/png\r\n\r\n\x89PNG')), '');
  });

  it('survives hostile input', () => {
    const nested = `${'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n'.repeat(50)}`;
    for (const raw of ['', 'no headers at all', ':\r\n: :\r\n\r\n', nested, 'Subject: =?bogus-charset?B?AAAA?=\r\n\r\n', `X: ${'a'.repeat(300_000)}`]) {
      assert.doesNotThrow(() => { splitMessage(Buffer.from(raw)); textBody(Buffer.from(raw)); }, raw.slice(0, 30));
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../util/errors.js';
import { parseTarget, parseTargets } from './target.js';

describe('parseTarget', () => {
  const valid: [string, string, number, boolean][] = [
    ['relay01.corp.example.com', 'relay01.corp.example.com', 25, false],
    ['relay01.corp.example.com.:2525', 'relay01.corp.example.com', 2525, false],
    ['10.0.0.5:587', '10.0.0.5', 587, false],
    ['10.0.0.5:465', '10.0.0.5', 465, true],
    ['[2001:db8::5]:587', '2001:db8::5', 587, false],
    ['[::1]', '::1', 25, false],
    ['::1', '::1', 25, false],
    ['smtps://mail.contoso.com', 'mail.contoso.com', 465, true],
    ['smtps://mail.contoso.com:2465', 'mail.contoso.com', 2465, true],
    ['submission://mail.contoso.com', 'mail.contoso.com', 587, false],
    ['SMTP://mail.contoso.com:26/', 'mail.contoso.com', 26, false],
  ];
  for (const [raw, host, port, implicitTls] of valid) {
    it(raw, () => assert.deepEqual(parseTarget(raw), { target: raw, host, port, implicitTls }));
  }

  const invalid: [string, RegExp][] = [
    ['relay:0', /port '0'/],
    ['relay:99999', /port '99999'/],
    ['relay:25x', /port '25x'/],
    ['relay:', /port ''/],
    ['[2001:db8::5', /missing '\]'/],
    ['[::1]x', /expected ':PORT'/],
    ['a:b:25', /\[ADDRESS\]:PORT/],
    ['bad host!', /not a host name/],
    ['', /not a host name/],
  ];
  for (const [raw, message] of invalid) {
    it(`refuses '${raw}'`, () => assert.throws(() => parseTarget(raw), (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }
});

describe('parseTargets', () => {
  it('splits commas, drops repeats of the same host:port, keeps order', () => {
    const targets = parseTargets(['relay01:25,relay02', 'RELAY01', '10.0.0.5:587']);
    assert.deepEqual(targets.map((t) => `${t.host}:${t.port}`), ['relay01:25', 'relay02:25', '10.0.0.5:587']);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderJunit } from './junit.js';
import { renderResults } from './render.js';
import { buildResults } from './results.js';
import type { ItemResult } from './types.js';

const items: ItemResult[] = [
  { id: 'printer-1', name: 'Printer <3rd floor> & "co"', target: 'smtp-oauth', status: 'fail', endpoint: 'smtp.office365.com:587', ms: 1200, checks: [
    { name: 'dns', status: 'pass', ms: 3, reply: 'smtp.office365.com resolves to 1.2.3.4', code: null, diagnosis: null, hint: null },
    { name: 'auth', status: 'fail', ms: 40, reply: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.', code: '535 5.7.139', diagnosis: 'SMTP AUTH is turned off for this mailbox.', hint: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false', attempts: 1 },
    { name: 'mail-from', status: 'skipped', ms: 0, reply: null, code: null, diagnosis: 'skipped: auth did not pass', hint: null },
    { name: 'starttls', status: 'warn', ms: 9, reply: 'STARTTLS: TLSv1.2 \u0001ctl', code: null, diagnosis: 'old', hint: null },
  ] },
  { id: 'app-2', target: 'graph', status: 'pass', checks: [{ name: 'token', status: 'pass', ms: 5, reply: 'token 😀', code: null, diagnosis: null, hint: null }] },
];

describe('JUnit and the screen', () => {
  it('writes well-formed JUnit: a suite per item, a case per check, failures with reply, diagnosis and fix', () => {
    const xml = renderJunit(buildResults(items, { plan: 'plan.yaml', send: false, ms: 1500 }));
    // an XML parser no one here wrote
    const parsed = spawnSync('python3', ['-c', `
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
for s in root.findall('testsuite'):
    print(s.get('name'), s.get('tests'), s.get('failures'), s.get('skipped'))
    for c in s.findall('testcase'):
        f = c.find('failure')
        print(' ', c.get('name'), 'failure' if f is not None else ('skipped' if c.find('skipped') is not None else 'ok'), (f.text or '').replace('\\n', ' | ') if f is not None else '')
`], { input: xml, encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.equal(parsed.stdout, [
      'Printer <3rd floor> & "co" 4 1 1',
      '  dns ok ',
      '  auth failure reply: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. | diagnosis: SMTP AUTH is turned off for this mailbox. | fix: Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
      '  mail-from skipped ',
      '  starttls ok ',
      'app-2 1 0 0',
      '  token ok ',
      '',
    ].join('\n'));
  });

  it('shows a doctor-style list: a mark per check, the reply, then diagnosis and fix for failures', () => {
    const text = renderResults(buildResults(items, { plan: null, send: false }), false);
    assert.match(text, /^✗ Printer <3rd floor> & "co"  smtp-oauth  smtp\.office365\.com:587$/m);
    assert.match(text, /^ {4}✗ auth +40 ms  535 5\.7\.139 Authentication unsuccessful/m);
    assert.match(text, /^ {27}SMTP AUTH is turned off for this mailbox\.$/m);
    assert.match(text, /^ {27}fix: Set-CASMailbox/m);
    assert.match(text, /^ {4}– mail-from +0 ms  skipped: auth did not pass$/m);
    assert.match(text, /2 paths verified \(nothing sent: add --send to deliver test messages\): 1 passed, 0 with warnings, 1 failed, 0 skipped\.$/);
    assert.ok(!/\x1b\[/.test(text), 'no colour when asked for none');
  });
});

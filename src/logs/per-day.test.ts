// The per-day table and the totals count rejects alike, in every format: once per refused attempt, and an
// authentication failure (booked to its sender) is no reject in either.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from './test-support.js';

const LOGS: [string, string, string][] = [
  ['postfix', 'mail.log', [
    'Nov 24 10:00:00 relay01 postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[10.20.9.99]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<a@contoso.com> to=<x@gmail.com> proto=ESMTP helo=<pc>',
    'Nov 24 10:01:00 relay01 postfix/smtpd[101]: warning: unknown[10.20.9.98]: SASL LOGIN authentication failed: UGFzc3dvcmQ6',
  ].join('\n')],
  ['sendmail', 'maillog', [
    'Nov 24 09:10:00 mailhost sm-mta[4120]: 5AO8xAaB004120: ruleset=check_rcpt, arg1=<x@gmail.com>, relay=[10.20.9.99], reject=550 5.7.1 <x@gmail.com>... Relaying denied. IP name lookup failed [10.20.9.99]',
    'Nov 24 09:11:00 mailhost sm-mta[4121]: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=ops, relay=[10.20.9.98]',
  ].join('\n')],
  ['exim', 'mainlog', [
    '2026-11-24 10:00:00 H=(pc) [10.20.9.99] F=<a@contoso.com> rejected RCPT <x@gmail.com>: relay not permitted',
    '2026-11-24 10:01:00 login authenticator failed for (pc) [10.20.9.98]: 535 Incorrect authentication data (set_id=ops)',
  ].join('\n')],
];

describe('rejects per day', () => {
  for (const [format, name, text] of LOGS) {
    it(`${format}: one relay refusal is one reject, in the totals and in its day; the auth failure is its sender's`, async () => {
      const report = await analyzeText(name, `${text}\n`);
      assert.equal(report.files[0].format, format);
      assert.equal(report.totals.rejected, 1);
      const days = Object.values(report.perDay ?? {});
      assert.equal(days.reduce((sum, d) => sum + d.rejected, 0), 1, JSON.stringify(report.perDay));
      assert.equal(senderOf(report, '10.20.9.99').rejected.relayDenied, 1);
      assert.equal(senderOf(report, '10.20.9.98').rejected.authFailed, 1);
    });
  }
});

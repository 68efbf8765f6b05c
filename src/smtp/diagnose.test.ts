import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseFailure, diagnoseReply } from './diagnose.js';
import type { SmtpReply, SmtpStep } from './types.js';

function reply(text: string): SmtpReply {
  const m = /^(\d{3}) (?:([245]\.\d+\.\d+) )?(.*)$/.exec(text)!;
  return { code: Number(m[1]), enhanced: m[2] ?? null, lines: [`${m[2] ? `${m[2]} ` : ''}${m[3]}`] };
}

describe('diagnoseReply', () => {
  const cases: [string, SmtpStep, RegExp, boolean][] = [
    ['554 5.7.1 <x@example.net>: Relay access denied', 'rcpt', /refuses to relay/, false],
    ['550 5.7.64 TenantAttribution; Relay Access Denied', 'rcpt', /no OnPremises inbound connector/, false],
    ['451 5.7.3 STARTTLS is required to send mail', 'mail', /skipped STARTTLS/, false],
    ['530 5.7.0 Must issue a STARTTLS command first', 'mail', /requires STARTTLS/, false],
    ['421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.', 'banner', /TLS 1\.2 or later/, false],
    ['535 5.7.139 Authentication unsuccessful, user is locked by your organization\'s security defaults policy.', 'auth', /security defaults/, false],
    ['535 5.7.8 Error: authentication failed: authentication failure', 'auth', /wrong user name, password or token/, false],
    ['550 5.7.30 Basic authentication is not supported for Client Submission.', 'auth', /Basic authentication .* removed/, false],
    ['530 5.7.57 Client not authenticated to send mail.', 'mail', /MAIL FROM without a successful AUTH/, false],
    ['530 5.7.0 Authentication required', 'mail', /requires authentication/, false],
    ['421 4.4.2 mail.example.com Error: timeout exceeded', 'mail', /closing the connection/, true],
    ['554 5.7.1 Service unavailable; client [192.0.2.1] blocked', 'banner', /refuses connections/, false],
    ['451 4.3.0 Temporary failure', 'rcpt', /temporarily refused RCPT TO/, true],
    ['500 5.5.2 Error: command not recognized', 'ehlo', /does not support this command/, false],
  ];
  for (const [text, step, expected, transient] of cases) {
    it(`${text.slice(0, 40)} at ${step}`, () => {
      const d = diagnoseReply(reply(text), step);
      assert.match(d.diagnosis, expected);
      assert.equal(d.transient, transient);
    });
  }
});

describe('diagnoseFailure', () => {
  const ctx = { host: 'relay01.corp.example.com', port: 25, timeoutMs: 2500, implicitTls: false };
  it('names the step and the timeout, with a hint for a silent greeting', () => {
    const d = diagnoseFailure('timeout', 'banner', 'x', ctx);
    assert.equal(d.diagnosis, 'no answer within 2.5 s waiting for the greeting');
    assert.match(d.hint ?? '', /implicit TLS/);
  });
  it('says plain text met implicit TLS', () => {
    assert.match(diagnoseFailure('tls-handshake', 'connect', 'wrong version number', { ...ctx, implicitTls: true }).hint ?? '', /STARTTLS, not implicit TLS/);
  });
  it('names DNS and refused plainly', () => {
    assert.match(diagnoseFailure('dns', 'resolve', 'ENOTFOUND', ctx).diagnosis, /relay01\.corp\.example\.com does not resolve/);
    assert.match(diagnoseFailure('refused', 'connect', 'ECONNREFUSED', ctx).diagnosis, /connection refused/);
  });
});

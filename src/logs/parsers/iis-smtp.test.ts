import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';
import { detectFormat } from './index.js';

const HEAD = `#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2026-11-25 00:00:00
#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)
`;
const row = (time: string, ip: string, user: string, method: string, query: string, status: number, bytes = 20) =>
  `2026-11-25 ${time} ${ip} ${user} SMTPSVC1 IIS01 10.20.1.6 0 ${method} - ${query} ${status} 0 40 ${bytes} 0 SMTP - - - -`;

const LOG = `${HEAD}${[
  row('07:00:01', '10.20.3.20', 'OPS01', 'EHLO', '+OPS01', 250),
  row('07:00:01', '10.20.3.20', 'OPS01', 'MAIL', '+FROM:<reports@contoso.com>', 250),
  row('07:00:01', '10.20.3.20', 'OPS01', 'RCPT', '+TO:<it-ops@contoso.com>', 250),
  row('07:00:01', '10.20.3.20', 'OPS01', 'RCPT', '+TO:<oncall@contoso.com>', 250),
  row('07:00:02', '10.20.3.20', 'OPS01', 'DATA', '<1@IIS01>', 250, 5120),
  row('07:00:02', '10.20.3.20', 'OPS01', 'QUIT', 'OPS01', 240),
  row('07:00:05', '52.96.91.34', 'OutboundConnectionCommand', 'MAIL', 'FROM:<reports@contoso.com>', 0),
  row('08:00:00', '10.20.2.20', 'web02', 'EHLO', '+web02.corp.contoso.com', 250),
  row('08:00:00', '10.20.2.20', 'web02', 'AUTH', '+LOGIN', 235),
  row('08:00:00', '10.20.2.20', 'web02', 'MAIL', '+FROM:<orders@contoso.com>+SIZE=9000', 250),
  row('08:00:00', '10.20.2.20', 'web02', 'RCPT', '+TO:<anna@gmail.com>', 250),
  row('08:00:01', '10.20.2.20', 'web02', 'DATA', '<2@IIS01>', 250, 9000),
  row('09:00:00', '10.20.9.99', 'DS918', 'EHLO', '+DS918', 250),
  row('09:00:00', '10.20.9.99', 'DS918', 'AUTH', '+LOGIN', 535),
  row('09:00:00', '10.20.9.99', 'DS918', 'MAIL', '+FROM:<nas01@contoso.com>', 250),
  row('09:00:01', '10.20.9.99', 'DS918', 'RCPT', '+TO:<x@gmail.com>', 550),
  '2026-11-25 09:00:02 10.20.9.99 garbage R365CANARY',
  '\u0000\u0001\u0002 R365CANARY',
].join('\r\n')}\r\n`;

describe('iis-smtp (W3C extended)', () => {
  it('groups command rows into messages per client and skips the service\'s own outbound rows', async () => {
    const report = await analyzeText('ex261125.log', LOG, { internalDomains: ['contoso.com'] });
    assert.equal(report.files[0].format, 'iis-smtp');
    assert.deepEqual(report.files[0].relays, ['iis01']);
    const ops = senderOf(report, '10.20.3.20');
    assert.equal(ops.host, 'OPS01');
    assert.equal(ops.messages, 1);
    assert.equal(ops.recipients, 2);
    assert.equal(ops.internalRecipients, 2);
    assert.deepEqual(ops.tls, { none: 1 });
    assert.equal(ops.firstSeen, '2026-11-25T07:00:02Z');
    const web = senderOf(report, '10.20.2.20');
    assert.deepEqual(web.auth, { LOGIN: 1 });
    assert.equal(web.externalRecipients, 1);
    assert.equal(report.senders.filter((s) => s.ip === '52.96.91.34').length, 0);
    assert.equal(report.totals.received, 2);
    assert.equal(report.totals.bytesReceived, 5120 + 9000);
  });

  it('counts refused recipients and failed AUTH; bad rows become warnings without their text', async () => {
    const report = await analyzeText('ex261125.log', LOG);
    assert.deepEqual(senderOf(report, '10.20.9.99').rejected, { relayDenied: 1, authFailed: 1, other: 0 });
    assert.deepEqual(report.warnings.map((w) => [w.line, w.code]), [[21, 'unknown-line'], [22, 'binary']]);
    assert.doesNotMatch(JSON.stringify(report), /R365CANARY/);
  });

  it('is not an IIS web log, which has the same W3C header (rows of HTTP methods, the W3SVC site)', () => {
    const web = ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0',
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
      '2026-11-25 06:00:07 10.20.1.6 GET /default.aspx - 443 - 10.20.3.20 Mozilla/5.0 - 200 0 0 15'];
    assert.equal(detectFormat(web), null);
    const site = HEAD.trim().split('\n').concat('2026-11-25 06:00:07 10.20.3.20 - W3SVC1 IIS01 10.20.1.6 80 GET /x - 200 0 40 20 0 HTTP/1.1 - - - -');
    assert.equal(detectFormat(site), null);
    assert.equal(detectFormat(HEAD.trim().split('\n').concat(row('06:00:07', '10.20.3.20', 'OPS01', 'EHLO', '+OPS01', 250))), 'iis-smtp');
    assert.equal(detectFormat(HEAD.trim().split('\n')), 'iis-smtp', 'a log of headers only keeps its header\'s word');
  });
});


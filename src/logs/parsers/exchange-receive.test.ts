import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';

const row = (seq: number, session: string, remote: string, event: string, data: string, context = '') =>
  `2026-11-25T08:00:${String(seq).padStart(2, '0')}.000Z,EX01\\Default Frontend EX01,${session},${seq},10.20.1.7:25,${remote},${event},${data},${context}`;

const A = '08DF000000000001';
const B = '08DF000000000002';
const LOG = `#Software: Microsoft Exchange Server
#Version: 15.02.1544.004
#Log-type: SMTP Receive Protocol Log
#Date: 2026-11-25T08:00:00.000Z
#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
${[
  row(0, A, '10.20.1.15:50001', '+', '', ''),
  row(1, A, '10.20.1.15:50001', '>', '"220 EX01.contoso.com Microsoft ESMTP MAIL Service ready"', ''),
  row(2, A, '10.20.1.15:50001', '<', 'EHLO mfp-3rdfloor', ''),
  row(3, A, '10.20.1.15:50001', '>', '250 EX01.contoso.com Hello', ''),
  row(4, A, '10.20.1.15:50001', '<', 'STARTTLS', ''),
  row(5, A, '10.20.1.15:50001', '>', '220 2.0.0 SMTP server ready', ''),
  row(6, A, '10.20.1.15:50001', '*', '', '"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA1 with strength 160 bits and key exchange algorithm CALG_ECDHE with strength 256 bits"'),
  row(7, A, '10.20.1.15:50001', '<', 'AUTH LOGIN', ''),
  row(8, A, '10.20.1.15:50001', '>', '334 VXNlcm5hbWU6', ''),
  row(9, A, '10.20.1.15:50001', '<', 'c2Nhbm5lckBjb250b3NvLmNvbQ==', ''),
  row(10, A, '10.20.1.15:50001', '>', '334 UGFzc3dvcmQ6', ''),
  row(11, A, '10.20.1.15:50001', '<', 'UjM2NUNBTkFSWS1wYXNzd29yZA== R365CANARY-password', ''),
  row(12, A, '10.20.1.15:50001', '*', 'CONTOSO\\svc-scanner', 'authenticated'),
  row(13, A, '10.20.1.15:50001', '>', '235 2.7.0 Authentication successful', ''),
  row(14, A, '10.20.1.15:50001', '<', 'MAIL FROM:<scanner@contoso.com> SIZE=48211', ''),
  row(15, A, '10.20.1.15:50001', '<', 'RCPT TO:<alice@contoso.com>', ''),
  row(16, A, '10.20.1.15:50001', '<', 'RCPT TO:<bob@example.org>', ''),
  row(17, A, '10.20.1.15:50001', '>', '250 2.1.0 Sender OK', ''),
  row(18, A, '10.20.1.15:50001', '>', '250 2.1.5 Recipient OK', ''),
  row(19, A, '10.20.1.15:50001', '>', '250 2.1.5 Recipient OK', ''),
  row(20, A, '10.20.1.15:50001', '<', 'BDAT 48211 LAST', ''),
  row(21, A, '10.20.1.15:50001', '>', '"250 2.6.0 <x@mfp> [InternalId=1] Queued mail for delivery"', ''),
  row(22, A, '10.20.1.15:50001', '-', '', 'Local'),
  row(23, B, '10.20.9.99:51000', '+', '', ''),
  row(24, B, '10.20.9.99:51000', '<', 'EHLO DS918', ''),
  row(25, B, '10.20.9.99:51000', '>', '250 EX01.contoso.com Hello', ''),
  row(26, B, '10.20.9.99:51000', '<', 'MAIL FROM:<nas01@contoso.com>', ''),
  row(27, B, '10.20.9.99:51000', '>', '250 2.1.0 Sender OK', ''),
  row(28, B, '10.20.9.99:51000', '<', 'RCPT TO:<x@gmail.com>', ''),
  row(29, B, '10.20.9.99:51000', '>', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', ''),
  row(30, B, '10.20.9.99:51000', '-', '', 'Remote'),
  'garbage,without,a,date',
].join('\n')}
`;

describe('exchange-receive (SMTP receive protocol log)', () => {
  it('follows each session: TLS protocol, AUTH, MAIL/RCPT, the queued reply', async () => {
    const report = await analyzeText('RECV2026112508-1.LOG', LOG, { internalDomains: ['contoso.com'] });
    assert.equal(report.files[0].format, 'exchange-receive');
    const mfp = senderOf(report, '10.20.1.15');
    assert.equal(mfp.host, 'mfp-3rdfloor');
    assert.equal(mfp.saslUser, 'CONTOSO\\svc-scanner');
    assert.deepEqual(mfp.tls, { TLSv1: 1 });
    assert.deepEqual(mfp.auth, { LOGIN: 1 });
    assert.equal(mfp.messages, 1);
    assert.equal(mfp.recipients, 2);
    assert.equal(mfp.relay, 'ex01');
  });

  it('counts the refused relay, ignores SASL exchange lines and never echoes them', async () => {
    const report = await analyzeText('RECV2026112508-1.LOG', LOG);
    assert.deepEqual(senderOf(report, '10.20.9.99').rejected, { relayDenied: 1, authFailed: 0, other: 0 });
    assert.deepEqual(report.warnings.map((w) => w.line), [37]);
    const json = JSON.stringify(report);
    assert.doesNotMatch(json, /R365CANARY|UjM2NUNBTkFSWS1wYXNzd29yZA|c2Nhbm5lckBjb250b3NvLmNvbQ/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';

const FIELDS = 'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version';
const row = (time: string, ip: string, host: string, source: string, event: string, id: number, rcpts: string, bytes: number, subject: string, sender: string) =>
  `2026-11-25T${time}.123Z,${ip},${host},10.20.1.7,EX01,08DF;2026-11-25T${time}.000Z;0,"EX01\\Default Frontend EX01",${source},${event},${id},<${id}@contoso.com>,net-${id},${rcpts},,${bytes},${rcpts.split(';').length},,,"${subject}",${sender},${sender},,Originating,,,,,Email,log-${id},15.02.1544.004`;

const LOG = `\uFEFF#Software: Microsoft Exchange Server
#Version: 15.02.1544.004
#Log-type: Message Tracking Log
#Date: 2026-11-25T00:00:00.000Z
#Fields: ${FIELDS}
${row('07:00:01', '10.20.1.15', 'mfp-3rdfloor.corp.contoso.com', 'SMTP', 'RECEIVE', 1, 'alice@contoso.com;bob@example.org', 48211, 'Scan from MFP, "R365CANARY" inside', 'scanner@contoso.com')}
${row('07:00:02', '10.20.1.15', 'mfp-3rdfloor.corp.contoso.com', 'SMTP', 'SEND', 1, 'bob@example.org', 48211, 'x', 'scanner@contoso.com')}
${row('07:00:02', '', '', 'STOREDRIVER', 'DELIVER', 1, 'alice@contoso.com', 48211, 'x', 'scanner@contoso.com')}
${row('07:05:00', '', '', 'STOREDRIVER', 'RECEIVE', 2, 'carol@contoso.com', 900, 'mailbox submission, not a relay client', 'dave@contoso.com')}
${row('07:06:00', '10.20.2.10', 'app01.corp.contoso.com', 'SMTP', 'RECEIVE', 3, 'ghost@contoso.com', 700, 'x', 'noreply@contoso.com')}
${row('07:06:01', '', '', 'ROUTING', 'FAIL', 3, 'ghost@contoso.com', 700, 'x', 'noreply@contoso.com')}
${row('07:06:02', '', '', 'SMTP', 'DEFER', 4, 'later@example.net', 700, 'x', 'noreply@contoso.com')}
2026-11-25T07:07:00.000Z,"unterminated R365CANARY
`;

describe('exchange-tracking', () => {
  it('counts SMTP RECEIVE events per client and the outcomes of delivery', async () => {
    const report = await analyzeText('MSGTRK2026112507-1.LOG', LOG, { internalDomains: ['contoso.com'] });
    assert.equal(report.files[0].format, 'exchange-tracking');
    assert.deepEqual(report.files[0].relays, ['ex01']);
    const mfp = senderOf(report, '10.20.1.15');
    assert.equal(mfp.host, 'mfp-3rdfloor.corp.contoso.com');
    assert.equal(mfp.messages, 1);
    assert.equal(mfp.recipients, 2);
    assert.equal(mfp.externalRecipients, 1);
    assert.equal(report.senders.some((s) => s.envelopeFrom.includes('dave@contoso.com')), false, 'STOREDRIVER submissions are not relay clients');
    const t = report.totals;
    assert.deepEqual([t.received, t.delivered, t.bounced, t.deferrals, t.deferred], [2, 2, 1, 1, 1]);
  });

  it('a broken row is a warning with its line, and the subject never leaks', async () => {
    const report = await analyzeText('MSGTRK2026112507-1.LOG', LOG);
    assert.deepEqual(report.warnings.map((w) => [w.line, w.code]), [[13, 'unknown-line']]);
    assert.doesNotMatch(JSON.stringify(report), /R365CANARY/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';

const CSV = `\uFEFFSender address,Domain,TLS 1.0,TLS 1.1,TLS 1.2,Messages sent,Authentication Protocol
scanner@contoso.com,contoso.com,100%,0%,0%,420,Basic
app@contoso.com,contoso.com,0,0,100,1200,OAuth
App@Contoso.com,contoso.com,0,0,100,300,Basic
"quoted, with comma",contoso.com,x,x,x,x,x
`;

describe('eac-smtp-auth (EAC "SMTP AUTH clients" export)', () => {
  it('turns each sender address into a sender with TLS versions and Basic vs OAuth', async () => {
    const report = await analyzeText('smtp-auth-clients.csv', CSV);
    assert.equal(report.files[0].format, 'eac-smtp-auth');
    const scanner = senderOf(report, 'scanner@contoso.com');
    assert.equal(scanner.messages, 420);
    assert.deepEqual(scanner.tls, { TLSv1: 420 });
    assert.deepEqual(scanner.auth, { basic: 420 });
    assert.equal(scanner.relay, 'smtp.office365.com');
    const app = senderOf(report, 'app@contoso.com');
    assert.equal(app.messages, 1500, 'rows of one address (any case) add up');
    assert.deepEqual(app.auth, { oauth: 1200, basic: 300 });
    assert.deepEqual(app.tls, { 'TLSv1.2': 1500 });
    assert.equal(report.totals.received, 1920);
    assert.deepEqual(report.warnings.map((w) => w.line), [5]);
  });
});

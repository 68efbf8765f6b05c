import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';

const LOG = `Nov 24 09:00:01 mailhost sm-mta[4101]: STARTTLS=server, relay=mfp.corp.contoso.com [10.20.1.15], version=TLSv1, verify=NO, cipher=AES256-SHA, bits=256/256
Nov 24 09:00:01 mailhost sm-mta[4101]: 5AO8x1aB004101: from=<scanner@contoso.com>, size=48211, class=0, nrcpts=2, msgid=<R365CANARY-msgid@mfp>, proto=ESMTPS, daemon=MTA, relay=mfp.corp.contoso.com [10.20.1.15]
Nov 24 09:00:02 mailhost sm-mta[4102]: 5AO8x1aB004101: to=<alice@contoso.com>,<bob@Example.org>, delay=00:00:01, xdelay=00:00:01, mailer=relay, pri=168211, relay=smtp.office365.com. [52.96.91.34], dsn=2.0.0, stat=Sent (OK <x> [Hostname=AM0])
Nov 24 09:05:00 mailhost sm-mta[4110]: AUTH=server, relay=backup01.corp.contoso.com [10.20.3.7], authid=backup01, mech=PLAIN, bits=0
Nov 24 09:05:00 mailhost sm-mta[4110]: 5AO8x1aB004110: from=<backup-reports@hotmail.com>, size=1200, class=0, nrcpts=1, msgid=<b@backup01>, proto=ESMTPSA, daemon=MTA, relay=backup01.corp.contoso.com [10.20.3.7]
Nov 24 09:05:01 mailhost sm-mta[4111]: 5AO8x1aB004110: to=<it-ops@contoso.com>, delay=00:00:01, xdelay=00:00:01, mailer=relay, pri=31200, relay=smtp.office365.com. [52.96.91.34], dsn=4.0.0, stat=Deferred: Connection timed out with smtp.office365.com.
Nov 24 09:35:01 mailhost sm-mta[4130]: 5AO8x1aB004110: to=<it-ops@contoso.com>, delay=00:30:01, xdelay=00:00:01, mailer=relay, pri=121200, relay=smtp.office365.com. [52.96.91.34], dsn=2.0.0, stat=Sent (OK)
Nov 24 09:10:00 mailhost sm-mta[4120]: 5AO8xAaB004120: ruleset=check_rcpt, arg1=<x@gmail.com>, relay=[10.20.9.99], reject=550 5.7.1 <x@gmail.com>... Relaying denied. IP name lookup failed [10.20.9.99]
Nov 24 09:11:00 mailhost sm-mta[4121]: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=R365CANARY-user, relay=[10.20.9.99]
Nov 24 09:12:00 mailhost sm-msp-queue[4200]: 5AO8xCaB004200: from=root, size=312, class=0, nrcpts=1, msgid=<y@mailhost>, relay=root@localhost
Nov 24 09:12:01 mailhost sm-mta[4101]: 5AO8x1aB00\u0000\u0001 password=R365CANARY-garbage
\u0000\u00ff\u00fe garbage R365CANARY
Nov 24 09:13:00 mailhost sm-mta[4101]: 5AO8x1aB004101: to=<alice@contoso.com
`;

describe('sendmail', () => {
  it('reads clients, TLS and AUTH per connection, deliveries and deferrals', async () => {
    const report = await analyzeText('maillog', LOG, { internalDomains: ['contoso.com'] });
    assert.equal(report.files[0].format, 'sendmail');
    const mfp = senderOf(report, '10.20.1.15');
    assert.equal(mfp.host, 'mfp.corp.contoso.com');
    assert.deepEqual(mfp.tls, { TLSv1: 1 });
    assert.deepEqual(mfp.envelopeFrom, ['scanner@contoso.com']);
    assert.equal(mfp.recipients, 2);
    assert.equal(mfp.internalRecipients, 1);
    assert.equal(mfp.externalRecipients, 1);
    const backup = senderOf(report, '10.20.3.7');
    assert.equal(backup.saslUser, 'backup01');
    assert.deepEqual(backup.auth, { PLAIN: 1 });
    assert.equal(backup.recipients, 1, 'a deferred then delivered recipient counts once');
    const local = senderOf(report, 'localhost');
    assert.equal(local.via, 'local');
    assert.equal(report.totals.received, 3);
    assert.equal(report.totals.delivered, 3);
    assert.equal(report.totals.deferrals, 1);
    assert.equal(report.totals.deferred, 1);
  });

  it('counts relay denials and authentication failures, and survives garbage without echoing it', async () => {
    const report = await analyzeText('maillog', LOG);
    const nas = senderOf(report, '10.20.9.99');
    assert.deepEqual(nas.rejected, { relayDenied: 1, authFailed: 1, other: 0 });
    assert.equal(report.totals.rejected, 1);
    assert.ok(report.warnings.some((w) => w.code === 'binary' && w.line === 12), JSON.stringify(report.warnings));
    assert.doesNotMatch(JSON.stringify(report), /R365CANARY/);
  });

  it('reads sendmail under its state names (sm-acceptingconnections) and with Solaris [ID … mail.info] tags', async () => {
    const accepting = await analyzeText('maillog', [
      'Feb 25 03:01:10 kismet sm-acceptingconnections[27713]: s1P819mk027713: ruleset=check_rcpt, arg1=<a@freemail.example>, relay=host.example [128.68.136.133], reject=550 5.7.1 <a@freemail.example>... Relaying denied. Proper authentication required.',
      '',
    ].join('\n'));
    assert.equal(accepting.files[0].format, 'sendmail');
    assert.equal(accepting.totals.rejected, 1);
    assert.equal(senderOf(accepting, '128.68.136.133').rejected.relayDenied, 1);
    const solaris = await analyzeText('maillog', [
      'Jan 12 00:10:18 PONTUS sendmail[5727]: [ID 801593 mail.info] t0BNA1Lo005727: from=sa@contoso.com, size=176, class=0, nrcpts=1, msgid=<x@PONTUS>, relay=root@localhost',
      'Jan 12 00:10:34 PONTUS sendmail[5914]: [ID 801593 mail.info] t0BNA1Lo005727: to=cc@contoso.com, delay=00:00:33, xdelay=00:00:16, mailer=relay, pri=120176, relay=mailhost.contoso.com. [10.10.8.90], dsn=2.0.0, stat=Sent (queued)',
      '',
    ].join('\n'));
    assert.deepEqual([solaris.totals.received, solaris.totals.delivered], [1, 1]);
  });

  it('counts no message for a session whose every recipient was refused (nrcpts=0)', async () => {
    const report = await analyzeText('maillog', [
      'Aug 11 05:55:40 relay sendmail[25741]: q7B4teTq025741: ruleset=check_rcpt, arg1=<x@gmail.com>, relay=pc.example [10.23.4.224] (may be forged), reject=550 5.7.1 <x@gmail.com>... Relaying denied. IP name possibly forged [10.23.4.224]',
      'Aug 11 05:55:40 relay sendmail[25741]: q7B4teTq025741: from=<root@contoso.com>, size=1741, class=0, nrcpts=0, proto=ESMTP, daemon=MTA-v4, relay=pc.example [10.23.4.224] (may be forged)',
      '',
    ].join('\n'));
    assert.deepEqual([report.totals.received, report.totals.bytesReceived, report.totals.rejected], [0, 0, 1]);
    const pc = senderOf(report, '10.23.4.224');
    assert.deepEqual([pc.messages, pc.envelopeFrom, pc.rejected.relayDenied], [0, ['root@contoso.com'], 1]);
  });

  it('believes the relay= Sendmail writes last, not one planted in a user name; counts possible SMTP attacks against the client', async () => {
    const log = [
      'Nov 24 09:20:00 mailhost sm-mta[4301]: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=x, relay=victim.corp.contoso.com [10.20.0.5], relay=[203.0.113.66]',
      'Nov 24 09:21:00 mailhost sm-mta[4302]: 5AO8xDaB004302: guesser.example.net [203.0.113.77]: possible SMTP attack: command=AUTH, count=6',
      'Nov 24 09:22:00 mailhost sm-mta[4303]: spammer.example.net [203.0.113.88]: possible SMTP attack: command=RCPT, count=101',
    ].join('\n');
    const report = await analyzeText('maillog', `${LOG}${log}\n`, { internalDomains: ['contoso.com'] });
    assert.ok(!report.senders.some((s) => s.ip === '10.20.0.5'), 'no sender from an address planted in a user name');
    assert.equal(senderOf(report, '203.0.113.66').rejected.authFailed, 1);
    assert.equal(senderOf(report, '203.0.113.77').rejected.authFailed, 1);
    assert.equal(senderOf(report, '203.0.113.88').rejected.other, 1);
  });
});


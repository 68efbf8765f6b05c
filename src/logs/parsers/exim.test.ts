import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, senderOf } from '../test-support.js';

const LOG = `2026-11-24 09:00:01 1vABCd-000123-AB <= scanner@contoso.com H=mfp.corp.contoso.com (mfp) [10.20.1.15]:50123 I=[10.20.1.5]:25 P=esmtps X=TLS1.0:ECDHE-RSA-AES256-SHA:256 CV=no S=48211 id=x@mfp T="R365CANARY subject" for alice@contoso.com bob@example.org
2026-11-24 09:00:02 1vABCd-000123-AB => alice@contoso.com R=smarthost T=remote_smtp_smarthost H=smtp.office365.com [52.96.91.34] X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 C="250 2.6.0 Queued"
2026-11-24 09:00:02 1vABCd-000123-AB -> bob@example.org R=smarthost T=remote_smtp_smarthost H=smtp.office365.com [52.96.91.34]
2026-11-24 09:00:02 1vABCd-000123-AB Completed
2026-11-24 09:05:00 1vABCe-000124-AB <= backup-reports@hotmail.com H=(backup01) [10.20.3.7]:40000 P=esmtpsa X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no A=plain:backup01 S=1200 id=b@backup01
2026-11-24 09:05:01 1vABCe-000124-AB == it-ops@contoso.com R=smarthost T=remote_smtp_smarthost defer (110): Connection timed out
2026-11-24 09:35:01 1vABCe-000124-AB => it-ops@contoso.com R=smarthost T=remote_smtp_smarthost H=smtp.office365.com [52.96.91.34]
2026-11-24 09:35:01 1vABCe-000124-AB Completed
2026-11-24 09:10:00 H=(DS918) [10.20.9.99]:51000 F=<nas01@contoso.com> rejected RCPT <x@gmail.com>: relay not permitted
2026-11-24 09:11:00 plain authenticator failed for (DS918) [10.20.9.99]:51001: 535 Incorrect authentication data (set_id=R365CANARY-user)
2026-11-24 09:12:00 1vABCf-000125-AB <= root@mailhost U=root P=local S=312
2026-11-24 09:12:01 1vABCf-000125-AB ** ghost@contoso.com R=smarthost: SMTP error from remote mail server after RCPT TO:<ghost@contoso.com>: 550 5.1.10 RESOLVER.ADR.RecipientNotFound
2026-11-24 09:12:
not a log line at all, password R365CANARY
`;

describe('exim', () => {
  it('reads arrivals with client, TLS, authenticator and size; deliveries, deferrals, failures', async () => {
    const report = await analyzeText('mainlog', LOG, { internalDomains: ['contoso.com'] });
    assert.equal(report.files[0].format, 'exim');
    const mfp = senderOf(report, '10.20.1.15');
    assert.equal(mfp.host, 'mfp.corp.contoso.com');
    assert.deepEqual(mfp.tls, { TLSv1: 1 });
    assert.equal(mfp.recipients, 2);
    assert.equal(mfp.externalRecipients, 1);
    const backup = senderOf(report, '10.20.3.7');
    assert.equal(backup.host, null, 'no reverse DNS: no host name (the HELO is what the client claims)');
    assert.equal(backup.helo, 'backup01', 'the HELO name, kept as such');
    assert.equal(backup.saslUser, 'backup01');
    assert.deepEqual(backup.auth, { plain: 1 });
    assert.deepEqual(backup.tls, { 'TLSv1.2': 1 });
    const local = senderOf(report, 'localhost');
    assert.equal(local.saslUser, 'root');
    assert.equal(local.via, 'local');
    const t = report.totals;
    assert.deepEqual([t.received, t.delivered, t.deferrals, t.deferred, t.bounced, t.bytesReceived], [3, 3, 1, 1, 1, 48211 + 1200 + 312]);
  });

  it('counts rejects and auth failures per client; garbage is reported by line, never echoed', async () => {
    const report = await analyzeText('mainlog', LOG);
    assert.deepEqual(senderOf(report, '10.20.9.99').rejected, { relayDenied: 1, authFailed: 1, other: 0 });
    assert.deepEqual(report.warnings.map((w) => w.line), [13, 14]);
    assert.doesNotMatch(JSON.stringify(report), /R365CANARY/);
  });

  it('files a local delivery under the full address it names, not its local part', async () => {
    const report = await analyzeText('mainlog', [
      '2026-11-24 09:00:01 1vABCf-000125-AB <= cron@contoso.com H=app01.corp.contoso.com [10.20.2.10] P=esmtp S=812',
      '2026-11-24 09:00:01 1vABCf-000125-AB => userx <userx@contoso.com> R=local_user T=mail_spool',
      '2026-11-24 09:00:01 1vABCf-000125-AB Completed',
      '',
    ].join('\n'), { internalDomains: ['contoso.com'] });
    const app = senderOf(report, '10.20.2.10');
    assert.equal(app.internalRecipients, 1);
    assert.deepEqual(Object.keys(app.recipientDomains ?? {}), ['contoso.com']);
    assert.equal(report.totals.recipients, 1);
  });

  it('counts the other refusals: local_scan(), MIME ACL, an ACL drop, a pipelining client, too many nonmail commands', async () => {
    const report = await analyzeText('mainlog', [
      '2013-06-09 10:21:28 [14127] 1UlasQ-0003fr-45 F=a@aol.example H=(mail38.spam.example) [46.254.240.82]:43671 I=[1.2.3.4]:25 P=esmtp rejected by local_scan(): Rejected',
      '2005-02-10 16:36:54 1CzGNB-0005qA-Dc H=(yourhost.example) [10.1.1.1] F=<mail@contoso.com> rejected during MIME ACL checks: BAD_ATTACHMENT: (.)',
      '2016-03-21 04:07:49 [25874] 1ahr79-0006jK-G9 SMTP connection from (voyeur.example) [174.137.147.204]:44884 I=[172.89.0.6]:25 closed by DROP in ACL',
      '2013-06-02 09:05:48 [18505] SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "RSET" H=ba77.example [82.96.160.77]:58302 I=[1.2.3.4]:25 next input="QUIT\\r\\n"',
      '2013-06-02 09:22:05 [19591] SMTP call from pc012.example [163.14.21.161]:3767 I=[1.2.3.4]:25 dropped: too many nonmail commands (last was "RSET")',
      '',
    ].join('\n'));
    assert.equal(report.files[0].format, 'exim', 'these lines alone are an Exim log');
    assert.equal(report.totals.rejected, 5);
    for (const ip of ['46.254.240.82', '10.1.1.1', '174.137.147.204', '82.96.160.77', '163.14.21.161']) assert.equal(senderOf(report, ip).rejected.other, 1, ip);
  });
});

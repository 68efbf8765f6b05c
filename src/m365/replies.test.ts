import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, findReply, isTransient, replyText, REPLIES, smtpReply, type ReplyInput } from './replies.js';

const VARS = { auth: 'a@contoso.com', from: 'b@contoso.com', user: 'u@contoso.com', client: 'app', tenant: 'contoso', scope: 's', resource: 'r', parameter: 'p', name: 'n' };

describe('reply catalogue', () => {
  it('has unique ids and a cause, fix and source for every entry', () => {
    assert.equal(new Set(REPLIES.map((r) => r.id)).size, REPLIES.length);
    for (const r of REPLIES) assert.ok(r.cause && r.fix && r.source && r.text, r.id);
  });

  it('recognises every reply it formats (the sandbox and verify read the same table)', () => {
    for (const entry of REPLIES) {
      const input: ReplyInput = entry.kind === 'smtp' || entry.kind === 'network' ? (entry.kind === 'smtp' ? smtpReply(entry.id, VARS, 'HOST.prod.outlook.com') : replyText(entry.id))
        : entry.kind === 'graph' ? { status: entry.code!, code: entry.detail!, message: replyText(entry.id, VARS) }
          : { status: entry.code!, code: 'invalid_client', message: `${entry.detail}: ${replyText(entry.id, VARS)}` };
      assert.equal(findReply(input)?.id, entry.id, `${entry.id}: ${JSON.stringify(input)}`);
    }
  });

  it('formats SMTP replies the way Exchange writes them', () => {
    assert.equal(smtpReply('basic-auth-disabled', {}, 'SN4PR0701CA0030.namprd07.prod.outlook.com'), '535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [SN4PR0701CA0030.namprd07.prod.outlook.com]');
    assert.equal(smtpReply('send-as-denied', { auth: 'info@contoso.com', from: 'noreply@contoso.com' }), '554 5.2.252 SendAsDenied; info@contoso.com not allowed to send as noreply@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.');
    assert.equal(smtpReply('legacy-tls'), '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls');
  });

  const seen: [ReplyInput, string, boolean][] = [
    ['535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [BN0PR04CA0012.namprd04.prod.outlook.com 2026-01-01T00:00:00.000Z 08DC1234]', 'basic-auth-disabled', false],
    ['Invalid login: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'smtp-auth-disabled-tenant', false],
    ['530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM [SN4PR0701CA0030.namprd07.prod.outlook.com]', 'not-authenticated', false],
    ['Cannot send message: 530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.', 'conditional-access', false],
    ['Invalid login: 535 5.7.3 Authentication unsuccessful [SN2PR00CA0018.namprd00.prod.outlook.com]', 'auth-failed', false],
    ['550 5.7.30 Basic authentication is not supported for Client Submission.', 'basic-auth-retired', false],
    ['432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded', 'concurrency-limit', true],
    ['432 4.3.2 Concurrent connections limit exceeded.', 'concurrency-limit', true],
    ['554 5.2.252 SendAsDenied; info@bizadmin.com.au not allowed to send as noreply@bizadmin.com.au; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied', 'send-as-denied', false],
    ['550 5.2.252 Sender throttled due to continuous send as denied errors.', 'send-as-throttled', false],
    ['554 5.7.60 SMTP; Client does not have permissions to send as this sender', 'send-as-ndr', false],
    ['421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls', 'legacy-tls', false],
    ['451 5.7.3 STARTTLS is required to send mail [LO4P123CA0001.GBRP123.PROD.OUTLOOK.COM]', 'starttls-required', false],
    ['554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message', 'submission-quota', false],
    ['550 5.7.64 TenantAttribution; Relay Access Denied', 'relay-denied', false],
    ['550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources', 'direct-send-rejected', false],
    ['550 5.7.708 Access denied, traffic not accepted from this IP', 'ip-blocked', false],
    ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.', 'unregistered-domain', false],
    ['550 5.7.1 Unable to relay', 'unable-to-relay', false],
    ['550 5.5.105 External sending is not supported for High Volume Email accounts', 'hve-external', false],
    ['451 4.7.500 Access denied, please try again later. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. (AS843)', 'ip-throttled', true],
    ['421 4.3.2 Service not available', 'service-unavailable', true],
    ['connect ECONNREFUSED 52.96.0.1:587', 'net-refused', false],
    ['unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', 'tls-untrusted', false],
    ['C0B7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'tls-on-plain-port', false],
    [{ status: 403, code: 'ErrorAccessDenied', message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.' }, 'graph-raop', false],
    [{ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' }, 'graph-access-denied', false],
    [{ status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' }, 'graph-rest-disabled', false],
    [{ status: 429, code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' }, 'graph-throttled', true],
    [{ status: 503 }, 'graph-unavailable', true],
    [{ status: 401, code: 'invalid_client', message: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '1234'." }, 'token-bad-secret', false],
    [{ status: 400, code: 'network_error', message: 'Network request failed: connect ETIMEDOUT 20.190.0.1:443' }, 'net-timeout', true],
  ];
  for (const [input, id, transient] of seen) {
    it(`${typeof input === 'string' ? input.slice(0, 60) : `HTTP ${input.status} ${input.code ?? ''}`} → ${id}`, () => {
      const d = diagnose(input);
      assert.equal(d.id, id);
      assert.equal(d.transient, transient);
      assert.equal(isTransient(input), transient);
    });
  }

  it('labels a reply by the codes it actually carried', () => {
    assert.equal(diagnose('535 5.7.139 Authentication unsuccessful, basic authentication is disabled.').code, '535 5.7.139');
    assert.equal(diagnose({ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' }).code, 'graph 403 ErrorAccessDenied');
    assert.equal(diagnose({ status: 401, message: 'AADSTS700016: Application not found' }).code, 'AADSTS700016');
  });

  it('reads unknown replies by their code class', () => {
    assert.deepEqual([diagnose('452 4.2.2 Over quota').id, diagnose('452 4.2.2 Over quota').transient], [null, true]);
    assert.deepEqual([diagnose('550 5.1.1 User unknown').transient, diagnose('550 5.1.1 User unknown').code], [false, '550 5.1.1']);
    assert.equal(diagnose('250 2.0.0 OK').cause, 'Accepted.');
    assert.equal(diagnose({ status: 418, message: 'teapot' }).transient, false);
    assert.equal(diagnose('something odd happened').transient, false);
  });
});

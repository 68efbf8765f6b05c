// Python's smtplib and urllib (code no one here wrote) against the sandbox: Exchange-like answers end to end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lastJson, runPython } from './support/python.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

// Shared Python: a token by a plain HTTP POST to the token endpoint, and an XOAUTH2 login.
const PRELUDE = String.raw`
import base64, json, smtplib, ssl, sys, urllib.parse, urllib.request, urllib.error
info = json.loads(sys.argv[1])
ctx = ssl.create_default_context(cafile=info['caFile'])
out = {}
def token(scope='https://outlook.office365.com/.default', secret=None):
    body = urllib.parse.urlencode({'grant_type': 'client_credentials', 'client_id': info['clientId'],
        'client_secret': secret or info['clientSecret'], 'scope': scope}).encode()
    with urllib.request.urlopen(urllib.request.Request(info['tokenEndpoint'], data=body), context=ctx) as r:
        return json.load(r)
def xoauth2(user, tok):
    return base64.b64encode(f"user={user}\x01auth=Bearer {tok}\x01\x01".encode()).decode()
def submission():
    s = smtplib.SMTP(info['submission']['host'], info['submission']['port'], timeout=20)
    s.ehlo('python.client')
    return s
def err(e):
    return [getattr(e, 'smtp_code', None), (getattr(e, 'smtp_error', b'') or b'').decode()]
`;

describe('Python smtplib against the sandbox', () => {
  let t: TestSandbox;
  const run = async (body: string) => lastJson(await runPython(`${PRELUDE}\n${body}\nprint(json.dumps(out))`, [JSON.stringify(t.info)]));

  before(async () => { t = await startTestSandbox(); });
  after(() => t.stop());

  it('sees STARTTLS offered, anonymous MAIL refused with 5.7.57, AUTH LOGIN refused with 5.7.139', async () => {
    const out = await run(String.raw`
s = submission()
out['starttls_offered'] = s.has_extn('starttls')
out['auth_before_tls'] = s.has_extn('auth')
out['mail'] = list(s.mail('scanner@contoso.com'))
out['mail'][1] = out['mail'][1].decode()
s.rset()
s.starttls(context=ctx)
s.ehlo('python.client')
out['auth_after_tls'] = s.esmtp_features.get('auth')
try:
    s.login('scanner@contoso.com', 'R365CANARY-python-password')
except smtplib.SMTPAuthenticationError as e:
    out['login'] = err(e)
s.quit()`);
    assert.equal(out.starttls_offered, true);
    assert.equal(out.auth_before_tls, false);
    assert.deepEqual(out.mail, [530, '5.7.57 Client not authenticated to send mail. [relay365-sandbox-submission]']);
    assert.equal(out.auth_after_tls, ' LOGIN XOAUTH2');
    assert.deepEqual(out.login, [535, '5.7.139 Authentication unsuccessful, basic authentication is disabled. [relay365-sandbox-submission]']);
  });

  it('fetches a token with a plain HTTP POST, logs in with XOAUTH2 and delivers; Send As and a forged token are refused', async () => {
    const out = await run(String.raw`
tok = token()
out['token_type'] = tok['token_type']
out['expires_in'] = tok['expires_in']
s = submission()
s.starttls(context=ctx)
s.ehlo('python.client')
code, msg = s.docmd('AUTH', 'XOAUTH2 ' + xoauth2('scanner@contoso.com', tok['access_token']))
out['auth'] = [code, msg.decode()]
msg = 'From: Scanner <scanner@contoso.com>\r\nTo: it@contoso.com\r\nSubject: from python\r\nX-Relay365-Test-Id: py-1\r\n\r\nscanned document attached\r\n'
out['refused'] = s.sendmail('scanner@contoso.com', ['it@contoso.com'], msg)
try:
    s.sendmail('noreply@contoso.com', ['it@contoso.com'], 'From: noreply@contoso.com\r\nTo: it@contoso.com\r\nSubject: x\r\n\r\nx\r\n')
except smtplib.SMTPDataError as e:
    out['send_as'] = err(e)
s.quit()
head, payload, sig = tok['access_token'].split('.')
claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
claims['roles'] = ['SMTP.SendAsApp', 'Mail.Send']
forged = head + '.' + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip('=') + '.' + sig
s = submission()
s.starttls(context=ctx)
s.ehlo('python.client')
code, msg = s.docmd('AUTH', 'XOAUTH2 ' + xoauth2('scanner@contoso.com', forged))
out['forged'] = [code, msg.decode()]
s.quit()
try:
    token(secret='not-the-secret')
except urllib.error.HTTPError as e:
    body = json.load(e)
    out['bad_secret'] = [e.code, body['error'], body['error_codes']]`);
    assert.equal(out.token_type, 'Bearer');
    assert.equal(out.expires_in, 3599);
    assert.deepEqual(out.auth, [235, '2.7.0 Authentication successful']);
    assert.deepEqual(out.refused, {});
    assert.match((out.send_as as [number, string])[1], /^5\.2\.252 SendAsDenied; scanner@contoso\.com not allowed to send as noreply@contoso\.com;/);
    assert.equal((out.send_as as [number, string])[0], 554);
    assert.deepEqual(out.forged, [535, '5.7.3 Authentication unsuccessful [relay365-sandbox-submission]']);
    assert.deepEqual(out.bad_secret, [401, 'invalid_client', [7000215]]);
    const inbox = await t.sandbox.store.list('it@contoso.com');
    assert.equal(inbox.find((m) => m.testId === 'py-1')?.subject, 'from python');
  });

  it('refuses a TLS 1.1 client with 421 4.7.66 after the handshake', async () => {
    const out = await run(String.raw`
old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
old.load_verify_locations(info['caFile'])
old.minimum_version = ssl.TLSVersion.TLSv1_1
old.maximum_version = ssl.TLSVersion.TLSv1_1
old.set_ciphers('DEFAULT:@SECLEVEL=0')
s = submission()
s.starttls(context=old)
out['protocol'] = s.sock.version()
code, msg = s.ehlo('old.printer')
out['ehlo'] = [code, msg.decode()]`);
    assert.equal(out.protocol, 'TLSv1.1');
    assert.deepEqual(out.ehlo, [421, '4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls']);
  });
});

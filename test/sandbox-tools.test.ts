// swaks and `openssl s_client -starttls smtp` (tools no one here wrote) against the sandbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

interface ToolRun { code: number | null; output: string }

function runTool(command: string, args: string[], input = '', timeoutMs = 30_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
    child.stdin.end(input);
  });
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
// swaks speaks TLS only with Net::SSLeay (Debian: libnet-ssleay-perl)
const swaksSupport = has('swaks') ? spawnSync('swaks', ['--support'], { encoding: 'utf8' }) : null;
const swaksTls = swaksSupport !== null && !/TLS not available/.test(`${swaksSupport.stdout}${swaksSupport.stderr}`);

describe('swaks and openssl s_client against the sandbox', () => {
  let t: TestSandbox;
  before(async () => { t = await startTestSandbox((s) => { s.connectors.push({ name: 'lab printers', ips: ['127.0.0.1/32'], certificateName: null }); }); });
  after(() => t.stop());
  const server = (which: 'submission' | 'mx') => `127.0.0.1:${t.info[which].port}`;

  it('swaks: STARTTLS offered, anonymous MAIL refused with 530 5.7.57', { skip: !has('swaks') && 'swaks is not installed' }, async () => {
    const run = await runTool('swaks', ['--server', server('submission'), '--from', 'scanner@contoso.com', '--to', 'it@contoso.com', '--quit-after', 'MAIL', '--helo', 'swaks.lab']);
    assert.match(run.output, /<- {2}220 relay365-sandbox-submission Microsoft ESMTP MAIL Service ready/);
    assert.match(run.output, /<- {2}250-STARTTLS/);
    assert.match(run.output, /<\*\* 530 5\.7\.57 Client not authenticated to send mail\. \[relay365-sandbox-submission\]/);
  });

  it('swaks: AUTH without STARTTLS finds no AUTH advertised', { skip: !has('swaks') && 'swaks is not installed' }, async () => {
    const run = await runTool('swaks', ['--server', server('submission'), '--from', 'scanner@contoso.com', '--to', 'it@contoso.com', '--auth', 'LOGIN', '--auth-user', 'scanner@contoso.com', '--auth-password', 'R365CANARY-swaks']);
    assert.notEqual(run.code, 0);
    assert.match(run.output, /Host did not advertise authentication/);
  });

  it('swaks: the MX endpoint takes Direct Send and relays for the connector IP', { skip: !has('swaks') && 'swaks is not installed' }, async () => {
    const direct = await runTool('swaks', ['--server', server('mx'), '--from', 'printer@contoso.com', '--to', 'it@contoso.com', '--helo', 'printer.lab', '--header', 'X-Relay365-Test-Id: swaks-mx']);
    assert.equal(direct.code, 0, direct.output);
    assert.match(direct.output, /<- {2}250 2\.6\.0 <[^>]+> \[InternalId=[^,]+, Hostname=relay365-sandbox-mx\] Queued mail for delivery/);
    const relay = await runTool('swaks', ['--server', server('mx'), '--from', 'printer@contoso.com', '--to', 'partner@fabrikam.example', '--helo', 'printer.lab']);
    assert.equal(relay.code, 0, relay.output);
    assert.ok((await t.sandbox.store.list('it@contoso.com')).some((m) => m.testId === 'swaks-mx'));
  });

  it('swaks --tls --auth LOGIN: 535 5.7.139 basic authentication is disabled', { skip: !swaksTls && 'swaks has no TLS here (Debian libnet-ssleay-perl)' }, async () => {
    const run = await runTool('swaks', ['--server', server('submission'), '--tls', '--tls-ca-path', t.info.caFile, '--tls-verify', '--auth', 'LOGIN',
      '--auth-user', 'scanner@contoso.com', '--auth-password', 'R365CANARY-swaks', '--from', 'scanner@contoso.com', '--to', 'it@contoso.com']);
    assert.match(run.output, /<~\* 535 5\.7\.139 Authentication unsuccessful, basic authentication is disabled\. \[relay365-sandbox-submission\]/);
    assert.doesNotMatch(run.output, /R365CANARY/);
  });

  it('swaks --tls-protocol tlsv1_1: 421 4.7.66', { skip: !swaksTls && 'swaks has no TLS here (Debian libnet-ssleay-perl)' }, async () => {
    const run = await runTool('swaks', ['--server', server('submission'), '--tls', '--tls-protocol', 'tlsv1_1', '--tls-cipher', 'DEFAULT:@SECLEVEL=0', '--from', 'scanner@contoso.com', '--to', 'it@contoso.com']);
    assert.match(run.output, /421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported/);
  });

  it('openssl s_client -starttls smtp: the certificate verifies against the sandbox CA; AUTH LOGIN XOAUTH2 after STARTTLS', { skip: !has('openssl') && 'openssl is not installed' }, async () => {
    const run = await runTool('openssl', ['s_client', '-starttls', 'smtp', '-connect', server('submission'), '-CAfile', t.info.caFile, '-verify_return_error', '-crlf', '-ign_eof', '-servername', 'localhost'],
      'EHLO openssl.lab\nMAIL FROM:<scanner@contoso.com>\nQUIT\n');
    assert.match(run.output, /Verify return code: 0 \(ok\)/);
    assert.match(run.output, /Protocol *: TLSv1\.[23]/);
    assert.match(run.output, /250-AUTH LOGIN XOAUTH2/);
    assert.match(run.output, /530 5\.7\.57 Client not authenticated to send mail\./);
  });

  it('openssl s_client -tls1_1: the handshake completes, then 421 4.7.66', { skip: !has('openssl') && 'openssl is not installed' }, async () => {
    const run = await runTool('openssl', ['s_client', '-starttls', 'smtp', '-connect', server('submission'), '-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', t.info.caFile, '-crlf', '-ign_eof'], 'EHLO old.lab\n');
    assert.match(run.output, /Protocol *: TLSv1\.1/);
    assert.match(run.output, /421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported\. Please upgrade\/update your client to support TLS 1\.2\. Visit https:\/\/aka\.ms\/smtp_auth_tls/);
  });
});

// `relay365 validate FILE...` on rewritten configs, against a sandbox: a setting as a plan would write it passes and
// its path is verified; 465, implicit TLS, a password where OAuth works, a consumer host each fail with the reason;
// a password found in a file is never used to sign in, and never printed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results, ItemResult } from '../src/verify/types.js';
import { sandboxTenantYaml } from '../src/verify/testing.js';
import { runCli } from './support/cli.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

const FOUND_PASSWORD = 'R365CANARY-found-in-msmtprc';

const FILES: Record<string, string> = {
  'oauth/msmtprc': 'account scanner\nhost smtp.office365.com\nport 587\ntls on\ntls_starttls on\nauth xoauth2\nuser scanner@contoso.com\nfrom scanner@contoso.com\npasswordeval "relay365-token smtp"\naccount default : scanner\n',
  'basic/msmtprc': `account nas\nhost smtp.office365.com\nport 587\ntls on\ntls_starttls on\nauth on\nuser scanner@contoso.com\nfrom scanner@contoso.com\npassword ${FOUND_PASSWORD}\n`,
  'smtps/msmtprc': 'account old\nhost smtp.office365.com\nport 465\ntls on\ntls_starttls off\nauth xoauth2\nuser scanner@contoso.com\nfrom scanner@contoso.com\n',
  'consumer/msmtprc': `account home\nhost smtp-mail.outlook.com\nport 587\ntls on\nauth on\nuser someone@outlook.com\npassword ${FOUND_PASSWORD}\n`,
  'relay/etc/postfix/main.cf': 'myhostname = relay01.corp.contoso.com\nrelayhost = [contoso-com.mail.protection.outlook.com]:25\nsmtp_tls_security_level = encrypt\n',
  'notes/README.txt': 'nothing to see\n',
};

describe('relay365 validate (CLI)', () => {
  let t: TestSandbox;
  let dir: string;
  let results: Results;
  let stdout: string;
  let stderr: string;
  let code: number | null;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay365-validate-'));
    t = await startTestSandbox((s) => { s.mailboxes[0].password = FOUND_PASSWORD; s.basicAuth = 'on'; });
    for (const [file, text] of Object.entries(FILES)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    await writeFile(join(dir, 'tenant.yaml'), sandboxTenantYaml(t.info));
    const run = await runCli(['validate', ...Object.keys(FILES), '--tenant', 'tenant.yaml', '--json', '--timeout', '5', '--out', 'validate.json'], {
      cwd: dir, env: { AZURE_CLIENT_ID: '', AZURE_CLIENT_SECRET: t.info.clientSecret!, RELAY365_SMTP_PASSWORD: '' },
    });
    ({ stdout, stderr, code } = run);
    results = JSON.parse(stdout) as Results;
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const item = (file: string): ItemResult => {
    const found = results.items.find((i) => i.name?.startsWith(file));
    assert.ok(found, `no result for ${file}: ${results.items.map((i) => i.name).join(', ')}`);
    return found;
  };
  const statusOf = (r: ItemResult) => Object.fromEntries(r.checks.map((c) => [c.name, c.status]));

  it('passes a setting as the plan would write it, and verifies its path through the sandbox', () => {
    assert.equal(code, 1, stderr);
    const r = item('oauth/msmtprc');
    assert.equal(r.status, 'pass', JSON.stringify(r.checks));
    assert.equal(r.target, 'smtp-oauth');
    assert.deepEqual(statusOf(r), {
      host: 'pass', port: 'pass', tls: 'pass', 'auth-method': 'pass', from: 'pass', token: 'pass', roles: 'pass', dns: 'pass', tcp: 'pass',
      banner: 'pass', ehlo: 'pass', starttls: 'pass', auth: 'pass', 'mail-from': 'pass', 'rcpt-to': 'pass', data: 'skipped', confirm: 'skipped',
    });
    const relay = item('relay/etc/postfix/main.cf');
    assert.equal(relay.target, 'direct-send');
    assert.equal(relay.checks.find((c) => c.name === 'rcpt-to')?.status, 'pass', JSON.stringify(relay.checks));
  });

  it('flags port 465 with implicit TLS, and the path fails the way the device would', () => {
    const r = item('smtps/msmtprc');
    assert.equal(statusOf(r).port, 'fail');
    assert.equal(statusOf(r).tls, 'fail');
    assert.match(r.checks.find((c) => c.name === 'port')!.diagnosis!, /port 465 \(implicit TLS\) is not supported/);
    const tcp = r.checks.find((c) => c.name === 'tcp')!;
    assert.equal(tcp.status, 'fail', 'implicit TLS against a STARTTLS port');
  });

  it('flags a password where the software can do OAuth, and never signs in with the password it found', async () => {
    const r = item('basic/msmtprc');
    assert.equal(statusOf(r)['auth-method'], 'fail');
    const auth = r.checks.find((c) => c.name === 'auth')!;
    assert.equal(auth.status, 'fail');
    assert.match(auth.diagnosis!, /no password: the environment variable RELAY365_SMTP_PASSWORD is empty/);
    // session records arrive as connections close: wait for the OAuth one, then look at all of them
    for (let i = 0; i < 100 && !t.sessions.some((s) => s.authTried.includes('XOAUTH2')); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(t.sessions.some((s) => s.authTried.includes('XOAUTH2')), 'the sandbox recorded the sessions');
    assert.ok(!t.sessions.some((s) => s.authTried.includes('LOGIN') || s.authTried.includes('PLAIN')), 'no password login reached the sandbox');
  });

  it('fails a consumer host without contacting it, and a file no detector reads', () => {
    const r = item('consumer/msmtprc');
    assert.equal(statusOf(r).host, 'fail');
    assert.match(r.checks[0].diagnosis!, /personal Outlook\.com\/Hotmail account/);
    assert.equal(r.checks.at(-1)!.name, 'path');
    assert.equal(r.checks.at(-1)!.status, 'skipped');
    const none = item('notes/README.txt');
    assert.equal(none.status, 'fail');
    assert.match(none.checks[0].diagnosis!, /no detector reads a file of this name/);
  });

  it('keeps the found password out of every output', async () => {
    for (const [where, text] of [['stdout', stdout], ['stderr', stderr], ['validate.json', await readFile(join(dir, 'validate.json'), 'utf8')], ['audit', await readFile(join(dir, 'validate.audit.jsonl'), 'utf8')]]) {
      assert.ok(!text.includes(FOUND_PASSWORD), `the found password is in ${where}`);
    }
  });
});

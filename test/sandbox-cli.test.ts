// `relay365 sandbox --json` as a user runs it: a child process, one JSON line once every server listens,
// real clients talking to it, then SIGTERM and a clean exit; canary secrets stay out of every output.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readIndex } from '../src/sandbox/store.js';
import { repoRoot, runCli } from './support/cli.js';
import { SmtpClient, sendMessage, simpleMessage, xoauth2 } from './support/sandbox.js';

const APP_SECRET = 'R365CANARY-sandbox-app-secret';
const MAILBOX_PASSWORD = 'R365CANARY-mailbox-password';

interface Running { child: ChildProcess; line: Promise<string>; exit: Promise<{ code: number | null; stdout: string; stderr: string }> }

function startCli(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'sandbox', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void;
  const line = new Promise<string>((resolve) => { resolveLine = resolve; });
  child.stdout!.on('data', (d) => { stdout += d; if (stdout.includes('\n')) resolveLine(stdout.slice(0, stdout.indexOf('\n'))); });
  child.stderr!.on('data', (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => { resolveLine(''); resolve({ code, stdout, stderr }); }));
  return { child, line, exit };
}

function postForm(url: string, form: Record<string, string>, ca: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(new URLSearchParams(form).toString());
  });
}

async function allFiles(dir: string): Promise<string[]> {
  return (await Promise.all((await readdir(dir, { withFileTypes: true })).map((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)])))).flat();
}

describe('relay365 sandbox (the command)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay365-sandbox-cli-'));
    await writeFile(join(dir, 'config.yaml'), [
      'tenant:', '  name: fabrikam', '  acceptedDomains: [fabrikam.com]',
      'mailboxes:', '  - address: mfp@fabrikam.com', `    password: ${MAILBOX_PASSWORD}`, '  - address: helpdesk@fabrikam.com',
      'apps:', '  - displayName: lab app', `    secret: ${APP_SECRET}`, '    roles: [SMTP.SendAsApp, Mail.Send]', '    mailboxes: ["*"]',
      'testRecipient: helpdesk@fabrikam.com', '',
    ].join('\n'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints one JSON line once all servers listen, serves clients, and stops cleanly on SIGTERM', async () => {
    const state = join(dir, 'state');
    const cli = startCli(['--json', '--state', state, '--config', join(dir, 'config.yaml'), '--submission-port', '0', '--mx-port', '0', '--hve-port', '0', '--acs-port', '0', '--https-port', '0', '--ca-file', join(dir, 'ca-copy.pem')]);
    try {
      const info = JSON.parse(await cli.line) as Record<string, any>;
      for (const key of ['submission', 'mx', 'authority', 'tokenEndpoint', 'graphBaseUrl', 'caFile', 'tenantId', 'tenantFile', 'clientId', 'clientSecret', 'mailboxes']) assert.ok(key in info, key);
      assert.deepEqual(info.mailboxes, ['mfp@fabrikam.com', 'helpdesk@fabrikam.com']);
      assert.equal(info.clientSecret, null, 'a secret from the config file is not printed');
      const ca = await readFile(info.caFile, 'utf8');
      assert.equal(await readFile(join(dir, 'ca-copy.pem'), 'utf8'), ca);
      const tenant = parse(await readFile(info.tenantFile, 'utf8'));
      assert.deepEqual(tenant.endpoints.submission, info.submission);
      assert.equal(tenant.app.clientId, info.clientId);
      assert.equal(tenant.initialDomain, 'fabrikam.onmicrosoft.com');

      const token = await postForm(info.tokenEndpoint, { grant_type: 'client_credentials', client_id: info.clientId, client_secret: APP_SECRET, scope: 'https://outlook.office365.com/.default' }, ca);
      assert.equal(token.status, 200);
      const client = await SmtpClient.connect(info.submission.port);
      await client.command('EHLO cli.test');
      await client.starttls({ ca });
      await client.command('EHLO cli.test');
      assert.match(await client.command(`AUTH PLAIN ${Buffer.from(`\0mfp@fabrikam.com\0${MAILBOX_PASSWORD}`).toString('base64')}`), /^535 5\.7\.139 .*basic authentication is disabled/);
      assert.equal(await client.command(`AUTH XOAUTH2 ${xoauth2('mfp@fabrikam.com', String(token.body.access_token))}`), '235 2.7.0 Authentication successful');
      const replies = await sendMessage(client, 'mfp@fabrikam.com', ['helpdesk@fabrikam.com'], simpleMessage('mfp@fabrikam.com', 'helpdesk@fabrikam.com', 'from the CLI test'));
      assert.match(replies.at(-1) ?? '', /^250 2\.0\.0 OK/);
      await client.close();
    } finally {
      cli.child.kill('SIGTERM');
    }
    const { code, stdout, stderr } = await cli.exit;
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim().split('\n').length, 1, 'stdout holds the JSON line only');
    assert.match(stderr, /submission .* 127\.0\.0\.1: TLSv1\.3, PLAIN\/XOAUTH2 ok, delivered/);
    assert.ok(!`${stdout}${stderr}`.includes('R365CANARY'), 'a canary reached stdout or stderr');
    for (const file of await allFiles(state)) assert.ok(!(await readFile(file, 'latin1')).includes('R365CANARY'), `${file} holds a canary`);
    const index = await readIndex(state, 'helpdesk@fabrikam.com');
    assert.equal(index[0].subject, 'from the CLI test');
  });

  it('generates a throwaway secret per state directory, prints it in --json only, keeps it out of tenant.yaml', async () => {
    const state = join(dir, 'own');
    const cli = startCli(['--json', '--state', state, '--submission-port', '0', '--mx-port', '0', '--hve-port', '0', '--acs-port', '0', '--https-port', '0']);
    let info: Record<string, any>;
    try {
      info = JSON.parse(await cli.line) as Record<string, any>;
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.equal((await cli.exit).code, 0);
    assert.match(info.clientSecret, /^sbx~[\w-]{20,}$/);
    assert.ok(!(await readFile(info.tenantFile, 'utf8')).includes(info.clientSecret));
    const again = startCli(['--json', '--state', state, '--submission-port', '0', '--mx-port', '0', '--hve-port', '0', '--acs-port', '0', '--https-port', '0']);
    try {
      const second = JSON.parse(await again.line) as Record<string, any>;
      assert.deepEqual([second.clientSecret, second.clientId, second.tenantId], [info.clientSecret, info.clientId, info.tenantId], 'the same app and tenant after a restart');
    } finally {
      again.child.kill('SIGTERM');
    }
    assert.equal((await again.exit).code, 0);
  });

  it('rejects a broken config file with its file and line, and a bad flag, with exit 2', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, `tenant:\n  name: contoso\nmailboxes:\n  - address: not-an-address\n    password: ${MAILBOX_PASSWORD}\n`);
    const run = await runCli(['sandbox', '--json', '--state', join(dir, 'bad-state'), '--config', bad]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.yaml:4: mailboxes\.0\.address: expected an e-mail address/);
    assert.ok(!run.stderr.includes('R365CANARY'));
    const flag = await runCli(['sandbox', '--json', '--state', join(dir, 'bad-state'), '--basic-auth', 'maybe']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--basic-auth must be on, off or retired/);
  });
});

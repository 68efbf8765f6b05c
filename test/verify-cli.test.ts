// `relay365 verify` as a user runs it, against a sandbox whose app secret and mailbox password are canaries given
// in the environment: exit codes, results.json, the audit log, JUnit and the screen — and no canary, password,
// token or AUTH payload in any of them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlan } from '../src/plan/plan-yaml.js';
import type { Results } from '../src/verify/types.js';
import { planItem, sandboxTenant, sandboxTenantYaml } from '../src/verify/testing.js';
import { runCli, type CliRun } from './support/cli.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

const CANARY_SECRET = 'R365CANARY-app-secret-9d27f1';
const CANARY_PASSWORD = 'R365CANARY-mailbox-password-40b';
const CANARIES = [CANARY_SECRET, CANARY_PASSWORD, Buffer.from(CANARY_PASSWORD).toString('base64'), Buffer.from(`\0scanner@contoso.com\0${CANARY_PASSWORD}`).toString('base64')];

describe('relay365 verify (CLI)', () => {
  let t: TestSandbox;
  let dir: string;
  const env = () => ({ AZURE_CLIENT_ID: '', AZURE_TENANT_ID: '', AZURE_CLIENT_SECRET: CANARY_SECRET, RELAY365_SMTP_PASSWORD: CANARY_PASSWORD });
  const verify = (args: string[]) => runCli(['verify', '--plan', 'plan.yaml', '--tenant', 'tenant.yaml', '--timeout', '5', ...args], { cwd: dir, env: env() });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay365-verify-cli-'));
    t = await startTestSandbox((s) => {
      s.apps[0].secret = CANARY_SECRET;
      s.basicAuth = 'on';
      s.mailboxes[0].password = CANARY_PASSWORD;
      s.connectors.push({ name: 'lan', ips: ['127.0.0.1'], certificateName: null });
      s.hveAccounts.push({ address: 'hve-newsletter@contoso.com', displayName: 'Newsletter', password: null });
    });
    const tenant = sandboxTenant(t.info);
    const items = [
      planItem('scanner-oauth', 'smtp-oauth'), planItem('billing-graph', 'graph'), planItem('mfp-direct', 'direct-send'),
      planItem('legacy-basic', 'smtp-basic'), planItem('bulk-hve', 'hve'),
      planItem('wrong-from', 'smtp-oauth', { from: 'alerts@contoso.com' }),
    ];
    await writeFile(join(dir, 'plan.yaml'), renderPlan({ schemaVersion: 1, generatedAt: new Date().toISOString(), tenant, todo: [], items }));
    await writeFile(join(dir, 'tenant.yaml'), sandboxTenantYaml(t.info));
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function assertNoSecrets(run: CliRun, files: string[]): Promise<void> {
    const outputs: [string, string][] = [['stdout', run.stdout], ['stderr', run.stderr]];
    for (const file of files) outputs.push([file, await readFile(join(dir, file), 'utf8')]);
    for (const [where, text] of outputs) {
      for (const canary of CANARIES) assert.ok(!text.includes(canary), `a secret (${canary.slice(0, 12)}…) in ${where}`);
      assert.ok(!/eyJ[\w-]{8,}\.[\w-]{8,}\./.test(text), `an access token in ${where}`);
      assert.ok(!/AUTH (PLAIN|XOAUTH2) [A-Za-z0-9+/=]{8,}/.test(text), `an AUTH payload in ${where}`);
    }
  }

  it('passes a correct plan with --send --confirm --json --junit: exit 0, results, audit log and JUnit, no secret anywhere', async () => {
    const run = await verify(['--only', 'scanner-oauth', '--only', 'billing-graph', '--only', 'mfp-direct', '--only', 'legacy-basic', '--only', 'bulk-hve',
      '--send', '--confirm', '--json', '--junit', 'junit.xml', '--out', 'results.json']);
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as Results;
    const written = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Results;
    assert.deepEqual(written.summary, { total: 5, pass: 5, fail: 0, warn: 0, skipped: 0 });
    assert.deepEqual(printed.summary, written.summary);
    assert.equal(written.send, true);
    assert.equal(written.auditLog, 'results.audit.jsonl');
    assert.ok(written.items.every((i) => i.testId && typeof i.latencyMs === 'number'), 'every path delivered and was found');
    assert.match(written.items.find((i) => i.id === 'legacy-basic')!.checks.find((c) => c.name === 'auth')!.reply!, /^235/, 'the password from the environment signed in');
    const audit = (await readFile(join(dir, 'results.audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { item: string; step: string });
    assert.ok(audit.some((e) => e.item === 'legacy-basic' && e.step === 'auth'));
    const junit = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(len(r.findall("testsuite")), r.get("failures"))', join(dir, 'junit.xml')], { encoding: 'utf8' });
    assert.equal(junit.stdout.trim(), '5 0', junit.stderr);
    assert.match(run.stderr, /results written to results\.json; every attempt is in results\.audit\.jsonl/);
    await assertNoSecrets(run, ['results.json', 'results.audit.jsonl', 'junit.xml']);
  });

  it('exits 1 when a check fails, with a doctor-style list, the diagnosis and the fix on screen', async () => {
    const run = await verify(['--only', 'wrong-from', '--send', '--out', 'fail.json']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^✗ wrong-from {2}smtp-oauth {2}127\.0\.0\.1:\d+$/m);
    assert.match(run.stdout, /^ {4}✓ auth +\d+ ms {2}235 2\.7\.0/m);
    assert.match(run.stdout, /^ {4}✗ data +\d+ ms {2}554 5\.2\.252 SendAsDenied/m);
    assert.match(run.stdout, /^ {27}fix: Add-RecipientPermission/m);
    assert.match(run.stdout, /1 paths verified \(test messages sent\): 0 passed, 0 with warnings, 1 failed, 0 skipped\.$/m);
    assert.ok(!/\x1b\[/.test(run.stdout), 'NO_COLOR: no colour');
    await assertNoSecrets(run, ['fail.json', 'fail.audit.jsonl']);
  });

  it('exits 2 for usage and input errors before touching the network', async () => {
    const confirm = await verify(['--confirm']);
    assert.deepEqual([confirm.code, confirm.stderr.trim()], [2, 'relay365: --confirm looks for the test message, so it needs --send']);
    const only = await verify(['--only', 'nope']);
    assert.equal(only.code, 2);
    assert.match(only.stderr, /--only: no item 'nope' in plan\.yaml \(items: scanner-oauth, billing-graph/);
    const missing = await runCli(['verify', '--plan', 'missing.yaml'], { cwd: dir, env: env() });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.yaml: cannot read plan \(ENOENT\)/);
    const concurrency = await verify(['--concurrency', '0']);
    assert.equal(concurrency.code, 2);
  });
});

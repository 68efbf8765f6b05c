// `relay365 wizard` without a person: every question answered by a flag or a saved answers file, --yes for the
// rest, against a sandbox on loopback — then the same session replayed from the answers it saved.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Results } from '../src/verify/types.js';
import { startWizardSandbox, type WizardSandbox } from '../src/wizard/testing.js';
import { repoRoot, runCli } from './support/cli.js';

const fleet = join(repoRoot, 'examples/fleet');
const OUTPUTS = ['inventory.json', 'tenant.yaml', 'plan.yaml', 'exchange-setup.ps1', 'results.json', 'report.html', 'report.md', 'report.json', 'report.csv', 'wizard-answers.yaml'];
const MSMTP = 'msmtp on backup01 (backup-reports@hotmail.com)';

async function everything(dir: string): Promise<string> {
  const names = await readdir(dir);
  return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
}

function targets(planText: string): Record<string, string> {
  const plan = parse(planText) as { items: { name: string; target: string; override: { target?: string } | null }[] };
  return Object.fromEntries(plan.items.map((i) => [i.name, i.override?.target ?? i.target]));
}

describe('relay365 wizard --yes', () => {
  let sandbox: WizardSandbox;
  let work: string;
  before(async () => {
    sandbox = await startWizardSandbox();
    work = await mkdtemp(join(tmpdir(), 'relay365-wizard-yes-'));
  });
  after(async () => {
    await sandbox?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('runs from flags alone, from the scan to the report, and saves its answers without a secret', async () => {
    const out = join(work, 'out');
    const run = await runCli([
      'wizard', '--yes', '--out', out, '--paths', join(fleet, 'ops01'), join(fleet, 'backup01'), '--devices', '', '--tenant', sandbox.tenantFile,
      '--target', `${MSMTP}=graph`, '--send',
    ], { cwd: work, env: sandbox.env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /^\? /m, 'no question was asked');
    assert.match(run.stdout, /Target for Python smtplib on backup01 \(tape-reports@contoso\.com\): graph \(default\)/);
    for (const name of OUTPUTS) assert.ok((await readdir(out)).includes(name), `${name} written`);
    assert.deepEqual((await readdir(out)).filter((n) => n.endsWith('.tmp')), []);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    assert.equal(results.send, true);
    assert.equal(results.summary.total, 3);
    assert.equal(results.summary.fail, 0, JSON.stringify(results.items.map((i) => [i.name, i.status])));
    assert.ok(results.items.every((i) => i.testId), 'a test message went out on every path');
    const plan = await readFile(join(out, 'plan.yaml'), 'utf8');
    assert.equal(targets(plan)[MSMTP], 'graph');
    assert.match(plan, /override:\n\s+target: graph\n/);
    const answers = parse(await readFile(join(out, 'wizard-answers.yaml'), 'utf8'));
    assert.deepEqual(answers.targets, { [MSMTP]: { target: 'graph' } });
    assert.equal(answers.tenant.secretEnv, 'AZURE_CLIENT_SECRET');
    assert.equal(answers.validate.send, true);
    const written = await everything(out);
    assert.ok(!written.includes(sandbox.env.AZURE_CLIENT_SECRET!), 'the client secret is in no file');
    assert.doesNotMatch(written + run.stdout + run.stderr, /R365CANARY/);
  });

  it('replays the saved answers into another folder and makes the same choices', async () => {
    const again = join(work, 'again');
    const run = await runCli(['wizard', '--answers', join(work, 'out', 'wizard-answers.yaml'), '--yes', '--out', again], { cwd: tmpdir(), env: sandbox.env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`Target for ${MSMTP.replace(/[()]/g, '\\$&')}: graph \\(given\\)`));
    assert.deepEqual(targets(await readFile(join(again, 'plan.yaml'), 'utf8')), targets(await readFile(join(work, 'out', 'plan.yaml'), 'utf8')));
    const results = JSON.parse(await readFile(join(again, 'results.json'), 'utf8')) as Results;
    assert.equal(results.send, true, 'the saved answer to "send test messages?" is replayed');
  });

  it('asks nothing off a terminal without --yes, and names a bad flag', async () => {
    const tty = await runCli(['wizard', '--out', join(work, 'never')], { cwd: work, env: sandbox.env });
    assert.equal(tty.code, 2);
    assert.match(tty.stderr, /asks its questions on a terminal: add --yes/);
    const target = await runCli(['wizard', '--yes', '--out', join(work, 'never'), '--target', 'x=carrier-pigeon'], { cwd: work, env: sandbox.env });
    assert.equal(target.code, 2);
    assert.match(target.stderr, /--target 'x=carrier-pigeon' must be SENDER=TARGET/);
    const secret = join(work, 'secret-answers.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(secret, 'tenant:\n  clientSecret: R365CANARY-in-answers\n'));
    const refused = await runCli(['wizard', '--yes', '--answers', secret], { cwd: work, env: sandbox.env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /secret-answers\.yaml: tenant\.clientSecret looks like a secret/);
    assert.doesNotMatch(refused.stdout + refused.stderr, /R365CANARY/);
  });
});

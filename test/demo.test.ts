// `relay365 demo --out DIR` as a user runs it: the whole pipeline on examples/fleet against the embedded sandbox,
// with test messages. Passes next to the failures real migrations hit, each with its diagnosis; no planted secret
// anywhere; the sandbox's temporary state is gone afterwards.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ReportModel } from '../src/report/types.js';
import type { ItemResult, Results } from '../src/verify/types.js';
import { runCli, type CliRun } from './support/cli.js';

describe('relay365 demo', () => {
  let work: string;
  let out: string;
  let run: CliRun;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'relay365-demo-test-'));
    out = join(work, 'out');
    // the demo's sandbox keeps its state under TMPDIR: a folder of our own shows that it is removed
    await import('node:fs/promises').then((fs) => fs.mkdir(join(work, 'tmp')));
    run = await runCli(['demo', '--out', out], { cwd: work, env: { TMPDIR: join(work, 'tmp') }, timeoutMs: 200_000 });
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const failureOf = (item: ItemResult | undefined) => item?.checks.find((c) => c.status === 'fail');

  it('runs the pipeline and exits 0 although paths fail (the failures are the point)', async () => {
    assert.equal(run.code, 0, run.stdout.slice(-3000) + run.stderr);
    assert.match(run.stdout, /The demo ran the whole pipeline\./);
    assert.match(run.stdout, /The failures are the point/);
    const files = await readdir(out);
    for (const name of ['inventory.json', 'plan.yaml', 'exchange-setup.ps1', 'results.json', 'results.audit.jsonl', 'report.html', 'report.md', 'report.json', 'report.csv']) {
      assert.ok(files.includes(name), `${name} written`);
    }
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
    assert.deepEqual((await readdir(join(work, 'tmp'))).filter((n) => n.startsWith('relay365')), [], 'the sandbox state directory is removed');
  });

  it('reports at least eight senders and four different targets', async () => {
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ReportModel;
    const planned = report.senders.filter((s) => s.target);
    assert.ok(planned.length >= 8, `${planned.length} planned senders`);
    const targets = new Set(planned.map((s) => s.target!.target));
    assert.ok(targets.size >= 4, `targets: ${[...targets].join(', ')}`);
    const plan = parse(await readFile(join(out, 'plan.yaml'), 'utf8')) as { items: { name: string }[] };
    for (const name of ['Postfix on relay01', 'IIS SMTP on iis01', '3rd floor MFP (Ricoh MP C4503)', 'Warehouse scanner (Brother ADS-2800W)']) {
      assert.ok(plan.items.some((i) => i.name === name), `${name} is in the plan`);
    }
    for (const system of ['PowerShell', '.NET web.config', 'Laravel', 'Grafana', 'Windows Live Mail', 'Python smtplib']) {
      assert.ok(plan.items.some((i) => i.name.startsWith(system)), `a ${system} sender is in the plan`);
    }
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /4\.7\.66/);
  });

  it('has passes and the failures a real migration meets, each diagnosed', async () => {
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    assert.equal(results.send, true);
    assert.ok(results.summary.pass >= 5, JSON.stringify(results.summary));
    assert.ok(results.items.some((i) => i.status === 'pass' && i.testId), 'a test message was delivered');
    const byName = (start: string) => results.items.find((i) => i.name?.startsWith(start));
    const printer = failureOf(byName('3rd floor MFP'));
    assert.equal(printer?.name, 'starttls');
    assert.match(printer?.reply ?? '', /^421 4\.7\.66 TLS 1\.0 and 1\.1 are not supported/);
    const mailbox = failureOf(byName('msmtp on backup01'));
    assert.equal(mailbox?.name, 'auth');
    assert.match(mailbox?.reply ?? '', /^535 5\.7\.139 .*SmtpClientAuthentication is disabled for the Mailbox/);
    assert.match(mailbox?.hint ?? '', /Set-CASMailbox/);
    const sendAs = failureOf(byName('Reception MFP'));
    assert.equal(sendAs?.name, 'data');
    assert.match(sendAs?.reply ?? '', /5\.2\.252 SendAsDenied|5\.7\.60/);
    assert.match(sendAs?.hint ?? '', /SendAs/);
    // ACS: the SMTP Username and the app secret sign in on the sandbox's ACS endpoint; the portal's From does not pass
    const acs = failureOf(byName('.NET web.config on app01'));
    assert.equal(acs?.name, 'mail-from', JSON.stringify(acs));
    assert.match(acs?.reply ?? '', /^550 5\.7\.1 Sender noreply@contoso\.com is not a MailFrom address/);
    assert.match(acs?.hint ?? '', /MailFrom address/);
  });

  it('leaks no planted secret into any output', async () => {
    assert.doesNotMatch(run.stdout + run.stderr, /R365CANARY/);
    for (const name of await readdir(out)) assert.doesNotMatch(await readFile(join(out, name), 'utf8'), /R365CANARY/, `${name} is clean`);
  });
});

// `relay365 plan` as a user runs it: scan the demo estate, plan it, re-plan after an edit, and the failures a
// user can cause (a secret in tenant.yaml, a broken plan.yaml). No secret may reach any output.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { lintScript } from '../src/plan/script-lint.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = join(root, 'src/cli/main.ts');
// tsx as a URL: the CLI runs in a scratch directory, where a bare `--import tsx` would not resolve.
const tsx = import.meta.resolve('tsx');
const work = mkdtempSync(join(tmpdir(), 'relay365-plan-'));
after(() => rmSync(work, { recursive: true, force: true }));

function relay365(args: string[], cwd = work) {
  const run = spawnSync(process.execPath, ['--import', tsx, main, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1' }, timeout: 120_000 });
  assert.ok(!`${run.stdout}${run.stderr}`.includes('R365CANARY'), `a canary secret reached the output of relay365 ${args.join(' ')}`);
  return run;
}

describe('relay365 plan on the demo estate', () => {
  const inventory = join(work, 'inventory.json');
  const plan = join(work, 'plan.yaml');
  const tenant = join(root, 'examples/fleet/tenant.yaml');

  it('scans examples/fleet, then writes plan.yaml and the setup script', () => {
    assert.equal(relay365(['scan', join(root, 'examples/fleet'), '--out', inventory]).status, 0);
    const run = relay365(['plan', '--inventory', inventory, '--tenant', tenant, '--out', plan]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /sender\s+current\s+target\s+reason\s+risks/);
    assert.match(run.stdout, /Postfix on relay01 .* connector-relay/);
    const text = readFileSync(plan, 'utf8');
    assert.ok(!text.includes('R365CANARY'));
    const data = parse(text);
    const relay = data.items.find((i: { name: string }) => i.name === 'Postfix on relay01');
    assert.equal(relay.target, 'connector-relay');
    assert.ok(relay.risks.some((r: { code: string }) => r.code === 'basic-auth-retirement'));
    assert.match(relay.patch.diff, /^\+relayhost = \[contoso-com\.mail\.protection\.outlook\.com\]:25$/m);
    const backup = data.items.find((i: { name: string }) => i.name.startsWith('msmtp on backup01'));
    assert.equal(backup.target, 'smtp-oauth');
    assert.ok(backup.risks.some((r: { code: string }) => r.code === 'consumer-account'));
    assert.match(backup.patch.diff, /^-(password \*\*\*|\*\*\* \(line with a secret, not shown\))$/m);
    const script = readFileSync(join(work, 'exchange-setup.ps1'), 'utf8');
    assert.deepEqual(lintScript(script), []);
    assert.match(script, /New-InboundConnector -Name 'relay365 relay from 203\.0\.113\.10'/);
    assert.ok(!script.includes('R365CANARY'));
  });

  it('keeps a person\'s override and comment when re-run, and prints JSON alone on stdout with --json', () => {
    const edited = readFileSync(plan, 'utf8').replace(/(# ── msmtp on backup01[\s\S]*?\n    override:)\n/, '$1  # Dana: backup01 goes through relay01 until it is rebuilt\n      target: connector-relay\n');
    writeFileSync(plan, edited);
    const run = relay365(['plan', '--inventory', inventory, '--tenant', tenant, '--out', plan, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    const backup = json.items.find((i: { name: string }) => i.name.startsWith('msmtp on backup01'));
    assert.equal(backup.override.target, 'connector-relay');
    assert.equal(backup.settings.host, 'contoso-com.mail.protection.outlook.com');
    assert.match(run.stderr, /sender\s+current\s+target/);
    assert.ok(readFileSync(plan, 'utf8').includes('    override:  # Dana: backup01 goes through relay01 until it is rebuilt\n      target: connector-relay\n'));
  });

  it('refuses a broken plan.yaml with its line and leaves it untouched', () => {
    const broken = `${readFileSync(plan, 'utf8')}\n  - {unclosed\n`;
    writeFileSync(plan, broken);
    const run = relay365(['plan', '--inventory', inventory, '--tenant', tenant, '--out', plan]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /plan\.yaml:\d+: not valid YAML/);
    assert.equal(readFileSync(plan, 'utf8'), broken);
  });

  it('plans without a tenant file: tenant facts become TODOs', () => {
    const out = join(work, 'bare');
    const run = relay365(['plan', '--inventory', inventory, '--out', join(out, 'plan.yaml')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /no tenant\.yaml/);
    const data = parse(readFileSync(join(out, 'plan.yaml'), 'utf8'));
    assert.ok(data.todo.some((t: string) => /tenantId/.test(t)));
    assert.ok(data.todo.some((t: string) => /acceptedDomains/.test(t)));
    assert.ok(existsSync(join(out, 'exchange-setup.ps1')));
  });

  it('refuses a tenant.yaml that holds a secret, naming the line but not the secret', () => {
    const bad = join(work, 'tenant-secret.yaml');
    writeFileSync(bad, 'tenantId: 3f1c2b9a-0000-4000-8000-00000000c0de\napp:\n  clientId: 8a6e1f44-0000-4000-8000-00000000a991\n  clientSecret: R365CANARY-cli-tenant\n');
    const run = relay365(['plan', '--inventory', inventory, '--tenant', bad, '--out', join(work, 'never.yaml')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /tenant-secret\.yaml:4: app\.clientSecret holds a secret/);
    assert.ok(!existsSync(join(work, 'never.yaml')));
  });
});

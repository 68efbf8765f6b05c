// `relay365 report` as a user runs it: from a real scan of examples/fleet (which plants canary passwords),
// from hand-built inputs, with a broken input beside good ones, and with bad flags.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot, runCli } from './support/cli.js';
import { sampleFitness, sampleInventory, samplePlan, sampleResults } from '../src/report/testing.js';

const CANARY = 'R365CANARY';

function assertNoCanary(label: string, text: string): void {
  const at = text.indexOf(CANARY);
  assert.equal(at, -1, `${label} leaks a secret: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
}

describe('relay365 report (whole program)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay365-report-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    // runCli loads tsx relative to its cwd: let the temp working directory see the project's node_modules
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'inventory.json'), JSON.stringify(sampleInventory(), null, 2));
    writeFileSync(join(dir, 'plan.yaml'), stringify(samplePlan()));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(sampleResults(), null, 2));
    writeFileSync(join(dir, 'fitness.jsonl'), sampleFitness().map((r) => JSON.stringify(r)).join('\n'));
  });

  it('reports a scanned tree in every format without a single planted password', async () => {
    const fleet = join(dir, 'fleet');
    const scan = await runCli(['scan', join(repoRoot, 'examples/fleet'), '--out', join(fleet, 'inventory.json')]);
    assert.equal(scan.code, 0, scan.stderr);
    const inventory = readFileSync(join(fleet, 'inventory.json'), 'utf8');
    assert.ok(JSON.parse(inventory).findings.some((f: { auth: { secret: string } }) => f.auth.secret === 'present'), 'the fleet stores a password in a file');
    for (const format of ['md', 'html', 'json', 'csv']) {
      const out = join(fleet, `report.${format}`);
      const run = await runCli(['report', '--inventory', join(fleet, 'inventory.json'), '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`^${format} report written to `));
      const text = readFileSync(out, 'utf8');
      assertNoCanary(format, text + run.stdout + run.stderr);
      assert.match(text, /msmtprc/, `${format} names the file that stores the password`);
    }
    const stdout = await runCli(['report', '--inventory', join(fleet, 'inventory.json'), '--format', 'json']);
    assertNoCanary('stdout', stdout.stdout + stdout.stderr);
    assert.ok(JSON.parse(stdout.stdout).security.some((f: { code: string; where: string }) => f.code === 'plaintext-secret' && /msmtprc:\d+$/.test(f.where)));
  });

  it('finds inventory, plan, results and fitness in the working directory and prints Markdown', async () => {
    const run = await runCli(['report'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# SMTP relay migration to Microsoft 365\n/);
    assert.match(run.stdout, /\| Verification \| Fail: 3 passed, 2 failed/);
    assert.match(run.stdout, /Device fitness \(sandbox\)/);
    assertNoCanary('md from hand-built inputs', run.stdout + run.stderr);
  });

  it('takes the format from --out, writes atomically, and refuses what it cannot tell', async () => {
    const out = join(dir, 'out', 'Report.HTM');
    const run = await runCli(['report', '--out', out], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(out, 'utf8'), /^<!doctype html>/);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['Report.HTM'], 'no temp file left behind');
    const csv = await runCli(['report', '--format', 'csv'], { cwd: dir });
    assert.equal(csv.stdout.split('\r\n').filter(Boolean).length, 10);
    const unknown = await runCli(['report', '--out', join(dir, 'r.txt')], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /cannot tell the format from .*r\.txt.*--format md\|html\|json\|csv/);
    const pdf = await runCli(['report', '--format', 'pdf'], { cwd: dir });
    assert.equal(pdf.code, 2);
    assert.match(pdf.stderr, /unknown --format "pdf"/);
  });

  it('names a malformed input with its file and line, renders the rest and exits 2', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'schemaVersion: 1\nitems:\n  - id: a\n    target: graph\n    steps: [\n');
    const out = join(dir, 'partial.md');
    const run = await runCli(['report', '--plan', broken, '--out', out], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yaml:5: not valid YAML/);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /\*\*Could not use:\*\* .*broken\.yaml:5: not valid YAML/);
    assert.match(text, /- inventory: `.*inventory\.json`/);
  });

  it('says what to give when there is nothing to report', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(empty, 'node_modules'), 'dir');
    const run = await runCli(['report'], { cwd: empty });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing to report: give at least one of --inventory, --plan, --results, --fitness/);
    const missing = await runCli(['report', '--inventory', join(empty, 'nope.json')], { cwd: empty });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: cannot read \(ENOENT\)/);
  });
});

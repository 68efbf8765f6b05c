// Every detector fixture plants an R365CANARY secret. Scanning all of them through the CLI, in every output
// mode, must never print or write one.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from './support/cli.js';

const CANARY = 'R365CANARY';
const fixtures = join(repoRoot, 'src', 'scan', 'detectors');
const tmp = mkdtempSync(join(tmpdir(), 'r365-canary-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function assertClean(label: string, text: string): void {
  const at = text.indexOf(CANARY);
  assert.equal(at, -1, `${label} leaks a canary: …${text.slice(Math.max(0, at - 160), at + 40)}…`);
}

describe('no canary secret leaves a scan', () => {
  it('table output, warnings and the inventory file', async () => {
    const out = join(tmp, 'inventory.json');
    const run = await runCli(['scan', fixtures, '--all', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const inventory = readFileSync(out, 'utf8');
    assert.ok(JSON.parse(inventory).findings.length >= 5, 'the fixtures hold findings');
    assertClean('stdout', run.stdout);
    assertClean('stderr', run.stderr);
    assertClean('inventory.json', inventory);
  });

  it('--json output', async () => {
    const run = await runCli(['scan', fixtures, '--json', '--out', join(tmp, 'inv2.json')]);
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout);
    assert.equal(parsed.schemaVersion, 1);
    assertClean('stdout', run.stdout);
    assertClean('stderr', run.stderr);
  });

  it('the demo estate', async () => {
    const run = await runCli(['scan', join(repoRoot, 'examples', 'fleet'), '--json', '--out', join(tmp, 'inv3.json')]);
    assert.equal(run.code, 0, run.stderr);
    assertClean('stdout', run.stdout);
    assertClean('inventory', readFileSync(join(tmp, 'inv3.json'), 'utf8'));
  });
});

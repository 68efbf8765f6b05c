import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../util/errors.js';
import { loadReportInputs, parseFitness, parsePlan, parseResults } from './inputs.js';
import type { InputProblem } from './types.js';
import { sampleFitness, sampleInventory, samplePlan, sampleResults } from './testing.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `not an InputError: ${String(error)}`);
    return error;
  }
  assert.fail('no error thrown');
}

describe('report inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay365-report-inputs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads plan.yaml as the planner writes it, keeping the human override', () => {
    const plan = parsePlan(stringify(samplePlan()), 'plan.yaml');
    assert.equal(plan.items.length, 8);
    assert.equal(plan.items.find((i) => i.id === 'p-scanner')?.override?.target, 'direct-send');
    assert.equal(plan.tenant.mxEndpoint, 'contoso-com.mail.protection.outlook.com');
  });

  it('names the file and line of a YAML syntax error, a bad item and a wrong version', () => {
    const syntax = inputError(() => parsePlan('schemaVersion: 1\nitems:\n  - id: a\n    target: graph\n  - id: [b\n', 'plan.yaml'));
    assert.equal(syntax.file, 'plan.yaml');
    assert.equal(syntax.line, 5);
    const noId = inputError(() => parsePlan('schemaVersion: 1\nitems:\n  - id: a\n    target: graph\n  - name: nameless\n    target: acs\n', 'plan.yaml'));
    assert.equal(noId.line, 5);
    assert.match(noId.message, /^plan\.yaml:5: items\[1\] has no id/);
    const target = inputError(() => parsePlan('schemaVersion: 1\nitems:\n  - id: a\n    target: carrier-pigeon\n', 'plan.yaml'));
    assert.equal(target.line, 3);
    assert.match(target.message, /unknown target "carrier-pigeon"/);
    assert.equal(inputError(() => parsePlan('schemaVersion: 2\nitems: []\n', 'plan.yaml')).line, 1);
    assert.match(inputError(() => parsePlan('- just\n- a list\n', 'p.yaml')).message, /not a plan/);
  });

  it('names the line of broken results JSON and of an item without checks', () => {
    const broken = inputError(() => parseResults('{\n  "schemaVersion": 1,\n  "items": [\n    {"id": "a",,}\n  ]\n}\n', 'results.json'));
    assert.equal(broken.line, 4);
    const noChecks = inputError(() => parseResults('{\n"schemaVersion": 1,\n"items": [\n{"id": "a", "checks": []},\n{"id": "b"}\n]}', 'results.json'));
    assert.equal(noChecks.line, 5);
    const ok = parseResults(JSON.stringify(sampleResults()), 'results.json');
    assert.equal(ok.items.length, 6);
  });

  it('keeps the good lines of fitness.jsonl and reports each bad one with its line', () => {
    const problems: InputProblem[] = [];
    const lines = sampleFitness().map((r) => JSON.stringify(r));
    const text = [lines[0], '{"truncated": ', lines[1], '', '{"clientIp": "10.0.0.1"}', lines[2]].join('\n');
    const records = parseFitness(text, 'fitness.jsonl', problems);
    assert.equal(records.length, 3);
    assert.deepEqual(problems.map((p) => p.line), [2, 5]);
    assert.match(problems[0].message, /^fitness\.jsonl:2: not valid JSON/);
  });

  it("leaves relay365 verify's own sandbox sessions out of the devices' fitness, and says how many", async () => {
    const [device, other] = sampleFitness();
    const own = { ...other, clientName: 'relay365-verify.ops01.contoso.com', clientIp: '127.0.0.1' };
    const file = join(dir, 'fitness-with-verify.jsonl');
    writeFileSync(file, [device, own, own].map((r) => JSON.stringify(r)).join('\n'));
    const inputs = await loadReportInputs({ fitness: file });
    assert.deepEqual(inputs.fitness?.map((r) => r.clientName), [device.clientName]);
    assert.deepEqual(inputs.read[0].skipped, { count: 2, why: 'relay365 verify test sessions' });
    assert.equal(inputs.read[0].records, 1);
  });

  it('renders from the inputs that load when another is missing or malformed', async () => {
    const inventory = join(dir, 'inventory.json');
    const plan = join(dir, 'plan.yaml');
    writeFileSync(inventory, JSON.stringify(sampleInventory()));
    writeFileSync(plan, 'schemaVersion: 1\nitems:\n  - id: x\n    target: [\n');
    const inputs = await loadReportInputs({ inventory: [inventory], plan, results: join(dir, 'missing.json') });
    assert.ok(inputs.inventory);
    assert.equal(inputs.plan, null);
    assert.deepEqual(inputs.read.map((r) => r.stage), ['inventory']);
    assert.deepEqual(inputs.problems.map((p) => [p.file, p.line]), [[plan, 4], [join(dir, 'missing.json'), null]]);
    assert.match(inputs.problems[1].message, /ENOENT/);
  });

  it('accepts the output of `logs --json` as an inventory and keeps its per-day series', async () => {
    const logs = join(dir, 'logs.json');
    const inv = sampleInventory();
    writeFileSync(logs, JSON.stringify({ schemaVersion: 1, totals: { received: 10 }, senders: inv.senders, perDay: inv.logPerDay, files: [], warnings: [] }));
    const inputs = await loadReportInputs({ inventory: [logs] });
    assert.equal(inputs.inventory?.senders.length, 4);
    assert.equal(inputs.inventory?.logTotals?.received, 10);
    assert.equal(Object.keys(inputs.inventory?.logPerDay ?? {}).length, 14);
  });

  it('merges several inventories and adds up their per-day series', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const inv = sampleInventory();
    writeFileSync(a, JSON.stringify(inv));
    writeFileSync(b, JSON.stringify({ ...inv, findings: [], senders: [], relays: [], manual: [] }));
    const inputs = await loadReportInputs({ inventory: [a, b] });
    assert.equal(inputs.read.length, 2);
    assert.equal(inputs.inventory?.logPerDay?.['2026-11-19'].deferred, 80);
  });
});

// `relay365 scan --devices devices.yaml`: hand-entered devices join the inventory beside what the scan found;
// a bad devices file stops the run with exit 2 and file:line, and a password in it is never echoed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'r365-devices-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const detectors = join(repoRoot, 'src', 'scan', 'detectors');

describe('scan --devices', () => {
  it('adds hand-entered devices to the inventory next to scanned device exports', async () => {
    const tree = join(tmp, 'estate');
    mkdirSync(tree, { recursive: true });
    cpSync(join(detectors, 'appliance-exports', '__fixtures__', 'ups'), join(tree, 'ups'), { recursive: true });
    cpSync(join(detectors, 'docker-compose', '__fixtures__', 'stack'), join(tree, 'stack'), { recursive: true });
    writeFileSync(join(tree, 'stack', '.env'), 'SMTP_HOST=smtp.office365.com\n');
    const devices = join(tmp, 'devices.yaml');
    writeFileSync(devices, 'devices:\n  - name: 3rd floor MFP\n    kind: printer\n    ip: 10.0.3.20\n    host: mail.contoso.local\n    port: 25\n    security: none\n    maxTls: "1.0"\n');
    const out = join(tmp, 'inventory.json');
    const run = await runCli(['scan', tree, '--devices', devices, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(`${run.stdout}${run.stderr}`, /1 hand-entered device from .*devices\.yaml added/);
    const inventory = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(inventory.manual.length, 1);
    assert.equal(inventory.manual[0].name, '3rd floor MFP');
    assert.equal(inventory.manual[0].maxTls, '1.0');
    const ups = inventory.findings.find((f: { detector: string }) => f.detector === 'appliance-exports');
    assert.equal(ups.host, 'smtp.office365.com');
    const shared = inventory.findings.find((f: { valueSources?: Record<string, string> }) => f.valueSources?.host?.startsWith('env:SMTP_HOST from'));
    assert.equal(shared?.host, 'smtp.office365.com', 'the .env beside the compose file overrides the ${SMTP_HOST:-…} default');
    for (const text of [run.stdout, run.stderr, readFileSync(out, 'utf8')]) assert.ok(!text.includes('R365CANARY'));
  });

  it('stops before the walk on a bad devices file, naming file and line, never the password', async () => {
    const devices = join(tmp, 'bad-devices.yaml');
    writeFileSync(devices, '- name: UPS\n  kind: ups\n  password: R365CANARY-cli-devices\n');
    const run = await runCli(['scan', join(tmp, 'estate'), '--devices', devices, '--out', join(tmp, 'never.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad-devices\.yaml:3: "password" looks like a password/);
    assert.ok(!`${run.stdout}${run.stderr}`.includes('R365CANARY'));
  });
});

// `relay365 probe` and `relay365 scan --probe` as a user runs them: output streams, exit codes, --out inventories.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInventory } from '../src/inventory/io.js';
import type { ProbeResult } from '../src/probe/types.js';
import { runCli, repoRoot } from './support/cli.js';
import { freePort } from './support/postfix.js';
import { responder, startScriptedSmtp, type ScriptedServer } from './support/scripted-smtp.js';

let dir: string;
let open: ScriptedServer;
let closed: ScriptedServer;
const ESC = '\u001b[';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay365-probe-cli-'));
  open = await startScriptedSmtp(responder({ rcptReply: '250 2.1.5 Ok' }));
  closed = await startScriptedSmtp(responder({ rcptReply: '554 5.7.1 <relay365-probe@example.net>: Relay access denied' }));
});

after(async () => {
  await Promise.all([open.close(), closed.close()]);
  await rm(dir, { recursive: true, force: true });
});

const target = (s: ScriptedServer) => `127.0.0.1:${s.port}`;

describe('relay365 probe', () => {
  it('--json: JSON alone on stdout, exit 1 because one relay is open', async () => {
    const run = await runCli(['probe', target(open), target(closed), '--json', '--timeout', '2', '--no-other-ports']);
    assert.equal(run.code, 1, run.stderr);
    const data = JSON.parse(run.stdout) as { schemaVersion: number; relays: ProbeResult[] };
    assert.equal(data.schemaVersion, 1);
    assert.deepEqual(data.relays.map((r) => [r.target, r.openRelay]), [[target(open), true], [target(closed), false]]);
    assert.equal(data.relays[0].findings?.[0].code, 'open-relay');
    assert.ok(!run.stdout.includes(ESC) && !run.stderr.includes(ESC));
    assert.ok(!open.received.includes('DATA') && !closed.received.includes('DATA'), 'never DATA');
  });

  it('a table on screen and exit 0 when every relay was probed and none is open', async () => {
    const run = await runCli(['probe', target(closed), '--no-other-ports', '--mail-from', 'scanner@contoso.com', '--rcpt-to', 'x@fabrikam.example']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^target\s+status\s+tls\s+certificate\s+auth\s+size\s+open relay\s+time$/m);
    assert.match(run.stdout, new RegExp(`^${target(closed)}\\s+ok\\s+none\\s+-\\s+none\\s+5 MB\\s+no\\s+\\d+ ms$`, 'm'));
    assert.match(run.stdout, /Nothing was sent/);
    assert.ok(closed.received.includes('MAIL FROM:<scanner@contoso.com>') && closed.received.includes('RCPT TO:<x@fabrikam.example>'));
  });

  it('an unreachable relay: exit 1 with the diagnosis', async () => {
    const run = await runCli(['probe', `127.0.0.1:${await freePort()}`, '--no-other-ports']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /unreachable/);
    assert.match(run.stdout, /failed \(refused at connect\): nothing accepts connections on 127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  const usage: [string[], RegExp][] = [
    [['probe', 'relay:99999'], /port '99999' is not a number from 1 to 65535/],
    [['probe', 'relay', '--timeout', '0'], /--timeout must be/],
    [['probe', 'relay', '--rcpt-to', 'nobody'], /--rcpt-to 'nobody' is not an email address/],
    [['probe'], /missing required argument/],
  ];
  for (const [args, message] of usage) {
    it(`usage error, exit 2: ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    });
  }

  it('--out writes an inventory with the relays, atomically, readable by the next stage', async () => {
    const out = join(dir, 'probe-inventory.json');
    const run = await runCli(['probe', target(closed), '--no-other-ports', '--out', out, '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /inventory written to/);
    const inventory = await readInventory(out);
    assert.equal(inventory.relays.length, 1);
    assert.equal(inventory.relays[0].openRelay, false);
    assert.deepEqual(inventory.findings, []);
  });
});

describe('relay365 scan --probe', () => {
  it('merges probe results into inventory.relays; no secret from the scanned files leaks', async () => {
    const out = join(dir, 'scan-inventory.json');
    const fixture = join(repoRoot, 'src/scan/detectors/postfix/__fixtures__/relay01');
    const run = await runCli(['scan', fixture, '--probe', target(closed), '--probe', target(open), '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const written = await readFile(out, 'utf8');
    const inventory = await readInventory(out);
    assert.deepEqual(inventory.relays.map((r) => r.openRelay), [false, true]);
    assert.ok(inventory.findings.length > 0, 'the config files were scanned too');
    assert.match(run.stdout, /open relay/);
    for (const text of [run.stdout, run.stderr, written]) assert.ok(!text.includes('R365CANARY'));
  });

  it('a bad --probe target is a usage error before anything is walked', async () => {
    const run = await runCli(['scan', join(dir, 'nothing'), '--probe', 'relay:0', '--out', join(dir, 'never.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /port '0'/);
    await assert.rejects(readFile(join(dir, 'never.json')));
  });
});

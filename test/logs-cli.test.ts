// `relay365 logs` and `relay365 scan --logs` as a user runs them, on the demo estate's logs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInventory } from '../src/inventory/io.js';
import type { Inventory } from '../src/inventory/types.js';
import type { LogReport, LogSender } from '../src/logs/types.js';
import { repoRoot, runCli } from './support/cli.js';

const RELAY01 = join(repoRoot, 'examples/fleet/relay01/var/log');
const IIS01 = join(repoRoot, 'examples/fleet/iis01/inetpub/logs/SmtpSvc1/ex261125.log');
const FLEET_LOGS = [join(RELAY01, 'mail.log'), join(RELAY01, 'mail.log.1.gz'), IIS01];

function byIp(senders: LogSender[], ip: string): LogSender {
  const found = senders.find((s) => s.ip === ip);
  assert.ok(found, `a sender at ${ip}`);
  return found;
}

describe('relay365 logs', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'r365-logs-cli-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('--json: the demo estate\'s clients, with what the planner needs', async () => {
    const run = await runCli(['logs', ...FLEET_LOGS, '--internal-domain', 'contoso.com', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as LogReport;
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.files.map((f) => [f.path.split('/').pop(), f.format]),
      [['mail.log.1.gz', 'postfix'], ['mail.log', 'postfix'], ['ex261125.log', 'iis-smtp']], 'rotated set read oldest first');
    const mfp = byIp(report.senders, '10.20.1.15');
    assert.deepEqual(Object.keys(mfp.tls), ['TLSv1']);
    assert.deepEqual(mfp.auth, { none: mfp.messages });
    assert.equal(mfp.externalRecipients, 0);
    const warehouse = byIp(report.senders, '10.20.1.30');
    assert.deepEqual(Object.keys(warehouse.tls), ['none']);
    assert.ok(warehouse.peakPerMinute > 30, `warehouse peak ${warehouse.peakPerMinute}/min`);
    const app = byIp(report.senders, '10.20.2.10');
    assert.ok(app.peakRecipientsPerDay! > 10_000, `app01 peak ${app.peakRecipientsPerDay} recipients/day`);
    assert.ok(app.externalRecipients > 0.9 * app.recipients);
    assert.deepEqual(app.envelopeFrom, ['noreply@contoso.com']);
    const backup = byIp(report.senders, '10.20.3.7');
    assert.equal(backup.saslUser, 'backup01');
    assert.deepEqual(backup.envelopeFrom, ['backup-reports@hotmail.com']);
    const nas = byIp(report.senders, '10.20.9.99');
    assert.equal(nas.messages, 0);
    assert.ok(nas.rejected.relayDenied >= 10 && nas.rejected.authFailed >= 2);
    const web = byIp(report.senders, '10.20.2.20');
    assert.equal(web.relay, 'iis01');
    assert.deepEqual(web.envelopeFrom, ['orders@contoso.com']);
    assert.equal(byIp(report.senders, '10.20.3.20').envelopeFrom[0], 'reports@contoso.com');
    assert.ok(report.totals.received > 500 && report.totals.delivered > 11_000);
    assert.ok(Object.keys(report.perDay ?? {}).includes('2026-11-23'));
    assert.doesNotMatch(run.stderr, /^\{/m, 'stderr carries no JSON');
  });

  it('a table on screen without colour; --out writes an inventory fragment `plan --inventory` can read', async () => {
    const out = join(dir, 'inventory.json');
    const run = await runCli(['logs', RELAY01, '--internal-domain', 'contoso.com', '--out', out], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /host\s+ip\s+sasl user\s+from\s+msgs\s+rcpts\s+ext%\s+tls\s+peak\/min\s+peak\/day\s+rejects/);
    assert.match(run.stdout, /scan-warehouse\.corp\.contoso\.com .* 42!/);
    assert.match(run.stdout, /TLS below 1\.2 \(TLSv1\)/);
    assert.doesNotMatch(run.stdout + run.stderr, /\x1b\[/);
    const inventory = await readInventory(out);
    assert.equal(inventory.findings.length, 0);
    assert.equal(inventory.senders.length, 6);
    assert.equal(inventory.logTotals?.received, 481);
  });

  it('--tenant: accepted domains from tenant.yaml decide internal recipients', async () => {
    const tenant = join(dir, 'tenant.yaml');
    writeFileSync(tenant, 'tenantId: null\nacceptedDomains:\n  - contoso.com\n');
    const run = await runCli(['logs', IIS01, '--tenant', tenant, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as LogReport;
    assert.deepEqual(report.internalDomains, ['contoso.com']);
    assert.equal(byIp(report.senders, '10.20.3.20').externalRecipients, 0);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'acceptedDomains: [contoso.com\n');
    const bad = await runCli(['logs', IIS01, '--tenant', broken]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /broken\.yaml/);
  });

  it('bad input: a missing file and a corrupt .gz are warnings with file and line; the good file still counts', async () => {
    const corrupt = join(dir, 'mail.log.2.gz');
    writeFileSync(corrupt, readFileSync(join(RELAY01, 'mail.log.1.gz')).subarray(0, 60_000));
    const good = join(dir, 'mail.log');
    copyFileSync(join(RELAY01, 'mail.log'), good);
    const garbage = join(dir, 'random.bin');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 73 + 11) % 256)));
    const run = await runCli(['logs', join(dir, 'missing.log'), corrupt, good, garbage, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as LogReport;
    const codes = report.warnings.map((w) => `${w.path.split('/').pop()}:${w.code}`);
    assert.ok(codes.includes('missing.log:not-found'), codes.join(' '));
    assert.ok(codes.includes('mail.log.2.gz:gzip-error'), codes.join(' '));
    assert.ok(codes.includes('random.bin:parse-error'), codes.join(' '));
    const gz = report.warnings.find((w) => w.code === 'gzip-error')!;
    assert.ok(gz.line! > 100, 'the line where the damage starts');
    assert.ok(report.totals.received > 100, 'lines before the damage and the good file still count');
    assert.match(run.stderr, /missing\.log: not-found/);
  });

  it('nothing readable → exit 2; an unknown --format → exit 2', async () => {
    const none = await runCli(['logs', join(dir, 'nope1.log'), join(dir, 'nope2.log')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /nope1\.log: not-found/);
    const format = await runCli(['logs', IIS01, '--format', 'qmail']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of postfix, sendmail, exim/);
  });
});

describe('relay365 scan --logs', () => {
  it('adds the log senders to the inventory beside the config findings; no secret leaks', async () => {
    const run = await runCli(['scan', join(repoRoot, 'examples/fleet'), '--out', '', '--logs', ...FLEET_LOGS, '--internal-domain', 'contoso.com', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const inventory = JSON.parse(run.stdout) as Inventory;
    assert.ok(inventory.findings.some((f) => f.detector === 'postfix'));
    assert.equal(inventory.senders.length, 8);
    assert.ok(inventory.senders.some((s) => s.source === 'iis-smtp'));
    assert.ok(inventory.logTotals && inventory.logTotals.received > 500);
    assert.doesNotMatch(run.stdout + run.stderr, /R365CANARY/);
  });
});

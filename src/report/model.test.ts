import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportModel, daysUntilBasicAuthOff } from './model.js';
import type { ReportInputs } from './inputs.js';
import { NOW, sampleFitness, sampleInputs, sampleInventory, samplePlan, sampleResults } from './testing.js';
import type { ReportModel, SenderSection } from './types.js';

function sender(model: ReportModel, id: string): SenderSection {
  const found = model.senders.find((s) => s.id === id);
  assert.ok(found, `no sender ${id} in ${model.senders.map((s) => s.id).join(', ')}`);
  return found;
}

function only(part: Partial<ReportInputs>): ReportInputs {
  return { inventory: null, plan: null, results: null, fitness: null, read: [], problems: [], ...part };
}

describe('report model', () => {
  const model = buildReportModel(sampleInputs(), { now: NOW });

  it('is versioned and counts senders by kind, target and status', () => {
    assert.equal(model.schemaVersion, 1);
    assert.equal(model.summary.senders, 9);
    const byTarget = Object.fromEntries(model.summary.byTarget.map((r) => [r.key, r.count]));
    assert.deepEqual(byTarget, { 'direct-send': 2, graph: 2, acs: 1, bridge: 1, 'connector-relay': 1, 'smtp-oauth': 1, unplanned: 1 });
    const byKind = Object.fromEntries(model.summary.byKind.map((r) => [r.key, r.count]));
    assert.deepEqual(byKind, { device: 3, app: 2, script: 2, relay: 1, unknown: 1 });
    const byStatus = Object.fromEntries(model.summary.byStatus.map((r) => [r.key, r.count]));
    assert.deepEqual(byStatus, { ready: 3, blocked: 3, pending: 3 });
  });

  it('counts the days left to the end of December 2026 from today', () => {
    assert.deepEqual(model.summary.basicAuth, { date: '2026-12-31', daysLeft: 33, text: model.summary.basicAuth.text });
    assert.match(model.summary.basicAuth.text, /^33 days left/);
    assert.equal(daysUntilBasicAuthOff(new Date('2026-12-31T23:59:00Z')), 0);
    assert.equal(daysUntilBasicAuthOff(new Date('2026-12-30T00:00:01Z')), 1);
    const late = buildReportModel(sampleInputs(), { now: new Date('2027-01-10T08:00:00Z') });
    assert.equal(late.summary.basicAuth.daysLeft, -10);
    assert.match(late.summary.basicAuth.text, /10 days ago/);
  });

  it('names every blocker and the overall verification status', () => {
    const codes = model.summary.blockers.map((b) => `${b.senderId}:${b.code}`).sort();
    assert.deepEqual(codes, [
      'l-hostile:not-planned', 'p-backup01:verify-failed', 'p-printer:device-not-ready', 'p-ps:verify-failed', 'p-ups:not-verified', 'p-web:not-verified',
    ]);
    assert.equal(model.summary.readyForCutover, false);
    assert.match(sender(model, 'p-backup01').blockers[0].text, /auth \(535 5\.7\.139\): SMTP AUTH is off/);
    assert.deepEqual(
      { ...model.summary.verification, verifiedAt: null },
      { status: 'fail', pass: 3, fail: 2, warn: 1, skipped: 0, notRun: 2, verifiedAt: null, sent: true },
    );
    assert.equal(sender(model, 'p-erp').status, 'ready');
    assert.equal(sender(model, 'p-printer').status, 'blocked');
    assert.equal(sender(model, 'p-ups').status, 'pending');
  });

  it('joins findings, logs, probes, results and sandbox sessions to plan items', () => {
    const relay = sender(model, 'p-relay01');
    assert.deepEqual(relay.sources.map((s) => `${s.kind}:${s.where}`), ['file:/srv/relay01/etc/postfix/main.cf:21', 'probe:relay01:25']);
    assert.equal(relay.probe?.openRelay, true);
    assert.equal(relay.current.secret, 'external');
    assert.equal(relay.verification.checks.length, 4);
    assert.equal(relay.verification.at, '2026-11-27T10:00:00Z');
    const printer = sender(model, 'p-printer');
    assert.equal(printer.log?.messages, 411);
    assert.equal(printer.fitness.length, 1);
    assert.equal(printer.fitness[0].ready, false);
    assert.equal(sender(model, 'p-ups').fitness.length, 1);
    assert.equal(model.appendix.unmatchedFitness.length, 1);
    assert.equal(model.appendix.unmatchedFitness[0].client, '<script>alert(1)</script> [10.9.9.9]');
  });

  it('keeps the human override and the planner choice apart', () => {
    const scanner = sender(model, 'p-scanner');
    assert.equal(scanner.target?.target, 'direct-send');
    assert.equal(scanner.target?.plannedTarget, 'connector-relay');
    assert.equal(scanner.target?.overridden, true);
    assert.match(scanner.target?.notes ?? '', /fabrikam/);
  });

  it('lists security findings worst first, with where a password is stored and never its value', () => {
    const codes = model.security.map((f) => `${f.severity}:${f.code}:${f.where}`);
    for (const expected of [
      'high:open-relay:relay01:25', 'high:auth-plaintext:relay01:25', 'high:cert-expired:relay01:25', 'medium:cert-self-signed:relay01:25',
      'high:plaintext-secret:/srv/backup01/etc/msmtprc:7', 'medium:plaintext-secret:/srv/relay01/etc/postfix/sasl_passwd:2',
      'medium:tls-below-1.2:mfp-3rd-floor.contoso.local [10.0.0.21]', 'medium:tls-below-1.2:10.0.0.90',
    ]) assert.ok(codes.includes(expected), `missing ${expected} in\n${codes.join('\n')}`);
    const ranks = model.security.map((f) => ({ high: 0, medium: 1, low: 2 })[f.severity]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(model.security.find((f) => f.code === 'open-relay')?.senderId, 'p-relay01');
  });

  it('carries per-day series and chart data from the logs', () => {
    assert.equal(model.charts.perDay.length, 14);
    const spike = model.charts.perDay.find((d) => d.date === '2026-11-19');
    assert.deepEqual(spike, { date: '2026-11-19', messages: 380, recipients: 760, deferred: 40, bounced: 12, rejected: 1 });
    assert.deepEqual(model.charts.volumePerSender.map((v) => v.messages), [822, 411, 105, 5]);
    assert.equal(model.charts.volumePerSender[0].senderId, 'p-erp');
    assert.deepEqual(model.charts.tlsVersions.map((r) => r.key), ['none', 'TLSv1', 'TLSv1.2', 'TLSv1.3']);
  });

  it('sums the senders\' own per-day counts when the logs carry no whole-log series', () => {
    const inventory = sampleInventory();
    delete inventory.logPerDay;
    const plain = buildReportModel(only({ inventory }), { now: NOW });
    const first = plain.charts.perDay[0];
    assert.deepEqual(first, { date: '2026-11-10', messages: 30 + 8 + 60 + 1, recipients: 2 * (30 + 8 + 60 + 1), deferred: 0, bounced: 0, rejected: 0 });
  });

  it('draws the flow before and after with the verification outcome as the tone', () => {
    const edge = (graph: ReportModel['flow']['after'], from: string) => graph.edges.find((e) => e.from === `sender:${from}`);
    assert.equal(edge(model.flow.after, 'p-erp')?.tone, 'ok');
    assert.equal(edge(model.flow.after, 'p-backup01')?.tone, 'fail');
    assert.equal(edge(model.flow.before, 'p-backup01')?.tone, 'fail');
    assert.equal(edge(model.flow.after, 'l-hostile')?.to, 'target:unplanned');
    assert.equal(model.flow.before.nodes.filter((n) => n.column === 0).length, 9);
    const m365 = model.flow.after.nodes.find((n) => n.id === 'dest:m365');
    assert.equal(m365?.column, 2);
  });

  it('folds a large estate into groups so the diagram stays readable', () => {
    const inventory = sampleInventory();
    inventory.findings = Array.from({ length: 40 }, (_, i) => ({ ...inventory.findings[3], id: `web-${i}`, line: i + 1 }));
    const big = buildReportModel(only({ inventory }), { now: NOW });
    const left = big.flow.before.nodes.filter((n) => n.column === 0);
    assert.ok(left.length < 10, `${left.length} sender nodes`);
    assert.equal(left.find((n) => n.label === '.NET web.config')?.count, 40);
  });

  it('writes each tenant step once, with the senders that need it, and a rollback note per sender', () => {
    const entra = model.cutover.before.filter((i) => i.who === 'entra');
    assert.equal(entra.length, 1);
    assert.deepEqual(model.appendix.script.find((l) => l.who === 'entra')?.senders, ['backup01 nightly reports', 'ERP (erp01)']);
    assert.equal(model.appendix.scriptText.match(/New-ServicePrincipal/g)?.length, 1);
    assert.match(model.appendix.dns[0].command ?? '', /v=spf1 ip4:203\.0\.113\.10/);
    const after = model.cutover.after.map((i) => i.command ?? '').join('\n');
    assert.ok(after.indexOf("Set-CASMailbox -Identity 'backup@contoso.com'") < after.indexOf('Set-TransportConfig -SmtpClientAuthenticationDisabled $true'));
    assert.match(sender(model, 'p-relay01').rollback, /main\.cf.*After 2026-12-31 that old path works only while/);
    assert.match(sender(model, 'p-backup01').rollback, /msmtprc/);
    assert.equal(sender(model, 'p-erp').checklist.find((i) => i.command === 'relay365 verify --only p-erp')?.done, true);
    assert.equal(model.cutover.perSender.length, 9);
  });

  it('works from an inventory alone: every active setting, log client and device is a sender without a target', () => {
    const alone = buildReportModel(only({ inventory: sampleInventory() }), { now: NOW });
    assert.equal(alone.senders.length, 4 + 4 + 1);
    assert.ok(alone.senders.every((s) => s.target === null && s.blockers.some((b) => b.code === 'not-planned')));
    assert.equal(alone.summary.verification.status, 'not-run');
    assert.deepEqual(alone.summary.byTarget, [{ key: 'unplanned', count: 9 }]);
    assert.equal(alone.appendix.inactive.length, 1);
  });

  it('works from a plan alone, from results alone and from sandbox sessions alone', () => {
    const planOnly = buildReportModel(only({ plan: samplePlan() }), { now: NOW });
    assert.equal(planOnly.senders.length, 8);
    assert.equal(sender(planOnly, 'p-backup01').sources[0].where, '/srv/backup01/etc/msmtprc:7');
    assert.equal(planOnly.summary.verification.status, 'not-run');
    const resultsOnly = buildReportModel(only({ results: sampleResults() }), { now: NOW });
    assert.equal(resultsOnly.senders.length, 6);
    assert.equal(resultsOnly.summary.verification.status, 'fail');
    const fitnessOnly = buildReportModel(only({ fitness: sampleFitness() }), { now: NOW });
    assert.equal(fitnessOnly.senders.length, 0);
    assert.equal(fitnessOnly.appendix.unmatchedFitness.length, 3);
  });

  it('scrubs secrets that leaked upstream from every free text', () => {
    const text = JSON.stringify(model);
    assert.ok(!text.includes('R365CANARY'), text.slice(Math.max(0, text.indexOf('R365CANARY') - 120), text.indexOf('R365CANARY') + 40));
    assert.ok(!text.includes('dXNlcgBSMzY1Q0FOQVJZLXByb2Jl'), 'AUTH PLAIN initial response kept');
    assert.match(sender(model, 'p-backup01').evidence[0].text, /password \*\*\*/);
  });
});

describe('report model: hand-entered devices', () => {
  it('shows a device the plan covers (source manual:<id>) once, under its plan item', () => {
    const inputs = sampleInputs();
    const device = { id: 'ups-hall', name: 'Hall UPS', kind: 'ups' as const, ip: '10.20.1.40', host: 'relay01.corp.contoso.com', port: 25, security: 'none' as const, auth: { method: 'none' as const, username: null, secret: 'absent' as const }, from: 'ups-hall@contoso.com', maxTls: 'unknown' as const, supportsOAuth: null, notes: '' };
    inputs.inventory = { ...inputs.inventory!, manual: [device] };
    const item = { ...inputs.plan!.items[0], id: 'plan-ups', name: 'Hall UPS', sources: ['manual:ups-hall'] };
    inputs.plan = { ...inputs.plan!, items: [...inputs.plan!.items, item] };
    const model = buildReportModel(inputs, { now: NOW });
    const named = model.senders.filter((s: SenderSection) => s.name === 'Hall UPS');
    assert.equal(named.length, 1, JSON.stringify(model.senders.map((s: SenderSection) => s.name)));
  });
});

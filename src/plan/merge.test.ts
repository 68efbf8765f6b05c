// Re-planning into a plan.yaml a person has edited: real YAML text, edited as in an editor, comments included.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../util/errors.js';
import { parsePlan } from './io.js';
import { contoso, finding, inventory, logClient } from './testing.js';
import { planText, writePlanFile } from './write.js';

const NOW = '2026-12-01T00:00:00Z';
const LATER = '2026-12-08T00:00:00Z';
const relay = finding({ detector: 'postfix', system: 'Postfix', path: 'fleet/relay01/etc/postfix/main.cf', role: 'relay', auth: { method: 'password', username: 'relay@contoso.com', secret: 'external' } });
const backup = finding({ detector: 'msmtp', system: 'msmtp', path: 'fleet/backup01/etc/msmtprc', host: 'smtp.live.com', endpointKind: 'windows-live', auth: { method: 'password', username: 'backup@hotmail.com', secret: 'present' }, from: 'backup@hotmail.com', evidence: 'account hotmail: host smtp.live.com' });
const grafana = finding({ detector: 'grafana', system: 'Grafana', path: 'fleet/mon01/etc/grafana/grafana.ini', host: 'smtp.office365.com', auth: { method: 'password', username: 'grafana@contoso.com', secret: 'present' }, from: 'grafana@contoso.com' });
const mfpLog = logClient({ host: 'mfp-3rd.corp.contoso.com', ip: '10.20.3.30', envelopeFrom: ['scans@contoso.com'] });

const first = planText([{ inventory: inventory({ findings: [relay, backup], senders: [mfpLog] }) }], contoso(), null, 'plan.yaml', { now: NOW });

/** A person's edits, made on the text as an editor would. */
function humanEdits(text: string): string {
  let out = text.replace('todo:', '# Alice: tenant facts checked with the Exchange team on 2026-12-02\ntodo:');
  // An override with its own comment, on the relay.
  out = out.replace(/(# ── Postfix on relay01[\s\S]*?\n    # yours:[^\n]*\n    override:)\n/, '$1  # Bob: keep relay01 on OAuth until the firewall change (CHG-1234)\n      target: smtp-oauth\n      notes: ask Bob before cutover\n');
  // A comment above a field of the backup job, and a rewritten reason on the printer.
  out = out.replace(/(- id: \w+\n    name: msmtp on backup01[\s\S]*?\n)(    target: smtp-oauth\n)/, '$1    # Carol: backup01 is replaced in Q1, keep it simple\n$2');
  out = out.replace(/(name: mfp-3rd[\s\S]*?\n    reason: )[^\n]*\n/, '$1"Our scanner: keep it on relay01, facilities owns it."\n');
  return `${out}# End of plan: reviewed by the migration board\n`;
}

describe('re-planning an edited plan.yaml', () => {
  const edited = humanEdits(first.text);
  const tenant = contoso({ securityDefaults: null });
  const second = planText([{ inventory: inventory({ findings: [relay, grafana], senders: [mfpLog] }) }], tenant, edited, 'plan.yaml', { now: LATER });

  it('keeps every human comment, byte for byte', () => {
    for (const line of ['# Alice: tenant facts checked with the Exchange team on 2026-12-02', '    # Carol: backup01 is replaced in Q1, keep it simple', '# End of plan: reviewed by the migration board', '    override:  # Bob: keep relay01 on OAuth until the firewall change (CHG-1234)']) {
      assert.ok(second.text.includes(`${line}\n`), `lost: ${line}`);
    }
  });

  it('keeps the override block exactly, and lets it drive settings, steps and patch', () => {
    assert.ok(second.text.includes('    override:  # Bob: keep relay01 on OAuth until the firewall change (CHG-1234)\n      target: smtp-oauth\n      notes: ask Bob before cutover\n'));
    const item = second.plan.items.find((i) => i.name === 'Postfix on relay01')!;
    assert.equal(item.override?.target, 'smtp-oauth');
    assert.equal(item.target, 'connector-relay', "relay365's own choice stays visible");
    assert.equal(item.settings.host, 'smtp.office365.com');
    assert.ok(item.risks.some((r) => r.code === 'override'));
    assert.match(second.text, /# ── Postfix on relay01 → connector-relay \(rule relay-connector\); your override: smtp-oauth/);
  });

  it('keeps a field a person rewrote, and updates the fields nobody touched', () => {
    const mfp = second.plan.items.find((i) => i.name.startsWith('mfp-3rd'))!;
    assert.equal(mfp.reason, 'Our scanner: keep it on relay01, facilities owns it.');
    assert.ok(second.report?.kept.some((k) => k.name.startsWith('mfp-3rd') && k.fields.includes('reason')));
    assert.match(second.text, /generatedAt: 2026-12-08T00:00:00Z/);
    assert.match(second.text, /\n  securityDefaults: null\n/, 'the tenant block nobody edited follows tenant.yaml');
    assert.ok(!second.plan.todo.some((t) => /securityDefaults/.test(t)), 'a comment above todo makes the list the person\'s');
    assert.ok(second.report?.kept.length);
  });

  it('adds new senders and marks vanished ones without deleting them', () => {
    assert.deepEqual(second.report?.added, ['Grafana on mon01 (grafana@contoso.com)']);
    assert.deepEqual(second.report?.vanished, ['msmtp on backup01 (backup@hotmail.com)']);
    const backupItem = second.plan.items.find((i) => i.name.startsWith('msmtp on backup01'))!;
    assert.equal(backupItem.status, 'vanished');
    assert.equal(backupItem.target, 'smtp-oauth', 'a vanished item keeps what it said');
    assert.ok(second.text.indexOf('Grafana on mon01') > second.text.indexOf('msmtp on backup01'), 'new items are appended');
  });

  it('is stable: re-planning the merged file again changes nothing but the time', () => {
    const third = planText([{ inventory: inventory({ findings: [relay, grafana], senders: [mfpLog] }) }], tenant, second.text, 'plan.yaml', { now: LATER });
    assert.equal(third.text, second.text);
    assert.deepEqual(third.report?.added, []);
    assert.deepEqual(third.report?.vanished, []);
  });

  it('reads back as valid YAML with every item', () => {
    const data = parse(second.text);
    assert.equal(data.items.length, 4);
    assert.equal(parsePlan(second.text).items.length, 4);
  });
});

describe('identity and bookkeeping', () => {
  it('carries an override over when a log-only sender later turns up in a config (new id, same source)', () => {
    const log = logClient({ host: 'app02.corp.contoso.com', ip: '10.20.0.40', saslUser: 'app02@contoso.com' });
    const before = planText([{ inventory: inventory({ senders: [log] }) }], contoso(), null, 'p.yaml', { now: NOW });
    const edited = before.text.replace(/(name: app02[\s\S]*?\n    override:)\n/, '$1\n      target: bridge\n');
    const app = finding({ detector: 'msmtp', system: 'msmtp', path: 'fleet/app02/etc/msmtprc', auth: { method: 'password', username: 'app02@contoso.com', secret: 'present' } });
    const after = planText([{ inventory: inventory({ findings: [app], senders: [log] }) }], contoso(), edited, 'p.yaml', { now: LATER });
    const was = before.plan.items.find((i) => i.name.startsWith('app02'))!;
    const now = after.plan.items.find((i) => i.sources.includes(log.id))!;
    assert.equal(after.plan.items.length, before.plan.items.length);
    assert.equal(now.id, was.id);
    assert.equal(now.override?.target, 'bridge');
    assert.equal(now.name, 'msmtp on app02 (app02@contoso.com)', 'fields nobody edited follow the new facts');
  });

  it('freezes an item whose bookkeeping line a person deleted', () => {
    const edited = first.text.replace(/\n    # relay365 bookkeeping[^\n]*\n    _generated: \{[^\n]*\}(?=\n\n  # ── mfp)/, '');
    assert.notEqual(edited, first.text);
    const again = planText([{ inventory: inventory({ findings: [relay, backup], senders: [mfpLog] }) }], contoso({ staticIps: [] }), edited, 'plan.yaml', { now: LATER });
    const relayItem = again.plan.items.find((i) => i.name === 'Postfix on relay01')!;
    assert.equal(relayItem.target, 'connector-relay', 'frozen: no rewrite without bookkeeping');
    assert.ok(again.report?.kept.some((k) => k.name === 'Postfix on relay01' && k.fields.includes('target')));
  });

  it('keeps an unknown override target as written and warns with its line', () => {
    const edited = first.text.replace(/    override:\n/, '    override:\n      target: carrier-pigeon\n');
    const again = planText([{ inventory: inventory({ findings: [relay, backup], senders: [mfpLog] }) }], contoso(), edited, 'plan.yaml', { now: LATER });
    assert.ok(again.text.includes('      target: carrier-pigeon\n'));
    assert.match(again.report!.warnings[0].message, /carrier-pigeon.*not one of/);
    assert.ok(again.report!.warnings[0].line > 1);
  });
});

describe('a plan.yaml that cannot be merged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay365-merge-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const inputs = [{ inventory: inventory({ findings: [relay] }) }];

  it('is refused with its line and left untouched (broken YAML, wrong shape)', async () => {
    const cases: [string, RegExp][] = [
      [`${first.text.slice(0, 400)}\n  - [unclosed\n`, /not valid YAML/],
      ['schemaVersion: 1\nitems: {a: 1}\n', /items must be a list/],
      ['schemaVersion: 1\nitems:\n  - name: no id here\n', /has no id/],
      ['schemaVersion: 7\nitems: []\n', /unsupported schemaVersion/],
    ];
    for (const [text, message] of cases) {
      const path = join(dir, 'plan.yaml');
      writeFileSync(path, text);
      await assert.rejects(writePlanFile(path, inputs, contoso(), { now: NOW }), (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.match(error.message, message);
        assert.ok(error.line && error.line >= 1);
        return true;
      });
      assert.equal(readFileSync(path, 'utf8'), text, 'the file must be left untouched');
    }
  });

  it('writes a fresh plan when there is none, atomically', async () => {
    const path = join(dir, 'fresh.yaml');
    const written = await writePlanFile(path, inputs, contoso(), { now: NOW });
    assert.equal(readFileSync(path, 'utf8'), written.text);
    assert.equal(written.report, null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlan } from '../plan/io.js';
import { contoso, device, finding, inventory } from '../plan/testing.js';
import { planText } from '../plan/write.js';
import { applyOverrides } from './overrides.js';

const inputs = [{ inventory: inventory({
  findings: [finding({ detector: 'msmtp', path: '/etc/msmtprc', auth: { method: 'password', username: 'backup@contoso.com', secret: 'present' }, from: 'backup@contoso.com' })],
  manual: [device({ id: 'ups1', name: 'Hall UPS', ip: '10.0.0.9', from: 'ups@contoso.com' })],
}) }];

describe('a target chosen in the wizard', () => {
  const first = planText(inputs, contoso(), null, 'plan.yaml');
  const msmtp = first.plan.items.find((i) => i.name.startsWith('msmtp'))!;
  const ups = first.plan.items.find((i) => i.name === 'Hall UPS')!;

  it('becomes override.target, changing only that item\'s override block', () => {
    assert.equal(msmtp.target, 'smtp-oauth');
    const edited = applyOverrides(first.text, 'plan.yaml', new Map([[msmtp.id, { target: 'graph' as const, notes: 'the script is ours' }]]));
    const before = first.text.split('\n');
    const after = edited.split('\n');
    assert.equal(after.length, before.length + 2, 'override: → override: + target + notes');
    assert.deepEqual(after.filter((l) => !before.includes(l)).map((l) => l.trim()), ['target: graph', 'notes: the script is ours']);
    const plan = parsePlan(edited);
    assert.deepEqual(plan.items.find((i) => i.id === msmtp.id)!.override, { target: 'graph', notes: 'the script is ours' });
    assert.equal(plan.items.find((i) => i.id === ups.id)!.override, null);
  });

  it('survives the re-plan, which makes settings follow it; a null target gives the planner\'s choice back', () => {
    const edited = applyOverrides(first.text, 'plan.yaml', new Map([[msmtp.id, { target: 'graph' as const }]]));
    const replanned = planText(inputs, contoso(), edited, 'plan.yaml');
    const item = replanned.plan.items.find((i) => i.id === msmtp.id)!;
    assert.equal(item.override?.target, 'graph');
    assert.equal(item.settings.host, 'graph.microsoft.com');
    assert.ok(item.risks.some((r) => r.code === 'override'));
    const back = applyOverrides(replanned.text, 'plan.yaml', new Map([[msmtp.id, { target: null }]]));
    const again = planText(inputs, contoso(), back, 'plan.yaml').plan.items.find((i) => i.id === msmtp.id)!;
    assert.equal(again.override, null);
    assert.equal(again.settings.host, 'smtp.office365.com');
  });

  it('leaves the text alone when nothing changed', () => {
    assert.equal(applyOverrides(first.text, 'plan.yaml', new Map()), first.text);
  });
});
